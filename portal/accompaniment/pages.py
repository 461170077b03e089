"""What the accompaniment pages need beyond their own feature's data."""

from flask import current_app


def coach_phone(record) -> str:
    """The phone of the record's coach, when the settings give one for their zone (COACH_PHONES)."""
    phones = current_app.config.get("COACH_PHONES") or {}
    zone = record.coach.zone if record.coach is not None and record.coach.zone else record.zone
    return phones.get(zone, "")
