"""What the tests put in the database the way people would (candidates, offers, events), and what they read back."""

import re
from datetime import time, timedelta

import sqlalchemy as sa
from werkzeug.http import parse_options_header

from portal.accounts.models import User
from portal.candidates import services as candidates
from portal.clock import today_in_paris, utcnow
from portal.communes.models import Commune
from portal.cvtheque.documents import INDEX as CVTHEQUE_INDEX
from portal.events.dates import paris_to_utc
from portal.events.models import Event, EventRegistration, EventStatus
from portal.extensions import db
from portal.metiers.models import Metier
from portal.offers import services as offers
from portal.search import SearchRequest, open_index
from tests import documents
from tests.conftest import links_in, outbox, page, path_of

# --- candidates ----------------------------------------------------------------------------------


def indexed_profiles() -> dict[int, dict]:
    """What the CV-thèque index holds: the stored fields of every document, by profile id."""
    return {
        int(hit.id): hit.fields for hit in open_index(CVTHEQUE_INDEX).search(SearchRequest(per_page=1_000_000)).hits
    }


def visible_candidate(
    make,
    *,
    first_name="Camille",
    last_name="Martin",
    metiers=("aide-soignant",),
    commune="61001",
    presentation="",
    cv_lines=None,
    anonymous=False,
    contracts=("cdi",),
    times=("plein",),
    available=None,
    licence=False,
    diplomas="",
    visible=True,
    **user_kw,
):
    user = make.candidate(first_name=first_name, last_name=last_name, **user_kw)
    profile = candidates.profile_of(user)
    ids = [m.id for m in db.session.query(Metier).filter(Metier.slug.in_(metiers))]
    insee = db.session.get(Commune, commune).insee if commune else None
    candidates.save_profile(
        profile,
        metier_ids=ids,
        commune_insee=insee,
        presentation=presentation,
        contract_types=list(contracts),
        working_times=list(times),
        available_from=available,
        driving_licence=licence,
        diplomas=diplomas,
    )
    if cv_lines is not None:
        candidates.add_cv(profile, documents.pdf(cv_lines), "cv.pdf")
    if visible:
        candidates.set_visibility(profile, visible=True, anonymous=anonymous, accepts_offers=True)
    db.session.commit()  # the services flush; the requests that follow read what was committed
    return user, profile


# --- offers --------------------------------------------------------------------------------------


def publish(
    member,
    title,
    *,
    metier="aide-soignant",
    commune="61001",
    contract="cdi",
    time="plein",
    description="Vous accompagnez les résidents dans les gestes du quotidien, au sein d'une équipe soudée.",
    diploma_required=False,
    licence_required=False,
    expires_in=60,
    salary=(None, None),
):
    offer = offers.create_offer(
        member,
        title=title,
        metier_id=db.session.query(Metier).filter_by(slug=metier).one().id,
        contract_type=contract,
        working_time=time,
        weekly_hours=35,
        schedule_notes="",
        commune_insee=commune,
        salary_min=salary[0],
        salary_max=salary[1],
        start_date=None,
        description=description,
        diploma_required=diploma_required,
        diploma="DEAS" if diploma_required else "",
        licence_required=licence_required,
        expires_on=today_in_paris() + timedelta(days=expires_in),
    )
    offers.publish_offer(offer)
    db.session.commit()  # as the view does
    return offer


def titles(client, **params) -> list[str]:
    response = client.get("/offres/", query_string=params)
    assert response.status_code == 200
    return re.findall(r'class="card-title"><a href="/offres/\d+">([^<]+)</a>', page(response))


# --- events --------------------------------------------------------------------------------------


