"""The addresses of the accompaniment pages that other pages link to.

Asking for a coach has a stable public address (DESIGN.md §2b); a record's page lives in the caseload. Each is
built with url_for; when its endpoint is not registered, the link falls back on the agreed address, or for a record
on its sharing page (which shows the record's sharings and account link).
"""

from flask import current_app, url_for
from werkzeug.routing import BuildError

ASK_PATH = "/accompagnement/demande"


def ask_url() -> str:
    try:
        return url_for("accompaniment.ask")
    except BuildError:
        return ASK_PATH


def record_url(record_id: int) -> str:
    try:
        return url_for("accompaniment.record", record_id=record_id)
    except BuildError:
        return url_for("accompaniment.share", record_id=record_id)


def coach_phone(record) -> str:
    """The phone of the record's coach, when the settings give one for their zone (COACH_PHONES)."""
    phones = current_app.config.get("COACH_PHONES") or {}
    zone = record.coach.zone if record.coach is not None and record.coach.zone else record.zone
    return phones.get(zone, "")
