"""Candidates and visitors register; full events take a waiting list that moves up by itself; reminders go once."""

import io
import json
import multiprocessing
import os
import zipfile
from datetime import time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.accounts.models import User
from portal.events import services
from portal.events.dates import utc_to_paris
from portal.events.models import Event, EventRegistration
from portal.events.services import waiting_rank
from portal.extensions import db
from portal.tokens import make_token
from tests.conftest import PASSWORD, links_in, outbox, page, path_of, text_part
from tests.helpers import event_form, fresh, make_event, registrations, visitor_link


def register(auth, user, event):
    client = auth.client_for(user)
    return client, client.post(f"/evenements/{event.id}/inscription", follow_redirects=True)


def cancel_link(email: str) -> str:
    mail = outbox(email)[-1]
    return path_of(next(link for link in links_in(mail.body_text) if "/evenements/desinscription/" in link))


# --- candidates ----------------------------------------------------------------------------------


def test_a_candidate_registers_in_one_click_and_gets_a_confirmation(make, auth):
    event = make_event(capacity=10)
    candidate = make.candidate(email="lea@exemple.fr")
    client, response = register(auth, candidate, event)
    assert "Vous êtes inscrit·e" in page(response)
    [registration] = registrations(event, "confirmed")
    assert registration.user_id == candidate.id
    mail = outbox("lea@exemple.fr")[-1]
    assert mail.subject.startswith("Inscription confirmée") and f"/evenements/{event.id}.ics" in mail.body_text
    assert "9 places restantes sur 10" in page(client.get(f"/evenements/{event.id}-{event.slug}"))


def test_registering_twice_says_so_and_keeps_one_row(make, auth):
    event = make_event(capacity=10)
    candidate = make.candidate()
    client, _ = register(auth, candidate, event)
    response = client.post(f"/evenements/{event.id}/inscription", follow_redirects=True)
    assert "Vous êtes déjà inscrit·e à cet événement" in page(response)
    assert len(registrations(event)) == 1


@pytest.mark.parametrize("case", ["past", "cancelled", "draft", "free entry"])
def test_no_registration_to_a_closed_event(make, case, auth):
    event = {
        "past": lambda: make_event(days=-2),
        "cancelled": lambda: make_event(status="cancelled"),
        "draft": lambda: make_event(status="draft"),
        "free entry": lambda: make_event(registration_required=False),
    }[case]()
    _, response = register(auth, make.candidate(), event)
    assert response.status_code in (200, 404)
    assert registrations(event) == []


def test_a_recruiter_is_not_offered_registration(make, auth):
    event = make_event()
    client = auth.client_for(make.member())
    assert client.post(f"/evenements/{event.id}/inscription").status_code == 403
    assert "Les inscriptions se font avec un compte candidat" in page(
        client.get(f"/evenements/{event.id}-{event.slug}")
    )


# --- visitors ------------------------------------------------------------------------------------


def test_a_visitor_is_registered_only_after_opening_the_link(client, make):
    event = make_event(capacity=5)
    response = client.post(
        f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne Dupont", "email": "Jeanne@Exemple.fr"}
    )
    assert response.status_code == 200 and "Plus qu'une étape" in page(response)
    [pending] = registrations(event)
    assert pending.status == "pending_email" and pending.email == "jeanne@exemple.fr"
    assert "5 places restantes" in page(client.get(f"/evenements/{event.id}-{event.slug}"))
    link = visitor_link("jeanne@exemple.fr")
    response = client.get(link)  # opening the link (a mail scanner does) asks; the click registers
    assert response.status_code == 200 and "Confirmer mon inscription" in page(response)
    assert [r.status for r in registrations(event)] == ["pending_email"]
    response = client.post(link)
    assert response.status_code == 200 and "Jeanne Dupont, vous êtes inscrit·e" in page(response)
    assert [r.status for r in registrations(event)] == ["confirmed"]
    assert outbox("jeanne@exemple.fr")[-1].subject.startswith("Inscription confirmée")


def test_opening_the_link_twice_keeps_one_place(client, make):
    event = make_event(capacity=5)
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    link = visitor_link("j@exemple.fr")
    client.post(link)
    assert "vous êtes inscrit·e" in page(client.post(link))
    assert "vous êtes inscrit·e" in page(client.get(link))
    assert len(registrations(event, "confirmed")) == 1


