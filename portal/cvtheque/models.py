from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.structures.models import Structure


class Viewer(StrEnum):
    """Who, other than the candidate, saw a profile or downloaded its CV."""

    MEMBER = "member"
    COACH = "coach"
    ADMIN = "admin"


VIEWER_LABELS = {
    Viewer.COACH: "Coach de l'association",
    Viewer.ADMIN: "Administration de l'association",
}


class ProfileAccess(db.Model):
    """A view of a profile or a download of its CV by anyone but its owner, shown to the candidate."""

    __tablename__ = "profile_access"
    __table_args__ = (sa.CheckConstraint("viewer IN ('member', 'coach', 'admin')", name="viewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    # The member's structure; None for the association's own staff.
    structure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    viewer: Mapped[str] = mapped_column(sa.String(10), default=Viewer.MEMBER)
    kind: Mapped[str] = mapped_column(sa.String(10))  # "view" or "download"
    at: Mapped[datetime] = mapped_column(default=utcnow)

    structure: Mapped[Structure | None] = relationship(lazy="joined")

    @property
    def viewer_label(self) -> str:
        """What the candidate reads: the structure's name, or the association's role."""
        if self.viewer == Viewer.MEMBER:
            return self.structure.name if self.structure is not None else "Structure adhérente"
        return VIEWER_LABELS[Viewer(self.viewer)]

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
