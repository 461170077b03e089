from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.communes.models import Zone
from portal.extensions import db
from portal.structures.models import Structure, StructureStatus
from portal.vocabulary import LabelledEnum, column


class Role(LabelledEnum):
    CANDIDATE = "candidate", "Candidat·e"
    EMPLOYER = "employer", "Recruteur·se"
    COACH = "coach", "Coach autonomie"
    ADMIN = "admin", "Administration"


ROLE_LABELS = Role.labels()


class Membership(LabelledEnum):
    """A recruiter's place in their structure: who joins an existing structure waits to be accepted."""

    PENDING = "pending", "Demande en attente"
    ACTIVE = "active", "Membre"
    REFUSED = "refused", "Refusé·e"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(column(Role, "role", 20), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80))
    email_verified_at: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # What the person did last (login, profile or CV edit, "je cherche toujours"); never a write of the
    # platform's own. The retention clock of candidate accounts reads it (see portal/candidates/retention.py).
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Retention stages reached since that activity: warned (23 months), set aside with the profile hidden and the
    # deletion announced (24 months), last warning before the deletion. Any activity clears them.
    retention_warned_at: Mapped[datetime | None]
    retention_hidden_at: Mapped[datetime | None]
    retention_final_warning_at: Mapped[datetime | None]

    # A coach's zone: the requests for help from its communes land in their queue.
    zone: Mapped[Zone | None] = mapped_column(column(Zone, "zone", 30))

    structure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("structure.id"), index=True)
    membership: Mapped[Membership | None] = mapped_column(column(Membership, "membership", 20))
    structure: Mapped[Structure | None] = relationship(back_populates="recruiters")

    def mark_active(self) -> None:
        """The person did something: the retention clock starts again and its stages are forgotten."""
        self.last_active_at = utcnow()
        self.retention_warned_at = self.retention_hidden_at = self.retention_final_warning_at = None

    # The device's login (a LoginSession) and its token, set by services.log_in or by the loader; not columns.
    login_session = None
    login_token = None

    def get_id(self) -> str:
        """Flask-Login's alternative id, kept in the session and the remember cookie: "<login session id>:<secret>".

        Each login on each device has its own, so that logging out there (or from the settings) ends it alone.
        """
        if not self.login_token:
            raise RuntimeError("log in through accounts.services.log_in, which opens the device's login session")
        return self.login_token

    def __eq__(self, other) -> bool:
        # UserMixin compares get_id(), which names a device's login, not the person.
        return isinstance(other, User) and self.id is not None and self.id == other.id

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_member(self) -> bool:
        """A recruiter of an approved structure, accepted in it: the only employers who reach the CV-thèque."""
        return (
            self.role == Role.EMPLOYER
            and self.membership == Membership.ACTIVE
            and self.structure is not None
            and self.structure.status == StructureStatus.APPROVED
        )

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.COACH, Role.ADMIN)


class LoginSession(db.Model):
    """One login on one device: what the session and remember cookies point to.

    Only a hash of the secret is kept, so the table opens no session. Logging out revokes the row, and with it
    both cookies of that device, even copies taken before; a new password revokes them all.
    """

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(64))
    remember: Mapped[bool] = mapped_column(default=False)
    device: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(db.Model):
    """A wrong password (or unknown address) typed for an address, kept for the login guard's window only.

    The address is kept as a keyed hash: nobody reads from this table which addresses were tried.
    """

    __tablename__ = "login_failure"
    __table_args__ = (sa.Index("ix_login_failure_address_at", "address_hash", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(sa.String(64))
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
