"""Accompaniment: a person asks for help (or a partner refers them), a coach of their zone opens a record and
follows a pathway of dated steps until a job that lasts.

Staff data about people who are often vulnerable: the record, its steps and notes are seen by the person, the
association's staff and, for what is shared with it, a member structure; every view by someone else than the
person is logged (AccessLog). What the figures need survives the erasure of the record in the anonymous facts
(RecordFact, StepFact): dates, zone, origin, publics, métiers, steps and outcomes; no name, no free text.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.accounts.models import User
from portal.candidates.models import ContractType
from portal.clock import utcnow
from portal.communes.models import Commune, Zone
from portal.extensions import db
from portal.metiers.models import Metier
from portal.structures.models import Structure
from portal.text import fold
from portal.vocabulary import LabelledEnum, column


class Origin(LabelledEnum):
    """How the person came to the platform."""

    FRANCE_TRAVAIL = "france-travail", "France Travail"
    MISSION_LOCALE = "mission-locale", "Mission locale"
    CAP_EMPLOI = "cap-emploi", "Cap emploi"
    CCAS_RSA = "ccas-rsa", "CCAS ou service RSA du Département"
    FORUM = "forum", "Forum ou événement"
    WEBSITE = "site", "Site internet"
    WORD_OF_MOUTH = "bouche-a-oreille", "Bouche-à-oreille"
    EMPLOYER = "employeur", "Un employeur"
    TRAINING = "formation", "Un organisme de formation"
    OTHER = "autre", "Autre"


class PartnerKind(LabelledEnum):
    """The organisation of an adviser who refers a person."""

    FRANCE_TRAVAIL = "france-travail", "France Travail"
    MISSION_LOCALE = "mission-locale", "Mission locale"
    CAP_EMPLOI = "cap-emploi", "Cap emploi"
    DEPARTEMENT_RSA = "departement-rsa", "Service RSA du Département"
    TRAINING = "formation", "Organisme de formation"
    OTHER = "autre", "Autre structure d'insertion"


# The origin a referral by each kind of partner gives the record it opens.
PARTNER_ORIGINS = {
    PartnerKind.FRANCE_TRAVAIL: Origin.FRANCE_TRAVAIL,
    PartnerKind.MISSION_LOCALE: Origin.MISSION_LOCALE,
    PartnerKind.CAP_EMPLOI: Origin.CAP_EMPLOI,
    PartnerKind.DEPARTEMENT_RSA: Origin.CCAS_RSA,
    PartnerKind.TRAINING: Origin.TRAINING,
    PartnerKind.OTHER: Origin.OTHER,
}


class Public(LabelledEnum):
    """Sensitive: seen by the association's staff only, never by members, never indexed."""

    JOB_SEEKER = "demandeur-emploi", "Demandeur·se d'emploi"
    RQTH = "rqth", "Reconnaissance de travailleur handicapé (RQTH)"
    RSA = "rsa", "Bénéficiaire du RSA"
    YOUTH = "jeune-mission-locale", "Jeune suivi·e par la Mission locale"
    RETRAINING = "reconversion", "Salarié·e en reconversion"
    STUDENT = "eleve-etudiant", "Élève ou étudiant·e"


class Barrier(LabelledEnum):
    """What the person says stands between them and a job."""

    MOBILITY = "mobilite", "Mobilité, transport"
    CHILDCARE = "garde-enfants", "Garde d'enfants"
    HOUSING = "logement", "Logement"
    HEALTH = "sante", "Santé"
    DIGITAL = "numerique", "Usage du numérique"
    FRENCH = "francais", "Maîtrise du français"


class RequestStatus(LabelledEnum):
    NEW = "new", "À traiter"
    OPENED = "opened", "Accompagnement ouvert"
    FILED = "filed", "Classée sans suite"


class Status(LabelledEnum):
    ACTIVE = "active", "En cours"
    PAUSED = "paused", "En pause"
    CLOSED = "closed", "Terminé"


class Outcome(LabelledEnum):
    """How a closed accompaniment ended."""

    SUSTAINED_JOB = "emploi-durable", "Emploi durable"
    TRAINING = "formation", "Entrée en formation"
    MOVED = "demenagement", "A déménagé"
    NO_LONGER_WISHES = "ne-souhaite-plus", "Ne souhaite plus être accompagné·e"
    NO_CONTACT = "sans-contact", "Sans contact"
    OTHER = "autre", "Autre"


