from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.structures.models import Structure


class ProfileAccess(db.Model):
    """A member's view of a profile or download of its CV, shown to the candidate."""

    __tablename__ = "profile_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(10))  # "view" or "download"
    at: Mapped[datetime] = mapped_column(default=utcnow)

    structure: Mapped[Structure] = relationship(lazy="joined")

    @property
    def kind_label(self) -> str:
        return "A téléchargé votre CV" if self.kind == "download" else "A consulté votre profil"


class ContactStatus:
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LABELS = {"pending": "En attente de réponse", "accepted": "Acceptée", "declined": "Refusée"}


class ContactRequest(db.Model):
    """A member asks an anonymous candidate to reveal their identity and contact details."""

    __tablename__ = "contact_request"
    __table_args__ = (sa.UniqueConstraint("profile_id", "structure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default=ContactStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    structure: Mapped[Structure] = relationship(lazy="joined")
    sender: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return ContactStatus.LABELS[self.status]


class SavedSearch(db.Model):
    """A member's CV-thèque search (query and filters, as the search page's address), kept by name."""

    __tablename__ = "saved_search"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    criteria: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
