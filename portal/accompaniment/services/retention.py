"""How long accompaniment data stays, applied by `flask --app portal retention run`.

1. A record with no step nor contact for ACCOMPANIMENT_CLOSE_AFTER_DAYS (24 months) is closed, "sans contact"
   (the referring adviser hears of it while informed).
2. A closed record is erased ACCOMPANIMENT_ERASE_AFTER_DAYS after its closure: the row goes, and with it (by the
   database's cascades) its steps, notes, sharings, access log and coach history, and the requests it came from.
   The anonymous facts stay for the figures, their link to the record set to NULL.
3. A request for help filed, or never opened, is erased ACCOMPANIMENT_REQUEST_ERASE_AFTER_DAYS after it came.

One record at a time, one commit each: a run stopped half-way loses nothing; a second run finds nothing to do.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from portal.accompaniment.models import Accompaniment, HelpRequest, Outcome, RequestStatus, Status
from portal.accompaniment.services.records import close_record
from portal.clock import utcnow
from portal.extensions import db


@dataclass
class AccompanimentPurge:
    closed: int = 0
    erased: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


def periods(config) -> dict[str, int]:
    """The durations the privacy page states, from the settings the run applies."""
    return {
        "accompaniment_close_months": config["ACCOMPANIMENT_CLOSE_AFTER_DAYS"] * 12 // 365,
        "accompaniment_erase_months": config["ACCOMPANIMENT_ERASE_AFTER_DAYS"] * 12 // 365,
        "accompaniment_request_months": config["ACCOMPANIMENT_REQUEST_ERASE_AFTER_DAYS"] * 12 // 365,
    }


def erase_record(record: Accompaniment) -> None:
    """Erase a record and the requests it came from; its anonymous facts stay, their link set to NULL."""
    db.session.execute(sa.delete(HelpRequest).where(HelpRequest.accompaniment_id == record.id))
    db.session.delete(record)
    db.session.flush()


def _each(ids, action, report: AccompanimentPurge, what: str) -> int:
    done = 0
    for record_id in ids:
        record = db.session.get(Accompaniment, record_id)
        try:
            action(record)
            db.session.commit()
        except Exception as exc:  # one record that fails must not keep the others
            db.session.rollback()
            current_app.logger.exception("Retention: %s of accompaniment %s failed", what, record_id)
            report.errors.append(f"accompagnement {record_id} : {type(exc).__name__}")
        else:
            done += 1
    return done


def run(now: datetime | None = None) -> AccompanimentPurge:
    now = now or utcnow()
    config = current_app.config
    report = AccompanimentPurge()
    silent_since = now - timedelta(days=config["ACCOMPANIMENT_CLOSE_AFTER_DAYS"])
    closed_before = now - timedelta(days=config["ACCOMPANIMENT_ERASE_AFTER_DAYS"])
    requests_before = now - timedelta(days=config["ACCOMPANIMENT_REQUEST_ERASE_AFTER_DAYS"])

    silent = db.session.scalars(
        sa.select(Accompaniment.id)
        .where(Accompaniment.status != Status.CLOSED, Accompaniment.last_contact_at <= silent_since)
        .order_by(Accompaniment.id)
    ).all()
    report.closed = _each(silent, lambda r: close_record(r, Outcome.NO_CONTACT, at=now), report, "closing")

    old = db.session.scalars(
        sa.select(Accompaniment.id)
        .where(Accompaniment.status == Status.CLOSED, Accompaniment.closed_at <= closed_before)
        .order_by(Accompaniment.id)
    ).all()
    report.erased = _each(old, erase_record, report, "erasing")

    report.requests = (
        db.session.execute(
            sa.delete(HelpRequest).where(
                sa.or_(
                    sa.and_(HelpRequest.status == RequestStatus.NEW, HelpRequest.created_at <= requests_before),
                    sa.and_(
                        HelpRequest.status == RequestStatus.FILED,
                        sa.func.coalesce(HelpRequest.handled_at, HelpRequest.created_at) <= requests_before,
                    ),
                )
            )
        ).rowcount
        or 0
    )
    db.session.commit()
    return report
