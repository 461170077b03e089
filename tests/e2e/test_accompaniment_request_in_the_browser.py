import re

from tests.conftest import Factory
from tests.e2e.conftest import log_in, looks_right, wait_for_mail


def test_a_visitor_asks_for_a_coach_and_the_coach_of_the_zone_finds_the_request(live_app, page_factory, viewport):
    from portal.extensions import db

    with live_app.app_context():
        coach = Factory().coach(zone="alencon", first_name="Karim", last_name="Benali")
        coach_email = coach.email
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    page = page_factory(viewport=viewport, bypass_csp=True)
    page.goto(base + "/")
    page.get_by_role("link", name="Être accompagné·e par un coach").first.click()
    page.get_by_role("heading", level=1, name="Être accompagné·e par un coach").wait_for()
    looks_right(page, "accompagnement-demande", viewport["width"])

    page.get_by_label(re.compile("^Votre prénom")).fill("Léa")
    page.get_by_label(re.compile("^Votre commune")).fill("Alençon (61000)")
    page.get_by_label("Trouver un emploi").check()
    page.get_by_label("Le matin").check()
    page.get_by_label(re.compile("^J'accepte que le coach")).check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.locator("#erreurs").wait_for()
    assert "Indiquez un numéro de téléphone ou une adresse électronique" in page.locator("#erreurs").inner_text()
    assert page.get_by_label(re.compile("^Votre commune")).input_value() == "Alençon (61000)"
    looks_right(page, "accompagnement-demande-erreur", viewport["width"])

    page.get_by_label(re.compile("^Votre numéro de téléphone")).fill("06.12.34.56.78")
    page.get_by_label(re.compile("^Votre adresse électronique")).fill("lea@exemple.fr")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_role("heading", name="Merci Léa, votre demande est bien envoyée").wait_for()
    assert "Karim, coach autonomie de la zone Alençon" in page.locator("main").inner_text()
    assert "par téléphone, le matin" in page.locator("main").inner_text()
    address = page.url.removeprefix(base)  # the port of the test server may hold "06"
    assert address == "/accompagnement/demande/envoyee"
    looks_right(page, "accompagnement-demande-envoyee", viewport["width"])
    capture = live_app.config["CAPTURE"]
    assert (
        "Karim, coach autonomie de la zone Alençon"
        in wait_for_mail(capture, "lea@exemple.fr").get_body(preferencelist=("plain",)).get_content()
    )
    wait_for_mail(capture, coach_email, subject="Demande d'accompagnement")

    coach_page = page_factory(viewport=viewport, bypass_csp=True)
    log_in(coach_page, base, coach_email)
    coach_page.goto(base + "/accompagnement/demandes")
    coach_page.get_by_role("heading", name="Léa").wait_for()
    assert "06 12 34 56 78" in coach_page.locator("main").inner_text()
    coach_page.get_by_text("Classer sans suite").first.click()
    coach_page.get_by_label("Motif (facultatif)").wait_for()
    looks_right(coach_page, "accompagnement-file-des-demandes", viewport["width"])


def test_the_referral_form_has_no_serious_violation(live_app, page_factory, viewport):
    base = live_app.config["LIVE_URL"]
    page = page_factory(viewport=viewport, bypass_csp=True)
    page.goto(base + "/accompagnement/demande")
    page.get_by_role("link", name="Orientez une personne vers un coach autonomie").click()
    page.get_by_role("heading", level=1, name="Orienter une personne vers un coach autonomie").wait_for()
    page.get_by_role("button", name="Orienter cette personne").click()
    page.locator("#erreurs").wait_for()
    looks_right(page, "accompagnement-orientation-erreurs", viewport["width"])
