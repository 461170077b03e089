"""The person's side: their pathway in their space without the staff's notes, ending it, withdrawing a sharing, the
coach's link that ties a record to the account they create, and their data (export and erasure)."""

import io
import json
import zipfile
from datetime import date, timedelta

import sqlalchemy as sa
from itsdangerous import TimestampSigner

from portal.accompaniment.models import (
    Accompaniment,
    HelpRequest,
    RecordFact,
    Sharing,
    Step,
    StepFact,
    StepKind,
    StepStatus,
)
from portal.accompaniment.services import linking
from portal.accompaniment.services.access import log_access
from portal.accompaniment.services.pathway import add_note, add_step
from portal.accounts.models import User
from portal.extensions import db
from tests.conftest import PASSWORD, links_in, outbox, page, path_of
from tests.helpers import accompanied, share, shared_record

STAFF_ONLY = ["Santé fragile", "RQTH", "travailleur handicapé", "RSA", "Mobilité", "Aide au permis"]


def pathway_of(record, coach):
    add_step(record, StepKind.FIRST_INTERVIEW, date(2026, 1, 5), coach, status=StepStatus.DONE, note="Premier échange")
    add_step(record, StepKind.EVENT, date.today() + timedelta(days=7), coach, note="Portes ouvertes de l'EHPAD")
    add_note(record, coach, "Santé fragile : ne pas proposer de nuits")
    db.session.commit()


def account_with_record(make, **kw):
    person = make.candidate(first_name="Léa", last_name="Martin")
    record = accompanied(make, user=person, **kw)
    return person, record


# --- the person's page ---------------------------------------------------------------------------


def test_without_a_record_the_page_explains_what_a_coach_does_and_links_to_the_request(client, make, auth):
    auth.login(make.candidate())

    text = page(client.get("/compte/accompagnement"))

    assert "Ce qu'un coach autonomie fait pour vous" in text
    assert 'href="/accompagnement/demande"' in text
    assert 'href="/accompagnement/demande"' in page(client.get("/compte/"))


def test_the_person_sees_coach_steps_sharings_and_accesses_but_no_staff_notes(app, client, make, auth):
    app.config["COACH_PHONES"] = {"alencon": "02 33 00 00 61"}
    person, record = account_with_record(make)
    pathway_of(record, record.coach)
    recruiter = make.member()
    sharing = share(record, recruiter.structure)
    sharing.answer, sharing.answer_message = "entretien", "Venez jeudi"
    log_access(record, recruiter, "A consulté votre profil proposé à " + recruiter.structure.name)
    db.session.commit()
    auth.login(person)

    response = client.get("/compte/accompagnement")

    text = page(response)
    assert response.status_code == 200
    assert record.coach.full_name in text and record.coach.email in text and "02 33 00 00 61" in text
    assert "Premier échange" in text and "Portes ouvertes de l'EHPAD" in text
    assert recruiter.structure.name in text and "Entretien proposé" in text and "Venez jeudi" in text
    assert f"A consulté votre profil proposé à {recruiter.structure.name}" in text
    for hidden in STAFF_ONLY:
        assert hidden not in text, hidden
    dashboard = page(client.get("/compte/"))
    assert "Mon accompagnement" in dashboard and "Réunion d'information ou événement" in dashboard


def test_a_candidate_never_sees_another_persons_record_or_sharing(client, make, auth):
    _, record = account_with_record(make)
    _, other_sharing = shared_record(make, user=make.candidate(), first_name="Other", last_name="Person")
    pathway_of(record, record.coach)
    auth.login(make.candidate())

    text = page(client.get("/compte/accompagnement"))

    assert "Premier échange" not in text and "Léa" not in text
    assert client.get(f"/compte/accompagnement/partages/{other_sharing.id}/retirer").status_code == 404
    assert client.post(f"/compte/accompagnement/partages/{other_sharing.id}/retirer").status_code == 404
    assert client.get(f"/accompagnement/{record.id}/partager").status_code == 403
    assert client.post("/compte/accompagnement/terminer").status_code == 404
    assert db.session.get(Sharing, other_sharing.id).withdrawn_at is None


