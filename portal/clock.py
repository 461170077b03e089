"""Time, in one place: naive UTC in the database (SQLite keeps no zone), Europe/Paris for people."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
