import re

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, log_in, screenshot


def test_a_candidate_completes_the_profile_on_a_phone(live_app, page_factory, tmp_path):
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        Factory().candidate(email="lea@exemple.fr")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    page = page_factory(bypass_csp=True, viewport={"width": 360, "height": 780})
    log_in(page, base, "lea@exemple.fr")
    page.get_by_role("link", name="Compléter mon profil").click()
    page.get_by_role("heading", name="Votre profil est complet à 0 %").wait_for()
    assert axe_violations(page) == []

    page.get_by_label("Aide-soignant·e").check()
    page.get_by_label("CDI").check()
    page.get_by_label("Temps plein").check()
    page.get_by_label("Votre commune").fill("Alençon (61000)")
    page.get_by_label(re.compile("^Présentez-vous")).fill(
        "J'ai travaillé dix ans dans le commerce et je veux me reconvertir pour prendre soin des autres."
    )
    page.get_by_role("button", name="Enregistrer mon profil").click()
    assert "Votre profil est enregistré." in page.locator(".flashes").inner_text()
    expect(page.get_by_role("heading", name=re.compile("complet à 62 %"))).to_be_visible()
    screenshot(page, "profil-candidat-360")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    from tests import documents

    cv = tmp_path / "Mon CV.pdf"
    cv.write_bytes(documents.pdf(["Léa Durand", "Vendeuse pendant dix ans, en reconversion"]))
    page.get_by_role("link", name="Mes CV et ma photo").click()
    page.get_by_label(re.compile("^Votre CV")).set_input_files(str(cv))
    page.get_by_role("button", name="Envoyer mon CV").click()
    assert "« Mon CV.pdf » est enregistré." in page.locator(".flashes").inner_text()
    # The profile is not visible yet: the page does not pretend employers see the CV.
    expect(page.get_by_text("CV principal, non montré")).to_be_visible()
    assert page.get_by_text("Montré aux employeurs").count() == 0
    screenshot(page, "cv-candidat-360")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_visibility_is_saved_with_the_profile_and_every_page_tells_the_truth(live_app, page_factory, viewport):
    from portal.extensions import db
    from tests import documents
    from tests.conftest import Factory

    with live_app.app_context():
        user = Factory().candidate(email="ines@exemple.fr")
        from portal.candidates import services as candidates

        candidates.add_cv(candidates.profile_of(user), documents.pdf(["Inès", "Aide à domicile"]), "cv.pdf")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base, width = live_app.config["LIVE_URL"], viewport["width"]
    page = page_factory(bypass_csp=True, viewport=viewport)
    log_in(page, base, "ines@exemple.fr")
    card = page.locator(".card", has=page.get_by_role("heading", name="Mon profil"))
    assert "Votre profil n'est pas visible dans la CV-thèque" in card.inner_text()
    screenshot(page, f"tableau-de-bord-non-visible-{width}")

    card.get_by_role("link", name="Le rendre visible").click()
    box = page.locator(".progress-card")
    assert "Non visible" in box.inner_text()
    # Exactly what the issue describes: tick the box, then press the big button at the bottom.
    page.get_by_label("Je rends mon profil visible").check()
    page.get_by_label("Aide-soignant·e").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    flash = page.locator(".flashes").inner_text()
    assert "Votre profil est enregistré. Il est visible des employeurs adhérents dans la CV-thèque" in flash
    assert "Visible" in box.inner_text() and "avec votre nom" in box.inner_text()
    assert page.get_by_label("Je rends mon profil visible").is_checked()
    screenshot(page, f"profil-visible-{width}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="Mes CV et ma photo").click()
    expect(page.get_by_text("Montré aux employeurs")).to_be_visible()

    page.get_by_role("link", name="Changer").click()
    page.get_by_label("Je rends mon profil visible").uncheck()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    assert "retiré de la CV-thèque" in page.locator(".flashes").inner_text()
    page.get_by_role("link", name="Mes CV et ma photo").click()
    expect(page.get_by_text("CV principal, non montré")).to_be_visible()
    assert page.get_by_text("Montré aux employeurs").count() == 0
    screenshot(page, f"cv-profil-non-visible-{width}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(base + "/compte/")
    assert "retiré le" in page.locator(".card", has=page.get_by_role("heading", name="Mon profil")).inner_text()


def test_still_looking_puts_the_profile_back_with_what_was_typed_on_the_page(live_app, page_factory):
    from datetime import timedelta

    from portal.candidates.retention import run_retention
    from portal.clock import utcnow
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.helpers import visible_candidate

    with live_app.app_context(), live_app.test_request_context():
        user, profile = visible_candidate(Factory(), email="noe@exemple.fr", presentation="Aide à domicile.")
        user.last_active_at = utcnow() - timedelta(days=740)  # two years without using the account
        db.session.commit()
        assert run_retention().warned == 1
        user.retention_warned_at -= timedelta(days=31)  # and a month more: the CV-thèque drops the profile
        db.session.commit()
        assert run_retention().hidden == 1
        profile_id, user_id = profile.id, user.id
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    page = page_factory(bypass_csp=True, viewport={"width": 360, "height": 780})
    log_in(page, live_app.config["LIVE_URL"], "noe@exemple.fr")
    page.get_by_role("link", name="Compléter mon profil").click()
    page.get_by_label(re.compile("^Présentez-vous")).fill("Aide à domicile, disponible dès janvier.")
    screenshot(page, "profil-retire-360")
    # The button sits in the notice at the top, yet it sends the whole page: nothing typed is lost.
    page.get_by_role("button", name="Je cherche toujours").click()
    assert "C'est noté : votre profil reste dans la CV-thèque." in page.locator(".flashes").inner_text()
    assert page.get_by_label(re.compile("^Présentez-vous")).input_value() == "Aide à domicile, disponible dès janvier."
    with live_app.app_context():
        from portal.accounts.models import User
        from portal.candidates.models import CandidateProfile

        saved = db.session.get(CandidateProfile, profile_id)
        assert saved.visible and not saved.hidden_by_retention
        assert db.session.get(User, user_id).retention_warned_at is None
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
