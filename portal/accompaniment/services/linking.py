"""Tying a record opened without an account to the account the person creates, through a link the coach mails.

The link is signed (purpose "accompaniment-link"), lasts ACCOMPANIMENT_LINK_MAX_AGE seconds and names the moment
it was sent: sending a new one makes the older ones stop working.
"""

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accompaniment.models import Accompaniment, Status
from portal.accompaniment.services.records import note_contact
from portal.accounts.models import Role, User
from portal.clock import utcnow
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.tokens import TokenError, make_token, read_token


class LinkRefused(Exception):
    """The link cannot be sent, or followed; the message says why, in French."""


def can_send_link(record: Accompaniment) -> bool:
    return bool(record.email) and record.user_id is None and record.is_open


def send_link(record: Accompaniment, by: User) -> None:
    """Mail the person the link that ties the record to the account they create (or already have)."""
    if record.user_id is not None:
        raise LinkRefused("Ce dossier est déjà lié au compte de la personne.")
    if not record.is_open:
        raise LinkRefused("Cet accompagnement est terminé.")
    if not record.email:
        raise LinkRefused(
            "Ce dossier n'a pas d'adresse électronique : ajoutez-la au dossier pour envoyer le lien, "
            "ou aidez la personne à créer son compte avec vous."
        )
    record.link_sent_at = utcnow()
    db.session.flush()
    token = make_token("accompaniment-link", {"record": record.id, "sent": record.link_sent_at.isoformat()})
    queue_mail(
        record.email,
        "accompaniment_link",
        "Votre accompagnement : retrouvez votre parcours dans votre espace",
        dedup_key=f"accompaniment-link:{record.id}:{record.link_sent_at.isoformat()}",
        about_user_id=record.user_id,
        record=record,
        coach=record.coach or by,
        link=url_for("accompaniment.join", token=token, _external=True),
        days=current_app.config["ACCOMPANIMENT_LINK_MAX_AGE"] // (24 * 3600),
    )


def record_of_link(token: str) -> Accompaniment:
    """The record a link names; raises TokenError (damaged or expired) or LinkRefused (replaced, or no longer
    usable)."""
    data = read_token("accompaniment-link", token, current_app.config["ACCOMPANIMENT_LINK_MAX_AGE"])
    if not isinstance(data, dict) or not isinstance(data.get("record"), int):
        raise TokenError(expired=False)
    record = db.session.get(Accompaniment, data["record"])
    if record is None:
        raise TokenError(expired=False)
    if record.link_sent_at is None or record.link_sent_at.isoformat() != data.get("sent"):
        raise LinkRefused(
            "Ce lien a été remplacé par un plus récent : utilisez le dernier courriel reçu de votre coach."
        )
    if record.status == Status.CLOSED:
        raise LinkRefused("Cet accompagnement est terminé. Votre coach peut le reprendre si vous le souhaitez.")
    return record


def open_record_of(user: User) -> Accompaniment | None:
    return db.session.scalar(
        sa.select(Accompaniment)
        .where(Accompaniment.user_id == user.id, Accompaniment.status != Status.CLOSED)
        .order_by(Accompaniment.opened_at.desc())
        .limit(1)
    )


def refusal(record: Accompaniment, user: User) -> str | None:
    """Why this account cannot take this record, or None when it can."""
    if user.role != Role.CANDIDATE:
        return "Ce lien est destiné à un compte candidat : déconnectez-vous, puis créez votre compte."
    if record.user_id == user.id:
        return None
    if record.user_id is not None:
        return "Ce dossier est déjà lié à un autre compte. Contactez votre coach si c'est une erreur."
    if open_record_of(user) is not None:
        return "Votre compte a déjà un accompagnement en cours. Contactez votre coach pour les réunir."
    return None


def link_account(record: Accompaniment, user: User) -> bool:
    """Tie the record to the account; False when it already was. Raises LinkRefused."""
    reason = refusal(record, user)
    if reason:
        raise LinkRefused(reason)
    if record.user_id == user.id:
        return False
    record.user = user
    note_contact(record)
    db.session.flush()
    return True
