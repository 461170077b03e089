"""The pathway: dated steps of known kinds, the follow-ups planned after a job, the staff's notes."""

import calendar
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.accompaniment.models import (
    FOLLOW_UP_MONTHS,
    Accompaniment,
    ImmersionKind,
    Note,
    Step,
    StepKind,
    StepStatus,
    TrainingKind,
    TrainingStatus,
)
from portal.accompaniment.services import milestones
from portal.accompaniment.services.facts import refresh_facts
from portal.accompaniment.services.records import note_contact
from portal.accounts.models import User
from portal.clock import utcnow
from portal.events.models import Event, EventRegistration, EventStatus, RegistrationStatus
from portal.extensions import db
from portal.offers.models import Application, JobOffer


@dataclass
class StepDetails:
    """What a step of a kind says beyond its date, status and note; the fields of other kinds stay empty."""

    event_id: int | None = None
    structure_id: int | None = None
    organisation: str = ""
    immersion_kind: ImmersionKind | None = None
    training_kind: TrainingKind | None = None
    training_status: TrainingStatus | None = None
    ends_on: date | None = None
    metier_id: int | None = None
    contract_type: str | None = None
    hours_per_week: int | None = None
    application_id: int | None = None
    still_in_post: bool | None = None
    left_reason: str = ""


def _apply(step: Step, details: StepDetails) -> None:
    for f in fields(StepDetails):
        setattr(step, f.name, getattr(details, f.name))


def add_step(
    record: Accompaniment,
    kind: StepKind | str,
    day: date,
    by: User | None,
    *,
    status: StepStatus | str = StepStatus.PLANNED,
    note: str = "",
    details: StepDetails | None = None,
    sharing_id: int | None = None,
) -> Step:
    step = Step(
        accompaniment=record,
        kind=StepKind(kind),
        day=day,
        status=StepStatus(status),
        note=note,
        created_by_id=by.id if by else None,
        sharing_id=sharing_id,
    )
    _apply(step, details or StepDetails())
    if step.status == StepStatus.DONE:
        step.done_at = utcnow()
    db.session.add(step)
    db.session.flush()
    _after_change(record, step, was_done=False)
    return step


def update_step(
    step: Step,
    day: date,
    status: StepStatus | str,
    note: str,
    details: StepDetails | None = None,
) -> None:
    was_done = step.status == StepStatus.DONE
    step.day, step.status, step.note = day, StepStatus(status), note
    if details is not None:
        _apply(step, details)
    if step.status == StepStatus.DONE and not was_done:
        step.done_at = utcnow()
    db.session.flush()
    _after_change(step.accompaniment, step, was_done)


def _after_change(record: Accompaniment, step: Step, was_done: bool) -> None:
    note_contact(record)
    if step.kind == StepKind.JOB and step.status != StepStatus.CANCELLED:
        plan_follow_ups(step)
    refresh_facts(record)
    if step.status == StepStatus.DONE and not was_done:
        milestones.step_done(record, step)


def add_months(day: date, months: int) -> date:
    """The same day so many months later, or the month's last day (31 January + 1 month: 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_follow_ups(job: Step) -> list[Step]:
    """The follow-ups at 1, 3 and 6 months after the job's start, planned once; moved with the start date while
    they are still planned."""
    existing = {s.months: s for s in job.accompaniment.steps if s.job_step_id == job.id and s.months}
    planned = []
    for months in FOLLOW_UP_MONTHS:
        day = add_months(job.day, months)
        step = existing.get(months)
        if step is None:
            step = Step(
                accompaniment=job.accompaniment,
                kind=StepKind.FOLLOW_UP,
                status=StepStatus.PLANNED,
                day=day,
                job_step_id=job.id,
                months=months,
                structure_id=job.structure_id,
                organisation=job.organisation,
                metier_id=job.metier_id,
                note=f"Suivi à {months} mois",
            )
            db.session.add(step)
        elif step.status == StepStatus.PLANNED:
            step.day = day
        planned.append(step)
    db.session.flush()
    return planned


def add_note(record: Accompaniment, author: User, text: str) -> Note:
    note = Note(accompaniment_id=record.id, author_id=author.id, author_name=author.full_name, text=text.strip())
    db.session.add(note)
    db.session.flush()
    return note


def next_step(record: Accompaniment) -> Step | None:
    """The first planned step, the overdue ones first."""
    planned = [s for s in record.steps if s.status == StepStatus.PLANNED]
    return min(planned, key=lambda s: (s.day, s.id)) if planned else None


def is_overdue(step: Step, today: date | None = None) -> bool:
    return step.status == StepStatus.PLANNED and step.day < (today or utcnow().date())


# --- what the record page shows beside the steps -------------------------------------------------


def notes_of(record: Accompaniment) -> list[Note]:
    """The staff's notes, the latest first."""
    return list(
        db.session.scalars(
            sa.select(Note).where(Note.accompaniment_id == record.id).order_by(Note.created_at.desc(), Note.id.desc())
        )
    )


