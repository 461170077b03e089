"""iCalendar (RFC 5545) files: one per event, and the feed of every event that people subscribe to."""

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from flask import url_for

from portal.clock import utcnow
from portal.events.models import Event, EventStatus

# Never the host name: a UID must not change when the site moves, or calendars would show events twice.
UID_DOMAIN = "metiers-autonomie-orne.fr"
PRODID = "-//Métiers de l'autonomie dans l'Orne//Agenda//FR"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _component(event: Event, stamp: datetime) -> icalendar.Event:
    url = url_for("events.detail", event_id=event.id, slug=event.slug, _external=True)
    component = icalendar.Event()
    component.add("uid", f"event-{event.id}@{UID_DOMAIN}")
    component.add("dtstamp", _utc(stamp))
    component.add("last-modified", _utc(event.updated_at))
    component.add("dtstart", _utc(event.starts_at))
    component.add("dtend", _utc(event.ends_at))
    component.add("summary", event.title if event.status != EventStatus.CANCELLED else f"ANNULÉ – {event.title}")
    component.add("location", f"{event.place}, {event.commune.postal_code} {event.commune.name}")
    component.add("description", f"{event.organiser_name}\n\n{event.description}\n\n{url}")
    component.add("url", url)
    component.add("categories", [event.kind_label])
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return component


def _calendar(events: Iterable[Event], name: str | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = utcnow()
    for event in events:
        calendar.add_component(_component(event, stamp))
    return calendar.to_ical()


def event_ics(event: Event) -> bytes:
    return _calendar([event])


def feed_ics(events: Iterable[Event], name: str) -> bytes:
    return _calendar(events, name)