class StepKind(LabelledEnum):
    FIRST_INTERVIEW = "premier-entretien", "Premier entretien"
    CONTACT = "contact", "Contact (appel, message, rendez-vous)"
    EVENT = "evenement", "Réunion d'information ou événement"
    IMMERSION = "immersion", "Immersion ou « Vis ma vie »"
    TRAINING = "formation", "Formation"
    EMPLOYER_INTERVIEW = "entretien-employeur", "Entretien avec un employeur"
    JOB = "emploi", "Emploi"
    FOLLOW_UP = "suivi", "Suivi après l'embauche"


# Steps whose completion the referring adviser hears about (with the opening and the closure of the record).
MILESTONE_KINDS = {StepKind.IMMERSION, StepKind.TRAINING, StepKind.JOB}


class StepStatus(LabelledEnum):
    PLANNED = "planned", "Prévue"
    DONE = "done", "Faite"
    CANCELLED = "cancelled", "Annulée"


class TrainingKind(LabelledEnum):
    DEAS = "deas", "Diplôme d'État d'aide-soignant (DEAS)"
    DEAES = "deaes", "Diplôme d'État d'accompagnant éducatif et social (DEAES)"
    ADVF = "advf", "Titre d'assistant·e de vie aux familles (ADVF)"
    POEC = "poec", "Préparation opérationnelle à l'emploi collective (POEC)"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"
    APPRENTICESHIP = "apprentissage", "Apprentissage"
    OTHER = "autre", "Autre formation"


class TrainingStatus(LabelledEnum):
    ENTERED = "entered", "Entrée en formation"
    COMPLETED = "completed", "Formation terminée"
    ABANDONED = "abandoned", "Formation abandonnée"


class ImmersionKind(LabelledEnum):
    VIS_MA_VIE = "vis-ma-vie", "« Vis ma vie »"
    IMMERSION = "immersion", "Immersion (PMSMP)"


# Follow-ups planned after a job's start, in months.
FOLLOW_UP_MONTHS = (1, 3, 6)


class SharingPurpose(LabelledEnum):
    JOB = "emploi", "Un emploi"
    IMMERSION = "immersion", "Une immersion ou un « Vis ma vie »"
    INTERVIEW = "entretien", "Un entretien"


class SharingAnswer(LabelledEnum):
    INTERVIEW = "entretien", "Entretien proposé"
    HIRED = "embauche", "Embauche"
    NOT_NOW = "pas-maintenant", "Pas pour le moment"


