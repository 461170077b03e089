"""Logins in a real browser: the list of devices in the settings, and ending the others."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import axe_violations, log_in, screenshot

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)


def test_a_person_sees_their_devices_and_logs_the_others_out(live_app, page_factory, viewport):
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        Factory().candidate(email="lea@exemple.fr", first_name="Léa")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base, size = live_app.config["LIVE_URL"], viewport["width"]
    phone = page_factory(viewport={"width": 360, "height": 780}, user_agent=PHONE)
    log_in(phone, base, "lea@exemple.fr", remember=True)

    here = page_factory(bypass_csp=True, viewport=viewport)
    log_in(here, base, "lea@exemple.fr")
    here.goto(base + "/compte/parametres")
    logins = here.locator(".login")
    assert logins.count() == 2
    assert "Chrome sur Linux" in logins.filter(has_text="cet appareil").inner_text()
    assert "cet appareil" not in logins.filter(has_text="Safari sur iPhone").inner_text()
    screenshot(here, f"mes-connexions-{size}")
    assert axe_violations(here) == []

    here.get_by_role("button", name="Déconnecter les autres appareils").click()
    assert "1 autre appareil déconnecté" in here.locator(".flashes").inner_text()
    assert here.locator(".login").count() == 1
    screenshot(here, f"mes-connexions-fermees-{size}")

    phone.goto(base + "/compte/")
    assert "/compte/connexion" in phone.url  # the remember cookie opens nothing any more


def test_after_many_wrong_passwords_the_owner_gets_in_with_the_mailed_link(live_app, page_factory, viewport):
    from portal.accounts import services
    from portal.extensions import db
    from tests.conftest import Factory, links_in, text_part
    from tests.e2e.conftest import wait_for_mail

    with live_app.app_context():
        Factory().candidate(email="lea@exemple.fr", first_name="Léa")
        for _ in range(10):  # someone tried ten passwords
            services.record_login_failure("lea@exemple.fr")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base, size = live_app.config["LIVE_URL"], viewport["width"]
    page = page_factory(bypass_csp=True, viewport=viewport)
    page.goto(base + "/compte/connexion")
    page.get_by_label("Adresse électronique").fill("lea@exemple.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Vérifiez votre messagerie").wait_for()
    screenshot(page, f"lien-de-connexion-envoye-{size}")
    assert axe_violations(page) == []

    mail = wait_for_mail(live_app.config["CAPTURE"], "lea@exemple.fr", subject="Votre lien de connexion")
    page.goto(next(link for link in links_in(text_part(mail)) if "/compte/connexion/lien/" in link))
    page.get_by_role("heading", name="Se connecter avec le lien reçu").wait_for()
    screenshot(page, f"lien-de-connexion-{size}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Me connecter").click()
    page.get_by_role("heading", name="Bonjour Léa").wait_for()
