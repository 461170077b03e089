"""Database statements that depend on the engine, written once for SQLite and PostgreSQL."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db


def insert_ignoring_conflicts(
    model: type, values: dict[str, Any] | list[dict[str, Any]], *, index_elements: list[str] | None = None
) -> list[sa.Row]:
    """Insert the rows that conflict with none already there (even one a concurrent transaction is inserting),
    skip the others; return the primary keys of the rows inserted, so len() says how many were.

    index_elements names the unique columns whose conflict is ignored; none: any unique constraint.
    """
    rows = [values] if isinstance(values, dict) else list(values)
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert
    statement = (
        insert(model)
        .values(rows)
        .on_conflict_do_nothing(index_elements=index_elements)
        .returning(*sa.inspect(model).primary_key)
    )
    return list(db.session.execute(statement).all())
