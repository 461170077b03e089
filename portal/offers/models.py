from datetime import date, datetime
from enum import nonmember

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, ContractType, WorkingTime
from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.metiers.models import Metier
from portal.structures.models import Structure, StructureStatus
from portal.vocabulary import LabelledEnum, column


class OfferStatus(LabelledEnum):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"
    CLOSED = "closed", "Pourvue ou close"
    UNPUBLISHED = "unpublished", "Retirée par l'association"  # withdrawn by the association, with a reason


# Not a status, never stored: the state a published offer past its expiry date shows.
EXPIRED, EXPIRED_LABEL = "expired", "Expirée"


class JobOffer(db.Model):
    """A job offer of a member structure. Expired offers are published ones past their expiry date."""

    __tablename__ = "job_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(120))
    metier_id: Mapped[int] = mapped_column(sa.ForeignKey("metier.id"))
    contract_type: Mapped[ContractType] = mapped_column(column(ContractType, "contract_type", 20))
    working_time: Mapped[WorkingTime] = mapped_column(column(WorkingTime, "working_time", 20))
    weekly_hours: Mapped[float | None]
    schedule_notes: Mapped[str] = mapped_column(sa.String(300), default="")
    commune_insee: Mapped[str] = mapped_column(sa.ForeignKey("commune.insee"))
    salary_min: Mapped[int | None]  # euros, gross per month
    salary_max: Mapped[int | None]
    start_date: Mapped[date | None]
    description: Mapped[str] = mapped_column(sa.Text)
    diploma_required: Mapped[bool] = mapped_column(default=False)
    diploma: Mapped[str] = mapped_column(sa.String(200), default="")
    licence_required: Mapped[bool] = mapped_column(default=False)
    expires_on: Mapped[date]
    status: Mapped[OfferStatus] = mapped_column(
        column(OfferStatus, "status", 20), default=OfferStatus.DRAFT, index=True
    )
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    unpublished_reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    structure: Mapped[Structure] = relationship()
    metier: Mapped[Metier] = relationship()
    commune: Mapped[Commune] = relationship()

    @hybrid_property
    def structure_approved(self) -> bool:
        """The public sees the offers of structures the association approves, and no other: a suspended or
        refused structure's offers vanish from the site, and come back when it is approved again."""
        return self.structure.status == StructureStatus.APPROVED

    @structure_approved.inplace.expression
    @classmethod
    def _structure_approved_expression(cls):
        return cls.structure.has(Structure.status == StructureStatus.APPROVED)

    def is_expired(self, today: date) -> bool:
        return self.status == OfferStatus.PUBLISHED and self.expires_on < today

    def state(self, today: date) -> str:
        return EXPIRED if self.is_expired(today) else self.status

    def state_label(self, today: date) -> str:
        return EXPIRED_LABEL if self.is_expired(today) else OfferStatus(self.status).label


class ApplicationStatus(LabelledEnum):
    RECEIVED = "received", "Reçue"
    SEEN = "seen", "Vue"
    INTERVIEW = "interview", "Entretien"
    HIRED = "hired", "Embauche"
    DECLINED = "declined", "Non retenue"
    WITHDRAWN = "withdrawn", "Retirée par la personne"
    # What recruiters may set.
    CHOICES = nonmember(("seen", "interview", "hired", "declined"))


class Application(db.Model):
    """A candidate's application to an offer, with the CV chosen and a message; one per person and offer."""

    __tablename__ = "application"
    __table_args__ = (sa.UniqueConstraint("offer_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("job_offer.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    cv_id: Mapped[int | None] = mapped_column(sa.ForeignKey("candidate_file.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ApplicationStatus] = mapped_column(
        column(ApplicationStatus, "status", 20), default=ApplicationStatus.RECEIVED
    )
    status_message: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime | None]

    offer: Mapped[JobOffer] = relationship()
    candidate: Mapped[User] = relationship()
    cv: Mapped[CandidateFile | None] = relationship()

    @property
    def status_label(self) -> str:
        return ApplicationStatus(self.status).label


class ProposalStatus(LabelledEnum):
    SENT = "sent", "Envoyée, sans réponse"
    APPLIED = "applied", "A postulé"
    DECLINED = "declined", "Ne donne pas suite"


class OfferProposal(db.Model):
    """A member sends one of its open offers to a CV-thèque candidate who accepts offers; once per offer and person."""

    __tablename__ = "offer_proposal"
    __table_args__ = (sa.UniqueConstraint("offer_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("job_offer.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ProposalStatus] = mapped_column(column(ProposalStatus, "status", 10), default=ProposalStatus.SENT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    offer: Mapped[JobOffer] = relationship()

    @property
    def status_label(self) -> str:
        return ProposalStatus(self.status).label
