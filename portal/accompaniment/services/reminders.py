"""The coaches' daily reminder: one mail to each coach with the steps due today and those overdue."""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import contains_eager

from portal.accompaniment.models import Accompaniment, Status, Step, StepStatus
from portal.accounts.models import User
from portal.clock import today_in_paris
from portal.extensions import db
from portal.mail.services import queue_mail


def due_steps(today: date) -> dict[User, list[Step]]:
    """The planned steps of active records dated today or before, by the record's coach (enabled ones)."""
    steps = db.session.scalars(
        sa.select(Step)
        .join(Step.accompaniment)
        .join(User, User.id == Accompaniment.coach_id)
        .options(contains_eager(Step.accompaniment).selectinload(Accompaniment.coach))
        .where(
            Step.status == StepStatus.PLANNED,
            Step.day <= today,
            Accompaniment.status == Status.ACTIVE,
            User.disabled.is_(False),
        )
        .order_by(Step.day, Accompaniment.last_name, Accompaniment.first_name, Step.id)
    ).all()
    by_coach: dict[User, list[Step]] = defaultdict(list)
    for step in steps:
        by_coach[step.accompaniment.coach].append(step)
    return by_coach


def send_reminders(today: date | None = None) -> int:
    """Queue one mail per coach with steps due; returns how many were queued. The same day, a second run queues
    none (the outbox drops a second message with the same key)."""
    today = today or today_in_paris()
    queued = 0
    for coach, steps in sorted(due_steps(today).items(), key=lambda item: item[0].id):
        overdue = [s for s in steps if s.day < today]
        due_today = [s for s in steps if s.day == today]
        links = {s.id: url_for("accompaniment.record", record_id=s.accompaniment_id, _external=True) for s in steps}
        queue_mail(
            coach.email,
            "accompaniment_reminder",
            _subject(len(due_today), len(overdue)),
            dedup_key=f"accompaniment-remind:{coach.id}:{today.isoformat()}",
            coach=coach,
            today=today,
            due_today=due_today,
            overdue=overdue,
            links=links,
            caseload_url=url_for("accompaniment.caseload", _external=True),
        )
        queued += 1
    db.session.flush()
    return queued


def _subject(today: int, overdue: int) -> str:
    parts = []
    if today:
        parts.append(f"{today} étape{'s' if today > 1 else ''} aujourd'hui")
    if overdue:
        parts.append(f"{overdue} en retard")
    return "Vos accompagnements : " + ", ".join(parts)
