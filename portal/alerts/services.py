"""Alerts: the criteria of a search page, and mail about what is new for them.

What an alert announces is what the site shows for the same criteria: offers and profiles are matched
through the search index's matcher with the pages' own filters, events through the
agenda's own query. Every announced item is written to alert_delivery in the transaction that queues
the mail, one subscriber at a time: a run interrupted, repeated or racing another never announces an
item twice, and a later run announces what an earlier one missed.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.models import User
from portal.accounts.services import normalize_email
from portal.tokens import TokenError, make_token, read_token
from portal.alerts.models import AlertDelivery, AlertKind, AlertStatus, AlertSubscription, Frequency
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES, CandidateProfile
from portal.clock import today_in_paris, utcnow
from portal.communes.models import ZONES
from portal.cvtheque import services as cvtheque
from portal.cvtheque.documents import INDEX as PROFILES_INDEX
from portal.events import services as events
from portal.events.dates import when_fr
from portal.events.models import KINDS, Event, EventStatus
from portal.database import insert_ignoring_conflicts
from portal.extensions import db
from portal.mail.models import OutboxMessage, OutboxStatus
from portal.mail.services import queue_mail
from portal.metiers.services import all_metiers
from portal.offers import services as offers
from portal.offers.documents import INDEX as OFFERS_INDEX
from portal.offers.models import JobOffer, OfferStatus
from portal.search import Matcher, drain, open_index

# How far back a run looks for what is new: beyond a weekly period, in case a run was missed.
WINDOW = timedelta(days=35)
# At most this many items in one mail; the link to the search shows the rest.
MAIL_ITEMS = 20
COMMIT_EVERY = 50


class AlertRefused(ValueError):
    """Why this alert cannot be made or changed, in French."""


# --- criteria ------------------------------------------------------------------------------------

def _key(args: dict) -> str:
    return json.dumps(args, sort_keys=True, ensure_ascii=False)


def search_url(subscription: AlertSubscription, **extra) -> str:
    endpoint = {AlertKind.OFFERS: "offers.search", AlertKind.EVENTS: "events.agenda",
                AlertKind.PROFILES: "cvtheque.search"}[subscription.kind]
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
    everything = {AlertKind.OFFERS: "Toutes les offres", AlertKind.EVENTS: "Tous les événements",
                  AlertKind.PROFILES: "Tous les profils"}[kind]
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
    key = _key(args)
    return next((a for a in db.session.scalars(stmt.where(AlertSubscription.kind == kind))
                 if _key(a.criteria) == key), None)


def existing_alert(user: User, kind: str, args: dict) -> AlertSubscription | None:
    return _same_criteria(sa.select(AlertSubscription).where(AlertSubscription.user_id == user.id), kind, args)


def create_alert(user: User, kind: str, args: dict, frequency: str, name: str = "",
                 saved_search_id: int | None = None) -> AlertSubscription:
    """An alert of an account: its address is verified, so it starts at once."""
    _check(kind, frequency)
    if saved_search_id is not None and db.session.scalar(sa.select(AlertSubscription.id).where(
            AlertSubscription.saved_search_id == saved_search_id)) is not None:
        raise AlertRefused("Cette recherche a déjà son alerte : changez sa fréquence depuis « Mes alertes ».")
    if existing_alert(user, kind, args) is not None:
        raise AlertRefused("Vous avez déjà une alerte pour ces critères : retrouvez-la dans « Mes alertes ».")
    now = utcnow()
    alert = AlertSubscription(user_id=user.id, email=user.email, kind=kind, criteria=args, frequency=frequency,
                              name=(name.strip() or describe(kind, args))[:120], status=AlertStatus.ACTIVE,
                              since=now, created_at=now, confirmed_at=now, saved_search_id=saved_search_id)
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
        alert = AlertSubscription(email=email, kind=kind, criteria=args, frequency=frequency,
                                  name=describe(kind, args)[:120], status=AlertStatus.PENDING, since=now,
                                  created_at=now)
        db.session.add(alert)
        db.session.flush()
    token = make_token("alert-confirm", {"aid": alert.id, "email": alert.email})
    # The minute in the key: asking again sends a fresh link, but not ten in a row.
    queue_mail(alert.email, "alert_confirm", "Confirmez votre alerte",
               dedup_key=f"alert-confirm:{alert.id}:{now:%Y%m%d%H%M}", about_user_id=alert.user_id,
               alert=alert, confirm_url=url_for("alerts.confirm", token=token, _external=True),
               max_age_days=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400)
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
    return db.session.scalars(sa.select(AlertSubscription).where(AlertSubscription.user_id == user.id)
                              .order_by(AlertSubscription.created_at.desc(), AlertSubscription.id.desc())).all()


def own_alert(user: User, alert_id: int) -> AlertSubscription | None:
    return db.session.scalar(sa.select(AlertSubscription).where(AlertSubscription.id == alert_id,
                                                                AlertSubscription.user_id == user.id))


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
        db.session.execute(sa.delete(AlertSubscription).where(AlertSubscription.id.in_(alert_ids))
                           .execution_options(synchronize_session="fetch"))


def delete_alert(alert: AlertSubscription) -> None:
    _forget([alert.id])
    db.session.flush()


def follow_saved_search(saved_search_id: int, args: dict) -> None:
    """A saved search saved again with other criteria: its alert follows; the caller commits."""
    db.session.execute(sa.update(AlertSubscription).where(AlertSubscription.saved_search_id == saved_search_id)
                       .values(criteria=args).execution_options(synchronize_session="fetch"))


def forget_saved_search(saved_search_id: int) -> None:
    """A saved search's alert goes with it; the caller commits."""
    _forget(db.session.scalars(sa.select(AlertSubscription.id).where(
        AlertSubscription.saved_search_id == saved_search_id)).all())


