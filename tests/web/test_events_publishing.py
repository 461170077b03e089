"""Member recruiters and coaches prepare, publish, edit and cancel events; nobody touches another organiser's."""

from datetime import timedelta

import pytest

from portal.clock import today_in_paris
from portal.events.dates import utc_to_paris
from portal.events.models import Event
from portal.extensions import db
from tests.conftest import outbox, page
from tests.helpers import event_form, fresh, make_event, registrations


@pytest.fixture
def member(make, auth):
    user = make.member()
    auth.login(user)
    return user


def create(client, **overrides) -> Event:
    response = client.post("/compte/evenements/nouveau", data=event_form(**overrides))
    assert response.status_code == 302, page(response)
    return db.session.query(Event).order_by(Event.id.desc()).first()


def test_a_new_event_is_a_draft_of_the_structure_in_paris_time(client, member):
    event = create(client)
    assert event.status == "draft" and event.structure_id == member.structure_id
    start = utc_to_paris(event.starts_at)
    assert (start.hour, start.minute) == (14, 0) and utc_to_paris(event.ends_at).hour == 17
    assert [m.slug for m in event.metiers] == ["aide-soignant"] and event.audiences == ["tout-public", "jeunes"]
    html = page(client.get(f"/compte/evenements/{event.id}"))
    assert "Brouillon" in html and "Portes ouvertes de l'EHPAD" in html and "12 places restantes sur 12" in html


def test_a_draft_is_not_public_until_published(client, member):
    event = create(client)
    assert client.get(f"/evenements/{event.id}").status_code == 404
    client.post(f"/compte/evenements/{event.id}/publier")
    assert fresh(event).status == "published"
    assert client.get(f"/evenements/{event.id}-{event.slug}").status_code == 200
    assert "Portes ouvertes de l'EHPAD" in page(client.get("/evenements/"))


def test_editing_keeps_the_form_values_and_saves(client, member):
    event = create(client)
    form = page(client.get(f"/compte/evenements/{event.id}/modifier"))
    assert 'value="14:00"' in form and 'value="Flers (61100)"' in form
    response = client.post(
        f"/compte/evenements/{event.id}/modifier", data=event_form(title="Journée découverte", capacity="20")
    )
    assert response.status_code == 302
    assert fresh(event).title == "Journée découverte" and fresh(event).capacity == 20


def test_a_start_in_the_past_is_refused(client, member):
    yesterday = (today_in_paris() - timedelta(days=1)).isoformat()
    response = client.post("/compte/evenements/nouveau", data=event_form(start_date=yesterday))
    assert response.status_code == 422
    html = page(response)
    assert "Cette date est déjà passée" in html and "Portes ouvertes de l'EHPAD" in html  # nothing lost
    assert db.session.query(Event).count() == 0


def test_an_end_before_the_start_is_refused(client, member):
    response = client.post("/compte/evenements/nouveau", data=event_form(start_time="15:00", end_time="14:00"))
    assert response.status_code == 422 and "La fin doit venir après le début" in page(response)
    day = (today_in_paris() + timedelta(days=10)).isoformat()
    earlier = (today_in_paris() + timedelta(days=9)).isoformat()
    response = client.post("/compte/evenements/nouveau", data=event_form(start_date=day, end_date=earlier))
    assert response.status_code == 422 and "La fin doit venir après le début" in page(response)


def test_an_event_over_several_days_is_accepted(client, member):
    end = (today_in_paris() + timedelta(days=12)).isoformat()
    event = create(client, kind="immersion", end_date=end)
    assert (event.ends_at - event.starts_at) > timedelta(days=2)


@pytest.mark.parametrize("capacity", ["0", "-3"])
def test_a_capacity_below_one_is_refused(client, member, capacity):
    response = client.post("/compte/evenements/nouveau", data=event_form(capacity=capacity))
    assert response.status_code == 422 and "Indiquez au moins 1 place" in page(response)


def test_an_empty_capacity_means_unlimited(client, member):
    event = create(client, capacity="")
    assert event.capacity is None


def test_a_commune_outside_the_orne_is_refused(client, member):
    response = client.post("/compte/evenements/nouveau", data=event_form(commune="Marseille"))
    assert response.status_code == 422 and "Commune introuvable dans l'Orne" in page(response)


