"""The retention run closes the records without contact for 24 months, erases the closed ones after the period the
privacy page states (only the anonymous facts stay), erases the requests left aside, and a step in an
accompaniment counts as activity for the person's account."""

from datetime import date

import sqlalchemy as sa

from portal.accompaniment.models import (
    AccessLog,
    Accompaniment,
    CoachChange,
    HelpRequest,
    Note,
    PartnerKind,
    RecordFact,
    RequestStatus,
    Sharing,
    Step,
    StepFact,
    StepKind,
    StepStatus,
)
from portal.accompaniment.services import retention
from portal.accompaniment.services.access import log_access
from portal.accompaniment.services.pathway import add_note, add_step
from portal.accompaniment.services.records import close_record
from portal.accounts.models import User
from portal.extensions import db
from tests.conftest import outbox, page
from tests.helpers import accompanied, share


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def referred(make, **kw) -> Accompaniment:
    record = accompanied(make, **kw)
    record.partner_kind, record.adviser_email, record.adviser_informed = (
        PartnerKind.FRANCE_TRAVAIL,
        "conseillere@francetravail.exemple",
        True,
    )
    db.session.commit()
    return record


def test_a_record_without_contact_for_24_months_is_closed_once(app, make, runner, clock):
    silent = referred(make)
    lively = accompanied(make, first_name="Paul")
    clock.advance(days=400)
    add_step(lively, StepKind.CONTACT, date.today(), lively.coach, status=StepStatus.DONE)
    db.session.commit()
    clock.advance(days=331)

    result = runner.invoke(args=["retention", "run"])

    assert result.exit_code == 0, result.output
    assert "Accompagnements clos, sans contact depuis 24 mois : 1" in result.output
    db.session.expire_all()
    silent, lively = db.session.get(Accompaniment, silent.id), db.session.get(Accompaniment, lively.id)
    assert (silent.status, silent.outcome) == ("closed", "sans-contact") and lively.status == "active"
    fact = db.session.scalar(sa.select(RecordFact).where(RecordFact.accompaniment_id == silent.id))
    assert (fact.status, fact.outcome) == ("closed", "sans-contact")
    assert [m.subject for m in outbox("conseillere@francetravail.exemple")][-1].startswith("Accompagnement terminé")
    again = runner.invoke(args=["retention", "run"])
    assert "Accompagnements clos, sans contact depuis 24 mois : 0" in again.output
    assert len(outbox("conseillere@francetravail.exemple")) == 1  # no second "closed"


def test_a_closed_record_is_erased_after_the_period_and_only_the_facts_stay(app, make, runner, clock):
    recruiter = make.member()
    record = accompanied(make)
    add_step(record, StepKind.FIRST_INTERVIEW, date.today(), record.coach, status=StepStatus.DONE, note="Échange")
    add_note(record, record.coach, "Note de l'équipe")
    share(record, recruiter.structure)
    log_access(record, recruiter, "A consulté votre profil")
    db.session.add(
        HelpRequest(
            first_name="Léa",
            commune_insee="61001",
            zone="alencon",
            status=RequestStatus.OPENED,
            accompaniment_id=record.id,
        )
    )
    close_record(record, "emploi-durable")
    db.session.commit()
    record_id = record.id
    clock.advance(days=364)
    assert "Accompagnements effacés, 12 mois après leur fin : 0" in runner.invoke(args=["retention", "run"]).output
    clock.advance(days=2)

    result = runner.invoke(args=["retention", "run"])

    assert "Accompagnements effacés, 12 mois après leur fin : 1" in result.output
    db.session.expire_all()
    assert db.session.get(Accompaniment, record_id) is None
    for model in (Step, Note, Sharing, AccessLog, CoachChange):
        assert count(model, model.accompaniment_id == record_id) == 0, model
    assert count(HelpRequest) == 0
    fact = db.session.scalar(sa.select(RecordFact))
    assert fact.accompaniment_id is None and fact.outcome == "emploi-durable" and fact.publics == ["rqth", "rsa"]
    assert count(StepFact, StepFact.fact_id == fact.id) == 1
    assert "Accompagnements effacés, 12 mois après leur fin : 0" in runner.invoke(args=["retention", "run"]).output


def test_requests_filed_or_never_opened_are_erased_after_a_year(app, make, runner, clock):
    def request(status, **kw):
        db.session.add(HelpRequest(first_name="Léa", commune_insee="61001", zone="alencon", status=status, **kw))

    request(RequestStatus.NEW)
    request(RequestStatus.FILED)
    db.session.commit()
    clock.advance(days=200)
    request(RequestStatus.NEW)  # younger: stays
    db.session.commit()
    clock.advance(days=170)

    result = runner.invoke(args=["retention", "run"])

    assert "Demandes d'accompagnement classées ou jamais ouvertes effacées (plus de 12 mois) : 2" in result.output
    assert count(HelpRequest) == 1


def test_a_step_in_an_accompaniment_keeps_the_account_from_the_cvtheque_clock(app, make, clock):
    from portal.candidates.retention import run_retention

    followed = make.candidate()
    forgotten = make.candidate()
    record = accompanied(make, user=followed)
    clock.advance(days=650)
    add_step(record, StepKind.CONTACT, date.today(), record.coach, status=StepStatus.DONE)
    db.session.commit()
    clock.advance(days=60)

    report = run_retention()

    assert report.warned == 1
    db.session.expire_all()
    assert db.session.get(User, followed.id).retention_warned_at is None
    assert db.session.get(User, forgotten.id).retention_warned_at is not None


def test_a_failing_record_makes_the_command_fail_and_the_others_go_on(app, make, runner, clock, monkeypatch):
    first, second = accompanied(make), accompanied(make, first_name="Paul")
    clock.advance(days=731)
    real = retention.close_record

    def flaky(record, outcome, at=None):
        if record.id == first.id:
            raise RuntimeError("disque plein")
        real(record, outcome, at)

    monkeypatch.setattr(retention, "close_record", flaky)

    result = runner.invoke(args=["retention", "run"])

    assert result.exit_code == 1
    assert "Accompagnements clos, sans contact depuis 24 mois : 1" in result.output
    assert f"échec, repris au prochain passage : accompagnement {first.id} : RuntimeError" in result.output
    db.session.expire_all()
    assert db.session.get(Accompaniment, second.id).status == "closed"
    assert db.session.get(Accompaniment, first.id).status == "active"


def test_the_privacy_page_states_the_periods_of_accompaniment(client, app):
    app.config["ACCOMPANIMENT_ERASE_AFTER_DAYS"] = 730

    text = page(client.get("/confidentialite"))

    assert "sans aucune étape ni aucun contact pendant <strong>24 mois</strong>" in text
    assert "<strong>effacé 24 mois après sa fin</strong>" in text