def forget_person(user: User) -> None:
    """The alerts of an account being deleted, and any made as a visitor with its address; the caller commits."""
    _forget(db.session.scalars(sa.select(AlertSubscription.id).where(sa.or_(
        AlertSubscription.user_id == user.id, AlertSubscription.email == user.email))).all())


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


# --- the admin: addresses whose mail bounces -----------------------------------------------------

def suspend_address(email: str) -> int:
    """Suspend every active alert sent to this address; returns how many."""
    alerts = db.session.scalars(sa.select(AlertSubscription).where(
        AlertSubscription.email == normalize_email(email),
        AlertSubscription.status.in_([AlertStatus.ACTIVE, AlertStatus.PAUSED]))).all()
    for alert in alerts:
        alert.status = AlertStatus.SUSPENDED
    db.session.flush()
    return len(alerts)


@dataclass
class Address:
    """An address that receives alerts, and what the outbox knows of mail to it that could not be delivered."""
    email: str
    active: int
    paused: int
    suspended: int
    failures: int
    last_error: str
    last_failed_at: datetime | None


def alert_addresses(query: str = "", limit: int = 100) -> list[Address]:
    """Addresses with alerts whose mail failed for good (the outbox gave up), or those containing `query`."""
    def count(status: str):
        return sa.func.sum(sa.case((AlertSubscription.status == status, 1), else_=0))

    alerts = (sa.select(AlertSubscription.email, count(AlertStatus.ACTIVE).label("active"),
                        count(AlertStatus.PAUSED).label("paused"), count(AlertStatus.SUSPENDED).label("suspended"))
              .group_by(AlertSubscription.email).subquery())
    failed = (sa.select(OutboxMessage.recipient, sa.func.count().label("failures"),
                        sa.func.max(OutboxMessage.id).label("last_id"))
              .where(OutboxMessage.status == OutboxStatus.FAILED).group_by(OutboxMessage.recipient).subquery())
    stmt = (sa.select(alerts.c.email, alerts.c.active, alerts.c.paused, alerts.c.suspended, failed.c.failures,
                      OutboxMessage.last_error, OutboxMessage.created_at)
            .select_from(alerts)
            .outerjoin(failed, failed.c.recipient == alerts.c.email)
            .outerjoin(OutboxMessage, OutboxMessage.id == failed.c.last_id)
            .order_by(failed.c.last_id.desc().nulls_last(), alerts.c.email).limit(limit))
    query = query.strip().lower()
    stmt = stmt.where(alerts.c.email.contains(query, autoescape=True)) if query else \
        stmt.where(failed.c.failures.is_not(None))
    return [Address(email, active or 0, paused or 0, suspended or 0, failures or 0, last_error or "", failed_at)
            for email, active, paused, suspended, failures, last_error, failed_at in db.session.execute(stmt)]


