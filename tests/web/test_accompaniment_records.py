"""The coaches' record: opening it three ways, its pathway of steps and follow-ups, notes, status, coach and the
access log; and who must never reach it."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.accompaniment.models import (
    AccessLog,
    Accompaniment,
    HelpRequest,
    PartnerKind,
    Step,
    StepKind,
    StepStatus,
)
from portal.accompaniment.services.pathway import StepDetails, add_step
from portal.accompaniment.services.records import Consent, Person, Situation, open_record
from portal.clock import today_in_paris, utcnow
from portal.communes.models import Commune
from portal.events.models import EventRegistration, RegistrationStatus
from portal.extensions import db
from portal.metiers.models import Metier
from portal.offers.models import Application
from tests.conftest import outbox, page
from tests.helpers import indexed_profiles, make_event, publish, visible_candidate


def commune(insee="61001") -> Commune:
    return db.session.get(Commune, insee)


def metier(slug="aide-soignant") -> Metier:
    return db.session.scalar(sa.select(Metier).where(Metier.slug == slug))


def new_record(coach, first_name="Léa", last_name="Martin", insee="61001", user=None, **situation) -> Accompaniment:
    """A record opened through the services (for tests about what comes after)."""
    record = open_record(
        Person(first_name, last_name, phone="06 12 34 56 78", commune=commune(insee)),
        Situation(**situation),
        Consent(utcnow(), "oral, au téléphone", "être accompagnée"),
        by=coach,
        user=user,
        coach=coach,
    )
    db.session.commit()
    return record


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def open_form(**overrides) -> dict:
    data = {
        "first_name": "Nadia",
        "last_name": "Lemaître",
        "phone": "06 11 22 33 44",
        "email": "",
        "commune": "Alençon (61000)",
        "origin": "forum",
        "publics": ["rsa"],
        "metiers": [str(metier().id)],
        "barriers": ["mobilite"],
        "aids": "Carte de bus solidaire",
        "consent_date": today_in_paris().isoformat(),
        "consent_how": "À l'oral, au café de l'aide à domicile",
        "consent_scope": "Être accompagnée vers un emploi",
        "coach": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def step_form(**overrides) -> dict:
    data = {"day": today_in_paris().isoformat(), "status": "planned", "note": ""}
    data.update(overrides)
    return data


# --- opening -------------------------------------------------------------------------------------


def test_a_coach_opens_a_record_for_someone_met_at_a_cafe(client, make, auth):
    coach = make.coach(zone="alencon")
    auth.login(coach)
    form = client.get("/accompagnement/ouvrir")
    assert form.status_code == 200
    assert "visible par l'équipe de l'association seulement" in page(form).lower()
    response = client.post("/accompagnement/ouvrir", data=open_form())
    assert response.status_code == 302
    record = db.session.scalar(sa.select(Accompaniment))
    assert response.headers["Location"] == f"/accompagnement/{record.id}"
    assert (record.full_name, record.zone, record.coach_id, record.user_id) == (
        "Nadia Lemaître",
        "alencon",
        coach.id,
        None,
    )
    assert (record.origin, record.publics, record.barriers) == ("forum", ["rsa"], ["mobilite"])
    assert [m.slug for m in record.metiers] == ["aide-soignant"]
    shown = page(client.get(response.headers["Location"]))
    assert "Nadia Lemaître" in shown and "Bénéficiaire du RSA" in shown and "Carte de bus solidaire" in shown


def test_the_zone_coach_is_the_default_referent(client, make, auth):
    alencon = make.coach(zone="alencon")
    opener = make.coach(zone="flers-argentan")
    auth.login(opener)
    assert f'<option selected value="{opener.id}">' in client.get("/accompagnement/ouvrir").get_data(as_text=True)
    client.post("/accompagnement/ouvrir", data=open_form())  # "the coach of the zone" left chosen
    assert db.session.scalar(sa.select(Accompaniment)).coach_id == alencon.id


def test_bad_input_is_answered_in_french_and_nothing_typed_is_lost(client, make, auth):
    auth.login(make.coach(zone="alencon"))
    response = client.post(
        "/accompagnement/ouvrir",
        data=open_form(first_name="", phone="", email="", commune="Zzzville", aids="Aide au permis"),
    )
    assert response.status_code == 422
    text = page(response)
    assert "Indiquez le prénom." in text
    assert "Indiquez un téléphone ou une adresse électronique" in text
    assert "Commune introuvable dans l'Orne" in text
    assert "Lemaître" in text and "Aide au permis" in text and "Zzzville" in text
    response = client.post("/accompagnement/ouvrir", data=open_form(phone="12", email="pas-une-adresse"))
    assert response.status_code == 422
    assert "Ce numéro n'est pas valide" in page(response) and "Cette adresse n'est pas valide" in page(response)
    assert db.session.scalar(sa.select(sa.func.count(Accompaniment.id))) == 0


def test_a_record_opened_from_a_request_answers_it_and_keeps_the_referral(client, make, auth):
    coach = make.coach(zone="alencon")
    request = HelpRequest(
        first_name="Yanis",
        last_name="Boucher",
        phone="0611223344",
        commune_insee="61001",
        zone="alencon",
        looking_for="Devenir auxiliaire de vie",
        partner_kind=PartnerKind.MISSION_LOCALE,
        partner_organisation="Mission locale d'Alençon",
        adviser_name="Inès Caron",
        adviser_email="ines.caron@ml.exemple",
        adviser_informed=True,
    )
    db.session.add(request)
    db.session.commit()
    auth.login(coach)
    form = page(client.get(f"/accompagnement/ouvrir?demande={request.id}"))
    assert 'value="Yanis"' in form and "Devenir auxiliaire de vie" in form and "Mission locale d'Alençon" in form
    assert 'value="Alençon (61000)"' in form
    data = open_form(first_name="Yanis", last_name="Boucher", phone="0611223344", origin="mission-locale")
    response = client.post(f"/accompagnement/ouvrir?demande={request.id}", data=data)
    assert response.status_code == 302
    request = fresh(HelpRequest, request.id)
    record = db.session.get(Accompaniment, request.accompaniment_id)
    assert request.status == "opened" and record.adviser_informed and record.origin == "mission-locale"
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert "Inès Caron" in shown and "Tenu·e informé·e des étapes importantes" in shown
    # The request is answered: opening it again leads to its record.
    again = client.get(f"/accompagnement/ouvrir?demande={request.id}")
    assert again.status_code == 302 and again.headers["Location"] == f"/accompagnement/{record.id}"
    assert client.get("/accompagnement/ouvrir?demande=999999").status_code == 404


def test_a_record_opened_from_an_account_takes_its_profile_and_only_one_is_open(client, make, auth):
    user, profile = visible_candidate(make, first_name="Inès", last_name="Roussel", commune="61001")
    profile.rqth = profile.mission_locale = True
    db.session.commit()
    coach = make.coach(zone="alencon")
    auth.login(coach)
    profile_page = page(client.get(f"/cvtheque/profil/{profile.id}"))
    assert f"/accompagnement/ouvrir?compte={user.id}" in profile_page
    form = page(client.get(f"/accompagnement/ouvrir?compte={user.id}"))
    assert 'value="Inès"' in form and 'value="Alençon (61000)"' in form
    assert re.search(r'checked[^>]*value="rqth"|value="rqth"[^>]*checked', form)
    assert re.search(r'checked[^>]*value="jeune-mission-locale"|value="jeune-mission-locale"[^>]*checked', form)
    assert not re.search(r'checked[^>]*value="rsa"|value="rsa"[^>]*checked', form)
    data = open_form(first_name="Inès", last_name="Roussel", email=user.email, publics=["rqth", "jeune-mission-locale"])
    response = client.post(f"/accompagnement/ouvrir?compte={user.id}", data=data)
    record = db.session.scalar(sa.select(Accompaniment))
    assert response.status_code == 302 and record.user_id == user.id
    # A second one for the same account: refused, with the way to the one that exists.
    again = client.get(f"/accompagnement/ouvrir?compte={user.id}")
    assert again.status_code == 302 and again.headers["Location"] == f"/accompagnement/{record.id}"
    assert client.post(f"/accompagnement/ouvrir?compte={user.id}", data=data).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Accompaniment.id))) == 1
    assert client.get(f"/accompagnement/ouvrir?compte={coach.id}").status_code == 404  # not a candidate


def test_the_cvtheque_button_is_for_staff_only(client, make, auth):
    _user, profile = visible_candidate(make)
    auth.login(make.member())
    assert "/accompagnement/ouvrir" not in page(client.get(f"/cvtheque/profil/{profile.id}"))


# --- the pathway ---------------------------------------------------------------------------------


def test_the_timeline_plans_steps_and_a_job_brings_its_three_follow_ups(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    auth.login(coach)
    today = today_in_paris()
    url = f"/accompagnement/{record.id}/etapes/nouvelle"
    assert client.get(f"{url}/premier-entretien").status_code == 200
    response = client.post(
        f"{url}/premier-entretien", data=step_form(day=(today + timedelta(days=3)).isoformat(), note="Au CCAS")
    )
    assert response.status_code == 302
    structure = make.structure(name="EHPAD Les Glycines")
    response = client.post(
        f"{url}/emploi",
        data=step_form(
            day="2027-01-31",
            status="done",
            structure_id=str(structure.id),
            metier_id=str(metier().id),
            contract_type="cdi",
            hours_per_week="28",
        ),
    )
    assert response.status_code == 302
    steps = fresh(Accompaniment, record.id).steps
    follow_ups = sorted((s.months, s.day.isoformat(), s.organisation, s.structure_id) for s in steps if s.months)
    assert follow_ups == [
        (1, "2027-02-28", "", structure.id),
        (3, "2027-04-30", "", structure.id),
        (6, "2027-07-31", "", structure.id),
    ]
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert shown.count("Suivi après l'embauche à") == 3
    assert "EHPAD Les Glycines" in shown and "28 h par semaine" in shown and "CDI" in shown
    # The next planned step is on top: the first interview in three days.
    next_card = shown.split('id="prochaine"')[1].split("</section>")[0]
    assert "Premier entretien" in next_card and "Au CCAS" in next_card


def test_an_overdue_step_stands_out(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    add_step(record, StepKind.CONTACT, today_in_paris() - timedelta(days=2), coach, note="Rappeler")
    db.session.commit()
    auth.login(coach)
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert "timeline-step--overdue" in shown and "En retard" in shown


def test_a_step_needs_what_its_kind_needs(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    auth.login(coach)
    url = f"/accompagnement/{record.id}/etapes/nouvelle"
    response = client.post(f"{url}/emploi", data=step_form(day="", note="CDI trouvé", hours_per_week="90"))
    assert response.status_code == 422
    text = page(response)
    assert "Indiquez la date." in text and "Choisissez la structure adhérente" in text and "Entre 1 et 48" in text
    assert "CDI trouvé" in text
    response = client.post(f"{url}/formation", data=step_form(ends_on="2000-01-01"))
    assert "Choisissez la formation." in page(response) and "La fin doit venir après le début." in page(response)
    assert client.get(f"{url}/suivi").status_code == 404  # follow-ups come with a job
    assert fresh(Accompaniment, record.id).steps == []


def test_follow_up_answers_are_recorded_and_keep_the_job(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    add_step(
        record,
        StepKind.JOB,
        today_in_paris(),
        coach,
        status=StepStatus.DONE,
        details=StepDetails(organisation="SAAD du Bocage"),
    )
    db.session.commit()
    follow_up = next(s for s in fresh(Accompaniment, record.id).steps if s.months == 1)
    auth.login(coach)
    url = f"/accompagnement/{record.id}/etapes/{follow_up.id}"
    assert "SAAD du Bocage" in page(client.get(url))
    day = follow_up.day.isoformat()
    response = client.post(url, data={"day": day, "status": "done", "still_in_post": "non", "left_reason": ""})
    assert response.status_code == 422 and "Indiquez pourquoi" in page(response)
    response = client.post(
        url, data={"day": day, "status": "done", "still_in_post": "non", "left_reason": "Horaires de nuit"}
    )
    assert response.status_code == 302
    step = fresh(Step, follow_up.id)
    assert (step.status, step.still_in_post, step.left_reason, step.organisation) == (
        "done",
        False,
        "Horaires de nuit",
        "SAAD du Bocage",
    )
    assert "N'est plus en poste" in page(client.get(f"/accompagnement/{record.id}"))


def test_a_step_of_another_record_is_not_found(client, make, auth):
    coach = make.coach(zone="alencon")
    mine, other = new_record(coach), new_record(coach, first_name="Paul")
    step = add_step(other, StepKind.CONTACT, today_in_paris(), coach)
    db.session.commit()
    auth.login(coach)
    assert client.get(f"/accompagnement/{other.id}/etapes/{step.id}").status_code == 200
    assert client.get(f"/accompagnement/{mine.id}/etapes/{step.id}").status_code == 404
    assert client.post(f"/accompagnement/{mine.id}/etapes/{step.id}", data=step_form()).status_code == 404
    assert client.get("/accompagnement/999999").status_code == 404


def test_an_event_step_shows_the_persons_registration(client, make, auth):
    coach = make.coach(zone="alencon")
    user = make.candidate()
    record = new_record(coach, user=user)
    event = make_event(title="Café de l'aide à domicile", days=5)
    db.session.add(
        EventRegistration(
            event_id=event.id, user_id=user.id, name="x", email=user.email, status=RegistrationStatus.CONFIRMED
        )
    )
    db.session.commit()
    auth.login(coach)
    url = f"/accompagnement/{record.id}/etapes/nouvelle/evenement"
    assert "Café de l'aide à domicile" in page(client.get(url))
    response = client.post(url, data=step_form(day="", event_id=str(event.id)))
    assert response.status_code == 302
    step = fresh(Accompaniment, record.id).steps[0]
    assert step.event_id == event.id and step.day == today_in_paris() + timedelta(days=5)  # the event's day
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert "Café de l'aide à domicile" in shown and "Inscription sur le site : inscrit·e" in shown


# --- notes, status, coach, edits -----------------------------------------------------------------


def test_notes_are_dated_and_signed(client, make, auth):
    coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
    record = new_record(coach)
    auth.login(coach)
    response = client.post(f"/accompagnement/{record.id}/notes", data={"text": ""})
    assert response.status_code == 422 and "Écrivez la note." in page(response)
    response = client.post(f"/accompagnement/{record.id}/notes", data={"text": "Craint les horaires de nuit"})
    assert response.status_code == 302
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert "Craint les horaires de nuit" in shown and "Karim Benali" in shown


def test_pausing_resuming_and_closing_with_a_confirmation(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    auth.login(coach)
    assert client.post(f"/accompagnement/{record.id}/pause").status_code == 302
    assert fresh(Accompaniment, record.id).status == "paused"
    client.post(f"/accompagnement/{record.id}/reprise")
    assert fresh(Accompaniment, record.id).status == "active"
    confirm = client.get(f"/accompagnement/{record.id}/terminer")
    assert confirm.status_code == 200 and "Emploi durable" in page(confirm)
    assert fresh(Accompaniment, record.id).status == "active"  # asking changes nothing
    response = client.post(f"/accompagnement/{record.id}/terminer", data={"closed_on": "2099-01-01"})
    assert response.status_code == 422 and "Choisissez comment" in page(response) and "futur" in page(response)
    day = (today_in_paris() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/accompagnement/{record.id}/terminer", data={"outcome": "emploi-durable", "closed_on": day}
    )
    assert response.status_code == 302
    record = fresh(Accompaniment, record.id)
    assert (record.status, record.outcome, record.closed_at.date().isoformat()) == ("closed", "emploi-durable", day)
    assert "Terminé : emploi durable" in page(client.get(f"/accompagnement/{record.id}"))


def test_changing_the_coach_keeps_the_history(client, make, auth):
    coach = make.coach(zone="alencon")
    other = make.coach(zone="flers-argentan", first_name="Sonia", last_name="Perrin")
    record = new_record(coach)
    auth.login(coach)
    assert client.post(f"/accompagnement/{record.id}/coach", data={"coach": str(other.id)}).status_code == 302
    assert fresh(Accompaniment, record.id).coach_id == other.id
    shown = page(client.get(f"/accompagnement/{record.id}"))
    assert "Historique" in shown and "Sonia Perrin" in shown and coach.full_name in shown
    candidate = make.candidate()
    client.post(f"/accompagnement/{record.id}/coach", data={"coach": str(candidate.id)})
    assert fresh(Accompaniment, record.id).coach_id == other.id  # only staff take a record


def test_editing_the_identity_and_situation(client, make, auth):
    coach = make.coach(zone="alencon")
    record = new_record(coach, publics=["rqth"])
    auth.login(coach)
    form = page(client.get(f"/accompagnement/{record.id}/modifier"))
    assert 'value="Léa"' in form
    response = client.post(
        f"/accompagnement/{record.id}/modifier",
        data=open_form(first_name="Léa", last_name="Martin-Duval", commune="Flers (61100)", publics=[]),
    )
    assert response.status_code == 302
    record = fresh(Accompaniment, record.id)
    assert (record.last_name, record.zone, record.publics) == ("Martin-Duval", "flers-argentan", [])
    assert record.search_name == "lea martin duval"


def test_every_look_at_the_record_is_logged(client, make, auth):
    coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
    record = new_record(coach)
    auth.login(coach)
    client.get(f"/accompagnement/{record.id}")
    client.get(f"/accompagnement/{record.id}")
    rows = db.session.scalars(sa.select(AccessLog).where(AccessLog.accompaniment_id == record.id)).all()
    assert [(r.user_id, r.who) for r in rows] == [(coach.id, "Karim Benali, coach autonomie")] * 2
    assert "Karim Benali, coach autonomie" in page(client.get(f"/accompagnement/{record.id}"))


# --- who must not reach it -----------------------------------------------------------------------


def record_urls(app, record, step) -> list[tuple[str, str]]:
    """Every route of the coaches' tool that names a record, as (method, url)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("accompaniment.") and "record_id" in rule.arguments:
            values = {"record_id": record.id, "step_id": step.id}
            for name in rule.arguments - set(values):
                values[name] = sorted(rule._converters[name].items)[0]
            url = rule.build(values, append_unknown=False)[1]
            urls.append(("GET" if "GET" in rule.methods else "POST", url))
    return urls


