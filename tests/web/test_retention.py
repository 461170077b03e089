from datetime import timedelta

from portal.candidates.services import profile_of, run_retention
from portal.clock import utcnow
from portal.extensions import db
from tests.browser_forms import BrowserForm
from tests.conftest import outbox, page


def visible_profile(make, days_untouched: int):
    user = make.candidate()
    profile = profile_of(user)
    profile.visible, profile.visible_since = True, utcnow() - timedelta(days=days_untouched)
    db.session.flush()
    profile.updated_at = utcnow() - timedelta(days=days_untouched)
    db.session.commit()
    return user, profile


def run(app):
    with app.test_request_context():
        return run_retention()


def test_a_profile_untouched_for_23_months_is_warned_once(app, make):
    user, profile = visible_profile(make, 710)
    fresh_user, _ = visible_profile(make, 100)
    report = run(app)
    assert (report.warned, report.hidden) == (1, 0)
    assert run(app).warned == 0  # the next day: no second warning
    mails = outbox(user.email)
    assert [m.subject for m in mails] == ["Votre profil va bientôt quitter la CV-thèque"]
    assert "/compte/profil" in mails[0].body_text
    db.session.refresh(profile)
    assert profile.visible and profile.retention_warned_at is not None
    assert outbox(fresh_user.email) == []


def test_a_profile_untouched_for_24_months_leaves_the_cvtheque(app, make):
    user, profile = visible_profile(make, 731)
    report = run(app)
    assert report.hidden == 1
    db.session.refresh(profile)
    assert not profile.visible and profile.visibility_withdrawn_at is not None
    assert outbox(user.email)[-1].subject == "Votre profil n'est plus visible dans la CV-thèque"
    assert run(app).hidden == 0


def test_a_hidden_profile_is_left_alone(app, make):
    user, profile = visible_profile(make, 800)
    profile.visible = False
    db.session.commit()
    assert (run(app).warned, run(app).hidden) == (0, 0)


def test_the_candidate_keeps_the_profile_with_one_click(client, app, make, auth):
    user, profile = visible_profile(make, 710)
    run(app)
    auth.login(user)
    html = page(client.get("/compte/profil"))
    assert "il va bientôt quitter la CV-thèque" in html
    client.post("/compte/profil", data=BrowserForm(html, "profil").submit("Je cherche toujours"))
    db.session.refresh(profile)
    assert profile.retention_warned_at is None and profile.updated_at > utcnow() - timedelta(minutes=1)
    assert run(app).warned == 0


def test_the_retention_command_reports(app, runner, make):
    visible_profile(make, 731)
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0
    assert "0 avertissement(s), 1 profil(s) retiré(s) de la CV-thèque." in result.output
