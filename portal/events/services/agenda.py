"""Events: what the public finds of them, the agenda's lists, an event's page and the calendar."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.clock import utcnow
from portal.communes.models import Commune
from portal.criteria import LIST, METIERS, ZONES, Criteria, Param
from portal.events.models import Event, EventStatus, event_metier
from portal.extensions import db
from portal.metiers.models import Metier
from portal.search import Paging

PER_PAGE = 20
# What a list shows of each event besides the event itself: loaded with the events, never one query per row.
EVENT_CARD = (joinedload(Event.structure), joinedload(Event.commune))


@dataclass
class EventCriteria(Criteria):
    """The agenda's filters: no words nor commune, the kinds of event besides the métiers and zones."""

    kinds: list[str] = field(default_factory=list)

    PARAMS: ClassVar[tuple[Param, ...]] = (Param("kinds", "type", LIST), ZONES, METIERS)


@dataclass
class EventPage(Paging):
    events: list[Event]
    total: int
    page: int
    per_page: int = PER_PAGE


def _public(*statuses: str):
    """What the public may see of events, the one rule every public list, page, calendar and alert goes
    through: events in these states, of the association or of a structure it approves
    (see Event.organiser_approved)."""
    return sa.and_(Event.status.in_(statuses), Event.organiser_approved)


def _visible():
    """What the public sees: published events, and cancelled ones (they say so)."""
    return _public(EventStatus.PUBLISHED, EventStatus.CANCELLED)


def _page(stmt, page: int) -> EventPage:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    page = max(1, page)
    events = db.session.scalars(stmt.options(*EVENT_CARD).offset((page - 1) * PER_PAGE).limit(PER_PAGE)).unique().all()
    return EventPage(events=events, total=total, page=page)


def _upcoming(criteria: EventCriteria):
    """Published events not yet over, under the agenda's filters."""
    stmt = sa.select(Event).where(_public(EventStatus.PUBLISHED), Event.ends_at >= utcnow())
    if criteria.kinds:
        stmt = stmt.where(Event.kind.in_(criteria.kinds))
    if criteria.zones:
        stmt = stmt.where(Event.commune_insee.in_(sa.select(Commune.insee).where(Commune.zone.in_(criteria.zones))))
    if criteria.metiers:
        stmt = stmt.where(
            Event.id.in_(sa.select(event_metier.c.event_id).join(Metier).where(Metier.slug.in_(criteria.metiers)))
        )
    return stmt


def upcoming_events(criteria: EventCriteria, page: int = 1) -> EventPage:
    """Published events not yet over, the soonest first."""
    return _page(_upcoming(criteria).order_by(Event.starts_at, Event.id), page)


def matching_events(criteria: EventCriteria, ids: list[int]) -> list[int]:
    """Among these events, the ones the agenda shows for these criteria (what alerts announce)."""
    stmt = _upcoming(criteria).where(Event.id.in_(ids)).with_only_columns(Event.id).order_by(Event.starts_at)
    return list(db.session.scalars(stmt))


def past_events(page: int = 1) -> EventPage:
    """Events that took place, the latest first; cancelled ones are left out."""
    stmt = sa.select(Event).where(_public(EventStatus.PUBLISHED), Event.ends_at < utcnow())
    return _page(stmt.order_by(Event.starts_at.desc(), Event.id.desc()), page)


def next_events(limit: int = 3, metier_id: int | None = None) -> list[Event]:
    stmt = sa.select(Event).where(_public(EventStatus.PUBLISHED), Event.ends_at >= utcnow())
    if metier_id is not None:
        stmt = stmt.where(Event.metiers.any(Metier.id == metier_id))
    return db.session.scalars(stmt.options(*EVENT_CARD).order_by(Event.starts_at, Event.id).limit(limit)).unique().all()


def public_event(event_id: int) -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.id == event_id, _visible()))


def calendar_events() -> list[Event]:
    """The subscribable calendar: events to come, cancelled ones too (calendars then strike them out)."""
    return (
        db.session.scalars(
            sa.select(Event)
            .where(_visible(), Event.ends_at >= utcnow() - timedelta(days=30))
            .options(selectinload(Event.metiers), *EVENT_CARD)
            .order_by(Event.starts_at)
        )
        .unique()
        .all()
    )
