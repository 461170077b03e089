from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.structures.models import Structure
from portal.vocabulary import LabelledEnum, column


class Viewer(LabelledEnum):
    """Who, other than the candidate, saw a profile or downloaded its CV."""

    MEMBER = "member", "Structure adhérente"  # the candidate reads the structure's name when it is known
    COACH = "coach", "Coach de l'association"
    ADMIN = "admin", "Administration de l'association"


VIEWER_LABELS = Viewer.labels()


class AccessKind(LabelledEnum):
    VIEW = "view", "A consulté votre profil"
    DOWNLOAD = "download", "A téléchargé votre CV"


class ProfileAccess(db.Model):
    """A view of a profile or a download of its CV by anyone but its owner, shown to the candidate."""

    __tablename__ = "profile_access"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    # The member's structure; None for the association's own staff.
    structure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    viewer: Mapped[Viewer] = mapped_column(column(Viewer, "viewer", 10), default=Viewer.MEMBER)
    kind: Mapped[AccessKind] = mapped_column(column(AccessKind, "kind", 10))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    structure: Mapped[Structure | None] = relationship()

    @property
    def viewer_label(self) -> str:
        """What the candidate reads: the structure's name, or the association's role."""
        if self.viewer == Viewer.MEMBER:
            return self.structure.name if self.structure is not None else Viewer.MEMBER.label
        return Viewer(self.viewer).label

    @property
    def kind_label(self) -> str:
        return AccessKind(self.kind).label


class ContactStatus(LabelledEnum):
    PENDING = "pending", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Refusée"


class ContactRequest(db.Model):
    """A member asks an anonymous candidate to reveal their identity and contact details."""

    __tablename__ = "contact_request"
    __table_args__ = (sa.UniqueConstraint("profile_id", "structure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate_profile.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int] = mapped_column(sa.ForeignKey("structure.id", ondelete="CASCADE"))
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ContactStatus] = mapped_column(column(ContactStatus, "status", 10), default=ContactStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    structure: Mapped[Structure] = relationship()
    sender: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return ContactStatus(self.status).label


class SavedSearch(db.Model):
    """A member's CV-thèque search (query and filters, as the search page's address), kept by name."""

    __tablename__ = "saved_search"
    __table_args__ = (sa.UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    criteria: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
