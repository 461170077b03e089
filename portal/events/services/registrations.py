"""Events: candidates and visitors register, with a waiting list that moves up by itself; reminders."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, normalize_email
from portal.clock import today_in_paris, utcnow
from portal.events.dates import paris_day_bounds
from portal.events.models import Event, EventRegistration, EventStatus, RegistrationStatus
from portal.events.services.agenda import EVENT_CARD
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.tokens import TokenError, make_token, read_token


class RegistrationRefused(ValueError):
    """Why this registration cannot be made or changed, in French."""


# --- the registrations' rules --------------------------------------------------------------------


def lock_registrations(event: Event) -> None:
    """Serialise the changes to one event's registrations, on SQLite and on PostgreSQL alike.

    Writing to the event row first takes its row lock on PostgreSQL, and the database's write lock on
    SQLite, until the commit: two requests can no longer both count a free place and both take it.
    The event is then read again, so that its capacity and status are the committed ones. A refusal found
    under the lock rolls back at once: the lock is released and nothing of the attempt is kept.
    """
    db.session.execute(
        sa.update(Event)
        .where(Event.id == event.id)
        .values(registrations_changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(event)


def count_registrations(event: Event, status: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(EventRegistration.id)).where(
            EventRegistration.event_id == event.id, EventRegistration.status == status
        )
    )


def registrations_in(event: Event, statuses) -> list[EventRegistration]:
    return (
        db.session.scalars(
            sa.select(EventRegistration)
            .where(EventRegistration.event_id == event.id, EventRegistration.status.in_(statuses))
            .order_by(EventRegistration.queued_at, EventRegistration.id)
        )
        .unique()
        .all()
    )


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or count_registrations(event, RegistrationStatus.CONFIRMED) < event.capacity


def waiting_rank(registration: EventRegistration) -> int | None:
    """1 for the first in line."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(EventRegistration.id)).where(
            EventRegistration.event_id == registration.event_id,
            EventRegistration.status == RegistrationStatus.WAITING,
            sa.or_(
                EventRegistration.queued_at < registration.queued_at,
                sa.and_(EventRegistration.queued_at == registration.queued_at, EventRegistration.id < registration.id),
            ),
        )
    )
    return ahead + 1


def registration_cancel_url(registration: EventRegistration) -> str:
    token = make_token("event-cancel", {"rid": registration.id, "email": registration.email})
    return url_for("events.cancel_by_link", token=token, _external=True)


def event_urls(event: Event) -> dict:
    return {
        "event_url": url_for("events.detail", event_id=event.id, slug=event.slug, _external=True),
        "ics_url": url_for("events.ics", event_id=event.id, _external=True),
    }


def _take_place_or_queue(event: Event, registration: EventRegistration) -> None:
    """Under the event's lock: a free place, else the end of the waiting list; the person gets a mail."""
    now = utcnow()
    registration.cancelled_at = None
    with db.session.no_autoflush:  # a new registration has no state yet: it must not count itself
        free = _has_free_place(event)
    if free:
        registration.status, registration.confirmed_at, registration.queued_at = RegistrationStatus.CONFIRMED, now, None
    else:
        registration.status, registration.queued_at = RegistrationStatus.WAITING, now
    db.session.flush()
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    queue_mail(
        registration.email,
        "event_registered",
        f"{'Inscription confirmée' if confirmed else 'Liste d’attente'} : {event.title}",
        dedup_key=f"event-registered:{registration.id}:{now:%Y%m%d%H%M%S%f}",
        about_user_id=registration.user_id,
        registration=registration,
        event=event,
        rank=waiting_rank(registration),
        cancel_url=registration_cancel_url(registration),
        **event_urls(event),
    )


def fill_free_places(event: Event) -> int:
    """Under the event's lock: the first ones waiting take the free places, and are told. Returns how many."""
    if not event.accepts_registrations(utcnow()):
        return 0
    moved = 0
    for registration in registrations_in(event, [RegistrationStatus.WAITING]):
        if not _has_free_place(event):
            break
        registration.status, registration.confirmed_at, registration.queued_at = (
            RegistrationStatus.CONFIRMED,
            utcnow(),
            None,
        )
        db.session.flush()
        queue_mail(
            registration.email,
            "event_promoted",
            f"Une place s'est libérée : {event.title}",
            dedup_key=f"event-promoted:{registration.id}:{registration.confirmed_at:%Y%m%d%H%M%S%f}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            cancel_url=registration_cancel_url(registration),
            **event_urls(event),
        )
        moved += 1
    return moved