def test_the_person_withdraws_a_sharing_and_the_structure_no_longer_sees_them(client, make, auth):
    person = make.candidate()
    recruiter = make.member()
    _record, sharing = shared_record(make, structure=recruiter.structure, user=person)
    auth.login(person)

    asking = client.get(f"/compte/accompagnement/partages/{sharing.id}/retirer")
    assert asking.status_code == 200 and db.session.get(Sharing, sharing.id).withdrawn_at is None  # GET asks
    response = client.post(f"/compte/accompagnement/partages/{sharing.id}/retirer")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Sharing, sharing.id).withdrawn_at is not None
    assert auth.client_for(recruiter).get(f"/accompagnement/partages/{sharing.id}").status_code == 404
    assert "Retiré le" in page(client.get("/compte/accompagnement"))


def test_the_person_ends_the_accompaniment_after_a_confirmation(client, make, auth):
    person = make.candidate()
    recruiter = make.member()
    record, sharing = shared_record(make, structure=recruiter.structure, user=person)
    auth.login(person)

    asking = client.get("/compte/accompagnement/terminer")
    assert asking.status_code == 200 and db.session.get(Accompaniment, record.id).is_open
    client.post("/compte/accompagnement/terminer")

    db.session.expire_all()
    record = db.session.get(Accompaniment, record.id)
    assert (record.status, record.outcome) == ("closed", "ne-souhaite-plus")
    assert db.session.get(Sharing, sharing.id).withdrawn_at is not None
    assert db.session.scalar(sa.select(RecordFact.outcome)) == "ne-souhaite-plus"
    assert "a mis fin à son accompagnement" in outbox(record.coach.email)[-1].subject
    assert auth.client_for(recruiter).get(f"/accompagnement/partages/{sharing.id}").status_code == 404
    assert "Ce qu'un coach autonomie fait pour vous" in page(client.get("/compte/accompagnement"))


# --- the coach's link to an account ---------------------------------------------------------------


def link_mail(client_of_coach, record):
    response = client_of_coach.post(f"/accompagnement/{record.id}/lien-compte")
    assert response.status_code == 302
    mail = outbox(record.email)[-1]
    return path_of(next(url for url in links_in(mail.body_text) if "/accompagnement/rejoindre/" in url))


def test_a_person_met_at_a_forum_creates_an_account_from_the_coachs_link_and_finds_the_pathway(app, make, auth):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach, email="lea.forum@exemple.fr")
    pathway_of(record, coach)
    link = link_mail(auth.client_for(coach), record)
    visitor = app.test_client()

    invited = page(visitor.get(link))
    assert 'value="lea.forum@exemple.fr"' in invited and 'value="Léa"' in invited  # prefilled
    assert f'action="/compte/inscription/candidat?next={link}"' in invited
    signup = visitor.post(
        f"/compte/inscription/candidat?next={link}",
        data={
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "lea.forum@exemple.fr",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "y",
        },
    )
    assert signup.status_code == 302
    verification = next(
        url for url in links_in(outbox("lea.forum@exemple.fr")[-1].body_text) if "/compte/verification/" in url
    )
    to_login = visitor.post(path_of(verification))
    logged = visitor.post(to_login.headers["Location"], data={"email": "lea.forum@exemple.fr", "password": PASSWORD})
    assert logged.headers["Location"] == link  # back to the coach's link
    assert db.session.get(Accompaniment, record.id).user_id is None  # nothing before the click
    assert "Lier mon accompagnement à mon compte" in page(visitor.get(link))
    confirmed = visitor.post(link)

    assert confirmed.headers["Location"] == "/compte/accompagnement"
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == "lea.forum@exemple.fr"))
    assert db.session.get(Accompaniment, record.id).user_id == user.id
    text = page(visitor.get("/compte/accompagnement"))
    assert "Premier échange" in text and "Santé fragile" not in text


def test_a_newer_link_replaces_the_older(app, make, auth, clock):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach)
    coach_client = auth.client_for(coach)
    first = link_mail(coach_client, record)
    clock.advance(minutes=5)
    second = link_mail(coach_client, record)
    visitor = app.test_client()

    old = visitor.get(first)

    assert old.status_code == 400 and "remplacé par un plus récent" in page(old)
    assert visitor.get(second).status_code == 200
    assert visitor.get("/accompagnement/rejoindre/forged.token").status_code == 400


def test_the_link_expires_after_30_days(app, make, monkeypatch):
    coach = make.coach(zone="alencon")
    real = TimestampSigner.get_timestamp
    links = {}
    for days in (29, 31):
        record = accompanied(make, coach=coach, email=f"lea.{days}@exemple.fr")
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self, days=days: real(self) - days * 86400)
        linking.send_link(record, coach)  # as the coach's button does, so many days ago
        db.session.commit()
        mail = outbox(record.email)[-1]
        links[days] = path_of(next(url for url in links_in(mail.body_text) if "/rejoindre/" in url))
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    visitor = app.test_client()

    expired = visitor.get(links[31])

    assert expired.status_code == 400 and "a expiré" in page(expired)
    assert visitor.get(links[29]).status_code == 200


