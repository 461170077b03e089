"""Retention: a silent candidate is warned at 23 months, leaves the CV-thèque at 24, and is deleted with all their
data after the delay the privacy page states; only the person's own activity restarts the clock."""

import io
import re

import pytest
import sqlalchemy as sa

from portal.accounts.models import User
from portal.candidates.models import CandidateFile, CandidateProfile
from portal.cvtheque.documents import INDEX
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.offers.models import Application
from portal.search import SearchRequest, open_index
from tests import documents
from tests.browser_forms import BrowserForm
from tests.conftest import outbox, page
from tests.helpers import publish, visible_candidate

WORD = "Zygopétale"  # in the CV only: the index holds it while the profile is visible


def retention(runner) -> dict[str, int]:
    """Run the command as cron does; what it printed, stage by stage."""
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    return {label.strip(): int(count) for label, count in re.findall(r"^(.+?) : (\d+)$", result.output, re.M)}


def stage(report: dict[str, int], start: str) -> int:
    return next(count for label, count in report.items() if label.startswith(start))


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def index_hits(word: str) -> int:
    """Documents in the index that hold the word, before the database has its say."""
    return open_index(INDEX).search(SearchRequest(word, per_page=10)).total


@pytest.fixture
def silent(make, clock):
    """A candidate who made their profile visible today, with a CV, and then does nothing."""
    user, profile = visible_candidate(
        make,
        first_name="Thomas",
        last_name="Lefèvre",
        cv_lines=["Thomas Lefèvre", f"Aide-soignant, passionné de {WORD}"],
    )
    return user, profile


def test_a_profile_untouched_for_23_months_is_warned_once(runner, silent, make, clock):
    user, profile = silent
    clock.advance(days=300)
    fresh_user, _ = visible_candidate(make)
    clock.advance(days=400)
    assert stage(retention(runner), "Comptes candidats avertis") == 1
    assert stage(retention(runner), "Comptes candidats avertis") == 0  # the same day, or the next: once
    mails = outbox(user.email)
    assert [m.subject for m in mails] == ["Votre profil va bientôt quitter la CV-thèque"]
    assert "/compte/profil" in mails[0].body_text and "seront supprimés le" in mails[0].body_text
    assert fresh(CandidateProfile, profile.id).visible
    assert outbox(fresh_user.email) == []


def test_the_warning_does_not_restart_the_clock(runner, silent, clock):
    user, profile = silent
    clock.advance(days=700)
    assert stage(retention(runner), "Comptes candidats avertis") == 1
    clock.advance(days=30)  # 24 months after the last thing the person did, the warning notwithstanding
    assert stage(retention(runner), "Profils retirés de la CV-thèque") == 1
    assert not fresh(CandidateProfile, profile.id).visible
    assert outbox(user.email)[-1].subject == "Votre profil n'est plus visible dans la CV-thèque"
    assert "seront supprimés le" in outbox(user.email)[-1].body_text


def test_a_login_restarts_the_clock(runner, silent, clock, auth):
    user, profile = silent
    clock.advance(days=700)
    retention(runner)
    clock.advance(days=20)
    assert "votre compte ne sera pas supprimé" in page(auth.client_for(user).get("/compte/", follow_redirects=True))
    clock.advance(days=20)  # 24 months and 10 days after the profile was made, 20 days after the login
    report = retention(runner)
    assert stage(report, "Profils retirés de la CV-thèque") == 0
    assert fresh(CandidateProfile, profile.id).visible
    clock.advance(days=680)  # 700 days after the login: warned again, once
    assert stage(retention(runner), "Comptes candidats avertis") == 1
    assert len(outbox(user.email)) == 2


def test_an_edit_of_the_profile_restarts_the_clock(runner, silent, clock, auth):
    user, _profile = silent
    clock.advance(days=729)
    client = auth.client_for(user)
    clock.advance(hours=1)  # the same visit (a login without "remember me" lasts 12 hours of inactivity)
    client.post(
        "/compte/cv",
        data={"cv": (io.BytesIO(documents.pdf(["Nouveau CV"])), "nouveau.pdf")},
        content_type="multipart/form-data",
    )
    assert fresh(User, user.id).last_active_at == clock.now


def test_je_cherche_toujours_brings_a_hidden_profile_back(runner, silent, clock, auth):
    user, profile = silent
    clock.advance(days=700)
    retention(runner)
    clock.advance(days=30)
    retention(runner)
    client = auth.client_for(user)
    html = page(client.get("/compte/profil"))
    assert "Votre profil a quitté la CV-thèque" in html and "Je cherche toujours" in html
    client.post("/compte/profil", data=BrowserForm(html, "profil").submit("Je cherche toujours"))
    profile = fresh(CandidateProfile, profile.id)
    assert profile.visible and profile.hidden_for_inactivity_at is None
    assert fresh(User, user.id).last_active_at == clock.now
    clock.advance(days=400)
    assert all(count == 0 for count in retention(runner).values())


