"""How long copies of mail stay: bodies of delivered mail go after OUTBOX_BODY_RETENTION_DAYS, the rows
(recipient, subject, dates, state) after OUTBOX_RETENTION_DAYS, and everything to or about an erased
person at once. The development backend's .eml files follow their rows."""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from portal.clock import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.mail.sender import eml_path

# Mail that will not be sent again as it is: delivered, or refused for good.
DONE = (OutboxStatus.SENT, OutboxStatus.FAILED)


@dataclass
class OutboxPurge:
    bodies: int = 0  # messages whose content was erased
    rows: int = 0  # messages erased altogether
    files: int = 0  # .eml files of the development backend


def remove_files(paths: list[str]) -> int:
    """Remove files that may already be gone; how many were there."""
    removed = 0
    for path in paths:
        try:
            os.remove(path)
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def _old_eml_files(before: datetime) -> list[str]:
    folder = current_app.config["OUTBOX_DIR"]
    if not os.path.isdir(folder):
        return []
    limit = (before - datetime(1970, 1, 1)).total_seconds()
    return [
        entry.path
        for entry in os.scandir(folder)
        if entry.name.endswith(".eml") and entry.is_file() and entry.stat().st_mtime < limit
    ]


def body_expired(message: OutboxMessage, now: datetime | None = None) -> bool:
    """The content is no longer to be read: erased already, or due to be at the next run."""
    if message.body_purged_at is not None:
        return True
    if message.status not in DONE:
        return False
    done_at = message.sent_at or message.created_at
    return done_at < (now or utcnow()) - timedelta(days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"])


def purge_outbox(now: datetime | None = None) -> OutboxPurge:
    """Erase the content of mail delivered (or refused) long enough ago, then old rows. Safe to run twice."""
    now = now or utcnow()
    report = OutboxPurge()
    body_before = now - timedelta(days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"])
    rows_before = now - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    done_long_ago = sa.and_(
        OutboxMessage.status.in_(DONE), sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < body_before
    )
    stale = db.session.scalars(
        sa.select(OutboxMessage).where(done_long_ago, OutboxMessage.body_purged_at.is_(None)).order_by(OutboxMessage.id)
    ).all()
    files = []
    for message in stale:
        # Headers go too: a Reply-To holds a visitor's address, a List-Unsubscribe link a token.
        message.body_text, message.body_html, message.headers = "", "", {}
        message.body_purged_at = now
        files.append(eml_path(message))
    report.bodies = len(stale)
    old = sa.select(OutboxMessage).where(OutboxMessage.status.in_(DONE), OutboxMessage.created_at < rows_before)
    old_rows = db.session.scalars(old).all()
    files += [eml_path(message) for message in old_rows]
    for message in old_rows:
        db.session.delete(message)
    report.rows = len(old_rows)
    # A run of the retention command, not part of a request: it commits, then removes and counts the files.
    db.session.commit()
    # After the commit: a crash leaves a file the next run removes, never a row pointing to nothing.
    report.files = remove_files(files) + remove_files(_old_eml_files(body_before))
    return report


def forget_mail_of(user_id: int, email: str) -> list[str]:
    """Erase, without committing, every message to the address or about the account; returns the .eml files
    to remove once the transaction has committed."""
    concerning = sa.or_(OutboxMessage.recipient == email, OutboxMessage.about_user_id == user_id)
    files = [eml_path(m) for m in db.session.scalars(sa.select(OutboxMessage).where(concerning))]
    db.session.execute(sa.delete(OutboxMessage).where(concerning).execution_options(synchronize_session=False))
    return files