def test_no_link_without_an_email_and_the_button_says_why(app, make, auth):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach, email="")
    client = auth.client_for(coach)

    assert "n'a pas d'adresse électronique" in page(client.get(f"/accompagnement/{record.id}/partager"))
    response = client.post(f"/accompagnement/{record.id}/lien-compte", follow_redirects=True)

    assert "n'a pas d'adresse électronique" in page(response)
    assert db.session.get(Accompaniment, record.id).link_sent_at is None
    assert [m for m in outbox() if "Votre accompagnement" in m.subject] == []


def test_the_link_refuses_a_record_linked_already_or_an_account_with_an_open_record(app, make, auth):
    coach = make.coach(zone="alencon")
    record = accompanied(make, coach=coach)
    link = link_mail(auth.client_for(coach), record)
    busy, _ = account_with_record(make, coach=coach)
    busy_client = auth.client_for(busy)

    refused = busy_client.post(link)
    assert refused.status_code == 409 and "déjà un accompagnement en cours" in page(refused)
    newcomer = make.candidate()
    assert auth.client_for(newcomer).post(link).status_code == 302
    taken = auth.client_for(make.candidate()).post(link)
    assert taken.status_code == 409 and "déjà lié à un autre compte" in page(taken)
    db.session.expire_all()
    assert db.session.get(Accompaniment, record.id).user_id == newcomer.id


# --- personal data --------------------------------------------------------------------------------


def test_the_export_holds_the_whole_record_staff_notes_included(client, make, auth):
    person, record = account_with_record(make)
    pathway_of(record, record.coach)
    recruiter = make.member()
    share(record, recruiter.structure)
    log_access(record, recruiter, "A consulté votre profil")
    db.session.add(
        HelpRequest(user_id=person.id, first_name="Léa", email=person.email, commune_insee="61001", zone="alencon")
    )
    db.session.commit()
    auth.login(person)

    archive = zipfile.ZipFile(io.BytesIO(client.post("/compte/mes-donnees/export").data))

    data = json.loads(archive.read("data.json"))
    exported = data["accompagnement"][0]
    assert exported["prenom"] == "Léa" and exported["coach"] == record.coach.full_name
    assert [s["note"] for s in exported["etapes"]][:1] == ["Premier échange"]
    assert exported["notes_de_l_equipe"][0]["texte"] == "Santé fragile : ne pas proposer de nuits"
    assert exported["propositions_a_des_structures"][0]["structure"] == recruiter.structure.name
    assert exported["consultations"][0]["action"] == "A consulté votre profil"
    assert exported["coachs_successifs"][0]["coach"] == record.coach.full_name
    assert "Bénéficiaire du RSA" in exported["publics"]
    assert data["demandes_d_accompagnement"][0]["adresse"] == person.email


def test_deleting_the_account_deletes_records_and_requests_but_the_facts_survive(client, make, auth):
    person, record = account_with_record(make)
    pathway_of(record, record.coach)
    shared_record(make)  # someone else's, untouched
    db.session.add(HelpRequest(user_id=person.id, first_name="Léa", commune_insee="61001", zone="alencon"))
    # The partner's referral the record came from, made before the person had an account.
    db.session.add(
        HelpRequest(
            first_name="Léa",
            commune_insee="61001",
            zone="alencon",
            partner_organisation="France Travail Alençon",
            status="opened",
            accompaniment_id=record.id,
        )
    )
    db.session.commit()
    record_id = record.id
    auth.login(person)

    response = client.post("/compte/supprimer", data={"current_password": PASSWORD})

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Accompaniment, record_id) is None
    assert db.session.scalars(sa.select(HelpRequest)).all() == []
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Step).where(Step.accompaniment_id == record_id)) == 0
    )
    facts = db.session.scalars(sa.select(RecordFact).order_by(RecordFact.id)).all()
    assert len(facts) == 2 and facts[0].accompaniment_id is None and facts[1].accompaniment_id is not None
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(StepFact).where(StepFact.fact_id == facts[0].id)) == 2
    )
    assert len(db.session.scalars(sa.select(Accompaniment)).all()) == 1
