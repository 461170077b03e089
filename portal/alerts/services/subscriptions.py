"""Alerts: subscribing to the criteria of a search page, changing, pausing, confirming and stopping an alert."""

import json

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.models import User
from portal.accounts.services import normalize_email
from portal.alerts.models import AlertKind, AlertStatus, AlertSubscription, Frequency
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES
from portal.clock import utcnow
from portal.communes.models import ZONES
from portal.events.models import KINDS
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.metiers.services import all_metiers
from portal.tokens import TokenError, make_token, read_token


class AlertRefused(ValueError):
    """Why this alert cannot be made or changed, in French."""


# --- criteria ------------------------------------------------------------------------------------


def criteria_key(args: dict) -> str:
    return json.dumps(args, sort_keys=True, ensure_ascii=False)


def search_url(subscription: AlertSubscription, **extra) -> str:
    endpoint = {
        AlertKind.OFFERS: "offers.search",
        AlertKind.EVENTS: "events.agenda",
        AlertKind.PROFILES: "cvtheque.search",
    }[subscription.kind]
    return url_for(endpoint, **subscription.criteria, **extra)


def describe(kind: str, args: dict) -> str:
    """The criteria in French words, for the alert's default name and to recall them in each mail."""
    titles = {m.slug: m.title for m in all_metiers()}
    parts = []
    if args.get("q"):
        parts.append(f"mots : {args['q']}")
    if args.get("type"):
        parts.append(", ".join(KINDS.get(k, k) for k in args["type"]))
    if args.get("metier"):
        parts.append(", ".join(titles.get(m, m) for m in args["metier"]))
    if args.get("commune"):
        parts.append(f"à {args.get('rayon', 20)} km de {args['commune']}")
    if args.get("zone"):
        parts.append("zone " + ", ".join(ZONES.get(z, z) for z in args["zone"]))
    if args.get("contrat"):
        parts.append(", ".join(CONTRACT_TYPES.get(c, c) for c in args["contrat"]))
    if args.get("temps"):
        parts.append(", ".join(WORKING_TIMES.get(t, t).lower() for t in args["temps"]))
    if args.get("diplome"):
        parts.append("diplôme exigé" if args["diplome"] == "oui" else "sans diplôme exigé")
    if args.get("permis"):
        parts.append("permis B" if kind == AlertKind.PROFILES or args["permis"] == "oui" else "sans permis exigé")
    if args.get("dispo"):
        parts.append(f"disponible avant le {args['dispo']}")
    everything = {
        AlertKind.OFFERS: "Toutes les offres",
        AlertKind.EVENTS: "Tous les événements",
        AlertKind.PROFILES: "Tous les profils",
    }[kind]
    return " ; ".join(parts) if parts else everything


# --- subscribing ---------------------------------------------------------------------------------


def frequencies(kind: str) -> tuple[str, ...]:
    """Members' alerts on the CV-thèque come as digests; offers and events may come at once."""
    return Frequency.DIGESTS if kind == AlertKind.PROFILES else tuple(Frequency)


def frequency_choices(kind: str) -> list[tuple[str, str]]:
    return Frequency.choices(Frequency(value) for value in frequencies(kind))


def _check(kind: str, frequency: str) -> None:
    if kind not in AlertKind.labels():
        raise AlertRefused("Type d'alerte inconnu.")
    if frequency not in frequencies(kind):
        raise AlertRefused("Choisissez une fréquence proposée.")


def _same_criteria(stmt, kind: str, args: dict) -> AlertSubscription | None:
    """Of the alerts the statement selects, the one of this kind with these very criteria."""
    key = criteria_key(args)
    return next(
        (a for a in db.session.scalars(stmt.where(AlertSubscription.kind == kind)) if criteria_key(a.criteria) == key),
        None,
    )


def existing_alert(user: User, kind: str, args: dict) -> AlertSubscription | None:
    return _same_criteria(sa.select(AlertSubscription).where(AlertSubscription.user_id == user.id), kind, args)


def create_alert(
    user: User, kind: str, args: dict, frequency: str, name: str = "", saved_search_id: int | None = None
) -> AlertSubscription:
    """An alert of an account: its address is verified, so it starts at once."""
    _check(kind, frequency)
    if (
        saved_search_id is not None
        and db.session.scalar(
            sa.select(AlertSubscription.id).where(AlertSubscription.saved_search_id == saved_search_id)
        )
        is not None
    ):
        raise AlertRefused("Cette recherche a déjà son alerte : changez sa fréquence depuis « Mes alertes ».")
    if existing_alert(user, kind, args) is not None:
        raise AlertRefused("Vous avez déjà une alerte pour ces critères : retrouvez-la dans « Mes alertes ».")
    now = utcnow()
    alert = AlertSubscription(
        user_id=user.id,
        email=user.email,
        kind=kind,
        criteria=args,
        frequency=frequency,
        name=(name.strip() or describe(kind, args))[:120],
        status=AlertStatus.ACTIVE,
        since=now,
        created_at=now,
        confirmed_at=now,
        saved_search_id=saved_search_id,
    )
    db.session.add(alert)
    db.session.flush()
    return alert