def test_an_organiser_never_reaches_another_structures_event(client, make, member):
    other = make_event(structure=make.structure())
    for url in (
        f"/compte/evenements/{other.id}",
        f"/compte/evenements/{other.id}/modifier",
        f"/compte/evenements/{other.id}/annuler",
        f"/compte/evenements/{other.id}/inscrits.csv",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/compte/evenements/{other.id}/publier").status_code == 404
    assert client.post(f"/compte/evenements/{other.id}/modifier", data=event_form()).status_code == 404


def test_a_member_never_reaches_an_association_event(client, member):
    association_event = make_event()
    assert client.get(f"/compte/evenements/{association_event.id}").status_code == 404


def test_a_pending_employer_cannot_prepare_events(client, make, auth):
    auth.login(make.pending_employer())
    assert client.get("/compte/evenements/nouveau").status_code == 403
    assert client.post("/compte/evenements/nouveau", data=event_form()).status_code == 403


def test_a_candidate_cannot_publish_events(client, make, auth):
    auth.login(make.candidate())
    assert client.get("/compte/evenements").status_code == 403


def test_a_coach_publishes_an_association_event(client, make, auth):
    auth.login(make.coach())
    event = create(client, kind="cafe", title="Café de l'aide à domicile", registration_required=None)
    assert event.structure_id is None and event.capacity is None and not event.registration_required
    client.post(f"/compte/evenements/{event.id}/publier")
    html = page(client.get(f"/evenements/{event.id}-{event.slug}"))
    assert "Association des métiers de l'autonomie de l'Orne" in html and "Entrée libre, sans inscription" in html


def test_coaches_share_the_association_events(client, make, auth):
    event = make_event()
    auth.login(make.coach())
    assert client.get(f"/compte/evenements/{event.id}").status_code == 200


def test_a_draft_can_be_deleted_but_not_a_published_event(client, member):
    draft_id = create(client).id
    client.post(f"/compte/evenements/{draft_id}/supprimer")
    db.session.expire_all()
    assert db.session.get(Event, draft_id) is None
    published = make_event(structure=member.structure)
    response = client.post(f"/compte/evenements/{published.id}/supprimer", follow_redirects=True)
    assert "Seul un brouillon peut être supprimé" in page(response) and fresh(published) is not None


def test_publishing_a_draft_whose_date_passed_is_refused(client, member):
    event = make_event(structure=member.structure, status="draft", days=-1)
    response = client.post(f"/compte/evenements/{event.id}/publier", follow_redirects=True)
    assert "La date de début est passée" in page(response) and fresh(event).status == "draft"


def test_cancelling_asks_first_then_tells_everyone_registered(client, make, member, auth):
    event = make_event(structure=member.structure, capacity=1)
    for email in ("a@exemple.fr", "b@exemple.fr"):
        auth.client_for(make.candidate(email=email)).post(f"/evenements/{event.id}/inscription")
    form = page(client.get(f"/compte/evenements/{event.id}/annuler"))
    assert "L'annulation est définitive" in form and "les 2 personnes inscrites ou en attente" in form
    response = client.post(
        f"/compte/evenements/{event.id}/annuler",
        data={"reason": "Travaux dans l'établissement."},
        follow_redirects=True,
    )
    assert "2 personnes prévenues par courriel" in page(response)
    assert fresh(event).status == "cancelled"
    for email in ("a@exemple.fr", "b@exemple.fr"):
        mail = outbox(email)[-1]
        assert mail.subject.startswith("Annulation") and "Travaux dans l'établissement." in mail.body_text
    public = page(client.get(f"/evenements/{event.id}-{event.slug}"))
    assert "Cet événement est annulé" in public and "Travaux" in public


def test_the_capacity_cannot_go_below_the_people_registered(client, make, member, auth):
    event = make_event(structure=member.structure, capacity=3)
    for _ in range(2):
        auth.client_for(make.candidate()).post(f"/evenements/{event.id}/inscription")
    day = utc_to_paris(event.starts_at).date().isoformat()
    response = client.post(f"/compte/evenements/{event.id}/modifier", data=event_form(start_date=day, capacity="1"))
    assert response.status_code == 422 and "2 personnes sont déjà inscrites" in page(response)
    assert fresh(event).capacity == 3 and len(registrations(event, "confirmed")) == 2


def test_my_events_lists_the_structures_events_with_their_registrations(client, member):
    make_event(structure=member.structure, title="Vis ma vie d'aide-soignante", capacity=4)
    html = page(client.get("/compte/evenements"))
    assert "Vis ma vie d'aide-soignante" in html and "0 / 4" in html


def test_a_new_date_or_place_is_sent_to_everyone_registered(client, make, member, auth):
    event = make_event(structure=member.structure, capacity=1)
    for email in ("a@exemple.fr", "b@exemple.fr"):
        auth.client_for(make.candidate(email=email)).post(f"/evenements/{event.id}/inscription")
    later = (utc_to_paris(event.starts_at).date() + timedelta(days=2)).isoformat()
    response = client.post(f"/compte/evenements/{event.id}/modifier", data=event_form(start_date=later, capacity="1"))
    assert response.status_code == 302
    confirmed, waiting = outbox("a@exemple.fr")[-1], outbox("b@exemple.fr")[-1]
    assert confirmed.subject == f"Changement de date : {event.title}"
    assert "Votre inscription est maintenue" in confirmed.body_text
    assert "Vous restez sur la liste d'attente" in waiting.body_text
    assert str(utc_to_paris(fresh(event).starts_at).day) in confirmed.body_text
    # Words only: nobody is told again.
    client.post(
        f"/compte/evenements/{event.id}/modifier",
        data=event_form(start_date=later, capacity="1", title="Portes ouvertes, nouvelle formule"),
    )
    assert len([m for m in outbox("a@exemple.fr") if m.subject.startswith("Changement")]) == 1
