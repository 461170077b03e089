import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, links_in, text_part
from tests.e2e.conftest import axe_violations, log_in, screenshot, wait_for_mail


def test_a_candidate_signs_up_confirms_the_address_logs_in_and_out(live_app, page_factory):
    base, capture = live_app.config["LIVE_URL"], live_app.config["CAPTURE"]
    page = page_factory()
    page.goto(base + "/")
    page.get_by_role("link", name="Créer mon profil et déposer mon CV").click()

    page.get_by_label("Prénom").fill("Léa")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse électronique").fill("lea.durand@exemple.fr")
    page.get_by_label(re.compile(r"^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label(re.compile("J'ai lu la politique de confidentialité")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name=re.compile("confirmez votre adresse")).wait_for()

    mail = wait_for_mail(capture, "lea.durand@exemple.fr")
    assert mail["Subject"] == "Confirmez votre adresse électronique"
    link = next(link for link in links_in(text_part(mail)) if "/compte/verification/" in link)
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    assert "Votre adresse est confirmée" in page.locator(".flashes").inner_text()

    page.get_by_label("Adresse électronique").fill("lea.durand@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Bonjour Léa").wait_for()

    page.get_by_role("button", name="Se déconnecter").click()
    assert "Vous êtes déconnecté·e" in page.locator(".flashes").inner_text()
    page.goto(base + "/compte/")
    assert "/compte/connexion" in page.url


def test_a_wrong_form_keeps_what_was_typed_and_focuses_the_errors(live_app, page_factory):
    page = page_factory()
    page.goto(live_app.config["LIVE_URL"] + "/compte/inscription/candidat")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Adresse électronique").fill("lea@")
    page.get_by_role("button", name="Créer mon compte").click()
    summary = page.locator("#erreurs")
    summary.wait_for()
    # site.js (deferred) moves the focus once the page is parsed: wait for it rather than race it.
    # Playwright's own check, not a string evaluated in the page, which the site's CSP forbids.
    expect(page.locator("#erreurs")).to_be_focused(timeout=5000)
    assert "Cette adresse électronique n'est pas valide" in summary.inner_text()
    assert page.get_by_label("Prénom").input_value() == "Léa"
    summary.get_by_role("link", name=re.compile("Adresse électronique")).click()
    assert page.evaluate("document.activeElement.id") == "email"


PAGES = {
    "accueil": "/",
    "connexion": "/compte/connexion",
    "inscription": "/compte/inscription",
    "inscription-candidat": "/compte/inscription/candidat",
    "inscription-recruteur": "/compte/inscription/recruteur",
    "confidentialite": "/confidentialite",
    "mentions-legales": "/mentions-legales",
    "accessibilite": "/accessibilite",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_public_pages_have_no_serious_accessibility_violation(live_app, page_factory, viewport, name):
    page = page_factory(viewport=viewport, bypass_csp=True)
    response = page.goto(live_app.config["LIVE_URL"] + PAGES[name])
    assert response.status == 200
    screenshot(page, f"{name}-{viewport['width']}")
    assert axe_violations(page) == []
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_form_errors_have_no_serious_accessibility_violation(live_app, page_factory):
    page = page_factory(bypass_csp=True, viewport={"width": 360, "height": 780})
    page.goto(live_app.config["LIVE_URL"] + "/compte/inscription/recruteur")
    page.get_by_label("Numéro SIRET").fill("12345678901234")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.locator("#erreurs").wait_for()
    screenshot(page, "inscription-recruteur-erreurs-360")
    assert axe_violations(page) == []


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(live_app, page_factory):
    page = page_factory()
    page.goto(live_app.config["LIVE_URL"] + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_the_focus_is_visible(live_app, page_factory):
    page = page_factory()
    page.goto(live_app.config["LIVE_URL"] + "/compte/connexion")
    page.get_by_label("Adresse électronique").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_a_recruiter_edits_the_structure_page_with_a_logo(live_app, page_factory, tmp_path):
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.images import png

    with live_app.app_context():
        member = Factory().member(email="recrutement@lilas.example")
        slug = member.structure.slug
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(400, 200))
    page = page_factory(bypass_csp=True, viewport={"width": 360, "height": 780})
    base = live_app.config["LIVE_URL"]
    log_in(page, base, "recrutement@lilas.example")
    page.goto(base + "/compte/structure/modifier")
    page.get_by_label(re.compile("^Présentation")).fill("Une équipe de 40 personnes à Flers.")
    page.get_by_label(re.compile("^Logo")).set_input_files(str(logo))
    page.get_by_role("button", name="Enregistrer").click()
    assert "La page de votre structure est enregistrée." in page.locator(".flashes").inner_text()
    page.goto(base + f"/structures/{slug}")
    assert page.get_by_role("img", name=re.compile("Logo de")).evaluate("img => img.naturalWidth") == 240
    screenshot(page, "employeur-avec-logo-360")
    assert axe_violations(page) == []


def test_on_a_phone_the_menu_folds_behind_a_button(live_app, page_factory):
    page = page_factory(viewport={"width": 360, "height": 780})
    page.goto(live_app.config["LIVE_URL"] + "/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Se connecter").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Se connecter").is_visible()
    screenshot(page, "menu-ouvert-360")


def test_a_logged_in_admin_pages_have_no_serious_violation(live_app, page_factory):
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        Factory().admin(email="admin@exemple.fr")
        Factory().pending_employer()
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    page = page_factory(bypass_csp=True)
    base = live_app.config["LIVE_URL"]
    log_in(page, base, "admin@exemple.fr")
    for name, path in [
        ("admin", "/admin/"),
        ("admin-structures", "/admin/structures?statut=pending"),
        ("admin-communes", "/admin/communes"),
        ("admin-courriels", "/admin/courriels"),
        ("espace", "/compte/"),
        ("parametres", "/compte/parametres"),
        ("mes-donnees", "/compte/mes-donnees"),
        ("admin-metiers", "/metiers/gestion"),
        ("admin-metier-modifier", "/metiers/aide-soignant/modifier"),
    ]:
        assert page.goto(base + path).status == 200
        screenshot(page, f"{name}-1280")
        assert axe_violations(page) == [], name
