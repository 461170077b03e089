"""Statements written once for both engines: run on SQLite, and on PostgreSQL when the suite is pointed at it."""

import sqlalchemy as sa

from portal.database import insert_ignoring_conflicts
from portal.extensions import db
from portal.mail.models import OutboxMessage


def message(key: str, subject: str = "Bonjour") -> dict:
    return {"dedup_key": key, "recipient": "lea@exemple.fr", "subject": subject, "body_text": "", "body_html": ""}


def test_insert_ignoring_conflicts_inserts_new_rows_and_says_how_many(app):
    inserted = insert_ignoring_conflicts(OutboxMessage, [message("a"), message("b")], index_elements=["dedup_key"])
    assert len(inserted) == 2
    assert {row.id for row in inserted} == set(db.session.scalars(sa.select(OutboxMessage.id)))


def test_insert_ignoring_conflicts_keeps_the_rows_already_there(app):
    insert_ignoring_conflicts(OutboxMessage, message("a", "Premier"), index_elements=["dedup_key"])
    db.session.commit()
    inserted = insert_ignoring_conflicts(
        OutboxMessage, [message("a", "Second"), message("c")], index_elements=["dedup_key"]
    )
    db.session.commit()
    assert len(inserted) == 1
    rows = dict(db.session.execute(sa.select(OutboxMessage.dedup_key, OutboxMessage.subject)).all())
    assert rows == {"a": "Premier", "c": "Bonjour"}
    assert db.session.get(OutboxMessage, inserted[0].id).dedup_key == "c"


def test_insert_ignoring_conflicts_with_nothing_to_insert(app):
    assert insert_ignoring_conflicts(OutboxMessage, [], index_elements=["dedup_key"]) == []
    assert insert_ignoring_conflicts(OutboxMessage, message("a"), index_elements=["dedup_key"])
    assert insert_ignoring_conflicts(OutboxMessage, message("a"), index_elements=["dedup_key"]) == []
