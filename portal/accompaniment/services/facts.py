"""The anonymous facts of each record, rewritten with every change of the record so that they never lag.

The figures read these rows only; erasing a record keeps them (their link to the record becomes NULL).
"""

import sqlalchemy as sa

from portal.accompaniment.models import Accompaniment, HelpRequest, RecordFact, StepFact
from portal.extensions import db


def refresh_facts(record: Accompaniment) -> RecordFact:
    """Write what the figures need of this record (its steps included), within the caller's transaction."""
    db.session.flush()  # the record's id, and its steps as they are now
    request_at = db.session.scalar(
        sa.select(sa.func.min(HelpRequest.created_at)).where(HelpRequest.accompaniment_id == record.id)
    )
    fact = db.session.scalar(sa.select(RecordFact).where(RecordFact.accompaniment_id == record.id))
    if fact is None:
        fact = RecordFact(accompaniment_id=record.id)
    fact.opened_on = record.opened_at.date()
    fact.closed_on = record.closed_at.date() if record.closed_at else None
    fact.zone = record.zone
    fact.origin = record.origin
    fact.partner_kind = record.partner_kind
    fact.publics = sorted(record.publics or [])
    fact.metiers = sorted(metier.slug for metier in record.metiers)
    fact.status = record.status
    fact.outcome = record.outcome
    fact.from_request_on = request_at.date() if request_at else None
    fact.steps = [
        StepFact(
            kind=step.kind,
            status=step.status,
            day=step.day,
            metier=step.metier.slug if step.metier else "",
            training_kind=step.training_kind,
            training_status=step.training_status,
            immersion_kind=step.immersion_kind,
            contract_type=step.contract_type,
            member_structure=(step.structure_id is not None) if (step.structure_id or step.organisation) else None,
            months=step.months,
            still_in_post=step.still_in_post,
        )
        for step in record.steps
    ]
    db.session.add(fact)
    db.session.flush()
    return fact
