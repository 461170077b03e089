"""Event times: people type and read them in Paris time; the database keeps naive UTC."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

PARIS = ZoneInfo("Europe/Paris")


def paris_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def utc_to_paris(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(PARIS)


def paris_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The naive UTC instants where a Paris day starts and the next one starts."""
    return paris_to_utc(day, time(0)), paris_to_utc(day + timedelta(days=1), time(0))


def hour_fr(moment: datetime) -> str:
    """14 h, 9 h 30: the French way of writing a time of day."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def day_fr(moment: datetime | date) -> str:
    return format_date(moment, format="EEEE d MMMM y", locale="fr_FR")


def when_fr(starts_at: datetime, ends_at: datetime) -> str:
    """ "mardi 8 décembre 2026, 14 h – 17 h", or over several days "du lundi 7 … 9 h au mercredi 9 … 17 h"."""
    start, end = utc_to_paris(starts_at), utc_to_paris(ends_at)
    if start.date() == end.date():
        return f"{day_fr(start)}, {hour_fr(start)} – {hour_fr(end)}"
    return f"du {day_fr(start)}, {hour_fr(start)} au {day_fr(end)}, {hour_fr(end)}"