accompaniment_metier = sa.Table(
    "accompaniment_metier",
    db.metadata,
    sa.Column("accompaniment_id", sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("metier_id", sa.ForeignKey("metier.id", ondelete="CASCADE"), primary_key=True),
)


class Referral:
    """A partner's referral: who referred the person, and whether the person agreed that the adviser be kept
    informed of the milestones. A request carries it; the record opened from the request copies it."""

    FIELDS = (
        "partner_kind",
        "partner_organisation",
        "adviser_name",
        "adviser_email",
        "adviser_phone",
        "adviser_informed",
    )

    partner_kind: Mapped[PartnerKind | None] = mapped_column(column(PartnerKind, "partner_kind", 20))
    partner_organisation: Mapped[str] = mapped_column(sa.String(160), default="")
    adviser_name: Mapped[str] = mapped_column(sa.String(160), default="")
    adviser_email: Mapped[str] = mapped_column(sa.String(254), default="")
    adviser_phone: Mapped[str] = mapped_column(sa.String(20), default="")
    adviser_informed: Mapped[bool] = mapped_column(default=False)

    @property
    def is_referral(self) -> bool:
        return self.partner_kind is not None

    @property
    def partner_label(self) -> str:
        return PartnerKind(self.partner_kind).label if self.partner_kind else ""


class HelpRequest(Referral, db.Model):
    """A request to "être accompagné·e par un coach": from the person, or from a partner's adviser on their behalf.

    Lands in the queue of the zone of the person's commune; becomes a record when a coach opens it.
    """

    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80), default="")
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    zone: Mapped[Zone] = mapped_column(column(Zone, "zone", 30), index=True)
    looking_for: Mapped[str] = mapped_column(sa.Text, default="")
    when_to_call: Mapped[str] = mapped_column(sa.String(200), default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[RequestStatus] = mapped_column(
        column(RequestStatus, "status", 10), default=RequestStatus.NEW, index=True
    )
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Why a coach filed the request without opening a record (optional: "injoignable", "déjà accompagnée"...).
    filed_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    accompaniment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="SET NULL"))

    commune: Mapped[Commune] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

    @property
    def status_label(self) -> str:
        return RequestStatus(self.status).label

    @property
    def zone_label(self) -> str:
        return Zone(self.zone).label

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Accompaniment(Referral, db.Model):
    """One person's accompaniment by a coach: who they are, how they came, where they stand."""

    __tablename__ = "accompaniment"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The person's account, when they have one (deleting it deletes the record); a record opened for someone met
    # at a café or a forum has none until the person follows the link the coach sends.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80), default="")
    # The name folded (lower case, no accent): what the caseload's name search matches, kept by set_name below.
    search_name: Mapped[str] = mapped_column(sa.String(170), default="")
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    zone: Mapped[Zone] = mapped_column(column(Zone, "zone", 30), index=True)
    coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    origin: Mapped[Origin] = mapped_column(column(Origin, "origin", 20))
    # Sensitive (Public members), staff only.
    publics: Mapped[list] = mapped_column(sa.JSON, default=list)
    barriers: Mapped[list] = mapped_column(sa.JSON, default=list)
    aids: Mapped[str] = mapped_column(sa.Text, default="")  # the aid mobilised (transport, childcare, funding...)
    consent_at: Mapped[datetime]
    consent_how: Mapped[str] = mapped_column(sa.String(120))  # "formulaire du site", "oral, au téléphone"...
    consent_scope: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[Status] = mapped_column(column(Status, "status", 10), default=Status.ACTIVE, index=True)
    outcome: Mapped[Outcome | None] = mapped_column(column(Outcome, "outcome", 20))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_at: Mapped[datetime | None]
    # The last step or contact: the clock of the automatic closure, and activity for the person's account.
    last_contact_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # When the coach last mailed the link that ties the record to an account (the link's token names this date).
    link_sent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    commune: Mapped[Commune] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    metiers: Mapped[list[Metier]] = relationship(secondary=accompaniment_metier, order_by=Metier.title)
    steps: Mapped[list["Step"]] = relationship(
        back_populates="accompaniment",
        order_by="(Step.day, Step.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # The structures the person was proposed to, the latest first (read only: the sharing service writes them).
    sharings: Mapped[list["Sharing"]] = relationship(
        viewonly=True, order_by="(Sharing.shared_at.desc(), Sharing.id.desc())"
    )

    @validates("first_name", "last_name")
    def set_name(self, key: str, value: str) -> str:
        names = {"first_name": self.first_name or "", "last_name": self.last_name or "", key: value or ""}
        self.search_name = fold(f"{names['first_name']} {names['last_name']}")
        return value

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""

    @property
    def origin_label(self) -> str:
        return Origin(self.origin).label

    @property
    def zone_label(self) -> str:
        return Zone(self.zone).label

    @property
    def public_labels(self) -> list[str]:
        return [p.label for p in Public if p in (self.publics or [])]

    @property
    def barrier_labels(self) -> list[str]:
        return [b.label for b in Barrier if b in (self.barriers or [])]


class CoachChange(db.Model):
    """The history of a record's referent coach."""

    __tablename__ = "accompaniment_coach_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    coach_name: Mapped[str] = mapped_column(sa.String(170))  # kept when the coach's account goes
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Step(db.Model):
    """A dated step of the pathway. One table for every kind: the columns of a kind are empty for the others."""

    __tablename__ = "accompaniment_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), index=True)
    kind: Mapped[StepKind] = mapped_column(column(StepKind, "kind", 20))
    status: Mapped[StepStatus] = mapped_column(column(StepStatus, "status", 10), default=StepStatus.PLANNED, index=True)
    day: Mapped[date] = mapped_column(index=True)  # planned for, or done on
    # A short note that the person reads with the step (staff notes are Note rows).
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    # Event: the site's event, when there is one.
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id", ondelete="SET NULL"))
    # Immersion, employer interview, job: the structure (a member's, or named when it is not one).
    structure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("structure.id", ondelete="SET NULL"))
    organisation: Mapped[str] = mapped_column(sa.String(160), default="")  # employer or training organisation
    immersion_kind: Mapped[ImmersionKind | None] = mapped_column(column(ImmersionKind, "immersion_kind", 20))
    # Training.
    training_kind: Mapped[TrainingKind | None] = mapped_column(column(TrainingKind, "training_kind", 20))
    training_status: Mapped[TrainingStatus | None] = mapped_column(column(TrainingStatus, "training_status", 20))
    ends_on: Mapped[date | None]
    # Job (and the métier of an immersion or a training).
    metier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("metier.id", ondelete="SET NULL"))
    contract_type: Mapped[ContractType | None] = mapped_column(column(ContractType, "contract_type", 20))
    hours_per_week: Mapped[int | None]
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application.id", ondelete="SET NULL"))
    # Follow-up after hiring: which job, how many months after its start, and what the person said.
    job_step_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accompaniment_step.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int | None]
    still_in_post: Mapped[bool | None]
    left_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    # The structure's answer to a sharing that wrote this step.
    sharing_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accompaniment_sharing.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]

    accompaniment: Mapped[Accompaniment] = relationship(back_populates="steps")
    structure: Mapped[Structure | None] = relationship()
    metier: Mapped[Metier | None] = relationship()

    @property
    def kind_label(self) -> str:
        return StepKind(self.kind).label

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label

    @property
    def employer_name(self) -> str:
        return self.structure.name if self.structure else self.organisation


