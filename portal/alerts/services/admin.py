"""Alerts for the admin: addresses whose mail bounces, suspended and reactivated."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from portal.accounts.services import normalize_email
from portal.alerts.models import AlertStatus, AlertSubscription
from portal.clock import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus


def suspend_address(email: str) -> int:
    """Suspend every active alert sent to this address; returns how many."""
    alerts = db.session.scalars(
        sa.select(AlertSubscription).where(
            AlertSubscription.email == normalize_email(email),
            AlertSubscription.status.in_([AlertStatus.ACTIVE, AlertStatus.PAUSED]),
        )
    ).all()
    for alert in alerts:
        alert.status = AlertStatus.SUSPENDED
    db.session.flush()
    return len(alerts)


@dataclass
class Address:
    """An address that receives alerts, and what the outbox knows of mail to it that could not be delivered."""

    email: str
    active: int
    paused: int
    suspended: int
    failures: int
    last_error: str
    last_failed_at: datetime | None


def alert_addresses(query: str = "", limit: int = 100) -> list[Address]:
    """Addresses with alerts whose mail failed for good (the outbox gave up), or those containing `query`."""

    def count(status: str):
        return sa.func.sum(sa.case((AlertSubscription.status == status, 1), else_=0))

    alerts = (
        sa.select(
            AlertSubscription.email,
            count(AlertStatus.ACTIVE).label("active"),
            count(AlertStatus.PAUSED).label("paused"),
            count(AlertStatus.SUSPENDED).label("suspended"),
        )
        .group_by(AlertSubscription.email)
        .subquery()
    )
    failed = (
        sa.select(
            OutboxMessage.recipient, sa.func.count().label("failures"), sa.func.max(OutboxMessage.id).label("last_id")
        )
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .group_by(OutboxMessage.recipient)
        .subquery()
    )
    stmt = (
        sa.select(
            alerts.c.email,
            alerts.c.active,
            alerts.c.paused,
            alerts.c.suspended,
            failed.c.failures,
            OutboxMessage.last_error,
            OutboxMessage.created_at,
        )
        .select_from(alerts)
        .outerjoin(failed, failed.c.recipient == alerts.c.email)
        .outerjoin(OutboxMessage, OutboxMessage.id == failed.c.last_id)
        .order_by(failed.c.last_id.desc().nulls_last(), alerts.c.email)
        .limit(limit)
    )
    query = query.strip().lower()
    stmt = (
        stmt.where(alerts.c.email.contains(query, autoescape=True))
        if query
        else stmt.where(failed.c.failures.is_not(None))
    )
    return [
        Address(email, active or 0, paused or 0, suspended or 0, failures or 0, last_error or "", failed_at)
        for email, active, paused, suspended, failures, last_error, failed_at in db.session.execute(stmt)
    ]


def reactivate_address(email: str) -> int:
    alerts = db.session.scalars(
        sa.select(AlertSubscription).where(
            AlertSubscription.email == normalize_email(email), AlertSubscription.status == AlertStatus.SUSPENDED
        )
    ).all()
    now = utcnow()
    for alert in alerts:
        alert.status, alert.since = AlertStatus.ACTIVE, now
    db.session.flush()
    return len(alerts)
