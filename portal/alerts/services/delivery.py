"""Alerts: what is new for each subscription's criteria, and the mail that announces it.

What an alert announces is what the site shows for the same criteria: offers and profiles are matched
through the search index's matcher with the pages' own filters, events through the
agenda's own query. Every announced item is written to alert_delivery in the transaction that queues
the mail, one subscriber at a time: a run interrupted, repeated or racing another never announces an
item twice, and a later run announces what an earlier one missed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from portal.accounts.models import User
from portal.alerts.models import AlertDelivery, AlertKind, AlertStatus, AlertSubscription, Frequency
from portal.alerts.services.subscriptions import criteria_key, describe, search_url, unsubscribe_token
from portal.candidates.models import CONTRACT_TYPES, WORKING_TIMES, CandidateProfile
from portal.clock import today_in_paris, utcnow
from portal.cvtheque import services as cvtheque
from portal.cvtheque.documents import INDEX as PROFILES_INDEX
from portal.database import insert_ignoring_conflicts
from portal.events import services as events
from portal.events.dates import when_fr
from portal.events.models import Event, EventStatus
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.offers import services as offers
from portal.offers.documents import INDEX as OFFERS_INDEX
from portal.offers.models import JobOffer, OfferStatus
from portal.search import Matcher, drain, open_index

# How far back a run looks for what is new: beyond a weekly period, in case a run was missed.
WINDOW = timedelta(days=35)
# At most this many items in one mail; the link to the search shows the rest.
MAIL_ITEMS = 20
COMMIT_EVERY = 50


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
        key = criteria_key(args)
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
            JobOffer.status == OfferStatus.PUBLISHED, JobOffer.published_at >= since
        )
        column = JobOffer.id
    elif kind == AlertKind.EVENTS:
        stmt = sa.select(Event.id, Event.published_at).where(
            Event.status == EventStatus.PUBLISHED, Event.published_at >= since
        )
        column = Event.id
    else:
        stmt = sa.select(CandidateProfile.id, CandidateProfile.visible_since).where(
            CandidateProfile.visible.is_(True), CandidateProfile.visible_since >= since
        )
        column = CandidateProfile.id
    if only is not None:
        stmt = stmt.where(column.in_(only))
    return NewItems(kind, dict(db.session.execute(stmt).all()))  # rows: a Result itself has keys()


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
                AlertDelivery.subscription_id.in_(alert_ids[chunk : chunk + 1000]), AlertDelivery.item_id.in_(item_ids)
            )
        ):
            done[alert_id].add(item_id)
    return done


def run_alerts(
    frequency: str,
    *,
    kinds: tuple[str, ...] = tuple(AlertKind),
    only: dict[str, list[int]] | None = None,
    now: datetime | None = None,
    on_progress=lambda n: None,
) -> RunReport:
    """Send each active subscription of this frequency what is new for it since it started; see the module."""
    now = now or utcnow()
    report = RunReport()
    for kind in kinds:
        alerts = db.session.scalars(
            sa.select(AlertSubscription)
            .where(
                AlertSubscription.kind == kind,
                AlertSubscription.frequency == frequency,
                AlertSubscription.status == AlertStatus.ACTIVE,
            )
            .order_by(AlertSubscription.id)
        ).all()
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
                fresh = [
                    i for i in items.matching(criteria) if items.published[i] >= since and i not in delivered[alert_id]
                ]
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
    key = criteria_key(alert.criteria)
    if key not in known.texts:
        known.texts[key] = describe(alert.kind, alert.criteria)
    count = len(cards)
    unsubscribe_url = url_for("alerts.unsubscribe", token=unsubscribe_token(alert), _external=True)
    subject = _subject(alert, count)
    queue_mail(
        alert.email,
        "alert_digest",
        subject,
        # The alert's creation in the key: SQLite may give a deleted alert's id to a new one.
        dedup_key=f"alert:{alert.id}:{alert.created_at:%Y%m%d%H%M%S%f}:{min(fresh)}:{max(fresh)}:{len(fresh)}",
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        about_user_id=alert.user_id,
        alert=alert,
        cards=cards[:MAIL_ITEMS],
        more=max(0, count - MAIL_ITEMS),
        frequency=frequency,
        criteria_text=known.texts[key],
        search_url=search_url(alert, _external=True),
        manage_url=url_for("alerts.mine", _external=True) if alert.user_id else None,
        unsubscribe_url=unsubscribe_url,
    )
    alert.last_sent_at = now
    return True


def _subject(alert: AlertSubscription, count: int) -> str:
    plural = count > 1
    what = {
        AlertKind.OFFERS: f"nouvelle{'s' if plural else ''} offre{'s' if plural else ''}",
        AlertKind.EVENTS: f"nouvel{'s' if plural else ''} événement{'s' if plural else ''}",
        AlertKind.PROFILES: f"nouveau{'x' if plural else ''} profil{'s' if plural else ''}",
    }[alert.kind]
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
        rows = (
            db.session.scalars(
                sa.select(JobOffer)
                .where(JobOffer.id.in_(ids))
                .options(sa.orm.joinedload(JobOffer.structure), sa.orm.joinedload(JobOffer.commune))
                .order_by(JobOffer.published_at.desc())
            )
            .unique()
            .all()
        )
        return {
            o.id: Card(
                o.title,
                [
                    f"{o.structure.name}, {o.commune.name}",
                    (
                        f"{CONTRACT_TYPES.get(o.contract_type, o.contract_type)}, "
                        f"{WORKING_TIMES.get(o.working_time, o.working_time).lower()}"
                    ),
                ],
                url_for("offers.detail", offer_id=o.id, _external=True),
                (-o.published_at.timestamp(), -o.id),
            )
            for o in rows
        }
    if kind == AlertKind.EVENTS:
        rows = (
            db.session.scalars(
                sa.select(Event)
                .where(Event.id.in_(ids))
                .order_by(Event.starts_at)
                .options(sa.orm.joinedload(Event.structure), sa.orm.joinedload(Event.commune))
            )
            .unique()
            .all()
        )
        return {
            e.id: Card(
                e.title,
                [f"{e.kind_label}, {e.organiser_name}", f"{when_fr(e.starts_at, e.ends_at)}, {e.commune.name}"],
                url_for("events.detail", event_id=e.id, slug=e.slug, _external=True),
                (e.starts_at.timestamp(), e.id),
            )
            for e in rows
        }
    rows = db.session.execute(
        sa.select(CandidateProfile, User)
        .join(User, User.id == CandidateProfile.user_id)
        .where(CandidateProfile.id.in_(ids))
        .order_by(CandidateProfile.visible_since.desc())
    ).all()
    cards = {}
    for profile, user in rows:
        # Anonymous profiles stay anonymous in mail too; sensitive facts are never read here.
        title = f"Profil anonyme n° {profile.id}" if profile.anonymous else user.full_name
        lines = [", ".join(m.title for m in profile.metiers) or "Métiers non précisés"]
        if profile.commune is not None:
            place = f"Zone {profile.commune.zone_label}" if profile.anonymous else profile.commune.name
            lines.append(f"{place}, mobilité {profile.mobility_km} km")
        cards[profile.id] = Card(
            title,
            lines,
            url_for("cvtheque.profile", profile_id=profile.id, _external=True),
            (-profile.visible_since.timestamp(), -profile.id),
        )
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
    except Exception:
        db.session.rollback()
        current_app.logger.exception("immediate alerts for %s %s not sent", kind, item_ids)
        return None
