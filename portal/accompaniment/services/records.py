"""Opening, changing and closing an accompaniment record. Each function flushes; the caller commits once."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from portal.accompaniment.models import (
    PARTNER_ORIGINS,
    Accompaniment,
    CoachChange,
    HelpRequest,
    Origin,
    Outcome,
    Public,
    Referral,
    RequestStatus,
    Status,
)
from portal.accompaniment.services import milestones
from portal.accompaniment.services.coaches import coach_of
from portal.accompaniment.services.facts import refresh_facts
from portal.accounts.models import User
from portal.candidates.models import CandidateProfile
from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from portal.metiers.models import Metier


@dataclass
class Person:
    """Who the record is about, as the coach types it (or as a request or an account gives it)."""

    first_name: str
    last_name: str = ""
    phone: str = ""
    email: str = ""
    commune: Commune | None = None


@dataclass
class Situation:
    """What the coach records about the person's situation; publics are sensitive (staff only)."""

    origin: str = Origin.OTHER
    publics: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    aids: str = ""
    metiers: list[Metier] = field(default_factory=list)


@dataclass
class Consent:
    at: datetime
    how: str
    scope: str


class AlreadyOpen(Exception):
    """The account already has an accompaniment that is not closed: one at a time."""

    def __init__(self, record: Accompaniment):
        super().__init__(f"{record.full_name} a déjà un accompagnement en cours.")
        self.record = record


def open_record_of(user: User | None) -> Accompaniment | None:
    """The account's accompaniment that is not closed, if any."""
    if user is None or user.id is None:
        return None
    return db.session.scalar(
        sa.select(Accompaniment)
        .where(Accompaniment.user_id == user.id, Accompaniment.status != Status.CLOSED)
        .order_by(Accompaniment.id)
        .limit(1)
    )


# The sensitive facts a candidate may give in their profile, and the public of a record each one means.
PROFILE_PUBLICS = {"rqth": Public.RQTH, "rsa": Public.RSA, "mission_locale": Public.YOUTH}


def from_account(user: User) -> tuple[Person, Situation]:
    """What a candidate's account and profile already say, to start a record from."""
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    person = Person(user.first_name, user.last_name, email=user.email)
    situation = Situation(origin=Origin.WEBSITE)
    if profile is not None:
        person.commune = profile.commune
        situation.metiers = list(profile.metiers)
        situation.publics = [public for flag, public in PROFILE_PUBLICS.items() if getattr(profile, flag)]
    return person, situation


def from_request(request: HelpRequest) -> tuple[Person, Situation]:
    """What a request for help (or a partner's referral) says, to start a record from."""
    person = Person(
        request.first_name, request.last_name, phone=request.phone, email=request.email, commune=request.commune
    )
    origin = PARTNER_ORIGINS[request.partner_kind] if request.partner_kind else Origin.WEBSITE
    return person, Situation(origin=origin)


def default_coach(commune: Commune | None, by: User) -> User | None:
    """The referent a new record gets unless the coach chooses: the coach of the person's zone, else the coach
    opening it."""
    zone_coach = coach_of(commune.zone) if commune is not None else None
    return zone_coach or (by if by.role == "coach" else None)


def coach_history(record: Accompaniment) -> list[CoachChange]:
    return list(
        db.session.scalars(
            sa.select(CoachChange)
            .where(CoachChange.accompaniment_id == record.id)
            .order_by(CoachChange.changed_at, CoachChange.id)
        )
    )


def note_contact(record: Accompaniment, at: datetime | None = None) -> None:
    """A step or a contact: the record's clock of automatic closure starts again, and the person's account and
    CV-thèque profile count it as activity (nobody being accompanied is hidden or erased for inactivity)."""
    record.last_contact_at = max(record.last_contact_at or utcnow(), at or utcnow())
    if record.user is not None:
        record.user.mark_active()


def open_record(
    person: Person,
    situation: Situation,
    consent: Consent,
    by: User,
    *,
    user: User | None = None,
    request: HelpRequest | None = None,
    coach: User | None = None,
) -> Accompaniment:
    """A new record, for an account, from a request (which it answers), or for someone without an account."""
    if person.commune is None:
        raise ValueError("a record needs the person's commune (its zone)")
    existing = open_record_of(user or (request.user if request is not None else None))
    if existing is not None:
        raise AlreadyOpen(existing)
    record = Accompaniment(
        user=user,
        first_name=person.first_name,
        last_name=person.last_name,
        phone=person.phone,
        email=person.email,
        commune_insee=person.commune.insee,
        zone=person.commune.zone,
        origin=situation.origin,
        publics=list(situation.publics),
        barriers=list(situation.barriers),
        aids=situation.aids,
        metiers=list(situation.metiers),
        consent_at=consent.at,
        consent_how=consent.how,
        consent_scope=consent.scope,
        created_by_id=by.id,
        status=Status.ACTIVE,
        opened_at=utcnow(),
        last_contact_at=utcnow(),
    )
    if request is not None:
        record.user = record.user or request.user
        if request.partner_kind:
            record.origin = PARTNER_ORIGINS[request.partner_kind]
            for name in Referral.FIELDS:
                setattr(record, name, getattr(request, name))
    db.session.add(record)
    change_coach(record, coach or (by if by.role == "coach" else None) or coach_of(record.zone), by)
    if request is not None:
        db.session.flush()
        request.status = RequestStatus.OPENED
        request.accompaniment_id = record.id
        request.handled_at = utcnow()
        request.handled_by_id = by.id
    note_contact(record)
    refresh_facts(record)
    milestones.tell_adviser(record, milestones.OPENED)
    return record


def change_coach(record: Accompaniment, coach: User | None, by: User) -> None:
    """The referent coach, and a line of history each time it changes."""
    if coach is not None and record.coach_id == coach.id:
        return
    record.coach = coach
    db.session.add(record)
    db.session.flush()
    db.session.add(
        CoachChange(
            accompaniment_id=record.id,
            coach_id=coach.id if coach else None,
            coach_name=coach.full_name if coach else "Aucun coach",
            changed_by_id=by.id,
        )
    )
    db.session.flush()


def update_record(record: Accompaniment, person: Person, situation: Situation) -> None:
    record.first_name, record.last_name = person.first_name, person.last_name
    record.phone, record.email = person.phone, person.email
    if person.commune is not None:
        record.commune_insee, record.zone = person.commune.insee, person.commune.zone
    record.origin = situation.origin
    record.publics, record.barriers = list(situation.publics), list(situation.barriers)
    record.aids = situation.aids
    record.metiers = list(situation.metiers)
    refresh_facts(record)


def pause_record(record: Accompaniment) -> None:
    if record.status == Status.ACTIVE:
        record.status = Status.PAUSED
        refresh_facts(record)


def resume_record(record: Accompaniment) -> None:
    """A paused or closed record starts again (a person who comes back)."""
    if record.status != Status.ACTIVE:
        record.status, record.outcome, record.closed_at = Status.ACTIVE, None, None
        note_contact(record)
        refresh_facts(record)


def close_record(record: Accompaniment, outcome: Outcome | str, at: datetime | None = None) -> None:
    """Closed with how it ended; the referring adviser hears of it (while informed)."""
    if record.status == Status.CLOSED:
        return
    record.status, record.outcome, record.closed_at = Status.CLOSED, Outcome(outcome), at or utcnow()
    refresh_facts(record)
    milestones.tell_adviser(record, milestones.CLOSED)