@pytest.mark.parametrize("role", ["member", "candidate", "pending_employer"])
def test_members_and_candidates_reach_no_record(app, make, auth, role):
    coach = make.coach(zone="alencon")
    person = getattr(make, role)()
    record = new_record(coach, user=person if role == "candidate" else None, publics=["rqth"])
    step = add_step(record, StepKind.CONTACT, today_in_paris(), coach)
    db.session.commit()
    client = auth.client_for(person)
    urls = [*record_urls(app, record, step), ("GET", "/accompagnement/"), ("GET", "/accompagnement/ouvrir")]
    assert len(urls) >= 10
    for method, url in urls:
        assert client.open(url, method=method, data={"text": "x"}).status_code == 403, url
    assert db.session.scalar(sa.select(sa.func.count(AccessLog.id))) == 0


def test_sensitive_fields_never_reach_a_member_nor_the_index(client, make, auth):
    user, profile = visible_candidate(make, first_name="Inès", last_name="Roussel", cv_lines=["Aide-soignante"])
    coach = make.coach(zone="alencon")
    record = new_record(coach, user=user, publics=["rqth", "rsa"], barriers=["sante"], aids="Aide AGEFIPH")
    add_step(record, StepKind.CONTACT, today_in_paris(), coach, note="Appel")
    db.session.commit()
    auth.login(make.member())
    for url in ["/cvtheque/", f"/cvtheque/profil/{profile.id}", "/cvtheque/?q=Roussel"]:
        text = page(client.get(url))
        for word in ["RQTH", "RSA", "travailleur handicapé", "AGEFIPH", "Appel", "/accompagnement/"]:
            assert word not in text, (url, word)
    stored = repr(indexed_profiles()[profile.id]).lower()
    for word in ["rqth", "'rsa'", "agefiph", "sante", "appel"]:
        assert word not in stored, word