def reactivate_address(email: str) -> int:
    alerts = db.session.scalars(sa.select(AlertSubscription).where(
        AlertSubscription.email == normalize_email(email), AlertSubscription.status == AlertStatus.SUSPENDED)).all()
    now = utcnow()
    for alert in alerts:
        alert.status, alert.since = AlertStatus.ACTIVE, now
    db.session.flush()
    return len(alerts)


# --- matching ------------------------------------------------------------------------------------

@dataclass
class NewItems:
    """What was published in the window, by id, with when it became public."""
    kind: str
    published: dict[int, datetime]
    _matcher: Matcher | None = None
    _communes: dict = field(default_factory=dict)
    _within: dict = field(default_factory=dict)
    _plans: dict = field(default_factory=dict)

    def matching(self, args: dict) -> list[int]:
        """The new items the site shows for these criteria, the same way its search page does."""
        key = _key(args)
        if key in self._plans:
            return self._plans[key]
        ids = list(self.published)
        if not ids:
            found = []
        elif self.kind == AlertKind.EVENTS:
            found = events.matching_events(events.EventCriteria.from_args(args), ids)
        else:
            if self._matcher is None:
                index = OFFERS_INDEX if self.kind == AlertKind.OFFERS else PROFILES_INDEX
                self._matcher = open_index(index).matcher([str(i) for i in ids])
            if self.kind == AlertKind.OFFERS:
                criteria = offers.OfferCriteria.from_args(args, self._communes)
                filters = criteria.filters(today_in_paris(), self._within)
            else:
                criteria = cvtheque.Criteria.from_args(args, self._communes)
                filters = criteria.filters(self._within)
            found = [int(i) for i in self._matcher.match(criteria.q, filters)]
        self._plans[key] = found
        return found


def new_items(kind: str, since: datetime, only: list[int] | None = None) -> NewItems:
    if kind == AlertKind.OFFERS:
        stmt = sa.select(JobOffer.id, JobOffer.published_at).where(
            JobOffer.status == OfferStatus.PUBLISHED, JobOffer.published_at >= since)
        column = JobOffer.id
    elif kind == AlertKind.EVENTS:
        stmt = sa.select(Event.id, Event.published_at).where(
            Event.status == EventStatus.PUBLISHED, Event.published_at >= since)
        column = Event.id
    else:
        stmt = sa.select(CandidateProfile.id, CandidateProfile.visible_since).where(
            CandidateProfile.visible.is_(True), CandidateProfile.visible_since >= since)
        column = CandidateProfile.id
    if only is not None:
        stmt = stmt.where(column.in_(only))
    return NewItems(kind, {item_id: at for item_id, at in db.session.execute(stmt)})


# --- running -------------------------------------------------------------------------------------

@dataclass
class RunReport:
    subscriptions: int = 0
    mails: int = 0
    items: int = 0


def _delivered(alert_ids: list[int], item_ids: list[int]) -> dict[int, set[int]]:
    done = defaultdict(set)
    if not alert_ids or not item_ids:
        return done
    for chunk in range(0, len(alert_ids), 1000):
        for alert_id, item_id in db.session.execute(
                sa.select(AlertDelivery.subscription_id, AlertDelivery.item_id).where(
                    AlertDelivery.subscription_id.in_(alert_ids[chunk:chunk + 1000]),
                    AlertDelivery.item_id.in_(item_ids))):
            done[alert_id].add(item_id)
    return done


