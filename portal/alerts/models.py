from datetime import datetime
from enum import nonmember

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.vocabulary import LabelledEnum, column


class AlertKind(LabelledEnum):
    OFFERS = "offers", "Offres d'emploi"  # new job offers, for candidates and visitors
    EVENTS = "events", "Événements"  # new events, for candidates and visitors
    # New or newly visible CV-thèque profiles, for members (a saved search).
    PROFILES = "profiles", "Profils de la CV-thèque"


class Frequency(LabelledEnum):
    IMMEDIATE = "immediate", "Dès la publication"
    DAILY = "daily", "Une fois par jour"
    WEEKLY = "weekly", "Une fois par semaine"
    DIGESTS = nonmember(("daily", "weekly"))


class AlertStatus(LabelledEnum):
    PENDING = "pending", "Adresse à confirmer"  # a visitor's alert, until the address is confirmed (double opt-in)
    ACTIVE = "active", "Active"
    PAUSED = "paused", "En pause"  # by its owner
    SUSPENDED = "suspended", "Suspendue (courriels non distribués)"  # by the admin, when mail to the address bounces


class AlertSubscription(db.Model):
    """Criteria of a search page (its address's arguments), and how often to hear of what is new for them."""

    __tablename__ = "alert_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # Where the mail goes: the account's address (kept in step with it), or the visitor's.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    kind: Mapped[AlertKind] = mapped_column(column(AlertKind, "kind", 10))
    name: Mapped[str] = mapped_column(sa.String(120))
    criteria: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    saved_search_id: Mapped[int | None] = mapped_column(sa.ForeignKey("saved_search.id", ondelete="CASCADE"))
    frequency: Mapped[Frequency] = mapped_column(column(Frequency, "frequency", 10), default=Frequency.DAILY)
    status: Mapped[AlertStatus] = mapped_column(
        column(AlertStatus, "status", 10), default=AlertStatus.ACTIVE, index=True
    )
    # Only what is published from this moment on is announced.
    since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]

    @property
    def kind_label(self) -> str:
        return AlertKind(self.kind).label

    @property
    def frequency_label(self) -> str:
        return Frequency(self.frequency).label

    @property
    def status_label(self) -> str:
        return AlertStatus(self.status).label


class AlertDelivery(db.Model):
    """An item announced to a subscription: written with the mail, so that nothing is announced twice."""

    __tablename__ = "alert_delivery"

    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("alert_subscription.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
