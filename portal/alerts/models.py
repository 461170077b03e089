from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db


class AlertKind:
    OFFERS = "offers"  # new job offers, for candidates and visitors
    EVENTS = "events"  # new events, for candidates and visitors
    PROFILES = "profiles"  # new or newly visible CV-thèque profiles, for members (a saved search)
    LABELS = {"offers": "Offres d'emploi", "events": "Événements", "profiles": "Profils de la CV-thèque"}


class Frequency:
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    LABELS = {"immediate": "Dès la publication", "daily": "Une fois par jour", "weekly": "Une fois par semaine"}
    DIGESTS = (DAILY, WEEKLY)


class AlertStatus:
    PENDING = "pending"  # a visitor's alert, until the address is confirmed (double opt-in)
    ACTIVE = "active"
    PAUSED = "paused"  # by its owner
    SUSPENDED = "suspended"  # by the admin, when mail to the address bounces
    LABELS = {"pending": "Adresse à confirmer", "active": "Active", "paused": "En pause",
              "suspended": "Suspendue (courriels non distribués)"}


class AlertSubscription(db.Model):
    """Criteria of a search page (its address's arguments), and how often to hear of what is new for them."""

    __tablename__ = "alert_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # Where the mail goes: the account's address (kept in step with it), or the visitor's.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(120))
    criteria: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    saved_search_id: Mapped[int | None] = mapped_column(sa.ForeignKey("saved_search.id", ondelete="CASCADE"))
    frequency: Mapped[str] = mapped_column(sa.String(10), default=Frequency.DAILY)
    status: Mapped[str] = mapped_column(sa.String(10), default=AlertStatus.ACTIVE, index=True)
    # Only what is published from this moment on is announced.
    since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]

    @property
    def kind_label(self) -> str:
        return AlertKind.LABELS[self.kind]

    @property
    def frequency_label(self) -> str:
        return Frequency.LABELS[self.frequency]

    @property
    def status_label(self) -> str:
        return AlertStatus.LABELS[self.status]


class AlertDelivery(db.Model):
    """An item announced to a subscription: written with the mail, so that nothing is announced twice."""

    __tablename__ = "alert_delivery"

    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("alert_subscription.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