def test_a_tampered_link_is_refused(client, make):
    event = make_event(capacity=5)
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    link = visitor_link("j@exemple.fr")
    response = client.post(link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb"))
    assert response.status_code == 400 and "Ce lien n'est pas valide" in page(response)
    forged = make_token("event-cancel", {"rid": registrations(event)[0].id, "email": "j@exemple.fr"})
    assert client.post(f"/evenements/inscription/{forged}").status_code == 400  # another purpose's token
    assert client.get(f"/evenements/inscription/{forged}").status_code == 400
    assert registrations(event)[0].status == "pending_email"


def test_a_visitor_registering_an_address_already_registered_gets_a_reminder_not_a_second_row(client, make):
    event = make_event(capacity=5)
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    client.post(visitor_link("j@exemple.fr"))
    response = client.post(
        f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"}
    )
    assert response.status_code == 200
    assert len(registrations(event)) == 1
    mail = outbox("j@exemple.fr")[-1]
    assert "vous êtes déjà inscrit·e" in mail.body_text


def test_the_visitor_form_keeps_what_was_typed_on_error(client, make):
    event = make_event()
    response = client.post(
        f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne Dupont", "email": "pas-une-adresse"}
    )
    assert response.status_code == 422
    html = page(response)
    assert "Cette adresse électronique n'est pas valide" in html and 'value="Jeanne Dupont"' in html


def test_a_robot_filling_the_hidden_field_registers_nobody(client, make):
    event = make_event()
    client.post(
        f"/evenements/{event.id}/inscription-sans-compte",
        data={"name": "Robot", "email": "robot@exemple.fr", "website": "http://spam"},
    )
    assert registrations(event) == [] and outbox("robot@exemple.fr") == []


# --- the waiting list ----------------------------------------------------------------------------


def test_a_full_event_takes_a_waiting_list_with_its_rank(make, auth):
    event = make_event(capacity=1)
    register(auth, make.candidate(), event)
    client, response = register(auth, make.candidate(email="second@exemple.fr"), event)
    assert "vous êtes sur la liste d'attente (rang 1)" in page(response)
    _, response = register(auth, make.candidate(email="third@exemple.fr"), event)
    assert "(rang 2)" in page(response)
    assert "Liste d’attente" in outbox("second@exemple.fr")[-1].subject
    html = page(client.get(f"/evenements/{event.id}-{event.slug}"))
    assert "Complet – liste d'attente" in html and "rang 1" in html


def test_a_cancellation_gives_the_place_to_the_first_waiting_who_gets_a_mail(make, auth):
    event = make_event(capacity=1)
    first, _ = register(auth, make.candidate(email="first@exemple.fr"), event)
    register(auth, make.candidate(email="second@exemple.fr"), event)
    register(auth, make.candidate(email="third@exemple.fr"), event)
    [mine] = registrations(event, "confirmed")
    first.post(f"/compte/inscriptions/{mine.id}/annuler")
    by_email = {r.email: r.status for r in registrations(event)}
    assert by_email == {
        "first@exemple.fr": "cancelled",
        "second@exemple.fr": "confirmed",
        "third@exemple.fr": "waiting",
    }
    mail = outbox("second@exemple.fr")[-1]
    assert mail.subject.startswith("Une place s'est libérée")
    assert outbox("third@exemple.fr")[-1].subject.startswith("Liste")  # still waiting, now first in line
    third = next(r for r in registrations(event) if r.email == "third@exemple.fr")
    assert waiting_rank(third) == 1


def test_raising_the_capacity_promotes_the_waiting_list(app, make, auth, client):
    member = make.member()
    event = make_event(structure=member.structure, capacity=1)
    register(auth, make.candidate(), event)
    register(auth, make.candidate(email="second@exemple.fr"), event)
    auth.login(member)
    day = utc_to_paris(event.starts_at).date().isoformat()
    client.post(f"/compte/evenements/{event.id}/modifier", data=event_form(start_date=day, capacity="2"))
    assert len(registrations(event, "confirmed")) == 2
    assert outbox("second@exemple.fr")[-1].subject.startswith("Une place s'est libérée")


def test_the_cancel_link_in_the_mail_asks_before_cancelling(client, make):
    event = make_event(capacity=5)
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    client.post(visitor_link("j@exemple.fr"))
    link = cancel_link("j@exemple.fr")
    response = client.get(link)
    assert "Annuler mon inscription" in page(response)
    assert registrations(event)[0].status == "confirmed"  # opening the link alone changes nothing
    response = client.post(link, follow_redirects=True)
    assert "Votre inscription est annulée" in page(response)
    assert registrations(event)[0].status == "cancelled"


def test_a_cancelled_visitor_may_register_again(client, make):
    event = make_event(capacity=5)
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    client.post(visitor_link("j@exemple.fr"))
    client.post(cancel_link("j@exemple.fr"))
    client.post(f"/evenements/{event.id}/inscription-sans-compte", data={"name": "Jeanne", "email": "j@exemple.fr"})
    client.post(visitor_link("j@exemple.fr"))
    assert [r.status for r in registrations(event)] == ["confirmed"]


def test_my_registrations_lists_them_with_the_waiting_rank(make, auth):
    candidate = make.candidate()
    full = make_event(capacity=1, title="Vis ma vie complet")
    register(auth, make.candidate(), full)
    client, _ = register(auth, candidate, full)
    register(auth, candidate, make_event(title="Café de l'aide à domicile"))
    html = page(client.get("/compte/inscriptions"))
    assert "Vis ma vie complet" in html and "Liste d'attente, rang 1" in html and "Café de l'aide à domicile" in html
    assert "Mes inscriptions" in page(client.get("/compte/"))


def test_a_candidate_cannot_cancel_someone_elses_registration(make, auth):
    event = make_event(capacity=5)
    register(auth, make.candidate(), event)
    [theirs] = registrations(event)
    intruder = auth.client_for(make.candidate())
    assert intruder.post(f"/compte/inscriptions/{theirs.id}/annuler").status_code == 404
    assert registrations(event)[0].status == "confirmed"


# --- no over-booking -----------------------------------------------------------------------------


def _register_at_once(instance_path: str, database_uri: str, event_id: int, user_id: int, barrier) -> None:
    """A separate process, as a gunicorn worker is: its own app and connections."""
    from portal import create_app
    from tests.conftest import base_config

    os.environ["PORTAL_INSTANCE_PATH"] = instance_path
    app = create_app(base_config(Path(instance_path), database_uri))
    with app.test_request_context():
        event, user = db.session.get(Event, event_id), db.session.get(User, user_id)
        barrier.wait(timeout=60)
        services.register_user(event, user)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_concurrent_registrations_never_overbook(app, make, instance_path):
    capacity, people = 3, 8
    event = make_event(capacity=capacity)
    event_id, users = event.id, [make.candidate().id for _ in range(people)]
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # no connection shared with the forked workers
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(people)
    workers = [
        context.Process(target=_register_at_once, args=(str(instance_path), uri, event_id, u, barrier)) for u in users
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * people
    event = db.session.get(Event, event_id)
    assert len(registrations(event, "confirmed")) == capacity
    assert len(registrations(event, "waiting")) == people - capacity
    assert len(outbox()) == people  # one mail each: a place, or a rank


# --- reminders -----------------------------------------------------------------------------------


def test_the_reminder_job_run_twice_sends_one_mail_per_registrant(make, runner, smtp_server, auth):
    tomorrow = make_event(days=1, start=time(10), end=time(12), capacity=10)
    later = make_event(days=3, capacity=10)
    for email in ("a@exemple.fr", "b@exemple.fr"):
        register(auth, make.candidate(email=email), tomorrow)
        register(auth, make.candidate(email=f"later-{email}"), later)
    waiting_event = make_event(days=1, capacity=1, title="Complet")
    register(auth, make.candidate(email="c@exemple.fr"), waiting_event)
    register(auth, make.candidate(email="waiting@exemple.fr"), waiting_event)
    result = runner.invoke(args=["events", "remind"])
    assert result.exit_code == 0 and "3 rappel(s)" in result.output
    assert "0 rappel(s)" in runner.invoke(args=["events", "remind"]).output
    runner.invoke(args=["mail", "send"])
    reminders = [m for m in smtp_server.messages if m["Subject"].startswith("C'est demain")]
    assert sorted(str(m["To"]) for m in reminders) == ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"]
    assert "10 h – 12 h" in text_part(reminders[0])


def test_the_reminder_follows_an_event_moved_to_tomorrow(app, make, runner, auth):
    event = make_event(days=1, capacity=10)
    register(auth, make.candidate(email="a@exemple.fr"), event)
    runner.invoke(args=["events", "remind"])
    with app.test_request_context():
        services.update_event(
            fresh(event),
            metier_ids=[],
            kind=event.kind,
            title=event.title,
            description=event.description,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
            place=event.place,
            commune_insee=event.commune_insee,
            registration_required=True,
            capacity=10,
            audiences=[],
        )
    assert "1 rappel(s)" in runner.invoke(args=["events", "remind"]).output


# --- personal data -------------------------------------------------------------------------------


def test_registrations_are_in_the_data_export(make, auth):
    event = make_event(title="Portes ouvertes de l'IME")
    client, _ = register(auth, make.candidate(), event)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/compte/mes-donnees/export").data))
    data = json.loads(archive.read("data.json"))
    assert data["inscriptions_aux_evenements"][0]["evenement"] == "Portes ouvertes de l'IME"
    assert data["inscriptions_aux_evenements"][0]["etat"] == "Inscrit·e"


def test_deleting_the_account_frees_the_place_for_the_waiting_list(make, auth):
    event = make_event(capacity=1)
    client, _ = register(auth, make.candidate(email="first@exemple.fr"), event)
    register(auth, make.candidate(email="second@exemple.fr"), event)
    response = client.post("/compte/supprimer", data={"current_password": PASSWORD})
    assert response.status_code == 302
    assert [(r.email, r.status) for r in registrations(event)] == [("second@exemple.fr", "confirmed")]
    assert outbox("second@exemple.fr")[-1].subject.startswith("Une place s'est libérée")
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(EventRegistration)
            .where(EventRegistration.email == "first@exemple.fr")
        )
        == 0
    )
