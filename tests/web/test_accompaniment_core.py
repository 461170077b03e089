"""The rules under every accompaniment page: opening a record, the pathway and its follow-ups, the adviser's
milestones, the anonymous facts."""

from datetime import date

import sqlalchemy as sa

from portal.accompaniment.models import (
    Outcome,
    PartnerKind,
    RecordFact,
    StepFact,
    StepKind,
    StepStatus,
    TrainingKind,
    TrainingStatus,
)
from portal.accompaniment.services import milestones
from portal.accompaniment.services.pathway import StepDetails, add_months, add_step, update_step
from portal.accompaniment.services.records import Consent, Person, Situation, close_record, open_record
from portal.clock import utcnow
from portal.communes.models import Commune
from portal.extensions import db
from tests.conftest import outbox


def commune(insee="61001") -> Commune:
    return db.session.get(Commune, insee)


def new_record(coach, **referral):
    record = open_record(
        Person("Léa", "Martin", phone="06 12 34 56 78", commune=commune()),
        Situation(publics=["rqth"]),
        Consent(utcnow(), "oral, au téléphone", "être accompagnée"),
        by=coach,
    )
    for name, value in referral.items():
        setattr(record, name, value)
    return record


def test_a_job_plans_its_follow_ups_at_one_three_and_six_months(app, make):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    job = add_step(record, StepKind.JOB, date(2027, 1, 31), coach, status=StepStatus.DONE)
    follow_ups = sorted((s.months, s.day) for s in record.steps if s.kind == StepKind.FOLLOW_UP)
    assert follow_ups == [(1, date(2027, 2, 28)), (3, date(2027, 4, 30)), (6, date(2027, 7, 31))]
    update_step(job, date(2027, 3, 1), StepStatus.DONE, "")  # the start moves: so do the follow-ups still planned
    follow_ups = sorted((s.months, s.day) for s in record.steps if s.kind == StepKind.FOLLOW_UP)
    assert follow_ups == [(1, date(2027, 4, 1)), (3, date(2027, 6, 1)), (6, date(2027, 9, 1))]
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_the_adviser_hears_of_the_milestones_only(app, make):
    coach = make.coach(zone="alencon")
    record = open_record(
        Person("Léa", "Martin", commune=commune()),
        Situation(),
        Consent(utcnow(), "formulaire", "accompagnement"),
        by=coach,
    )
    record.partner_kind, record.adviser_email, record.adviser_informed = (
        PartnerKind.FRANCE_TRAVAIL,
        "conseillere@francetravail.exemple",
        True,
    )
    add_step(record, StepKind.FIRST_INTERVIEW, date.today(), coach, status=StepStatus.DONE, note="Vu ensemble")
    add_step(
        record,
        StepKind.TRAINING,
        date.today(),
        coach,
        status=StepStatus.DONE,
        details=StepDetails(training_kind=TrainingKind.DEAS, training_status=TrainingStatus.ENTERED),
    )
    close_record(record, Outcome.TRAINING)
    db.session.commit()
    subjects = [m.subject for m in outbox("conseillere@francetravail.exemple")]
    assert subjects == ["Entrée en formation — Léa M.", "Accompagnement terminé — Léa M."]
    body = outbox("conseillere@francetravail.exemple")[0].body_text
    assert "Vu ensemble" not in body and "RQTH" not in body
    record_id, email = milestones.record_of_stop_token(milestones.stop_token(record))
    assert record_id == record.id and milestones.stop_updates(record, email)
    assert not milestones.tell_adviser(record, milestones.CLOSED)
    assert milestones.record_of_stop_token("forged") is None


def test_the_facts_keep_what_the_figures_need_and_survive_the_record(app, make):
    coach = make.coach(zone="alencon")
    record = new_record(coach)
    add_step(record, StepKind.JOB, date(2027, 1, 10), coach, status=StepStatus.DONE)
    db.session.commit()
    fact = db.session.scalar(sa.select(RecordFact))
    assert (fact.zone, fact.publics, fact.status) == ("alencon", ["rqth"], "active")
    assert sorted(s.kind for s in fact.steps) == ["emploi", "suivi", "suivi", "suivi"]
    db.session.delete(record)
    db.session.commit()
    fact = db.session.scalar(sa.select(RecordFact))
    assert fact.accompaniment_id is None and len(fact.steps) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StepFact)) == 4


def test_the_adviser_stops_the_news_through_the_link_of_any_mail(app, make, client):
    coach = make.coach(zone="alencon")
    record = new_record(
        coach,
        partner_kind=PartnerKind.MISSION_LOCALE,
        adviser_email="conseiller@ml.exemple",
        adviser_informed=True,
    )
    add_step(record, StepKind.IMMERSION, date.today(), coach, status=StepStatus.DONE)
    db.session.commit()
    mail = outbox("conseiller@ml.exemple")[-1]
    link = mail.headers["List-Unsubscribe"].strip("<>")
    assert link in mail.body_text
    path = link.removeprefix("http://localhost")
    asking = client.get(path)
    assert asking.status_code == 200 and "Ne plus recevoir" in asking.get_data(as_text=True)
    assert db.session.get(type(record), record.id).adviser_informed  # a GET changes nothing
    assert client.post(path).status_code == 200
    db.session.expire_all()
    assert not db.session.get(type(record), record.id).adviser_informed
    add_step(db.session.get(type(record), record.id), StepKind.JOB, date.today(), coach, status=StepStatus.DONE)
    db.session.commit()
    assert len(outbox("conseiller@ml.exemple")) == 1  # nothing more after the stop
    assert client.get(path[:-3] + "xyz").status_code == 400
