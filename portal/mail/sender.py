"""Delivering the outbox: claim a due message, send it, record the outcome; retry later on failure.

One message is claimed by one sender only (an UPDATE that succeeds for one of them), so two
senders running at once never send it twice. A transient failure (server down, 4xx) puts the
message back with a growing delay and never drops it; a permanent refusal (5xx for the
recipient) marks it failed, where the admin sees it and may queue it again.
"""

import hashlib
import os
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_mail import Connection, Message

from portal.clock import utcnow
from portal.extensions import db, mail
from portal.mail.models import OutboxMessage, OutboxStatus


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class PermanentFailure(Exception):
    pass


class LiteralHeader(str):
    """A header value written as given, folded only at its spaces.

    The email package writes a value longer than a line (an unsubscribe address with its signed token)
    as an RFC 2047 encoded-word, `=?utf-8?q?=3Chttps...`, which mail clients do not decode in
    List-Unsubscribe: RFC 2369 wants the literal `<https://...>` there. A word longer than a line stays
    whole on its own line (RFC 5322 allows up to 998 characters).
    """

    WIDTH = 78

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        lines, line = [], f"{self.name}:"
        for word in self.split():
            if len(line) + 1 + len(word) > self.WIDTH and line != f"{self.name}:":
                lines.append(line)
                line = ""
            line += " " + word
        lines.append(line)
        return policy.linesep.join(lines) + policy.linesep


def _header_value(name: str, value: str) -> str:
    # Only plain ASCII can go literally; anything else (a name with accents) is encoded as usual.
    return LiteralHeader(name, value) if value.isascii() else value


def build_message(row: OutboxMessage) -> Message:
    message = Message(
        subject=row.subject,
        recipients=[row.recipient],
        body=row.body_text,
        html=row.body_html,
        extra_headers={name: _header_value(name, value) for name, value in (row.headers or {}).items()},
    )
    # The same id on every attempt, so that a receiving server can recognise a repeat.
    domain = current_app.config["MAIL_DEFAULT_SENDER"][1].split("@")[-1]
    message.msgId = f"<{hashlib.sha256(row.dedup_key.encode()).hexdigest()[:32]}@{domain}>"
    return message


def eml_path(row: OutboxMessage) -> str:
    """Where the development backend writes a message (purged with the row's body: see mail/retention.py)."""
    return os.path.join(current_app.config["OUTBOX_DIR"], f"{row.created_at:%Y%m%d-%H%M%S}-{row.id:06d}.eml")


class FileTransport:
    """Development: each message becomes an .eml file under instance/outbox/."""

    def __enter__(self):
        os.makedirs(current_app.config["OUTBOX_DIR"], exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def send(self, row: OutboxMessage) -> None:
        with open(eml_path(row), "wb") as f:
            f.write(build_message(row).as_bytes())


class SMTPTransport:
    """One SMTP connection for the whole batch, opened lazily."""

    def __init__(self):
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.connection is not None and self.connection.host is not None:
            try:
                self.connection.host.quit()
            except smtplib.SMTPException:
                pass
        return False

    def send(self, row: OutboxMessage) -> None:
        if self.connection is None:
            # Settings read now rather than at start-up, so that a changed MAIL_* setting applies at once.
            state = mail.init_mail(current_app.config, current_app.debug, current_app.testing)
            self.connection = Connection(state)
            self.connection.host = self.connection.configure_host()
        try:
            self.connection.send(build_message(row))
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes):
                raise PermanentFailure(f"Destinataire refusé : {exc.recipients}") from exc
            raise


TRANSPORTS = {"file": FileTransport, "smtp": SMTPTransport}


def _claim(message_id: int) -> bool:
    now = utcnow()
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, claimed_at=now)
    )
    # Committed at once: the claim is what keeps another sender from sending the same message.
    db.session.commit()
    return result.rowcount == 1


def _requeue_stale() -> None:
    limit = utcnow() - timedelta(seconds=current_app.config["OUTBOX_STALE_AFTER"])
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < limit)
        .values(status=OutboxStatus.PENDING)
    )
    db.session.commit()  # before the run claims anything: each claim below is a transaction of its own


def backoff_delay(attempts: int) -> timedelta:
    steps = current_app.config["OUTBOX_BACKOFF"]
    return timedelta(seconds=steps[min(attempts, len(steps)) - 1])


def deliver_pending(limit: int = 200) -> DeliveryReport:
    """Send what is due, oldest first. Safe to run from several processes at once."""
    report = DeliveryReport()
    _requeue_stale()
    due = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    with TRANSPORTS[current_app.config["MAIL_BACKEND"]]() as transport:
        for message_id in due:
            if not _claim(message_id):
                continue
            row = db.session.get(OutboxMessage, message_id)
            try:
                transport.send(row)
            except PermanentFailure as exc:
                row.status, row.last_error = OutboxStatus.FAILED, str(exc)[:2000]
                row.attempts += 1
                report.failed += 1
            except (OSError, smtplib.SMTPException) as exc:
                row.attempts += 1
                row.status, row.last_error = OutboxStatus.PENDING, f"{type(exc).__name__}: {exc}"[:2000]
                row.next_attempt_at = utcnow() + backoff_delay(row.attempts)
                report.deferred += 1
                report.errors.append(row.last_error)
                db.session.commit()
                # The server is unreachable or unwell: leave the rest for the next run.
                break
            except Exception as exc:  # a message that cannot be built must not block the others
                row.status, row.last_error = OutboxStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
                row.attempts += 1
                report.failed += 1
            else:
                row.status, row.sent_at, row.last_error = OutboxStatus.SENT, utcnow(), ""
                row.attempts += 1
                report.sent += 1
            # One commit per message, on purpose: what was sent is recorded before the next one leaves, so a
            # crash never sends a message twice.
            db.session.commit()
    return report


def requeue(message: OutboxMessage) -> bool:
    """The admin sends a failed message again; False when its content is already erased."""
    if message.body_purged:
        return False
    message.status, message.next_attempt_at = OutboxStatus.PENDING, utcnow()
    return True