def step_of(record: Accompaniment, step_id: int) -> Step | None:
    """A step of this record (another record's step is none of this page's)."""
    return db.session.scalar(sa.select(Step).where(Step.id == step_id, Step.accompaniment_id == record.id))


def timeline(record: Accompaniment, today: date) -> list[Step]:
    """Every step, in the order of their dates, with `overdue` set on the planned ones whose date has passed."""
    steps = sorted(record.steps, key=lambda s: (s.day, s.id))
    for step in steps:
        step.overdue = is_overdue(step, today)
    return steps


def events_around(today: date, around: Step | None = None) -> list[Event]:
    """The site's published events a step may name: those of the last three months and the next six (and the one
    the step already names)."""
    start = datetime.combine(today - timedelta(days=92), time())
    end = datetime.combine(today + timedelta(days=183), time())
    condition = sa.and_(Event.status == EventStatus.PUBLISHED, Event.starts_at >= start, Event.starts_at < end)
    if around is not None and around.event_id:
        condition = sa.or_(condition, Event.id == around.event_id)
    return list(
        db.session.scalars(
            sa.select(Event).options(selectinload(Event.commune)).where(condition).order_by(Event.starts_at)
        )
    )


def registrations_of(record: Accompaniment) -> dict[int, EventRegistration]:
    """The person's own registrations (through their account) to the events the steps name, by event."""
    event_ids = {s.event_id for s in record.steps if s.event_id}
    if record.user_id is None or not event_ids:
        return {}
    rows = db.session.scalars(
        sa.select(EventRegistration).where(
            EventRegistration.user_id == record.user_id, EventRegistration.event_id.in_(event_ids)
        )
    )
    return {r.event_id: r for r in rows}


def events_of(record: Accompaniment) -> dict[int, Event]:
    event_ids = {s.event_id for s in record.steps if s.event_id}
    if not event_ids:
        return {}
    return {e.id: e for e in db.session.scalars(sa.select(Event).where(Event.id.in_(event_ids)))}


def applications_of(record: Accompaniment) -> list[Application]:
    """The person's own applications on the site (through their account), the latest first."""
    if record.user_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Application)
            .options(selectinload(Application.offer).selectinload(JobOffer.structure))
            .where(Application.candidate_id == record.user_id)
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )


ATTENDED = "Présence notée d'après l'inscription sur le site."


def attend_from_registrations(now: datetime | None = None) -> int:
    """Planned event steps whose event has ended and whose person's account had a confirmed registration: done.

    Attendance is recorded nowhere else yet; a confirmed registration is the best sign the site has."""
    now = now or utcnow()
    steps = db.session.scalars(
        sa.select(Step)
        .join(Step.accompaniment)
        .join(Event, Event.id == Step.event_id)
        .where(
            Step.kind == StepKind.EVENT,
            Step.status == StepStatus.PLANNED,
            Event.ends_at < now,
            Accompaniment.user_id.is_not(None),
            sa.exists().where(
                EventRegistration.event_id == Step.event_id,
                EventRegistration.user_id == Accompaniment.user_id,
                EventRegistration.status == RegistrationStatus.CONFIRMED,
            ),
        )
        .order_by(Step.id)
    ).all()
    for step in steps:
        update_step(step, step.day, StepStatus.DONE, step.note or ATTENDED)
    return len(steps)
