"""A candidate whose profile left the CV-thèque for inactivity comes back and puts it back with one click; the
candidate sees the association's staff in their consultations; the admin reads only metadata of old mail."""

import re

from playwright.sync_api import expect

from portal.candidates.retention import run_retention
from portal.mail.sender import deliver_pending
from tests.e2e.conftest import SCREENSHOTS, axe_violations, log_in, screenshot
from tests.helpers import visible_candidate


def test_a_candidate_back_after_two_years_puts_the_profile_back(live_app, make, page_factory, viewport, clock):
    base, size = live_app.config["LIVE_URL"], viewport["width"]
    user, profile = visible_candidate(make, first_name="Léa", last_name="Revenue", cv_lines=["Léa Revenue"])
    coach = make.coach()
    for days in (700, 30):
        clock.advance(days=days)
        with live_app.test_request_context():
            run_retention()
    coach_page = page_factory(viewport)
    log_in(coach_page, base, coach.email)
    assert coach_page.goto(base + f"/cvtheque/profil/{profile.id}").status == 404  # out of the CV-thèque

    page = page_factory(viewport, bypass_csp=True)
    log_in(page, base, user.email)
    assert page.get_by_text("votre compte ne sera pas supprimé").is_visible()
    page.goto(base + "/compte/profil")
    notice = page.get_by_text(re.compile("Votre profil a quitté la CV-thèque"))
    notice.scroll_into_view_if_needed()
    screenshot(page, f"retention-profil-retire-{size}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= size
    page.get_by_role("button", name=re.compile("Je cherche toujours")).click()
    expect(page.get_by_text("votre profil reste dans la CV-thèque")).to_be_visible()

    coach_page.goto(base + f"/cvtheque/profil/{profile.id}")
    coach_page.get_by_role("heading", name="Léa Revenue", level=1).wait_for()
    page.goto(base + "/compte/cvtheque")
    row = page.get_by_role("row", name=re.compile("Coach de l'association"))
    assert "A consulté votre profil" in row.inner_text()
    screenshot(page, f"retention-consultations-{size}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= size


def test_the_admin_reads_only_the_metadata_of_old_mail(live_app, make, page_factory, viewport, clock):
    base, size = live_app.config["LIVE_URL"], viewport["width"]
    candidate = make.candidate(email="ancienne@exemple.fr")
    from portal.accounts.services import request_password_reset

    with live_app.test_request_context():
        request_password_reset(candidate.email)
        deliver_pending()
    clock.advance(days=31)
    page = page_factory(viewport, bypass_csp=True)
    log_in(page, base, make.admin().email)
    page.goto(base + "/admin/courriels")
    assert page.get_by_text("contenu effacé", exact=True).is_visible()
    screenshot(page, f"retention-courriels-{size}")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Choisissez un nouveau mot de passe").click()
    expect(page.get_by_text(re.compile("Contenu effacé"))).to_be_visible()
    assert page.locator("iframe").count() == 0
    screenshot(page, f"retention-courriel-efface-{size}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= size


def test_the_privacy_page_tells_the_retention_periods(live_app, page_factory, viewport):
    base, size = live_app.config["LIVE_URL"], viewport["width"]
    page = page_factory(viewport, bypass_csp=True)
    page.goto(base + "/confidentialite")
    heading = page.get_by_role("heading", name="Combien de temps nous gardons vos données")
    heading.scroll_into_view_if_needed()
    assert page.get_by_text(re.compile("90 jours plus tard")).is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"retention-confidentialite-{size}.png"))
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= size
