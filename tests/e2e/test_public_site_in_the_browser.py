import re

from tests.conftest import outbox
from tests.e2e.conftest import looks_right


def test_a_visitor_goes_from_home_to_a_metier_then_writes_to_the_association(live_app, page_factory, viewport):
    base = live_app.config["LIVE_URL"]
    page = page_factory(viewport=viewport, bypass_csp=True)
    page.goto(base + "/")
    looks_right(page, "parcours-accueil", viewport["width"])

    page.get_by_role("link", name="Découvrir les métiers").first.click()
    page.get_by_role("heading", name="Les métiers de l'autonomie").wait_for()
    looks_right(page, "parcours-metiers", viewport["width"])

    page.get_by_label("Niveau de diplôme pour commencer").select_option(label="Sans diplôme exigé")
    page.get_by_role("button", name="Afficher").click()
    assert "niveau=0" in page.url
    page.goto(base + "/metiers/")

    page.get_by_role("link", name=re.compile("^Aide-soignant")).click()
    page.get_by_role("heading", level=1, name=re.compile("^Aide-soignant")).wait_for()
    assert page.get_by_role("heading", name="Sources").is_visible()
    looks_right(page, "parcours-metier-aide-soignant", viewport["width"])

    if viewport["width"] < 768:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Contact").click()
    page.get_by_role("heading", name="Nous écrire").wait_for()
    looks_right(page, "parcours-contact", viewport["width"])

    page.get_by_label(re.compile("^Votre nom")).fill("Léa Durand")
    page.get_by_label(re.compile("^Votre adresse électronique")).fill("lea@exemple.fr")
    page.get_by_label(re.compile("^Votre message")).fill("Bonjour, comment essayer le métier d'aide-soignante ?")
    page.get_by_role("button", name="Envoyer mon message").click()
    page.locator("#erreurs").wait_for()
    assert "Nous avons besoin de votre accord" in page.locator("#erreurs").inner_text()
    assert page.get_by_label(re.compile("^Votre message")).input_value().startswith("Bonjour, comment")
    looks_right(page, "parcours-contact-erreur", viewport["width"])

    page.get_by_label(re.compile("J'accepte que mes coordonnées")).check()
    page.get_by_role("button", name="Envoyer mon message").click()
    assert "Merci, votre message est envoyé" in page.locator(".flashes").inner_text()
    with live_app.app_context():
        assert [m.subject for m in outbox("lea@exemple.fr")] == ["Nous avons bien reçu votre message"]


def test_the_directory_and_project_pages_have_no_serious_violation(live_app, page_factory, viewport):
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        structure = Factory().structure(name="EHPAD Les Lilas")
        structure.description = "Nous accueillons 80 résidents."
        db.session.commit()
        slug = structure.slug
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    page = page_factory(viewport=viewport, bypass_csp=True)
    for name, path in [("projet", "/le-projet"), ("employeurs", "/structures/"), ("employeur", f"/structures/{slug}")]:
        assert page.goto(base + path).status == 200
        looks_right(page, name, viewport["width"])