class Note(db.Model):
    """A free note on a record, dated and signed, for the association's staff (and the person's export)."""

    __tablename__ = "accompaniment_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(sa.String(170))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Sharing(db.Model):
    """A coach proposes the person to a member structure, with the person's agreement; the structure answers."""

    __tablename__ = "accompaniment_sharing"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[SharingPurpose] = mapped_column(column(SharingPurpose, "purpose", 20))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    agreement_how: Mapped[str] = mapped_column(sa.String(120))  # how the person agreed ("oral, au téléphone"...)
    shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    answer: Mapped[SharingAnswer | None] = mapped_column(column(SharingAnswer, "answer", 20))
    answer_message: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    accompaniment: Mapped[Accompaniment] = relationship()
    structure: Mapped[Structure] = relationship()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def purpose_label(self) -> str:
        return SharingPurpose(self.purpose).label

    @property
    def answer_label(self) -> str:
        return SharingAnswer(self.answer).label if self.answer else "Sans réponse"


class AccessLog(db.Model):
    """Who opened a record (staff), or the person shared with a structure (its recruiters): shown to the person."""

    __tablename__ = "accompaniment_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(sa.String(250))  # "Karim Benali, coach autonomie" — kept when the account goes
    action: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecordFact(db.Model):
    """The anonymous facts of one accompaniment, kept up to date with it and kept after its erasure.

    The figures read these rows only. No name, no contact, no free text: once the record is erased nothing here
    leads back to the person (the link is set to NULL with it).
    """

    __tablename__ = "accompaniment_fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accompaniment.id", ondelete="SET NULL"), unique=True
    )
    opened_on: Mapped[date] = mapped_column(index=True)
    closed_on: Mapped[date | None]
    zone: Mapped[Zone] = mapped_column(column(Zone, "zone", 30))
    origin: Mapped[Origin] = mapped_column(column(Origin, "origin", 20))
    partner_kind: Mapped[PartnerKind | None] = mapped_column(column(PartnerKind, "partner_kind", 20))
    publics: Mapped[list] = mapped_column(sa.JSON, default=list)
    metiers: Mapped[list] = mapped_column(sa.JSON, default=list)  # slugs
    status: Mapped[Status] = mapped_column(column(Status, "status", 10))
    outcome: Mapped[Outcome | None] = mapped_column(column(Outcome, "outcome", 20))
    from_request_on: Mapped[date | None]  # the date of the request the record came from

    steps: Mapped[list["StepFact"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class StepFact(db.Model):
    """The anonymous facts of one step (see RecordFact)."""

    __tablename__ = "accompaniment_step_fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment_fact.id", ondelete="CASCADE"), index=True)
    kind: Mapped[StepKind] = mapped_column(column(StepKind, "kind", 20))
    status: Mapped[StepStatus] = mapped_column(column(StepStatus, "status", 10))
    day: Mapped[date]
    metier: Mapped[str] = mapped_column(sa.String(80), default="")  # slug
    training_kind: Mapped[TrainingKind | None] = mapped_column(column(TrainingKind, "training_kind", 20))
    training_status: Mapped[TrainingStatus | None] = mapped_column(column(TrainingStatus, "training_status", 20))
    immersion_kind: Mapped[ImmersionKind | None] = mapped_column(column(ImmersionKind, "immersion_kind", 20))
    contract_type: Mapped[ContractType | None] = mapped_column(column(ContractType, "contract_type", 20))
    member_structure: Mapped[bool | None]  # a job or an immersion at a member structure
    months: Mapped[int | None]
    still_in_post: Mapped[bool | None]
