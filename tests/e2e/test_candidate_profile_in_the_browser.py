import re

from tests.e2e.conftest import axe_violations, screenshot

PASSWORD = "Un-mot-de-passe-solide-61"


def test_a_candidate_completes_the_profile_on_a_phone(live_app, page_factory, tmp_path):
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        Factory().candidate(email="lea@exemple.fr")
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    page = page_factory(bypass_csp=True, viewport={"width": 360, "height": 780})
    page.goto(base + "/compte/connexion")
    page.get_by_label("Adresse électronique").fill("lea@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Compléter mon profil").click()
    page.get_by_role("heading", name="Votre profil est complet à 0 %").wait_for()
    assert axe_violations(page) == []

    page.get_by_label("Aide-soignant·e").check()
    page.get_by_label("CDI").check()
    page.get_by_label("Temps plein").check()
    page.get_by_label("Votre commune").fill("Alençon (61000)")
    page.get_by_label(re.compile("^Présentez-vous")).fill(
        "J'ai travaillé dix ans dans le commerce et je veux me reconvertir pour prendre soin des autres.")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    assert "Votre profil est enregistré." in page.locator(".flashes").inner_text()
    assert page.get_by_role("heading", name=re.compile("complet à 62 %")).is_visible()
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
    assert page.get_by_text("Montré aux employeurs").is_visible()
    screenshot(page, "cv-candidat-360")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
