"""Time, in one place: naive UTC in the database (SQLite keeps no zone), Europe/Paris for people."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today_in_paris() -> date:
    """The date people in the Orne live in: offers expire and events start by it."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()