def run_alerts(frequency: str, *, kinds: tuple[str, ...] = tuple(AlertKind),
               only: dict[str, list[int]] | None = None, now: datetime | None = None,
               on_progress=lambda n: None) -> RunReport:
    """Send each active subscription of this frequency what is new for it since it started; see the module."""
    now = now or utcnow()
    report = RunReport()
    for kind in kinds:
        alerts = db.session.scalars(sa.select(AlertSubscription).where(
            AlertSubscription.kind == kind, AlertSubscription.frequency == frequency,
            AlertSubscription.status == AlertStatus.ACTIVE).order_by(AlertSubscription.id)).all()
        if not alerts:
            continue
        start = max(now - WINDOW, min(a.since for a in alerts))
        items = new_items(kind, start, None if only is None else only.get(kind, []))
        delivered = _delivered([a.id for a in alerts], list(items.published))
        # Every match first, then the mail: a commit expires what the session holds, and matching would
        # then reload it; plain values are kept for the same reason.
        plan = [(a.id, a.since, a.criteria) for a in alerts]
        due = []
        for alert_id, since, criteria in plan:
            report.subscriptions += 1
            on_progress(report.subscriptions)
            if items.published:
                fresh = [i for i in items.matching(criteria)
                         if items.published[i] >= since and i not in delivered[alert_id]]
                if fresh:
                    due.append((alert_id, fresh))
        known = _Known()
        for n, (alert_id, fresh) in enumerate(due, start=1):
            if _announce(db.session.get(AlertSubscription, alert_id), fresh, frequency, now, known):
                report.mails += 1
                report.items += len(fresh)
            # Mail and ledger commit together, so a crash loses both for the batch, which the next run
            # sends: never twice, never skipped. Batches spare a disk flush per mail. The run commits its own
            # batches (a command, or the work after a response): each batch is an operation of its own.
            if n % COMMIT_EVERY == 0:
                db.session.commit()
        db.session.commit()
    return report


@dataclass
class _Known:
    """What one run has already built for a mail, to build it once."""
    cards: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)


def _announce(alert: AlertSubscription, item_ids: list[int], frequency: str, now: datetime, known: _Known) -> bool:
    """One mail, and the items written as announced to this subscriber, in the same transaction."""
    values = [{"subscription_id": alert.id, "item_id": i, "sent_at": now} for i in item_ids]
    inserted = {row.item_id for row in insert_ignoring_conflicts(AlertDelivery, values)}
    fresh = [i for i in item_ids if i in inserted]  # another run may have just announced some
    if not fresh:
        return False
    missing = [i for i in fresh if i not in known.cards]
    if missing:
        known.cards.update(_cards(alert.kind, missing))
    cards = sorted((known.cards[i] for i in fresh if i in known.cards), key=lambda card: card.order)
    key = _key(alert.criteria)
    if key not in known.texts:
        known.texts[key] = describe(alert.kind, alert.criteria)
    count = len(cards)
    unsubscribe_url = url_for("alerts.unsubscribe", token=unsubscribe_token(alert), _external=True)
    subject = _subject(alert, count)
    queue_mail(alert.email, "alert_digest", subject,
               # The alert's creation in the key: SQLite may give a deleted alert's id to a new one.
               dedup_key=f"alert:{alert.id}:{alert.created_at:%Y%m%d%H%M%S%f}:{min(fresh)}:{max(fresh)}:{len(fresh)}",
               headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
               about_user_id=alert.user_id, alert=alert, cards=cards[:MAIL_ITEMS], more=max(0, count - MAIL_ITEMS), frequency=frequency,
               criteria_text=known.texts[key],
               search_url=search_url(alert, _external=True),
               manage_url=url_for("alerts.mine", _external=True) if alert.user_id else None,
               unsubscribe_url=unsubscribe_url)
    alert.last_sent_at = now
    return True