def request_visitor_alert(email: str, kind: str, args: dict, frequency: str) -> None:
    """A visitor's alert waits for the link sent to the address (double opt-in); nothing is sent before."""
    if kind == AlertKind.PROFILES:
        raise AlertRefused("Les alertes sur la CV-thèque sont réservées aux adhérents.")
    _check(kind, frequency)
    email = normalize_email(email)
    same = _same_criteria(sa.select(AlertSubscription).where(AlertSubscription.email == email), kind, args)
    if same is not None and same.status != AlertStatus.PENDING:
        return  # already subscribed: nothing to confirm, and the page says the same as for anyone
    now = utcnow()
    if same is not None:  # asked again before confirming: the same alert, and a fresh link
        alert = same
        alert.frequency, alert.since, alert.created_at = frequency, now, now
    else:
        alert = AlertSubscription(
            email=email,
            kind=kind,
            criteria=args,
            frequency=frequency,
            name=describe(kind, args)[:120],
            status=AlertStatus.PENDING,
            since=now,
            created_at=now,
        )
        db.session.add(alert)
        db.session.flush()
    token = make_token("alert-confirm", {"aid": alert.id, "email": alert.email})
    # The minute in the key: asking again sends a fresh link, but not ten in a row.
    queue_mail(
        alert.email,
        "alert_confirm",
        "Confirmez votre alerte",
        dedup_key=f"alert-confirm:{alert.id}:{now:%Y%m%d%H%M}",
        about_user_id=alert.user_id,
        alert=alert,
        confirm_url=url_for("alerts.confirm", token=token, _external=True),
        max_age_days=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400,
    )
    db.session.flush()


def alert_to_confirm(token: str) -> AlertSubscription:
    """The alert a confirmation link is for. Raises TokenError for a bad or expired link, or one whose alert is gone."""
    payload = read_token("alert-confirm", token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    alert = db.session.get(AlertSubscription, payload.get("aid")) if isinstance(payload, dict) else None
    if alert is None or alert.email != payload.get("email"):
        raise TokenError(expired=False)
    return alert


def confirm_alert(token: str) -> AlertSubscription:
    """Raises TokenError for a bad or expired link, or one whose alert is gone."""
    alert = alert_to_confirm(token)
    if alert.status == AlertStatus.PENDING:
        alert.status, alert.confirmed_at = AlertStatus.ACTIVE, utcnow()
        alert.since = alert.confirmed_at
        db.session.flush()
    return alert


def alerts_of(user: User) -> list[AlertSubscription]:
    return db.session.scalars(
        sa.select(AlertSubscription)
        .where(AlertSubscription.user_id == user.id)
        .order_by(AlertSubscription.created_at.desc(), AlertSubscription.id.desc())
    ).all()


def own_alert(user: User, alert_id: int) -> AlertSubscription | None:
    return db.session.scalar(
        sa.select(AlertSubscription).where(AlertSubscription.id == alert_id, AlertSubscription.user_id == user.id)
    )


def update_alert(alert: AlertSubscription, name: str, frequency: str) -> None:
    _check(alert.kind, frequency)
    alert.name, alert.frequency = (name.strip() or describe(alert.kind, alert.criteria))[:120], frequency
    db.session.flush()


def pause_alert(alert: AlertSubscription) -> None:
    if alert.status != AlertStatus.ACTIVE:
        raise AlertRefused("Seule une alerte active peut être mise en pause.")
    alert.status = AlertStatus.PAUSED
    db.session.flush()


def resume_alert(alert: AlertSubscription) -> None:
    """Back to active; what was published during the pause is not announced."""
    if alert.status != AlertStatus.PAUSED:
        raise AlertRefused("Seule une alerte en pause peut reprendre.")
    alert.status, alert.since = AlertStatus.ACTIVE, utcnow()
    db.session.flush()


def _forget(alert_ids: list[int]) -> None:
    """Delete alerts, and with them (ON DELETE CASCADE) what they announced; the caller commits."""
    if alert_ids:
        db.session.execute(
            sa.delete(AlertSubscription)
            .where(AlertSubscription.id.in_(alert_ids))
            .execution_options(synchronize_session="fetch")
        )


def delete_alert(alert: AlertSubscription) -> None:
    _forget([alert.id])
    db.session.flush()


def follow_saved_search(saved_search_id: int, args: dict) -> None:
    """A saved search saved again with other criteria: its alert follows; the caller commits."""
    db.session.execute(
        sa.update(AlertSubscription)
        .where(AlertSubscription.saved_search_id == saved_search_id)
        .values(criteria=args)
        .execution_options(synchronize_session="fetch")
    )


def forget_saved_search(saved_search_id: int) -> None:
    """A saved search's alert goes with it; the caller commits."""
    _forget(
        db.session.scalars(
            sa.select(AlertSubscription.id).where(AlertSubscription.saved_search_id == saved_search_id)
        ).all()
    )


def forget_person(user: User) -> None:
    """The alerts of an account being deleted, and any made as a visitor with its address; the caller commits."""
    _forget(
        db.session.scalars(
            sa.select(AlertSubscription.id).where(
                sa.or_(AlertSubscription.user_id == user.id, AlertSubscription.email == user.email)
            )
        ).all()
    )


def alerts_by_saved_search(user: User) -> dict[int, AlertSubscription]:
    return {a.saved_search_id: a for a in alerts_of(user) if a.saved_search_id is not None}


# --- unsubscribing without logging in ------------------------------------------------------------


def unsubscribe_token(alert: AlertSubscription) -> str:
    return make_token("alert-unsubscribe", {"aid": alert.id, "email": alert.email})


def read_unsubscribe_token(token: str) -> tuple[int, AlertSubscription | None]:
    """The alert's id and the alert, None when it is already gone. Raises TokenError for a tampered link."""
    payload = read_token("alert-unsubscribe", token)
    if not isinstance(payload, dict) or not isinstance(payload.get("aid"), int):
        raise TokenError(expired=False)
    alert = db.session.get(AlertSubscription, payload["aid"])
    if alert is not None and alert.email != payload.get("email"):
        alert = None  # the address changed since: this link was for the former one
    return payload["aid"], alert


def unsubscribe(alert: AlertSubscription) -> None:
    delete_alert(alert)
