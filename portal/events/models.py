from datetime import datetime
from enum import nonmember

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.metiers.models import Metier
from portal.structures.models import Structure, StructureStatus
from portal.text import slugify
from portal.vocabulary import LabelledEnum, column


class EventKind(LabelledEnum):
    PORTES_OUVERTES = "portes-ouvertes", "Journée portes ouvertes"
    VIS_MA_VIE = "vis-ma-vie", "« Vis ma vie »"
    CAFE = "cafe", "Café de l'aide à domicile"
    IMMERSION = "immersion", "Immersion"
    INFORMATION = "information", "Réunion d'information"
    JOB_DATING = "job-dating", "Job dating"


KINDS = EventKind.labels()


class Audience(LabelledEnum):
    TOUT_PUBLIC = "tout-public", "Tout public"
    DEMANDEURS = "demandeurs", "Demandeurs d'emploi"
    JEUNES = "jeunes", "Jeunes (16-25 ans)"
    RECONVERSION = "reconversion", "Personnes en reconversion"
    SCOLAIRES = "scolaires", "Élèves et étudiants"
    HANDICAP = "handicap", "Personnes en situation de handicap"


AUDIENCES = Audience.labels()

# Who organises an event published by a coach or the admin, for the people who read it.
ASSOCIATION_ORGANISER = "Association des métiers de l'autonomie de l'Orne"


class EventStatus(LabelledEnum):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    CANCELLED = "cancelled", "Annulé"


# Not a status, never stored: the state a published event that has ended shows.
PAST, PAST_LABEL = "past", "Passé"


event_metier = sa.Table(
    "event_metier",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("metier_id", sa.ForeignKey("metier.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    """An open day, an immersion, a meeting...: a member structure's, or the association's (no structure)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[EventKind] = mapped_column(column(EventKind, "kind", 20))
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text)
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC, like every date in the database
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(sa.String(300))
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    registration_required: Mapped[bool] = mapped_column(default=True)
    capacity: Mapped[int | None]  # None: as many as come
    audiences: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[EventStatus] = mapped_column(
        column(EventStatus, "status", 20), default=EventStatus.DRAFT, index=True
    )
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Every change to the registrations first writes here: see services.lock_registrations.
    registrations_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    structure: Mapped[Structure | None] = relationship()
    commune: Mapped[Commune] = relationship()
    metiers: Mapped[list[Metier]] = relationship(secondary=event_metier, order_by=Metier.title, lazy="selectin")

    # confirmed_count: how many places are taken, a column_property defined below with the registrations.

    @hybrid_property
    def organiser_approved(self) -> bool:
        """The association's events, and those of structures it approves, are public; a suspended or refused
        structure's events vanish from the site, and come back when it is approved again."""
        return self.structure is None or self.structure.status == StructureStatus.APPROVED

    @organiser_approved.inplace.expression
    @classmethod
    def _organiser_approved_expression(cls):
        return sa.or_(cls.structure_id.is_(None), cls.structure.has(Structure.status == StructureStatus.APPROVED))

    @property
    def slug(self) -> str:
        return slugify(self.title, max_length=60)

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    @property
    def audience_labels(self) -> list[str]:
        return [AUDIENCES[a] for a in AUDIENCES if a in (self.audiences or [])]

    @property
    def organiser_name(self) -> str:
        return self.structure.name if self.structure is not None else ASSOCIATION_ORGANISER

    @property
    def places_left(self) -> int | None:
        """None when nobody counts: no registration, or no limit."""
        if not self.registration_required or self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    def is_past(self, now: datetime) -> bool:
        return self.ends_at < now

    def state(self, now: datetime) -> str:
        if self.status == EventStatus.PUBLISHED and self.is_past(now):
            return PAST
        return self.status

    def state_label(self, now: datetime) -> str:
        state = self.state(now)
        return PAST_LABEL if state == PAST else EventStatus(state).label

    def accepts_registrations(self, now: datetime) -> bool:
        return self.status == EventStatus.PUBLISHED and self.registration_required and self.starts_at > now


class RegistrationStatus(LabelledEnum):
    # A visitor who has not yet clicked the link sent to the address.
    PENDING_EMAIL = "pending_email", "Adresse à confirmer"
    CONFIRMED = "confirmed", "Inscrit·e"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Désinscrit·e"
    ACTIVE = nonmember(("confirmed", "waiting"))


class EventRegistration(db.Model):
    """One person (an account, or a visitor with a checked address) at one event: one row per address and event."""

    __tablename__ = "event_registration"
    __table_args__ = (sa.UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    email: Mapped[str] = mapped_column(sa.String(254))
    status: Mapped[RegistrationStatus] = mapped_column(column(RegistrationStatus, "status", 20), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]  # when it joined the waiting list: the order of the list
    cancelled_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()

    @property
    def status_label(self) -> str:
        return RegistrationStatus(self.status).label

    @property
    def is_active(self) -> bool:
        return self.status in RegistrationStatus.ACTIVE


Event.confirmed_count = column_property(
    sa.select(sa.func.count(EventRegistration.id))
    .where(EventRegistration.event_id == Event.id, EventRegistration.status == RegistrationStatus.CONFIRMED)
    .correlate_except(EventRegistration)
    .scalar_subquery()
)
