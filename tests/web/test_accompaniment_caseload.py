"""The coaches' caseload: their records by default, filters, a name search that forgives accents and case,
pagination, counts of the day, and the next step of each record, overdue ones standing out."""

import re
from datetime import timedelta

from portal.accompaniment.models import HelpRequest, StepKind, StepStatus
from portal.accompaniment.services.pathway import add_step
from portal.accompaniment.services.records import close_record, pause_record
from portal.clock import today_in_paris
from portal.extensions import db
from tests.conftest import page
from tests.web.test_accompaniment_records import metier, new_record


def names(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<h3 class="card-title"><a href="/accompagnement/\d+">([^<]+)</a>', page(response))


def test_a_coach_sees_their_own_records_by_default_and_everyones_on_demand(client, make, auth):
    coach = make.coach(zone="alencon")
    other = make.coach(zone="flers-argentan")
    new_record(coach, "Léa", "Martin")
    new_record(other, "Paul", "Durand", insee="61169")
    auth.login(coach)
    assert names(client.get("/accompagnement/")) == ["Léa Martin"]
    assert sorted(names(client.get("/accompagnement/?coach=tous"))) == ["Léa Martin", "Paul Durand"]
    assert names(client.get(f"/accompagnement/?coach={other.id}")) == ["Paul Durand"]
    assert names(client.get("/accompagnement/?coach=tous&zone=flers-argentan")) == ["Paul Durand"]
    assert names(client.get("/accompagnement/?coach=n-importe-quoi")) == ["Léa Martin"]  # a bad value: the default
    assert 'href="/accompagnement/"' in page(client.get("/compte/"))  # in the staff's navigation


def test_the_admin_sees_every_record_by_default(client, make, auth):
    new_record(make.coach(zone="alencon"), "Léa", "Martin")
    auth.login(make.admin())
    assert names(client.get("/accompagnement/")) == ["Léa Martin"]


def test_status_metier_and_public_filters(client, make, auth):
    coach = make.coach(zone="alencon")
    new_record(coach, "Active", "Aide", metiers=[metier("aide-soignant")], publics=["rqth"])
    new_record(coach, "Active", "Infirmiere", metiers=[metier("infirmier")], publics=["rsa"])
    pause_record(new_record(coach, "En", "Pause"))
    close_record(new_record(coach, "Deja", "Finie"), "emploi-durable")
    db.session.commit()
    auth.login(coach)
    assert sorted(names(client.get("/accompagnement/"))) == ["Active Aide", "Active Infirmiere", "En Pause"]
    assert names(client.get("/accompagnement/?statut=closed")) == ["Deja Finie"]
    assert names(client.get("/accompagnement/?statut=paused")) == ["En Pause"]
    assert len(names(client.get("/accompagnement/?statut="))) == 4
    assert names(client.get("/accompagnement/?metier=infirmier")) == ["Active Infirmiere"]
    assert names(client.get("/accompagnement/?public=rqth")) == ["Active Aide"]
    assert names(client.get("/accompagnement/?public=rsa")) == ["Active Infirmiere"]


def test_the_name_search_forgives_accents_and_case(client, make, auth):
    coach = make.coach(zone="alencon")
    new_record(coach, "Hélène", "Lefèvre")
    new_record(coach, "Paul", "Durand")
    auth.login(coach)
    for query in ["helene", "LEFEVRE", "Hélène lefèvre", "lefe"]:
        assert names(client.get("/accompagnement/", query_string={"q": query})) == ["Hélène Lefèvre"], query
    response = client.get("/accompagnement/", query_string={"q": "Zorro"})
    assert names(response) == [] and "Aucun accompagnement ne correspond" in page(response)
    assert names(client.get("/accompagnement/", query_string={"q": "100%_"})) == []


def test_overdue_records_stand_out_and_come_first_with_their_next_step(client, make, auth):
    coach = make.coach(zone="alencon")
    today = today_in_paris()
    late = new_record(coach, "Zoé", "Enretard")
    add_step(late, StepKind.CONTACT, today - timedelta(days=3), coach)
    add_step(late, StepKind.FIRST_INTERVIEW, today - timedelta(days=1), coach)
    soon = new_record(coach, "Amir", "Bientot")
    add_step(soon, StepKind.FIRST_INTERVIEW, today + timedelta(days=2), coach)
    add_step(soon, StepKind.CONTACT, today - timedelta(days=9), coach, status=StepStatus.DONE)
    new_record(coach, "Anne", "Rienprevu")
    db.session.commit()
    auth.login(coach)
    response = client.get("/accompagnement/")
    assert names(response) == ["Zoé Enretard", "Amir Bientot", "Anne Rienprevu"]
    text = page(response)
    rows = text.split('<li class="record-row')[1:]
    assert rows[0].startswith("record-row--overdue") or "record-row--overdue" in rows[0].split(">")[0]
    assert "En retard" in rows[0] and "Contact" in rows[0] and "et 1 autre en retard" in rows[0]
    assert "record-row--overdue" not in rows[1].split(">")[0] and "Premier entretien" in rows[1]
    assert "Aucune étape prévue" in rows[2]
    assert names(client.get("/accompagnement/?retard=1")) == ["Zoé Enretard"]


def test_counts_of_the_day(client, make, auth):
    coach = make.coach(zone="alencon")
    late = new_record(coach, "Zoé", "Enretard")
    add_step(late, StepKind.CONTACT, today_in_paris() - timedelta(days=3), coach)
    pause_record(new_record(coach, "En", "Pause"))
    close_record(new_record(coach, "Deja", "Finie"), "autre")
    new_record(make.coach(zone="flers-argentan"), "Autre", "Coach", insee="61169")
    for zone, insee in [("alencon", "61001"), ("alencon", "61001"), ("flers-argentan", "61169")]:
        db.session.add(HelpRequest(first_name="X", phone="0612345678", commune_insee=insee, zone=zone))
    db.session.commit()
    auth.login(coach)
    text = page(client.get("/accompagnement/"))
    figures = {
        label.strip(): int(count)
        for count, label in re.findall(r"<strong>(\d+)</strong>\s*([^<]+)", text.split('aria-label="En chiffres"')[1])
    }
    assert figures == {
        "en cours": 1,
        "en pause": 1,
        "terminé": 1,
        "en retard": 1,
        "nouvelles demandes de ma zone": 2,
    }


def test_pagination_keeps_the_filters(client, make, auth):
    coach = make.coach(zone="alencon")
    for n in range(23):
        new_record(coach, "Personne", f"Numéro{n:02d}")
    auth.login(coach)
    first = client.get("/accompagnement/?q=personne")
    assert len(names(first)) == 20
    assert "/accompagnement/?page=2&amp;coach=moi&amp;statut=ouverts&amp;q=personne" in first.get_data(as_text=True)
    second = client.get("/accompagnement/?q=personne&page=2")
    assert len(names(second)) == 3 and not set(names(first)) & set(names(second))
    late = client.get("/accompagnement/?q=personne&page=9")
    assert late.status_code == 302 and "page=2" in late.headers["Location"]


def test_an_empty_caseload_says_what_to_do(client, make, auth):
    auth.login(make.coach(zone="alencon"))
    text = page(client.get("/accompagnement/"))
    assert "Pas encore d'accompagnement ici." in text and 'href="/accompagnement/ouvrir"' in text
