"""Events: organisers publish them; candidates and visitors register, with a waiting list that moves up by itself."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, normalize_email
from portal.tokens import TokenError, make_token, read_token
from portal.clock import today_in_paris, utcnow
from portal.communes.models import Commune
from portal.events.dates import paris_day_bounds
from portal.events.signals import event_published
from portal.events.models import Event, EventRegistration, EventStatus, RegistrationStatus, event_metier
from portal.extensions import db
from portal.mail.services import queue_mail
from portal.metiers.models import Metier
from portal.search import Paging

EDITABLE_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "place", "commune_insee",
                   "registration_required", "capacity", "audiences")


class EventRefused(ValueError):
    """Why this cannot be done to the event, in French."""


class RegistrationRefused(ValueError):
    """Why this registration cannot be made or changed, in French."""


# --- organisers ----------------------------------------------------------------------------------

def _organised_by(user: User):
    """Recruiters organise their structure's events; coaches and the admin, the association's (no structure)."""
    if user.is_staff:
        return Event.structure_id.is_(None)
    return Event.structure_id == user.structure_id


def events_of(user: User) -> list[Event]:
    return db.session.scalars(sa.select(Event).where(_organised_by(user)).options(*EVENT_CARD)
                              .order_by(Event.starts_at.desc(), Event.id.desc())).unique().all()


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
    event = Event(structure_id=None if user.is_staff else user.structure_id, created_by_id=user.id,
                  status=EventStatus.DRAFT, metiers=_metiers(metier_ids),
                  **{name: fields[name] for name in EDITABLE_FIELDS})
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
    confirmed, waiting = _count(event, RegistrationStatus.CONFIRMED), _count(event, RegistrationStatus.WAITING)
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
        db.session.execute(sa.update(EventRegistration).where(EventRegistration.event_id == event.id)
                           .values(reminded_at=None))
    db.session.flush()
    if changed and event.status == EventStatus.PUBLISHED:
        _tell_practical_change(event, changed)
    _fill_free_places(event)
    db.session.flush()


def _tell_practical_change(event: Event, changed: list[str]) -> None:
    """Those registered or waiting learn the new date or place, with the facts as they are now."""
    db.session.refresh(event)
    stamp = f"{utcnow():%Y%m%d%H%M%S%f}"
    what = "date" if {"starts_at", "ends_at"} & set(changed) else "lieu"
    if what == "date" and {"place", "commune_insee"} & set(changed):
        what = "date et lieu"
    for registration in _registrations(event, RegistrationStatus.ACTIVE):
        queue_mail(registration.email, "event_changed", f"Changement de {what} : {event.title}",
                   dedup_key=f"event-changed:{registration.id}:{stamp}",
                   about_user_id=registration.user_id, registration=registration, event=event,
                   what=what, cancel_url=_cancel_url(registration), **_event_urls(event))


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
    for registration in _registrations(event, RegistrationStatus.ACTIVE):
        queue_mail(registration.email, "event_cancelled", f"Annulation : {event.title}",
                   dedup_key=f"event-cancelled:{event.id}:{registration.id}",
                   about_user_id=registration.user_id, registration=registration,
                   event=event, agenda_url=url_for("events.agenda", _external=True))
        told += 1
    db.session.flush()
    return told


# --- the registrations' rules --------------------------------------------------------------------

def lock_registrations(event: Event) -> None:
    """Serialise the changes to one event's registrations, on SQLite and on PostgreSQL alike.

    Writing to the event row first takes its row lock on PostgreSQL, and the database's write lock on
    SQLite, until the commit: two requests can no longer both count a free place and both take it.
    The event is then read again, so that its capacity and status are the committed ones. A refusal found
    under the lock rolls back at once: the lock is released and nothing of the attempt is kept.
    """
    db.session.execute(sa.update(Event).where(Event.id == event.id).values(registrations_changed_at=utcnow())
                       .execution_options(synchronize_session=False))
    db.session.refresh(event)


def _count(event: Event, status: str) -> int:
    return db.session.scalar(sa.select(sa.func.count(EventRegistration.id)).where(
        EventRegistration.event_id == event.id, EventRegistration.status == status))


def _registrations(event: Event, statuses) -> list[EventRegistration]:
    return db.session.scalars(sa.select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.status.in_(statuses))
        .order_by(EventRegistration.queued_at, EventRegistration.id)).unique().all()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _count(event, RegistrationStatus.CONFIRMED) < event.capacity


def waiting_rank(registration: EventRegistration) -> int | None:
    """1 for the first in line."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = db.session.scalar(sa.select(sa.func.count(EventRegistration.id)).where(
        EventRegistration.event_id == registration.event_id, EventRegistration.status == RegistrationStatus.WAITING,
        sa.or_(EventRegistration.queued_at < registration.queued_at,
               sa.and_(EventRegistration.queued_at == registration.queued_at,
                       EventRegistration.id < registration.id))))
    return ahead + 1


