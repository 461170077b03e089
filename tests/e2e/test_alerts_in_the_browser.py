"""A candidate turns a search into an alert, hears of a matching offer by mail, and stops the alert from the
mail's link without logging in; a visitor asks for an alert and is told to confirm the address."""

import re

import sqlalchemy as sa

from tests.e2e.conftest import log_in, looks_right, wait_for_mail


def open_alert_block(page) -> None:
    block = page.locator("details.alert-block")
    if block.get_attribute("open") is None:
        block.locator("summary").click()


def test_a_search_becomes_an_alert_whose_mail_stops_it(live_app, page_factory, viewport):
    from portal.alerts.models import AlertSubscription
    from portal.extensions import db
    from portal.mail.sender import deliver_pending
    from tests.conftest import Factory, links_in, path_of, text_part
    from tests.helpers import publish

    with live_app.app_context():
        make = Factory()
        make.member(email="rh@exemple.fr")
        make.candidate(email="lea@exemple.fr", first_name="Léa")
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]

    candidate = page_factory(bypass_csp=True, viewport=viewport)
    log_in(candidate, base, "lea@exemple.fr")
    candidate.goto(base + "/offres/")
    panel = candidate.locator("details.filters-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    candidate.locator("input[name=metier][value=aide-soignant]").check()
    candidate.get_by_role("searchbox", name="Rechercher une offre").fill("nuit")
    candidate.get_by_role("button", name="Rechercher", exact=True).click()
    candidate.get_by_role("heading", name=re.compile("^Aucune offre")).wait_for()
    open_alert_block(candidate)
    assert "mots : nuit ; Aide-soignant·e" in candidate.locator("details.alert-block").inner_text()
    looks_right(candidate, "alerte-recherche", size)
    candidate.get_by_label("Dès la publication").check()
    candidate.get_by_role("button", name="Créer l'alerte").click()
    assert "Alerte créée" in candidate.locator(".flashes").inner_text()
    assert "q=nuit" in candidate.url and "metier=aide-soignant" in candidate.url

    # A member publishes a matching offer, and one that does not match; the alert announces the first.
    with live_app.app_context():
        member = Factory().member(email="rh2@exemple.fr")
        publish(member, "Aide-soignant·e de nuit en EHPAD")
        publish(member, "Aide-soignant·e de jour")
        with live_app.test_request_context():
            deliver_pending()
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    mail = wait_for_mail(live_app.config["CAPTURE"], "lea@exemple.fr", subject="1 nouvelle offre")
    body = text_part(mail)
    assert "Aide-soignant·e de nuit en EHPAD" in body and "de jour" not in body
    unsubscribe = path_of(next(link for link in links_in(body) if "/alertes/desabonnement/" in link))

    candidate.goto(base + "/compte/alertes")
    candidate.get_by_role("heading", name="mots : nuit ; Aide-soignant·e").wait_for()
    looks_right(candidate, "alerte-mes-alertes", size)
    candidate.get_by_role("link", name=re.compile("^Modifier")).click()
    candidate.get_by_role("heading", name="Modifier l'alerte").wait_for()
    looks_right(candidate, "alerte-modifier", size)

    stranger = page_factory(bypass_csp=True, viewport=viewport)  # logged out: the link is the proof
    stranger.goto(base + unsubscribe)
    stranger.get_by_role("heading", name=re.compile("^Arrêter l'alerte")).wait_for()
    looks_right(stranger, "alerte-desabonnement", size)
    stranger.get_by_role("button", name="Arrêter l'alerte").click()
    stranger.get_by_role("heading", name=re.compile("l'alerte est arrêtée")).wait_for()
    looks_right(stranger, "alerte-arretee", size)
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AlertSubscription.id))) == 0
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()

    candidate.goto(base + "/compte/alertes")
    assert "Vous n'avez pas encore d'alerte" in candidate.locator("main").inner_text()


def test_a_visitor_asks_for_an_alert_and_is_told_to_confirm(live_app, page_factory, viewport):
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]
    visitor = page_factory(bypass_csp=True, viewport=viewport)
    visitor.goto(base + "/evenements/?type=portes-ouvertes")
    open_alert_block(visitor)
    looks_right(visitor, "alerte-visiteur-agenda", size)
    visitor.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    visitor.get_by_role("button", name="Créer l'alerte").click()
    visitor.get_by_role("heading", name="Créer une alerte", level=1).wait_for()
    looks_right(visitor, "alerte-visiteur-erreur", size)
    visitor.get_by_label("Votre adresse électronique").fill("noe@exemple.fr")
    visitor.get_by_label("Une fois par semaine").check()
    visitor.get_by_role("button", name="Créer l'alerte").click()
    visitor.get_by_role("heading", name="Plus qu'une étape").wait_for()
    looks_right(visitor, "alerte-visiteur-courriel", size)
    mail = wait_for_mail(live_app.config["CAPTURE"], "noe@exemple.fr", subject="Confirmez votre alerte")
    assert "/alertes/confirmer/" in mail.get_body(preferencelist=("plain",)).get_content()


def test_a_member_sees_alerts_beside_the_saved_searches(live_app, page_factory, viewport):
    from portal.cvtheque import services as cvtheque
    from portal.extensions import db
    from tests.conftest import Factory

    with live_app.app_context():
        member = Factory().member(email="rh@exemple.fr")
        cvtheque.save_search(member, "Aides-soignants de nuit", {"metier": ["aide-soignant"], "q": "nuit"})
        cvtheque.save_search(
            member, "Animateurs à Flers", {"metier": ["animateur"], "commune": "Flers (61100)", "rayon": 20}
        )
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]
    page = page_factory(bypass_csp=True, viewport=viewport)
    log_in(page, base, "rh@exemple.fr")
    page.goto(base + "/cvtheque/recherches")
    card = page.locator(".card", has_text="Aides-soignants de nuit")
    card.locator("summary").click()
    card.get_by_label("Une fois par semaine").check()
    card.get_by_role("button", name=re.compile("^Créer l'alerte")).click()
    assert "Alerte créée" in page.locator(".flashes").inner_text()
    page.locator(".card", has_text="Animateurs à Flers").locator("summary").click()
    looks_right(page, "alerte-recherches-enregistrees", size)