def make_event(
    *,
    structure=None,
    title="Portes ouvertes de l'EHPAD",
    kind="portes-ouvertes",
    days=7,
    start=time(14),
    end=time(17),
    insee="61169",
    capacity=None,
    registration_required=True,
    status=EventStatus.PUBLISHED,
    metiers=(),
    audiences=("tout-public",),
    description="Visite de l'établissement et rencontre avec l'équipe de soin.",
    **fields,
) -> Event:
    day = today_in_paris() + timedelta(days=days)
    event = Event(
        structure_id=structure.id if structure else None,
        kind=kind,
        title=title,
        description=description,
        starts_at=paris_to_utc(day, start),
        ends_at=paris_to_utc(day, end),
        place="12 rue des Tilleuls",
        commune_insee=insee,
        capacity=capacity,
        registration_required=registration_required,
        status=status,
        audiences=list(audiences),
        metiers=db.session.scalars(sa.select(Metier).where(Metier.slug.in_(metiers))).all(),
        **fields,
    )
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
        "kind": "portes-ouvertes",
        "title": "Portes ouvertes de l'EHPAD",
        "description": "Visite des unités de vie et rencontre avec les aides-soignantes.\n\nApportez un CV.",
        "start_date": day,
        "start_time": "14:00",
        "end_time": "17:00",
        "place": "12 rue des Tilleuls",
        "commune": "Flers (61100)",
        "registration_required": "y",
        "capacity": "12",
        "metiers": [str(metier.id)],
        "audiences": ["tout-public", "jeunes"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def visitor_link(email: str) -> str:
    mail = outbox(email)[-1]
    return path_of(next(link for link in links_in(mail.body_text) if "/evenements/inscription/" in link))


# --- mail and downloads --------------------------------------------------------------------------


def digests(email: str) -> list:
    return [m for m in outbox(email) if "nouve" in m.subject]


def reset_link(user: User) -> str:
    mail = outbox(user.email)[-1]
    assert mail.subject == "Choisissez un nouveau mot de passe"
    return path_of(next(link for link in links_in(mail.body_text) if "nouveau-mot-de-passe" in link))


def attachment_name(response) -> str:
    """The file name a browser saves a download under (filename*, else filename)."""
    _, options = parse_options_header(response.headers["Content-Disposition"])
    assert response.headers["Content-Disposition"].startswith("attachment")
    return options["filename*"] if "filename*" in options else options["filename"]


# --- accompaniment -------------------------------------------------------------------------------


def accompanied(
    make,
    *,
    coach=None,
    user=None,
    first_name="Léa",
    last_name="Martin",
    email="lea.martin@exemple.fr",
    phone="06 12 34 56 78",
    commune="61001",
    metiers=("aide-soignant",),
    publics=("rqth", "rsa"),
    barriers=("mobilite",),
    aids="Aide au permis de conduire",
):
    """A record opened by a coach (of Alençon unless given), with sensitive facts that must stay with the staff."""
    from portal.accompaniment.services.records import Consent, Person, Situation, open_record

    coach = coach or make.coach(zone="alencon")
    record = open_record(
        Person(first_name, last_name, phone=phone, email=email, commune=db.session.get(Commune, commune)),
        Situation(
            publics=list(publics),
            barriers=list(barriers),
            aids=aids,
            metiers=list(db.session.scalars(sa.select(Metier).where(Metier.slug.in_(metiers)))),
        ),
        Consent(utcnow(), "à l'oral, en entretien", "être accompagnée vers un emploi"),
        by=coach,
        user=user,
    )
    db.session.commit()
    return record


def share(record, structure):
    """The record proposed by its coach to a structure, for a job, with the person's agreement."""
    from portal.accompaniment.models import SharingPurpose
    from portal.accompaniment.services.sharing import share as share_record

    sharing = share_record(
        record, structure, SharingPurpose.JOB, "Très motivée, disponible tout de suite.", "à l'oral", record.coach
    )
    db.session.commit()
    return sharing


def shared_record(make, structure=None, **record_kw):
    """A record proposed to a member structure (a new one unless given): (record, sharing)."""
    record = accompanied(make, **record_kw)
    return record, share(record, structure or make.structure())