def _subject(alert: AlertSubscription, count: int) -> str:
    plural = count > 1
    what = {AlertKind.OFFERS: f"nouvelle{'s' if plural else ''} offre{'s' if plural else ''}",
            AlertKind.EVENTS: f"nouvel{'s' if plural else ''} événement{'s' if plural else ''}",
            AlertKind.PROFILES: f"nouveau{'x' if plural else ''} profil{'s' if plural else ''}"}[alert.kind]
    return f"{count} {what} : {alert.name}"


@dataclass
class Card:
    title: str
    lines: list[str]
    url: str
    order: tuple = ()  # newest offers and profiles first, events by date


def _cards(kind: str, ids: list[int]) -> dict[int, Card]:
    """What the mail says of each item: what its page says publicly; for profiles, what members may read."""
    if kind == AlertKind.OFFERS:
        rows = db.session.scalars(sa.select(JobOffer).where(JobOffer.id.in_(ids)).options(
            sa.orm.joinedload(JobOffer.structure), sa.orm.joinedload(JobOffer.commune))
                                  .order_by(JobOffer.published_at.desc())).unique().all()
        return {o.id: Card(o.title, [f"{o.structure.name}, {o.commune.name}",
                                     f"{CONTRACT_TYPES.get(o.contract_type, o.contract_type)}, "
                                     f"{WORKING_TIMES.get(o.working_time, o.working_time).lower()}"],
                           url_for("offers.detail", offer_id=o.id, _external=True),
                           (-o.published_at.timestamp(), -o.id)) for o in rows}
    if kind == AlertKind.EVENTS:
        rows = db.session.scalars(sa.select(Event).where(Event.id.in_(ids)).order_by(Event.starts_at).options(
            sa.orm.joinedload(Event.structure), sa.orm.joinedload(Event.commune))).unique().all()
        return {e.id: Card(e.title, [f"{e.kind_label}, {e.organiser_name}",
                                     f"{when_fr(e.starts_at, e.ends_at)}, {e.commune.name}"],
                           url_for("events.detail", event_id=e.id, slug=e.slug, _external=True),
                           (e.starts_at.timestamp(), e.id)) for e in rows}
    rows = db.session.execute(sa.select(CandidateProfile, User).join(User, User.id == CandidateProfile.user_id)
                              .where(CandidateProfile.id.in_(ids))
                              .order_by(CandidateProfile.visible_since.desc())).all()
    cards = {}
    for profile, user in rows:
        # Anonymous profiles stay anonymous in mail too; sensitive facts are never read here.
        title = f"Profil anonyme n° {profile.id}" if profile.anonymous else user.full_name
        lines = [", ".join(m.title for m in profile.metiers) or "Métiers non précisés"]
        if profile.commune is not None:
            place = f"Zone {profile.commune.zone_label}" if profile.anonymous else profile.commune.name
            lines.append(f"{place}, mobilité {profile.mobility_km} km")
        cards[profile.id] = Card(title, lines, url_for("cvtheque.profile", profile_id=profile.id, _external=True),
                                 (-profile.visible_since.timestamp(), -profile.id))
    return cards


def announce_published(kind: str, item_ids: list[int]) -> RunReport | None:
    """Immediate alerts for items just published, run as a task once their publication has committed.

    Within a request, the task runs once the response has left (portal.tasks): a thousand matching alerts
    take seconds, which the person publishing must not wait for. A failure must not undo the publishing: it
    is logged, and `alerts run --frequency immediate` announces what was missed, since nothing was written
    as announced. Running it twice announces nothing twice (alert_delivery).
    """
    try:
        if kind == AlertKind.OFFERS:  # offers are matched through the index: bring it up to the publication
            drain(OFFERS_INDEX)
        return run_alerts(Frequency.IMMEDIATE, kinds=(kind,), only={kind: item_ids})
    except Exception:  # noqa: BLE001 - see the docstring
        db.session.rollback()
        current_app.logger.exception("immediate alerts for %s %s not sent", kind, item_ids)
        return None
