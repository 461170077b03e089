"""Events: organisers write, publish, change and cancel them."""

from datetime import datetime

import sqlalchemy as sa
from flask import url_for

from portal.accounts.models import User
from portal.clock import utcnow
from portal.events.models import Event, EventRegistration, EventStatus, RegistrationStatus
from portal.events.services.agenda import EVENT_CARD
from portal.events.services.registrations import (
    count_registrations,
    event_urls,
    fill_free_places,
    lock_registrations,
    registration_cancel_url,
    registrations_in,
)
from portal.events.signals import event_published
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.metiers.models import Metier

EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "commune_insee",
    "registration_required",
    "capacity",
    "audiences",
)


class EventRefused(ValueError):
    """Why this cannot be done to the event, in French."""


# --- organisers ----------------------------------------------------------------------------------


def _organised_by(user: User):
    """Recruiters organise their structure's events; coaches and the admin, the association's (no structure)."""
    if user.is_staff:
        return Event.structure_id.is_(None)
    return Event.structure_id == user.structure_id


def events_of(user: User) -> list[Event]:
    return (
        db.session.scalars(
            sa.select(Event)
            .where(_organised_by(user))
            .options(*EVENT_CARD)
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
        .unique()
        .all()
    )


def own_event(user: User, event_id: int) -> Event | None:
    """An event the user organises; any other is as if it did not exist."""
    return db.session.scalar(sa.select(Event).where(Event.id == event_id, _organised_by(user)))


def _metiers(ids: list[int]) -> list[Metier]:
    return db.session.scalars(sa.select(Metier).where(Metier.id.in_(ids))).all() if ids else []


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at <= utcnow():
        raise EventRefused("La date de début est déjà passée : choisissez une date à venir.")
    if ends_at <= starts_at:
        raise EventRefused("La fin doit venir après le début.")


def create_event(user: User, metier_ids: list[int], **fields) -> Event:
    _check_times(fields["starts_at"], fields["ends_at"])
    event = Event(
        structure_id=None if user.is_staff else user.structure_id,
        created_by_id=user.id,
        status=EventStatus.DRAFT,
        metiers=_metiers(metier_ids),
        **{name: fields[name] for name in EDITABLE_FIELDS},
    )
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, metier_ids: list[int], **fields) -> None:
    """Change what the event says; raising the capacity gives the freed places to the waiting list."""
    if event.status == EventStatus.CANCELLED:
        raise EventRefused("Cet événement est annulé : il ne peut plus être modifié.")
    if fields["starts_at"] != event.starts_at or fields["ends_at"] != event.ends_at:
        _check_times(fields["starts_at"], fields["ends_at"])
    lock_registrations(event)
    confirmed = count_registrations(event, RegistrationStatus.CONFIRMED)
    waiting = count_registrations(event, RegistrationStatus.WAITING)
    if fields["capacity"] is not None and fields["capacity"] < confirmed:
        db.session.rollback()
        raise EventRefused(f"{confirmed} personnes sont déjà inscrites : la capacité ne peut pas être inférieure.")
    if not fields["registration_required"] and confirmed + waiting:
        db.session.rollback()
        raise EventRefused("Des personnes sont inscrites : gardez l'inscription, ou annulez l'événement.")
    moved = fields["starts_at"] != event.starts_at
    practical = ("starts_at", "ends_at", "place", "commune_insee")
    changed = [name for name in practical if fields[name] != getattr(event, name)]
    for name in EDITABLE_FIELDS:
        setattr(event, name, fields[name])
    event.metiers = _metiers(metier_ids)
    if moved:  # the reminder goes out again for the new date
        db.session.execute(
            sa.update(EventRegistration).where(EventRegistration.event_id == event.id).values(reminded_at=None)
        )
    db.session.flush()
    if changed and event.status == EventStatus.PUBLISHED:
        _tell_practical_change(event, changed)
    fill_free_places(event)
    db.session.flush()


def _tell_practical_change(event: Event, changed: list[str]) -> None:
    """Those registered or waiting learn the new date or place, with the facts as they are now."""
    db.session.refresh(event)
    stamp = f"{utcnow():%Y%m%d%H%M%S%f}"
    what = "date" if {"starts_at", "ends_at"} & set(changed) else "lieu"
    if what == "date" and {"place", "commune_insee"} & set(changed):
        what = "date et lieu"
    for registration in registrations_in(event, RegistrationStatus.ACTIVE):
        queue_mail(
            registration.email,
            "event_changed",
            f"Changement de {what} : {event.title}",
            dedup_key=f"event-changed:{registration.id}:{stamp}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            what=what,
            cancel_url=registration_cancel_url(registration),
            **event_urls(event),
        )


def publish_event(event: Event) -> None:
    if event.status != EventStatus.DRAFT:
        raise EventRefused("Seul un brouillon peut être publié.")
    if event.starts_at <= utcnow():
        raise EventRefused("La date de début est passée : modifiez-la avant de publier.")
    event.status, event.published_at = EventStatus.PUBLISHED, utcnow()
    event_published.send(event)
    db.session.flush()


def delete_draft(event: Event) -> None:
    if event.status != EventStatus.DRAFT:
        raise EventRefused("Seul un brouillon peut être supprimé : annulez plutôt l'événement.")
    db.session.delete(event)
    db.session.flush()


def cancel_event(event: Event, reason: str) -> int:
    """Cancel a published event; everyone registered or waiting gets a mail. Returns how many were told."""
    if event.status != EventStatus.PUBLISHED:
        raise EventRefused("Seul un événement publié peut être annulé.")
    if event.is_past(utcnow()):
        raise EventRefused("Cet événement est terminé.")
    lock_registrations(event)
    event.status, event.cancelled_at, event.cancel_reason = EventStatus.CANCELLED, utcnow(), reason.strip()
    told = 0
    for registration in registrations_in(event, RegistrationStatus.ACTIVE):
        queue_mail(
            registration.email,
            "event_cancelled",
            f"Annulation : {event.title}",
            dedup_key=f"event-cancelled:{event.id}:{registration.id}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            agenda_url=url_for("events.agenda", _external=True),
        )
        told += 1
    db.session.flush()
    return told
