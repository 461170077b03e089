"""Work after the response: enqueued only once the change commits, run embedded or by a Redis consumer."""

import os
import subprocess
import sys
import time
import uuid

import pytest

from portal import tasks
from portal.alerts import services as alerts
from portal.extensions import db
from portal.offers import services as offers
from portal.offers.signals import offer_published
from tests.conftest import outbox
from tests.helpers import publish

DONE = []


@tasks.task("tests.record")
def record(value: int) -> None:
    DONE.append(value)


@pytest.fixture(autouse=True)
def forget_done():
    DONE.clear()


def test_a_task_asked_for_in_a_transaction_that_rolls_back_is_not_run(app):
    tasks.after_commit("tests.record", 1)
    assert DONE == []  # not before the commit
    db.session.rollback()
    db.session.commit()
    assert DONE == []
    tasks.after_commit("tests.record", 2)
    db.session.commit()
    assert DONE == [2]


def test_a_publication_rolled_back_announces_nothing(app, make):
    recruiter = make.member()
    offer = publish(recruiter, "Aide-soignant·e")
    offers.close_offer(offer)
    lea = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(lea, "offers", {}, "immediate")
    db.session.commit()
    offer_published.send(offer)  # as publish_offer does, before its commit
    db.session.rollback()
    db.session.commit()
    assert [m for m in outbox("lea@exemple.fr") if "nouvelle" in m.subject] == []
    offers.publish_offer(offer)
    db.session.commit()
    assert [m.subject for m in outbox("lea@exemple.fr")] == ["1 nouvelle offre : Toutes les offres"]


def test_a_task_is_run_once_even_if_the_same_transaction_asks_twice(app):
    tasks.after_commit("tests.record", 3)
    tasks.after_commit("tests.record", 3)
    db.session.commit()
    assert DONE == [3]


# --- Redis -----------------------------------------------------------------------------------------

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        reason = f"no Redis at {REDIS_URL} ({exc})"
        if os.environ.get("PORTAL_REQUIRE_REDIS"):  # CI provides one: its absence is a failure there
            pytest.fail(reason)
        pytest.skip(reason)


def test_with_redis_a_published_offer_is_announced_by_the_consumer(make_app, instance_path, make):
    redis_or_skip()
    queue = f"portal-test-{uuid.uuid4().hex}"
    app = make_app(TASKS_REDIS_URL=REDIS_URL, TASKS_QUEUE_NAME=queue)
    huey = app.extensions["tasks"].huey
    with app.app_context():
        try:
            recruiter = make.member()
            lea = make.candidate(email="lea@exemple.fr")
            alerts.create_alert(lea, "offers", {}, "immediate")
            publish(recruiter, "Aide-soignant·e de nuit")
            # Queued, not run: the announcement (the one offer was indexed at the commit).
            assert outbox("lea@exemple.fr") == [] and huey.pending_count() == 1
            env = {
                **os.environ,
                "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "PORTAL_TASKS_REDIS_URL": REDIS_URL,
                "PORTAL_TASKS_QUEUE_NAME": queue,
                "PORTAL_ENV": "development",
                "PORTAL_SITE_URL": app.config["SITE_URL"],
                "PORTAL_MAIL_SEND_AFTER_REQUEST": "false",
                "PORTAL_SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
            }
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "portal", "tasks", "worker"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not outbox("lea@exemple.fr"):
                    db.session.rollback()
                    time.sleep(0.5)
            finally:
                worker.terminate()
                output = worker.communicate(timeout=30)[0].decode(errors="replace")
            assert [m.subject for m in outbox("lea@exemple.fr")] == ["1 nouvelle offre : Toutes les offres"], output
            assert huey.pending_count() == 0
        finally:
            huey.flush()
