"""Pages that list things load them in a fixed number of queries: five rows cost what one row costs (no N+1)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.accompaniment.models import StepKind
from portal.accompaniment.services.pathway import add_step
from portal.clock import today_in_paris
from portal.events.models import EventRegistration, RegistrationStatus
from portal.extensions import db
from portal.offers.models import Application
from portal.structures.models import StructureStatus
from tests.helpers import make_event, publish
from tests.web.test_accompaniment_records import metier, new_record

# Distinct structures, communes and métiers for each row: a lazy load per row would show as a query per row.
COMMUNES = ["61001", "61169", "61214", "61006", "61007"]
METIERS = ["aide-soignant", "auxiliaire-de-vie", "educateur-specialise", "infirmier", "aide-soignant"]


@pytest.fixture
def count_queries(app: Flask):
    """count_queries(client, path): how many SQL statements the page ran, checking it answered 200."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)

    def count(client, path: str) -> int:
        statements.clear()
        response = client.get(path)
        assert response.status_code == 200, path
        return len(statements)

    yield count
    sa.event.remove(db.engine, "before_cursor_execute", record)


def offers(make, first: int, last: int, member=None):
    """Offers number first..last-1, each of its own structure unless a member is given."""
    return [
        publish(member or make.member(), f"Offre numéro {n}", commune=COMMUNES[n], metier=METIERS[n])
        for n in range(first, last)
    ]


def test_the_public_offers_list(client, make, count_queries):
    offers(make, 0, 1)
    one = count_queries(client, "/offres/")
    offers(make, 1, 5)
    assert "Offre numéro 4" in client.get("/offres/").get_data(as_text=True)
    assert count_queries(client, "/offres/") == one


def test_a_recruiters_offers(client, make, auth, count_queries):
    member = make.member()
    offers(make, 0, 1, member)
    auth.login(member)
    one = count_queries(client, "/compte/offres")
    offers(make, 1, 5, member)
    assert count_queries(client, "/compte/offres") == one


def test_a_candidates_applications(client, make, auth, count_queries):
    candidate = make.candidate()
    auth.login(candidate)

    def apply_to(offers_):
        for offer in offers_:
            db.session.add(Application(offer_id=offer.id, candidate_id=candidate.id))
        db.session.commit()

    apply_to(offers(make, 0, 1))
    one = count_queries(client, "/compte/candidatures")
    apply_to(offers(make, 1, 5))
    assert count_queries(client, "/compte/candidatures") == one


def events(make, first: int, last: int):
    return [
        make_event(
            structure=make.structure(),
            title=f"Événement numéro {n}",
            insee=COMMUNES[n],
            metiers=[METIERS[n]],
            days=n + 1,
        )
        for n in range(first, last)
    ]


def test_the_agenda(client, make, count_queries):
    events(make, 0, 1)
    one = count_queries(client, "/evenements/")
    events(make, 1, 5)
    assert "Événement numéro 4" in client.get("/evenements/").get_data(as_text=True)
    assert count_queries(client, "/evenements/") == one


def test_a_persons_registrations(client, make, auth, count_queries):
    candidate = make.candidate()
    auth.login(candidate)

    def register(events_):
        for event in events_:
            db.session.add(
                EventRegistration(
                    event_id=event.id,
                    user_id=candidate.id,
                    name=candidate.full_name,
                    email=candidate.email,
                    status=RegistrationStatus.CONFIRMED,
                )
            )
        db.session.commit()

    register(events(make, 0, 1))
    one = count_queries(client, "/compte/inscriptions")
    register(events(make, 1, 5))
    assert count_queries(client, "/compte/inscriptions") == one


def test_the_structures_directory_and_the_admins_list(client, make, auth, count_queries):
    def structures(first, last):
        for n in range(first, last):
            make.structure(StructureStatus.APPROVED, name=f"Structure numéro {n}", insee=COMMUNES[n])

    auth.login(make.admin())
    structures(0, 1)
    one = count_queries(client, "/structures/"), count_queries(client, "/admin/structures")
    structures(1, 5)
    assert (count_queries(client, "/structures/"), count_queries(client, "/admin/structures")) == one


def test_the_coaches_caseload(client, make, auth, count_queries):
    coach = make.coach(zone="alencon")
    auth.login(coach)

    def records(first, last):
        for n in range(first, last):
            record = new_record(coach, "Personne", f"Numéro {n}", insee=COMMUNES[n], metiers=[metier(METIERS[n])])
            add_step(record, StepKind.CONTACT, today_in_paris() - timedelta(days=n), coach)
            add_step(record, StepKind.FIRST_INTERVIEW, today_in_paris() + timedelta(days=n), coach)
        db.session.commit()

    records(0, 1)
    one = count_queries(client, "/accompagnement/")
    records(1, 5)
    assert "Numéro 4" in client.get("/accompagnement/").get_data(as_text=True)
    assert count_queries(client, "/accompagnement/") == one