def _check_open(event: Event) -> None:
    if not event.organiser_approved:
        raise RegistrationRefused("Cet événement n'est plus en ligne : les inscriptions sont fermées.")
    if event.status == EventStatus.CANCELLED:
        raise RegistrationRefused("Cet événement est annulé.")
    if not event.registration_required:
        raise RegistrationRefused("Cet événement est sans inscription : venez librement.")
    if not event.accepts_registrations(utcnow()):
        raise RegistrationRefused("Les inscriptions à cet événement sont closes.")


def _row_for(event: Event, email: str) -> EventRegistration | None:
    return db.session.scalar(
        sa.select(EventRegistration).where(EventRegistration.event_id == event.id, EventRegistration.email == email)
    )


def registration_of(user: User, event: Event) -> EventRegistration | None:
    return db.session.scalar(
        sa.select(EventRegistration).where(
            EventRegistration.event_id == event.id,
            sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email),
        )
    )


def register_user(event: Event, user: User) -> EventRegistration:
    """A logged-in person, whose address is known: a place, or a rank on the waiting list, at once."""
    lock_registrations(event)
    try:
        _check_open(event)
    except RegistrationRefused:
        db.session.rollback()
        raise
    registration = registration_of(user, event)
    if registration is not None and registration.is_active:
        db.session.rollback()
        raise RegistrationRefused(
            "Vous êtes déjà inscrit·e à cet événement."
            if registration.status == RegistrationStatus.CONFIRMED
            else "Vous êtes déjà sur la liste d'attente."
        )
    if registration is None:
        registration = EventRegistration(event_id=event.id, email=user.email)
        db.session.add(registration)
    registration.user_id, registration.name, registration.email = user.id, user.full_name, user.email
    _take_place_or_queue(event, registration)
    db.session.flush()
    return registration


def request_registration(event: Event, name: str, email: str) -> None:
    """A visitor: nothing is reserved until they open the link sent to the address.

    An address already registered gets a reminder of its registration instead; the page says the same
    in both cases, so that nobody learns from it who registered.
    """
    _check_open(event)
    email = normalize_email(email)
    name = " ".join(name.split())
    registration = _row_for(event, email)
    if registration is None:
        registration = EventRegistration(
            event_id=event.id, email=email, name=name, status=RegistrationStatus.PENDING_EMAIL
        )
        try:
            with db.session.begin_nested():
                db.session.add(registration)
        except sa.exc.IntegrityError:  # the same address, twice at once
            registration = _row_for(event, email)
    elif not registration.is_active:
        registration.name, registration.status = name, RegistrationStatus.PENDING_EMAIL
    now = utcnow()
    if registration.is_active:
        queue_mail(
            email,
            "event_already_registered",
            f"Votre inscription : {event.title}",
            dedup_key=f"event-again:{registration.id}:{now:%Y%m%d%H%M%S%f}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            rank=waiting_rank(registration),
            cancel_url=registration_cancel_url(registration),
            **event_urls(event),
        )
    else:
        token = make_token("event-registration", {"rid": registration.id, "email": email})
        queue_mail(
            email,
            "event_verify",
            f"Confirmez votre inscription : {event.title}",
            dedup_key=f"event-verify:{registration.id}:{now:%Y%m%d%H%M%S%f}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            confirm_url=url_for("events.confirm_by_link", token=token, _external=True),
            max_age_days=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400,
            **event_urls(event),
        )
    db.session.flush()


def _from_token(purpose: str, token: str, max_age: int) -> EventRegistration:
    payload = read_token(purpose, token, max_age)
    registration = db.session.get(EventRegistration, payload.get("rid")) if isinstance(payload, dict) else None
    if registration is None or registration.email != payload.get("email"):
        raise TokenError(expired=False)
    return registration


def registration_to_confirm(token: str) -> EventRegistration:
    """The registration a visitor's confirmation link is for; raises TokenError for a bad or expired link."""
    return _from_token("event-registration", token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])


