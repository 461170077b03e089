"""Asking for a coach (with or without an account), a partner's referral, and the coaches' queue of requests."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.accompaniment.models import HelpRequest, PartnerKind, RequestStatus
from portal.accompaniment.services import milestones
from portal.accompaniment.services.records import Consent, Person, Situation, open_record
from portal.accompaniment.services.requests import normalise_phone
from portal.candidates import services as candidates
from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from tests.conftest import outbox, page

ALENCON = "Alençon (61000)"
ARGENTAN = "Argentan (61200)"


def ask_form(**overrides) -> dict:
    data = {
        "first_name": "Léa",
        "phone": "06.12.34.56.78",
        "email": "",
        "commune": ALENCON,
        "looking_for": ["emploi"],
        "details": "Aide-soignante peut-être",
        "when_to_call": "matin",
        "consent": "y",
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def referral_form(**overrides) -> dict:
    data = {
        "partner_kind": "france-travail",
        "organisation": "France Travail Alençon",
        "adviser_name": "Nadia Conseil",
        "adviser_email": "nadia.conseil@francetravail.exemple",
        "adviser_phone": "02 33 00 00 00",
        "first_name": "Marc",
        "last_name": "Durand",
        "phone": "",
        "email": "marc.durand@exemple.fr",
        "commune": ARGENTAN,
        "details": "Intéressé par le métier d'accompagnant éducatif et social",
        "person_agreed": "y",
        "adviser_informed": "y",
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def requests_in_db() -> list[HelpRequest]:
    return db.session.scalars(sa.select(HelpRequest).order_by(HelpRequest.id)).all()


# --- asking ------------------------------------------------------------------------------------------------


def test_a_visitor_asks_with_a_phone_only_and_lands_in_the_queue_of_her_communes_zone(client, make):
    response = client.post("/accompagnement/demande", data=ask_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/accompagnement/demande/envoyee"
    [request] = requests_in_db()
    assert (request.first_name, request.phone, request.email) == ("Léa", "06 12 34 56 78", "")
    assert (request.commune_insee, request.zone, request.status) == ("61001", "alencon", RequestStatus.NEW)
    assert request.user_id is None and request.partner_kind is None
    assert request.when_to_call == "le matin"
    assert request.looking_for == "Trouver un emploi. Aide-soignante peut-être"
    assert request.consent_at is not None


def test_an_email_only_request_is_acknowledged_by_mail_naming_the_coach_and_how(client, make):
    make.coach(zone="alencon", first_name="Karim", last_name="Benali")
    client.post("/accompagnement/demande", data=ask_form(phone="", email="lea@exemple.fr"))
    [request] = requests_in_db()
    assert request.phone == "" and request.email == "lea@exemple.fr" and request.when_to_call == ""
    [ack] = outbox("lea@exemple.fr")
    assert ack.subject == "Votre demande d'accompagnement est bien reçue"
    assert "Karim, coach autonomie de la zone Alençon" in ack.body_text
    assert "vous contactera dans les prochains jours par courriel" in ack.body_text
    assert "Benali" not in ack.body_text  # the person gets the coach's first name, no more


def test_the_acknowledgement_says_the_phone_call_and_its_time_when_both_are_given(client, make):
    make.coach(zone="alencon", first_name="Karim")
    client.post("/accompagnement/demande", data=ask_form(email="lea@exemple.fr", when_to_call="fin-de-journee"))
    [ack] = outbox("lea@exemple.fr")
    assert "par téléphone, en fin de journée" in ack.body_text


def test_the_confirmation_page_names_the_coach_and_how_they_will_call(client, make):
    make.coach(zone="alencon", first_name="Karim")
    response = client.post("/accompagnement/demande", data=ask_form(), follow_redirects=True)
    html = page(response)
    assert "Merci Léa, votre demande est bien envoyée" in html
    assert "Karim, coach autonomie de la zone Alençon" in html
    assert "par téléphone, le matin" in html
    assert "06 12 34 56 78" not in html and "0612345678" not in html
    assert "confirmation vient de vous être envoyé" not in html  # no address given, no mail


def test_the_confirmation_page_without_a_request_sends_to_the_form(client):
    response = client.get("/accompagnement/demande/envoyee")
    assert response.status_code == 302 and response.headers["Location"] == "/accompagnement/demande"


def test_only_the_coach_of_the_requests_zone_is_told(client, make):
    alencon = make.coach(zone="alencon", email="coach.alencon@exemple.fr")
    flers = make.coach(zone="flers-argentan", email="coach.flers@exemple.fr")
    client.post("/accompagnement/demande", data=ask_form(email="lea@exemple.fr"))
    [told] = outbox(alencon.email)
    assert told.subject == "Demande d'accompagnement — Léa (Alençon)"
    assert "06 12 34 56 78" in told.body_text and "lea@exemple.fr" in told.body_text
    assert "Trouver un emploi" in told.body_text and "à appeler le matin" in told.body_text
    assert "http://localhost/accompagnement/demandes?zone=alencon" in told.body_text
    assert outbox(flers.email) == []


def test_a_zone_without_a_coach_sends_its_requests_to_the_association(client, make, app):
    make.coach(zone="flers-argentan", email="coach.flers@exemple.fr")
    client.post("/accompagnement/demande", data=ask_form())
    [told] = outbox(app.config["ASSOCIATION_EMAIL"])
    assert "aucun coach n'est rattaché à cette zone" in told.body_text
    assert outbox("coach.flers@exemple.fr") == []


def test_neither_phone_nor_email_is_refused_and_keeps_what_was_typed(client):
    response = client.post(
        "/accompagnement/demande", data=ask_form(phone="", email="", details="Je veux essayer le métier")
    )
    assert response.status_code == 422
    html = page(response)
    assert "Indiquez un numéro de téléphone ou une adresse électronique" in html
    assert 'value="Léa"' in html and "Je veux essayer le métier" in html
    assert 'value="Alençon (61000)"' in html
    assert re.search(r'value="emploi"[^>]*checked|checked[^>]*value="emploi"', html)
    assert requests_in_db() == [] and outbox() == []


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("12345", "pas un numéro de téléphone français"),
        ("08 00 12 34 56", "pas un numéro de téléphone français"),
        ("06 12 34 56 7", "pas un numéro de téléphone français"),
    ],
)
def test_a_wrong_phone_number_is_refused_in_french(client, typed, error):
    response = client.post("/accompagnement/demande", data=ask_form(phone=typed))
    assert response.status_code == 422 and error in page(response)
    assert requests_in_db() == []


def test_french_phone_numbers_are_written_one_way():
    assert normalise_phone("0612345678") == "06 12 34 56 78"
    assert normalise_phone("+33 6 12 34 56 78") == "06 12 34 56 78"
    assert normalise_phone("+33 (0)6 12 34 56 78") == "06 12 34 56 78"
    assert normalise_phone("0033 2 33 26 00 00") == "02 33 26 00 00"
    assert normalise_phone("+262 692 12 34 56") == "06 92 12 34 56"
    assert normalise_phone("07-12-34-56-78") == "07 12 34 56 78"
    assert normalise_phone("+44 20 7946 0958") is None
    assert normalise_phone("06 12 34 56 78 9") is None


def test_a_wrong_email_and_an_unknown_commune_are_refused(client):
    response = client.post("/accompagnement/demande", data=ask_form(email="lea@", commune="Paris"))
    html = page(response)
    assert response.status_code == 422
    assert "Cette adresse électronique n'est pas valide" in html
    assert "Commune introuvable dans l'Orne" in html
    assert requests_in_db() == []


def test_without_consent_nothing_is_stored(client):
    response = client.post("/accompagnement/demande", data=ask_form(consent=None))
    assert response.status_code == 422
    assert "sans votre accord, le coach ne peut pas vous contacter" in page(response)
    assert requests_in_db() == []


def test_a_logged_in_candidate_finds_the_form_filled_and_the_request_linked_to_the_account(client, make, auth):
    candidate = make.candidate(first_name="Inès", email="ines@exemple.fr")
    candidates.save_profile(candidates.profile_of(candidate), metier_ids=[], commune_insee="61001")
    db.session.commit()
    auth.login(candidate)
    html = page(client.get("/accompagnement/demande"))
    assert 'value="Inès"' in html and 'value="ines@exemple.fr"' in html and 'value="Alençon (61000)"' in html
    assert "rattachée à votre compte" in html
    client.post("/accompagnement/demande", data=ask_form(first_name="Inès", phone="", email="ines@exemple.fr"))
    [request] = requests_in_db()
    assert request.user_id == candidate.id
    assert [m.subject for m in outbox("ines@exemple.fr")] == ["Votre demande d'accompagnement est bien reçue"]
    assert "Votre demande du" in page(client.get("/accompagnement/demande"))  # already sent: says so


def test_a_visitors_form_starts_empty_and_a_member_is_not_linked(client, make, auth):
    html = page(client.get("/accompagnement/demande"))
    assert "rattachée à votre compte" not in html and "Vous êtes conseiller·e" in html
    member = make.member()
    auth.login(member)
    assert f'value="{member.email}"' not in page(client.get("/accompagnement/demande"))
    client.post("/accompagnement/demande", data=ask_form())
    assert requests_in_db()[0].user_id is None


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_is_stored(client, make):
    make.coach(zone="alencon", first_name="Karim")
    response = client.post(
        "/accompagnement/demande", data=ask_form(website="https://spam.example"), follow_redirects=True
    )
    assert "Merci Léa, votre demande est bien envoyée" in page(response)
    assert "Karim, coach autonomie de la zone Alençon" in page(response)
    assert requests_in_db() == [] and outbox() == []


def test_the_same_request_sent_twice_is_one_request(client, make):
    make.coach(zone="alencon")
    client.post("/accompagnement/demande", data=ask_form(email="lea@exemple.fr"))
    client.post("/accompagnement/demande", data=ask_form(email="lea@exemple.fr"))
    assert len(requests_in_db()) == 1 and len(outbox("lea@exemple.fr")) == 1


def test_the_request_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, HELP_REQUEST_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [client.post("/accompagnement/demande", data=ask_form(first_name=f"Léa{n}")).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert client.get("/accompagnement/demande").status_code == 200  # reading the form is never limited


def test_the_referral_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REFERRAL_RATE_LIMIT="1 per hour")
    client = app.test_client()
    codes = [client.post("/accompagnement/orienter", data=referral_form(first_name=f"M{n}")).status_code for n in "ab"]
    assert codes == [302, 429]


# --- a partner's referral ----------------------------------------------------------------------------------


def test_an_adviser_refers_a_person_the_coach_is_told_and_the_adviser_acknowledged(client, make):
    coach = make.coach(zone="flers-argentan", first_name="Sophie", last_name="Leroy", email="sophie@exemple.fr")
    response = client.post("/accompagnement/orienter", data=referral_form(), follow_redirects=True)
    html = page(response)
    assert "Merci, votre orientation est bien envoyée" in html
    assert "Sophie, coach autonomie de la zone Flers-Argentan, contacte Marc" in html
    [request] = requests_in_db()
    assert request.partner_kind == PartnerKind.FRANCE_TRAVAIL
    assert (request.partner_organisation, request.adviser_name) == ("France Travail Alençon", "Nadia Conseil")
    assert (request.adviser_email, request.adviser_phone) == ("nadia.conseil@francetravail.exemple", "02 33 00 00 00")
    assert (request.first_name, request.last_name, request.zone) == ("Marc", "Durand", "flers-argentan")
    assert request.adviser_informed is True
    [told] = outbox(coach.email)
    assert told.subject == "Orientation — Marc (Argentan)"
    assert "Nadia Conseil (France Travail Alençon, France Travail) oriente une personne" in told.body_text
    [ack] = outbox("nadia.conseil@francetravail.exemple")
    assert ack.subject == "Orientation de Marc D. bien reçue"
    assert "Sophie Leroy, coach autonomie de la zone Flers-Argentan (sophie@exemple.fr)" in ack.body_text
    assert "vous serez informé·e des grandes étapes" in ack.body_text
    assert outbox("marc.durand@exemple.fr") == []  # the person was told by the adviser, not by us


def test_the_adviser_is_kept_informed_only_when_the_person_agreed(client, make):
    make.coach(zone="flers-argentan")
    client.post("/accompagnement/orienter", data=referral_form(adviser_informed=None))
    [request] = requests_in_db()
    assert request.adviser_informed is False
    [ack] = outbox("nadia.conseil@francetravail.exemple")
    assert "vous ne recevrez pas de nouvelles de ses étapes" in ack.body_text


def test_a_referral_needs_the_persons_agreement_the_advisers_address_and_a_way_to_reach_the_person(client):
    response = client.post(
        "/accompagnement/orienter",
        data=referral_form(person_agreed=None, adviser_email="", phone="", email="", partner_kind=""),
    )
    html = page(response)
    assert response.status_code == 422
    assert "le coach ne contacte la personne qu'avec son accord" in html
    assert "Choisissez le type de votre structure" in html
    assert "Indiquez son numéro de téléphone ou son adresse électronique" in html
    assert "Ce champ est obligatoire." in html  # the adviser's address
    assert 'value="Marc"' in html and 'value="France Travail Alençon"' in html
    assert requests_in_db() == []


def test_a_robot_referral_gets_the_same_answer_and_nothing_is_stored(client, make):
    make.coach(zone="flers-argentan")
    response = client.post("/accompagnement/orienter", data=referral_form(website="x"), follow_redirects=True)
    assert "Merci, votre orientation est bien envoyée" in page(response)
    assert requests_in_db() == [] and outbox() == []


def test_opening_a_record_from_a_referral_copies_it_and_tells_the_adviser(client, make):
    coach = make.coach(zone="flers-argentan", first_name="Sophie")
    client.post("/accompagnement/orienter", data=referral_form())
    [request] = requests_in_db()
    record = open_record(
        Person(request.first_name, request.last_name, email=request.email, commune=request.commune),
        Situation(),
        Consent(request.consent_at, "formulaire d'orientation", "être accompagné"),
        by=coach,
        request=request,
    )
    db.session.commit()
    assert record.partner_kind == PartnerKind.FRANCE_TRAVAIL and record.adviser_informed is True
    assert record.adviser_email == "nadia.conseil@francetravail.exemple"
    assert request.status == RequestStatus.OPENED and request.accompaniment_id == record.id
    subjects = [m.subject for m in outbox("nadia.conseil@francetravail.exemple")]
    assert subjects == ["Orientation de Marc D. bien reçue", f"{milestones.SUBJECTS[milestones.OPENED]} — Marc D."]


def test_opening_a_referral_without_the_persons_agreement_to_inform_tells_the_adviser_nothing(client, make):
    coach = make.coach(zone="flers-argentan")
    client.post("/accompagnement/orienter", data=referral_form(adviser_informed=None))
    [request] = requests_in_db()
    open_record(
        Person("Marc", "Durand", commune=request.commune),
        Situation(),
        Consent(utcnow(), "formulaire", "accompagnement"),
        by=coach,
        request=request,
    )
    db.session.commit()
    assert [m.subject for m in outbox("nadia.conseil@francetravail.exemple")] == ["Orientation de Marc D. bien reçue"]


# --- the coaches' queue ------------------------------------------------------------------------------------


def new_request(first_name: str, insee: str, **fields) -> HelpRequest:
    commune = db.session.get(Commune, insee)
    request = HelpRequest(first_name=first_name, commune_insee=insee, zone=commune.zone, **fields)
    db.session.add(request)
    db.session.commit()
    return request


def test_a_coach_sees_the_requests_of_their_zone_by_default_and_others_when_asked(client, make, auth):
    coach = make.coach(zone="alencon")
    mine = new_request("Léa", "61001", phone="06 12 34 56 78")
    other = new_request("Marc", "61006", email="marc@exemple.fr")
    auth.login(coach)
    html = page(client.get("/accompagnement/demandes"))
    assert "Léa" in html and "Marc" not in html
    assert f'href="/accompagnement/ouvrir?demande={mine.id}"' in html
    assert client.get(f"/accompagnement/ouvrir?demande={mine.id}").status_code == 200  # the link leads somewhere
    assert "Alençon (1" in html and "Flers-Argentan (1" in html and "Toutes les zones (2" in html
    html = page(client.get("/accompagnement/demandes?zone=flers-argentan"))
    assert "Marc" in html and "Léa" not in html and f"demande={other.id}" in html
    html = page(client.get("/accompagnement/demandes?zone=toutes"))
    assert "Marc" in html and "Léa" in html


def test_the_queue_shows_the_referring_partner_and_the_age_of_each_request(client, make, auth):
    coach = make.coach(zone="alencon")
    new_request(
        "Léa",
        "61001",
        last_name="Martin",
        phone="06 12 34 56 78",
        created_at=utcnow() - timedelta(days=3),
        partner_kind=PartnerKind.MISSION_LOCALE,
        partner_organisation="Mission locale d'Alençon",
        adviser_name="Paul Guide",
        adviser_email="paul@ml.exemple",
    )
    new_request("Inès", "61001", email="ines@exemple.fr")
    auth.login(coach)
    html = page(client.get("/accompagnement/demandes"))
    assert "Paul Guide, Mission locale d'Alençon (Mission locale)" in html
    assert "il y a 3 jours" in html and "aujourd'hui" in html
    assert html.index("Léa Martin") < html.index("Inès")  # the longest waiting first


def test_an_empty_queue_says_so(client, make, auth):
    auth.login(make.coach(zone="laigle-mortagne"))
    new_request("Léa", "61001", phone="06 12 34 56 78")
    html = page(client.get("/accompagnement/demandes"))
    assert "Aucune demande à traiter dans la zone L'Aigle-Mortagne" in html
    assert "voir toutes les zones" in html


def test_the_queue_is_paginated(client, make, auth):
    for n in range(23):
        new_request(f"Personne{n:02d}", "61001", phone="06 12 34 56 78")
    auth.login(make.coach(zone="alencon"))
    first = page(client.get("/accompagnement/demandes"))
    assert "Personne00" in first and "Personne22" not in first and "Page 1 sur 2" in first
    second = page(client.get("/accompagnement/demandes?zone=alencon&page=2"))
    assert "Personne22" in second and "Personne00" not in second


@pytest.mark.parametrize("role", ["candidate", "member", "pending_employer"])
def test_people_who_are_not_staff_cannot_see_the_queue_or_file_a_request(client, make, auth, role):
    request = new_request("Léa", "61001", phone="06 12 34 56 78")
    auth.login(getattr(make, role)())
    assert client.get("/accompagnement/demandes?zone=toutes").status_code == 403
    assert client.post(f"/accompagnement/demandes/{request.id}/classer").status_code == 403
    assert db.session.get(HelpRequest, request.id).status == RequestStatus.NEW


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/accompagnement/demandes")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_a_coach_files_a_request_with_a_reason_and_finds_it_among_the_handled(client, make, auth):
    coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
    request = new_request("Léa", "61001", phone="06 12 34 56 78")
    auth.login(coach)
    html = page(client.get("/accompagnement/demandes"))
    assert "Confirmer le classement sans suite" in html  # the second step, behind "Classer sans suite"
    response = client.post(f"/accompagnement/demandes/{request.id}/classer", data={"reason": "Injoignable"})
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(HelpRequest, request.id)
    assert (request.status, request.filed_reason, request.handled_by_id) == (
        RequestStatus.FILED,
        "Injoignable",
        coach.id,
    )
    html = page(client.get("/accompagnement/demandes"))
    assert "Aucune demande à traiter" in html
    html = page(client.get("/accompagnement/demandes?statut=traitees"))
    assert "Léa" in html and "Classée sans suite" in html and "Injoignable" in html and "Karim Benali" in html
    assert "Ouvrir un accompagnement" not in html


def test_filing_twice_or_an_unknown_request_changes_nothing(client, make, auth):
    request = new_request("Léa", "61001", phone="06 12 34 56 78")
    auth.login(make.coach(zone="alencon"))
    client.post(f"/accompagnement/demandes/{request.id}/classer", data={"reason": "Doublon"})
    client.post(f"/accompagnement/demandes/{request.id}/classer", data={"reason": "Autre motif"})
    db.session.expire_all()
    assert db.session.get(HelpRequest, request.id).filed_reason == "Doublon"
    assert client.post("/accompagnement/demandes/999999/classer").status_code == 404


def test_handled_requests_older_than_thirty_days_leave_the_list(client, make, auth):
    old = new_request("Ancienne", "61001", phone="06 12 34 56 78", status=RequestStatus.FILED)
    old.handled_at = utcnow() - timedelta(days=31)
    recent = new_request("Récente", "61001", phone="06 12 34 56 78", status=RequestStatus.FILED)
    recent.handled_at = utcnow() - timedelta(days=2)
    db.session.commit()
    auth.login(make.coach(zone="alencon"))
    html = page(client.get("/accompagnement/demandes?statut=traitees"))
    assert "Récente" in html and "Ancienne" not in html


# --- links and the admin -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/metiers/aide-soignant", "/compte/verifiez-vos-courriels", "/le-projet"])
def test_the_way_to_a_coach_is_offered_where_people_look(client, path):
    html = page(client.get(path))
    assert re.search(r'href="/accompagnement/demande">\s*Être accompagné·e par un coach', html), path


def test_advisers_find_the_referral_form_from_the_project_page(client):
    assert 'href="/accompagnement/orienter"' in page(client.get("/le-projet"))


def test_the_admin_sets_a_coachs_zone(client, make, auth):
    coach = make.coach(first_name="Karim", last_name="Benali")
    auth.login(make.admin())
    html = page(client.get("/admin/coachs"))
    assert "Karim Benali" in html and "Sans coach : Flers-Argentan, Alençon, L'Aigle-Mortagne" in html
    response = client.post(f"/admin/coachs/{coach.id}/zone", data={"zone": "alencon"}, follow_redirects=True)
    assert "Karim Benali est désormais coach de la zone Alençon" in page(response)
    db.session.expire_all()
    assert db.session.get(type(coach), coach.id).zone == "alencon"
    assert re.search(r'<option value="alencon" selected>', page(client.get("/admin/coachs")))
    client.post(f"/admin/coachs/{coach.id}/zone", data={"zone": ""})
    db.session.expire_all()
    assert db.session.get(type(coach), coach.id).zone is None


def test_the_admin_cannot_give_a_zone_to_someone_who_is_not_a_coach(client, make, auth):
    candidate = make.candidate()
    auth.login(make.admin())
    assert client.post(f"/admin/coachs/{candidate.id}/zone", data={"zone": "alencon"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(type(candidate), candidate.id).zone is None


def test_a_coach_cannot_change_zones(client, make, auth):
    coach = make.coach()
    auth.login(coach)
    assert client.get("/admin/coachs").status_code == 403
    assert client.post(f"/admin/coachs/{coach.id}/zone", data={"zone": "alencon"}).status_code == 403
