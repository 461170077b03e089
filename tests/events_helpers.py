"""Events put straight in the database as an organiser would have published them, and what the tests post and read."""

from datetime import time, timedelta

import sqlalchemy as sa

from portal.clock import today_in_paris
from portal.events.dates import paris_to_utc
from portal.events.models import Event, EventRegistration, EventStatus
from portal.extensions import db
from portal.metiers.models import Metier
from tests.conftest import links_in, outbox, path_of


def make_event(*, structure=None, title="Portes ouvertes de l'EHPAD", kind="portes-ouvertes", days=7,
               start=time(14), end=time(17), insee="61169", capacity=None, registration_required=True,
               status=EventStatus.PUBLISHED, metiers=(), audiences=("tout-public",),
               description="Visite de l'établissement et rencontre avec l'équipe de soin.", **fields) -> Event:
    day = today_in_paris() + timedelta(days=days)
    event = Event(structure_id=structure.id if structure else None, kind=kind, title=title,
                  description=description,
                  starts_at=paris_to_utc(day, start), ends_at=paris_to_utc(day, end), place="12 rue des Tilleuls",
                  commune_insee=insee, capacity=capacity, registration_required=registration_required,
                  status=status, audiences=list(audiences),
                  metiers=db.session.scalars(sa.select(Metier).where(Metier.slug.in_(metiers))).all(), **fields)
    db.session.add(event)
    db.session.commit()
    return event


def registrations(event: Event, status: str | None = None) -> list[EventRegistration]:
    db.session.expire_all()  # the requests ran in their own sessions
    stmt = sa.select(EventRegistration).where(EventRegistration.event_id == event.id).order_by(EventRegistration.id)
    if status:
        stmt = stmt.where(EventRegistration.status == status)
    return db.session.scalars(stmt).unique().all()


def fresh(event: Event) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event.id)


def event_form(**overrides) -> dict:
    metier = db.session.query(Metier).filter_by(slug="aide-soignant").one()
    day = (today_in_paris() + timedelta(days=10)).isoformat()
    data = {
        "kind": "portes-ouvertes", "title": "Portes ouvertes de l'EHPAD",
        "description": "Visite des unités de vie et rencontre avec les aides-soignantes.\n\nApportez un CV.",
        "start_date": day, "start_time": "14:00", "end_time": "17:00", "place": "12 rue des Tilleuls",
        "commune": "Flers (61100)", "registration_required": "y", "capacity": "12",
        "metiers": [str(metier.id)], "audiences": ["tout-public", "jeunes"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def visitor_link(email: str) -> str:
    mail = outbox(email)[-1]
    return path_of(next(link for link in links_in(mail.body_text) if "/evenements/inscription/" in link))
