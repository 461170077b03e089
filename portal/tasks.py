"""Work done after the response, or after the commit that caused it: one task runner (huey).

A feature declares a task with `@task("name")` and asks for it with `after_commit("name", *args)`: the
task is enqueued only once the transaction that asked for it commits (a rollback drops it), so it never
acts on a change that did not happen. Tasks take plain arguments (ids, not objects) and are idempotent:
a task run twice, or run by a cron catch-up command too, does no harm.

Two modes, from the settings:
- embedded (the default; no server): huey in immediate mode, in the process. Within a request being
  served the tasks run once the response has been sent (`response.call_on_close`); elsewhere (commands,
  a task's own commits, tests) at once, after the commit.
- Redis (`TASKS_REDIS_URL`): `RedisHuey`; tasks go to Redis at the commit and a consumer started by
  `flask --app portal tasks worker` runs them.

Every task runs in an app context of its own, so with a database session of its own. In-process side effects
that must follow the commit and need no database (removing files) go through `portal.transactions.after_commit`.
"""

import functools
from collections.abc import Callable
from contextvars import ContextVar

import click
from flask import Flask, current_app, g, has_app_context, has_request_context
from flask.cli import AppGroup
from huey import MemoryHuey, RedisHuey
from sqlalchemy import event

from portal.extensions import db

# The functions declared as tasks, by name; bound to each app's huey by init_app.
_declared: dict[str, Callable] = {}
_running_task: ContextVar[bool] = ContextVar("running_task", default=False)


def task(name: str):
    """Declare a function as a task; its arguments must be plain values (ids, strings, lists of them)."""

    def decorator(fn: Callable) -> Callable:
        _declared[name] = fn
        return fn

    return decorator


class Runner:
    """An app's huey and its tasks."""

    def __init__(self, app: Flask, huey):
        self.app, self.huey, self.tasks = app, huey, {}

    @property
    def embedded(self) -> bool:
        return self.huey.immediate

    def bind_all(self) -> None:
        for name in _declared:
            self._bound(name)

    def _bound(self, name: str):
        if name not in self.tasks:
            fn, app = _declared[name], self.app

            @functools.wraps(fn)
            def in_app_context(*args):
                with app.app_context():
                    token = _running_task.set(True)
                    try:
                        return fn(*args)
                    finally:
                        _running_task.reset(token)

            self.tasks[name] = self.huey.task(name=name)(in_app_context)
        return self.tasks[name]

    def send(self, name: str, args: tuple) -> None:
        """To huey: run now (embedded) or queued in Redis for the consumer."""
        self._bound(name)(*args)


def init_app(app: Flask) -> None:
    url = app.config.get("TASKS_REDIS_URL")
    name = app.config["TASKS_QUEUE_NAME"]
    # No results kept: tasks answer nothing, they write to the database.
    huey = RedisHuey(name, url=url, results=False) if url else MemoryHuey(name, immediate=True, results=False)
    runner = Runner(app, huey)
    runner.bind_all()
    app.extensions["tasks"] = runner
    app.before_request(_serving)
    app.after_request(_run_after_response)
    app.cli.add_command(tasks_cli)
    register_hooks()


def runner() -> Runner:
    return current_app.extensions["tasks"]


def running_task() -> bool:
    """Whether this code runs as a task (for work that follows a request's, such as delivering its mail)."""
    return _running_task.get()


def serving_request() -> bool:
    """Within a request being served (not a test_request_context, not a command)."""
    return has_request_context() and g.get("_tasks_serving", False)


def enqueue(name: str, *args) -> None:
    """Enqueue a task now; embedded, within a request being served, it runs once the response has been sent."""
    target = runner()
    if target.embedded and serving_request():
        pending = g.setdefault("_tasks_after_response", [])
        if (name, args) not in pending:
            pending.append((name, args))
    else:
        target.send(name, args)


def after_commit(name: str, *args) -> None:
    """Enqueue a task once the current transaction commits; nothing if it rolls back."""
    db.session.connection()  # a transaction, even before any SQL: its rollback drops what it asked for
    pending = db.session.info.setdefault("tasks_pending", [])
    if (name, args) not in pending:
        pending.append((name, args))


def _serving() -> None:
    g._tasks_serving = True


def _run_after_response(response):
    pending = g.pop("_tasks_after_response", None)
    if pending:
        target = runner()

        def run():
            while pending:  # once, even if the response is closed twice
                name, args = pending.pop(0)
                target.send(name, args)

        response.call_on_close(run)
    return response


def _after_commit(session) -> None:
    pending = session.info.pop("tasks_pending", [])
    if not pending or not has_app_context():
        return
    for name, args in pending:
        try:
            enqueue(name, *args)
        except Exception:  # e.g. Redis down: the cron catch-up commands do the work later
            current_app.logger.exception("Task %s%r could not be enqueued", name, args)


def _after_rollback(session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop("tasks_pending", None)


def register_hooks() -> None:
    """Once per process: what a transaction asked for goes after its commit, and nowhere after a rollback."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)


tasks_cli = AppGroup("tasks", help="Tâches après la réponse : le consommateur de la file Redis.")


@tasks_cli.command("worker")
@click.option("--workers", default=1, show_default=True, help="Nombre de fils d'exécution.")
def worker_command(workers: int) -> None:
    """Run the tasks queued in Redis (TASKS_REDIS_URL) until stopped; the embedded mode needs no worker."""
    target = runner()
    if target.embedded:
        raise click.UsageError("TASKS_REDIS_URL n'est pas défini : les tâches s'exécutent déjà dans le site.")
    target.bind_all()
    target.huey.create_consumer(workers=workers, worker_type="thread").run()
