"""`flask --app portal accompaniment remind`: each coach gets one mail a day with their steps due today and
overdue; event steps are marked done from a confirmed registration once the event has ended."""

import re
from datetime import timedelta

from portal.accompaniment.models import Step, StepKind, StepStatus
from portal.accompaniment.services.pathway import ATTENDED, StepDetails, add_step
from portal.accompaniment.services.records import pause_record
from portal.clock import today_in_paris
from portal.events.models import EventRegistration, RegistrationStatus
from portal.extensions import db
from tests.conftest import links_in, outbox, path_of
from tests.helpers import make_event
from tests.web.test_accompaniment_records import fresh, new_record


def remind(runner) -> dict[str, int]:
    result = runner.invoke(args=["accompaniment", "remind"])
    assert result.exit_code == 0, result.output
    return {label.strip(): int(count) for label, count in re.findall(r"^(.+?) : (\d+)$", result.output, re.M)}


def test_each_coach_gets_one_mail_a_day_with_their_due_and_overdue_steps(runner, make, client, auth, clock):
    today = today_in_paris()
    karim = make.coach(zone="alencon", first_name="Karim")
    sonia = make.coach(zone="flers-argentan", first_name="Sonia")
    make.coach(zone="laigle-mortagne", first_name="Rien")  # nothing due: no mail
    lea = new_record(karim, "Léa", "Martin")
    add_step(lea, StepKind.FIRST_INTERVIEW, today, karim, note="Au CCAS")
    add_step(lea, StepKind.CONTACT, today - timedelta(days=4), karim, note="Rappeler")
    add_step(lea, StepKind.CONTACT, today + timedelta(days=1), karim, note="Demain")
    add_step(lea, StepKind.CONTACT, today - timedelta(days=2), karim, status=StepStatus.DONE, note="Fait")
    paul = new_record(sonia, "Paul", "Durand", insee="61169")
    add_step(paul, StepKind.CONTACT, today - timedelta(days=1), sonia, note="Relancer")
    paused = new_record(sonia, "En", "Pause", insee="61169")
    add_step(paused, StepKind.CONTACT, today, sonia, note="En pause")
    pause_record(paused)
    db.session.commit()

    assert remind(runner)["Rappels aux coachs mis en file d'envoi"] == 2
    assert remind(runner)["Rappels aux coachs mis en file d'envoi"] == 2  # counted, but the outbox keeps one
    [mail] = outbox(karim.email)
    assert mail.subject == "Vos accompagnements : 1 étape aujourd'hui, 1 en retard"
    body = mail.body_text
    assert "Au CCAS" in body and "Rappeler" in body and "Léa Martin" in body
    assert "Demain" not in body and "Fait" not in body and "Paul" not in body
    record_links = [link for link in links_in(body) if re.search(r"/accompagnement/\d+$", link)]
    assert {path_of(link) for link in record_links} == {f"/accompagnement/{lea.id}"}
    [mail] = outbox(sonia.email)
    assert "Relancer" in mail.body_text and "En pause" not in mail.body_text and "Léa" not in mail.body_text
    assert len(outbox()) == 2
    # The link leads the coach to the record.
    assert auth.client_for(karim).get(path_of(record_links[0])).status_code == 200
    # The next day, a new mail.
    clock.advance(days=1)
    remind(runner)
    assert len(outbox(karim.email)) == 2


def test_an_event_step_is_marked_done_from_a_confirmed_registration_once_the_event_ended(runner, make):
    coach = make.coach(zone="alencon")
    registered, absent, without_account = make.candidate(), make.candidate(), None
    past = make_event(title="Café de l'aide à domicile", days=-2)
    coming = make_event(title="Portes ouvertes", days=3)
    for user, event, status in [
        (registered, past, RegistrationStatus.CONFIRMED),
        (registered, coming, RegistrationStatus.CONFIRMED),
        (absent, past, RegistrationStatus.CANCELLED),
    ]:
        db.session.add(EventRegistration(event_id=event.id, user_id=user.id, name="x", email=user.email, status=status))
    db.session.commit()
    steps = {}
    for name, user, event in [
        ("registered", registered, past),
        ("coming", registered, coming),
        ("absent", absent, past),
        ("without account", without_account, past),
    ]:
        record = new_record(coach, "Personne", name, user=user) if name != "coming" else steps["registered"][0]
        step = add_step(record, StepKind.EVENT, today_in_paris(), coach, details=StepDetails(event_id=event.id))
        steps[name] = (record, step.id)
    db.session.commit()

    assert remind(runner)["Étapes d'événement notées faites d'après les inscriptions"] == 1
    done = fresh(Step, steps["registered"][1])
    assert (done.status, done.note) == ("done", ATTENDED)
    for name in ["coming", "absent", "without account"]:
        assert fresh(Step, steps[name][1]).status == "planned", name
    assert remind(runner)["Étapes d'événement notées faites d'après les inscriptions"] == 0
