from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.vocabulary import LabelledEnum, column


class OutboxStatus(LabelledEnum):
    PENDING = "pending", "en attente"
    SENDING = "sending", "en cours"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"


class OutboxMessage(db.Model):
    """One email to deliver, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What makes two messages "the same": queuing twice with one key keeps the first.
    dedup_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[OutboxStatus] = mapped_column(column(OutboxStatus, "status", 20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # The account the mail is for or about (a recruiter's "new application" names the candidate): erasing that
    # account erases the mail, wherever it was addressed.
    about_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # Set when the body and headers of a sent mail were erased (OUTBOX_BODY_RETENTION_DAYS); metadata stays.
    body_purged_at: Mapped[datetime | None]

    @property
    def status_label(self) -> str:
        return OutboxStatus(self.status).label

    @property
    def body_purged(self) -> bool:
        return self.body_purged_at is not None

    __table_args__ = (sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),)