def _cancel_url(registration: EventRegistration) -> str:
    token = make_token("event-cancel", {"rid": registration.id, "email": registration.email})
    return url_for("events.cancel_by_link", token=token, _external=True)


def _event_urls(event: Event) -> dict:
    return {"event_url": url_for("events.detail", event_id=event.id, slug=event.slug, _external=True),
            "ics_url": url_for("events.ics", event_id=event.id, _external=True)}


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
    queue_mail(registration.email, "event_registered",
               f"{'Inscription confirmée' if confirmed else 'Liste d’attente'} : {event.title}",
               dedup_key=f"event-registered:{registration.id}:{now:%Y%m%d%H%M%S%f}",
               about_user_id=registration.user_id, registration=registration,
               event=event, rank=waiting_rank(registration), cancel_url=_cancel_url(registration),
               **_event_urls(event))


def _fill_free_places(event: Event) -> int:
    """Under the event's lock: the first ones waiting take the free places, and are told. Returns how many."""
    if not event.accepts_registrations(utcnow()):
        return 0
    moved = 0
    for registration in _registrations(event, [RegistrationStatus.WAITING]):
        if not _has_free_place(event):
            break
        registration.status, registration.confirmed_at, registration.queued_at = \
            RegistrationStatus.CONFIRMED, utcnow(), None
        db.session.flush()
        queue_mail(registration.email, "event_promoted", f"Une place s'est libérée : {event.title}",
                   dedup_key=f"event-promoted:{registration.id}:{registration.confirmed_at:%Y%m%d%H%M%S%f}",
                   about_user_id=registration.user_id, registration=registration, event=event,
                   cancel_url=_cancel_url(registration),
                   **_event_urls(event))
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
    return db.session.scalar(sa.select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.email == email))


def registration_of(user: User, event: Event) -> EventRegistration | None:
    return db.session.scalar(sa.select(EventRegistration).where(
        EventRegistration.event_id == event.id,
        sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email)))


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
        raise RegistrationRefused("Vous êtes déjà inscrit·e à cet événement." if registration.status ==
                                  RegistrationStatus.CONFIRMED else "Vous êtes déjà sur la liste d'attente.")
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
        registration = EventRegistration(event_id=event.id, email=email, name=name,
                                         status=RegistrationStatus.PENDING_EMAIL)
        try:
            with db.session.begin_nested():
                db.session.add(registration)
        except sa.exc.IntegrityError:  # the same address, twice at once
            registration = _row_for(event, email)
    elif not registration.is_active:
        registration.name, registration.status = name, RegistrationStatus.PENDING_EMAIL
    now = utcnow()
    if registration.is_active:
        queue_mail(email, "event_already_registered", f"Votre inscription : {event.title}",
                   dedup_key=f"event-again:{registration.id}:{now:%Y%m%d%H%M%S%f}",
                   about_user_id=registration.user_id, registration=registration,
                   event=event, rank=waiting_rank(registration), cancel_url=_cancel_url(registration),
                   **_event_urls(event))
    else:
        token = make_token("event-registration", {"rid": registration.id, "email": email})
        queue_mail(email, "event_verify", f"Confirmez votre inscription : {event.title}",
                   dedup_key=f"event-verify:{registration.id}:{now:%Y%m%d%H%M%S%f}",
                   about_user_id=registration.user_id, registration=registration,
                   event=event, confirm_url=url_for("events.confirm_by_link", token=token, _external=True),
                   max_age_days=current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400, **_event_urls(event))
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
    registration.status, registration.cancelled_at, registration.queued_at = \
        RegistrationStatus.CANCELLED, utcnow(), None
    db.session.flush()
    if was_confirmed:
        _fill_free_places(registration.event)


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
    return db.session.scalars(sa.select(EventRegistration).join(EventRegistration.event).where(
        sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email),
        EventRegistration.status != RegistrationStatus.PENDING_EMAIL)
        .options(*[joinedload(EventRegistration.event).options(o) for o in EVENT_CARD])
        .order_by(Event.starts_at.desc())).unique().all()


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
    db.session.execute(sa.delete(EventRegistration).where(
        sa.or_(EventRegistration.user_id == user.id, EventRegistration.email == user.email)))


