"""Keeping indexes in step with the database.

A change enqueues the ids it touches in its own transaction; after the commit, the queue is drained
under the index's write lock, reading the current state of each document from the database after
the lock is taken. Whichever process drains last therefore writes the latest state: several workers
committing at once never lose an update, and a crash leaves rows that the next drain applies.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import tasks
from portal.extensions import db
from portal.search.engine import WhooshIndex
from portal.search.models import SearchQueue
from portal.search.protocol import Fields, Index

BATCH = 500


EVERY_ATTRIBUTE = None


@dataclass(frozen=True)
class Reads:
    """A model whose attributes the documents of an index read, and the documents that read an instance of it.

    Whatever a document shows or is searched by must be declared here, or a change to it leaves the
    index stale until a rebuild (tests/web/test_search_sync.py checks every attribute a document reads).
    """

    model: type
    # Attribute names (columns and relationships); EVERY_ATTRIBUTE when any change counts, for instance
    # because the document shows a timestamp that moves with every change (onupdate).
    attributes: tuple[str, ...] | None
    # The ids of the documents that read these instances (changed, added or deleted).
    documents: Callable[[Session, list], Iterable]

    def touched_by(self, session: Session, obj) -> bool:
        if obj in session.deleted or obj in session.new:
            return True
        state = sa.inspect(obj)
        if self.attributes is EVERY_ATTRIBUTE:
            return session.is_modified(obj)
        # history without loading what was not loaded: an attribute never read was not changed either
        return any(state.attrs[name].history.has_changes() for name in self.attributes)


@dataclass(frozen=True)
class Source:
    """What a feature tells the index about its documents."""

    name: str
    fields: Fields
    # The documents for these ids as they are now (None: not, or no longer, in the index).
    load: Callable[[Session, list[str]], dict[str, dict | None]]
    # Every document that belongs in the index, for a rebuild.
    load_all: Callable[[Session], Iterator[tuple[str, dict]]]
    count_all: Callable[[Session], int]
    # Everything a document reads: a change to any of it queues the documents concerned.
    reads: tuple[Reads, ...] = ()
    # Of the ids found, those worth queuing (say, leaving out documents that never were in the index).
    relevant: Callable[[Session, set], set] = field(default=lambda session, ids: ids)


def init_app(app: Flask, sources: list[Source]) -> None:
    if not app.config.get("SEARCH_INDEX_DIR"):
        app.config["SEARCH_INDEX_DIR"] = os.path.join(app.instance_path, "index")
    app.extensions["search"] = {source.name: source for source in sources}
    register_hooks()


def source(name: str) -> Source:
    return current_app.extensions["search"][name]


def index(name: str) -> Index:
    """The index of this name (the Whoosh engine, in the instance folder)."""
    return WhooshIndex(os.path.join(current_app.config["SEARCH_INDEX_DIR"], name), source(name).fields)


def enqueue(session: Session, name: str, doc_ids) -> None:
    """Within the caller's transaction: these documents changed."""
    rows = [SearchQueue(index_name=name, doc_id=str(doc_id)) for doc_id in doc_ids]
    session.add_all(rows)
    session.info["search_pending"] = session.info.get("search_pending", 0) + len(rows)


def _queued(session: Session, name: str):
    return session.execute(
        sa.select(SearchQueue.id, SearchQueue.doc_id)
        .where(SearchQueue.index_name == name)
        .order_by(SearchQueue.id)
        .limit(BATCH)
    ).all()


def drain(name: str) -> int:
    """Apply every queued change of one index; returns how many documents were written."""
    target = index(name)
    written = 0
    while True:
        with Session(db.engine) as session:
            if not _queued(session, name):
                return written
        # The lock first, then a new look at the database: what we write is the latest state.
        with target.locked(), Session(db.engine) as session:
            rows = _queued(session, name)
            ids = sorted({doc_id for _, doc_id in rows})
            documents = source(name).load(session, ids)
            target.apply({doc_id: documents.get(doc_id) for doc_id in ids})
            session.execute(sa.delete(SearchQueue).where(SearchQueue.id.in_([row_id for row_id, _ in rows])))
            session.commit()
            written += len(ids)


def drain_all() -> int:
    return sum(drain(name) for name in current_app.extensions["search"])


def rebuild(
    name: str, on_progress: Callable[[int], None] = lambda n: None, on_total: Callable[[int], None] = lambda n: None
) -> int:
    """Recreate an index from the database; changes queued meanwhile are applied afterwards."""
    target = index(name)
    with target.locked(timeout=600), Session(db.engine) as session:
        covered = session.scalars(sa.select(SearchQueue.id).where(SearchQueue.index_name == name)).all()
        on_total(source(name).count_all(session))
        count = target.rebuild(source(name).load_all(session), on_progress)
        for start in range(0, len(covered), BATCH):
            session.execute(sa.delete(SearchQueue).where(SearchQueue.id.in_(covered[start : start + BATCH])))
        session.commit()
    drain(name)
    return count


def changed_documents(session: Session) -> dict[str, set[str]]:
    """For each index, the documents that the pending changes of the session alter, from what sources read."""
    objects = list(session.new) + list(session.dirty) + list(session.deleted)
    found = {}
    for name, src in current_app.extensions["search"].items():
        ids = set()
        for reads in src.reads:
            touched = [obj for obj in objects if isinstance(obj, reads.model) and reads.touched_by(session, obj)]
            if touched:
                with session.no_autoflush:
                    ids.update(doc_id for doc_id in reads.documents(session, touched) if doc_id is not None)
        if ids:
            with session.no_autoflush:
                ids = src.relevant(session, ids)
        if ids:
            found[name] = {str(doc_id) for doc_id in ids}
    return found


def _enqueue_changed_documents(session, flush_context, instances) -> None:
    for name, ids in changed_documents(session).items():
        enqueue(session, name, sorted(ids))


def _drain_after_commit(session) -> None:
    pending = session.info.pop("search_pending", 0)
    if not pending:
        return
    if pending <= current_app.config["SEARCH_DRAIN_AT_ONCE_MAX"]:
        # A person's own change (a profile made visible, an offer published) is searchable by the time the
        # page answers, as people expect; only large reindexing waits for the response to leave.
        drain_queued()
        return
    try:
        tasks.enqueue("search.drain")
    except Exception:  # the queue keeps the change; the next commit, sync or rebuild applies it
        current_app.logger.exception("Search index sync could not be enqueued; the change stays queued")


@tasks.task("search.drain")
def drain_queued() -> None:
    """Apply the queue after the commit, as a task: within a request, once the response has left (renaming a
    métier sought by thousands of profiles re-indexes them all, which the admin must not wait for)."""
    try:
        drain_all()
    except Exception:  # the queue keeps the change; the next commit, sync or rebuild applies it
        current_app.logger.exception("Search index sync failed; the change stays queued")


def _forget(session, previous_transaction) -> None:
    session.info.pop("search_pending", None)


def register_hooks() -> None:
    """Once per process: queue what each flush changes, and drain the queue after each commit that queued something
    (a task: at once outside requests, after the response within one, or by the worker with Redis)."""
    if not event.contains(db.session, "after_commit", _drain_after_commit):
        event.listen(db.session, "before_flush", _enqueue_changed_documents)
        event.listen(db.session, "after_commit", _drain_after_commit)
        event.listen(db.session, "after_soft_rollback", _forget)