def test_an_accompanied_candidate_is_kept_by_the_cvtheque_clock(client, make, auth, clock, runner):
    user, profile = visible_candidate(make, first_name="Thomas", last_name="Lefèvre")
    coach = make.coach(zone="alencon")
    record = new_record(coach, user=user)
    clock.advance(days=710)  # 23 months and more without the person doing anything on the site
    auth.login(coach)
    response = client.post(
        f"/accompagnement/{record.id}/etapes/nouvelle/contact", data=step_form(status="done", note="Appel")
    )
    assert response.status_code == 302
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^Comptes candidats avertis .*: 0$", result.output, re.M), result.output
    assert fresh(type(profile), profile.id).visible
    assert outbox(user.email) == []


def test_immersion_training_and_a_job_from_the_persons_own_application(client, make, auth):
    member = make.member()
    offer = publish(member, "Aide-soignant·e de jour")
    user = make.candidate()
    db.session.add(Application(offer_id=offer.id, candidate_id=user.id))
    db.session.commit()
    coach = make.coach(zone="alencon")
    record = new_record(coach, user=user)
    auth.login(coach)
    url = f"/accompagnement/{record.id}/etapes/nouvelle"
    response = client.post(
        f"{url}/immersion",
        data=step_form(immersion_kind="vis-ma-vie", organisation="Résidence Les Pommiers", metier_id=str(metier().id)),
    )
    assert response.status_code == 302
    response = client.post(
        f"{url}/formation",
        data=step_form(training_kind="deaes", organisation="IFSI d'Alençon", training_status="entered"),
    )
    assert response.status_code == 302
    form = page(client.get(f"{url}/emploi"))
    assert "Aide-soignant·e de jour" in form  # the person's application is offered
    application = db.session.scalar(sa.select(Application))
    response = client.post(
        f"{url}/emploi",
        data=step_form(structure_id=str(member.structure_id), application_id=str(application.id), status="done"),
    )
    assert response.status_code == 302
    shown = " ".join(page(client.get(f"/accompagnement/{record.id}")).split())
    assert "« Vis ma vie » · Résidence Les Pommiers" in shown
    assert "(DEAES) · IFSI d'Alençon · <strong>Entrée en formation</strong>" in shown
    assert "Sa candidature sur le site : " in shown and "Aide-soignant·e de jour" in shown