def registrants(event: Event) -> dict[str, list[EventRegistration]]:
    """The organiser's view: confirmed, waiting (in order), cancelled; addresses never confirmed are left out."""
    rows = db.session.scalars(sa.select(EventRegistration).where(EventRegistration.event_id == event.id)
                              .order_by(EventRegistration.queued_at, EventRegistration.confirmed_at,
                                        EventRegistration.id)).unique().all()
    return {status: [r for r in rows if r.status == status]
            for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED)}


# --- reminders -----------------------------------------------------------------------------------

def send_reminders(today: date | None = None) -> int:
    """One mail per confirmed registration to the events of tomorrow (Paris); returns how many were queued.

    Run twice, it sends once: a reminded registration is marked, and the outbox drops a second
    message with the same key even from a concurrent run.
    """
    start, end = paris_day_bounds((today or today_in_paris()) + timedelta(days=1))
    rows = db.session.scalars(sa.select(EventRegistration).join(EventRegistration.event).where(
        Event.status == EventStatus.PUBLISHED, Event.starts_at >= start, Event.starts_at < end,
        EventRegistration.status == RegistrationStatus.CONFIRMED, EventRegistration.reminded_at.is_(None))
        .order_by(EventRegistration.id)).unique().all()
    for registration in rows:
        event = registration.event
        queue_mail(registration.email, "event_reminder", f"C'est demain : {event.title}",
                   dedup_key=f"event-reminder:{registration.id}:{event.starts_at:%Y%m%d%H%M}",
                   about_user_id=registration.user_id, registration=registration, event=event,
                   cancel_url=_cancel_url(registration),
                   **_event_urls(event))
        registration.reminded_at = utcnow()
    db.session.flush()
    return len(rows)


# --- finding events ------------------------------------------------------------------------------

PER_PAGE = 20
# What a list shows of each event besides the event itself: loaded with the events, never one query per row.
EVENT_CARD = (joinedload(Event.structure), joinedload(Event.commune))


@dataclass
class EventCriteria:
    kinds: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    metiers: list[str] = field(default_factory=list)  # slugs

    @classmethod
    def from_args(cls, args: dict) -> "EventCriteria":
        """The inverse of as_args, for criteria saved from it (alerts)."""
        return cls(kinds=list(args.get("type", [])), zones=list(args.get("zone", [])),
                   metiers=list(args.get("metier", [])))

    def as_args(self) -> dict:
        args = {"type": self.kinds, "zone": self.zones, "metier": self.metiers}
        return {key: value for key, value in args.items() if value}


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
        stmt = stmt.where(Event.id.in_(sa.select(event_metier.c.event_id).join(Metier)
                                       .where(Metier.slug.in_(criteria.metiers))))
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
    return db.session.scalars(sa.select(Event).where(_visible(), Event.ends_at >= utcnow() - timedelta(days=30))
                              .options(selectinload(Event.metiers), *EVENT_CARD).order_by(Event.starts_at)).unique().all()