def confirm_registration(token: str) -> EventRegistration:
    """The visitor confirmed through the link: the address is theirs; a place or the waiting list, now.

    Raises TokenError for a bad or expired link, RegistrationRefused when the event closed meanwhile.
    """
    registration = registration_to_confirm(token)
    if registration.status != RegistrationStatus.PENDING_EMAIL:
        return registration  # opened twice, or cancelled since: nothing changes
    event = registration.event
    lock_registrations(event)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.PENDING_EMAIL:
        db.session.rollback()
        return registration
    try:
        _check_open(event)
    except RegistrationRefused:
        db.session.rollback()
        raise
    account = find_user_by_email(registration.email)
    if account is not None:  # so that it shows in their account too
        registration.user_id = account.id
    _take_place_or_queue(event, registration)
    db.session.flush()
    return registration


def registration_from_cancel_link(token: str) -> EventRegistration:
    """Raises TokenError for a bad or expired link."""
    return _from_token("event-cancel", token, current_app.config["EVENT_CANCEL_LINK_MAX_AGE"])


def _cancel(registration: EventRegistration) -> None:
    """Under the event's lock, without committing: the place, if any, goes to the first one waiting."""
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status, registration.cancelled_at, registration.queued_at = (
        RegistrationStatus.CANCELLED,
        utcnow(),
        None,
    )
    db.session.flush()
    if was_confirmed:
        fill_free_places(registration.event)


def cancel_registration(registration: EventRegistration) -> None:
    event = registration.event
    lock_registrations(event)
    db.session.refresh(registration)
    if not registration.is_active:
        db.session.rollback()
        raise RegistrationRefused("Cette inscription est déjà annulée.")
    if event.is_past(utcnow()):
        db.session.rollback()
        raise RegistrationRefused("Cet événement est terminé.")
    _cancel(registration)
    db.session.flush()


def registrations_of(user: User) -> list[EventRegistration]:
    """A person's registrations, from their account or their address; the coming events first."""
    return (
        db.session.scalars(
            sa.select(EventRegistration)
            .join(EventRegistration.event)
            .where(
                sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email),
                EventRegistration.status != RegistrationStatus.PENDING_EMAIL,
            )
            .options(*[joinedload(EventRegistration.event).options(o) for o in EVENT_CARD])
            .order_by(Event.starts_at.desc())
        )
        .unique()
        .all()
    )


def own_registration(user: User, registration_id: int) -> EventRegistration | None:
    return next((r for r in registrations_of(user) if r.id == registration_id), None)


def forget_person(user: User) -> None:
    """For an account being deleted, without committing: the places go to the waiting lists, the rows go."""
    for registration in registrations_of(user):
        if registration.is_active and not registration.event.is_past(utcnow()):
            lock_registrations(registration.event)
            db.session.refresh(registration)
            if registration.is_active:
                _cancel(registration)
    db.session.execute(
        sa.delete(EventRegistration).where(
            sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email)
        )
    )


def registrants(event: Event) -> dict[str, list[EventRegistration]]:
    """The organiser's view: confirmed, waiting (in order), cancelled; addresses never confirmed are left out."""
    rows = (
        db.session.scalars(
            sa.select(EventRegistration)
            .where(EventRegistration.event_id == event.id)
            .order_by(EventRegistration.queued_at, EventRegistration.confirmed_at, EventRegistration.id)
        )
        .unique()
        .all()
    )
    return {
        status: [r for r in rows if r.status == status]
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED)
    }


# --- reminders -----------------------------------------------------------------------------------


def send_reminders(today: date | None = None) -> int:
    """One mail per confirmed registration to the events of tomorrow (Paris); returns how many were queued.

    Run twice, it sends once: a reminded registration is marked, and the outbox drops a second
    message with the same key even from a concurrent run.
    """
    start, end = paris_day_bounds((today or today_in_paris()) + timedelta(days=1))
    rows = (
        db.session.scalars(
            sa.select(EventRegistration)
            .join(EventRegistration.event)
            .where(
                Event.status == EventStatus.PUBLISHED,
                Event.starts_at >= start,
                Event.starts_at < end,
                EventRegistration.status == RegistrationStatus.CONFIRMED,
                EventRegistration.reminded_at.is_(None),
            )
            .order_by(EventRegistration.id)
        )
        .unique()
        .all()
    )
    for registration in rows:
        event = registration.event
        queue_mail(
            registration.email,
            "event_reminder",
            f"C'est demain : {event.title}",
            dedup_key=f"event-reminder:{registration.id}:{event.starts_at:%Y%m%d%H%M}",
            about_user_id=registration.user_id,
            registration=registration,
            event=event,
            cancel_url=registration_cancel_url(registration),
            **event_urls(event),
        )
        registration.reminded_at = utcnow()
    db.session.flush()
    return len(rows)