def test_a_silent_candidate_is_deleted_with_all_their_data(runner, silent, make, clock, instance_path, auth):
    user, profile = silent
    user_id, email, profile_id = user.id, user.email, profile.id
    cv_id = profile.files[0].id
    recruiter = make.member()
    offer = publish(recruiter, "Aide-soignant·e de nuit")
    candidate_client = auth.client_for(user)
    candidate_client.post(f"/offres/{offer.id}/postuler", data={"cv": cv_id, "message": "Je suis disponible."})
    about = [m for m in outbox(recruiter.email) if "Thomas Lefèvre" in m.body_text]
    assert about and index_hits(WORD) == 1
    assert len(list((instance_path / "uploads").rglob("*.pdf"))) == 1

    expected = [
        ("Comptes candidats avertis", 700),
        ("Profils retirés de la CV-thèque", 30),
        ("Derniers avertissements", 75),
        ("Comptes supprimés", 15),
    ]
    for label, days in expected:
        clock.advance(days=days - 1)
        assert stage(retention(runner), label) == 0  # not yet
        clock.advance(days=1)
        report = retention(runner)
        assert stage(report, label) == 1, (label, report)
        assert all(count == 0 for count in retention(runner).values())  # a second run the same day: nothing
        if label == "Profils retirés de la CV-thèque":
            assert index_hits(WORD) == 0
        if label != "Comptes supprimés":
            assert fresh(User, user_id) is not None

    assert fresh(User, user_id) is None
    assert db.session.get(CandidateProfile, profile_id) is None
    assert db.session.get(CandidateFile, cv_id) is None  # and the text read from it
    assert db.session.scalars(sa.select(Application)).all() == []
    assert list((instance_path / "uploads").rglob("*.pdf")) == []
    assert (
        db.session.scalars(
            sa.select(OutboxMessage).where(
                sa.or_(
                    OutboxMessage.recipient == email,
                    OutboxMessage.about_user_id == user_id,
                    OutboxMessage.body_text.contains("Lefèvre"),
                    OutboxMessage.subject.contains("Lefèvre"),
                )
            )
        ).all()
        == []
    )
    assert index_hits(WORD) == 0
    member = auth.client_for(make.member())
    assert "Thomas" not in page(member.get("/cvtheque/", query_string={"q": WORD}))
    assert "Thomas" not in page(member.get("/cvtheque/", query_string={"q": "Lefèvre"}))
    assert member.get(f"/cvtheque/profil/{profile_id}").status_code == 404
    assert member.get(f"/cvtheque/profil/{profile_id}/cv").status_code == 404
    admin = auth.client_for(make.admin())
    assert "Lefèvre" not in page(admin.get("/admin/courriels"))


def test_the_announced_dates_are_kept_when_the_run_was_missed(runner, silent, clock):
    _user, _ = silent
    clock.advance(days=900)  # the run did not happen for months: each stage still waits for its notice
    assert stage(retention(runner), "Comptes candidats avertis") == 1
    clock.advance(days=1)
    assert stage(retention(runner), "Profils retirés de la CV-thèque") == 0
    clock.advance(days=29)
    assert stage(retention(runner), "Profils retirés de la CV-thèque") == 1
    clock.advance(days=200)
    assert stage(retention(runner), "Derniers avertissements") == 1
    clock.advance(days=14)
    assert stage(retention(runner), "Comptes supprimés") == 0
    clock.advance(days=1)
    assert stage(retention(runner), "Comptes supprimés") == 1


def test_accounts_without_a_visible_profile_go_the_same_way(runner, make, clock):
    user = make.candidate()
    for days in (700, 30, 75, 15):
        clock.advance(days=days)
        retention(runner)
    assert [m.subject for m in outbox()] == []  # the mail to the person went with the account
    assert fresh(User, user.id) is None


def test_staff_and_employer_accounts_are_never_deleted(runner, make, clock):
    people = [make.member(), make.pending_employer(), make.coach(), make.admin()]
    for days in (700, 30, 75, 15, 400):
        clock.advance(days=days)
        retention(runner)
    assert all(fresh(User, person.id) is not None for person in people)
    assert outbox() == []


def test_an_interrupted_run_resumes(runner, make, clock, monkeypatch):
    first, second = make.candidate(), make.candidate()
    for days in (700, 30, 75):
        clock.advance(days=days)
        retention(runner)
    clock.advance(days=15)
    import portal.candidates.retention as module

    real = module.delete_account

    def fail_for_first(user):
        if user.id == first.id:
            raise OSError("disque plein")
        real(user)

    monkeypatch.setattr(module, "delete_account", fail_for_first)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 1 and "Comptes supprimés avec toutes leurs données : 1" in result.output
    assert fresh(User, first.id) is not None and fresh(User, second.id) is None
    monkeypatch.setattr(module, "delete_account", real)
    assert stage(retention(runner), "Comptes supprimés") == 1
    assert fresh(User, first.id) is None


def test_the_retention_command_reports_each_stage_in_french(runner, silent, clock):
    clock.advance(days=700)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0
    assert "Comptes candidats avertis (23 mois sans activité) : 1" in result.output
    assert "Profils retirés de la CV-thèque, suppression annoncée (24 mois) : 0" in result.output
    assert "Derniers avertissements avant suppression : 0" in result.output
    assert "Comptes supprimés avec toutes leurs données : 0" in result.output
    assert "Courriels dont le contenu est effacé (plus de 30 jours) : 0" in result.output


def test_the_privacy_page_states_the_durations_the_run_applies(app, client):
    app.config["RETENTION_DELETE_AFTER_DAYS"] = 60
    html = re.sub(r"<[^>]+>", "", page(client.get("/confidentialite")))
    assert "Après 23 mois sans activité" in html and "Après 24 mois sans activité" in html
    assert "60 jours plus tard" in html and "contenu est effacé après 30 jours" in html
