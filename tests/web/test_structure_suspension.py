"""A structure the association suspends or refuses disappears from the public site with its offers and events,
and comes back with them when it is approved again."""

import re

import pytest

from portal.alerts import services as alerts
from portal.extensions import db
from tests.conftest import PASSWORD, outbox, page
from tests.events_helpers import make_event
from tests.web.test_offers_finding import publish


def login(app, user):
    client = app.test_client()
    client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    return client


@pytest.fixture
def site(app, make):
    """Two member structures, each with an open offer and an event to come; the first also had an event."""
    tilleuls, chenes = make.structure(name="EHPAD Les Tilleuls"), make.structure(name="EHPAD Les Chênes")
    rh = make.user("employer", structure=tilleuls, email="rh@tilleuls.fr")
    other = make.user("employer", structure=chenes)
    return {
        "structure": tilleuls, "recruiter": rh, "admin": make.admin(),
        "offer": publish(rh, "Aide-soignante aux Tilleuls"),
        "event": make_event(structure=tilleuls, title="Portes ouvertes aux Tilleuls", metiers=("aide-soignant",)),
        "past": make_event(structure=tilleuls, title="Café passé aux Tilleuls", days=-3),
        "other_offer": publish(other, "Aide-soignant aux Chênes"),
        "other_event": make_event(structure=chenes, title="Portes ouvertes aux Chênes", metiers=("aide-soignant",)),
    }


def where_shown(client, site) -> dict[str, bool]:
    """Every public place where the first structure's offer or events could show, and whether they do."""
    offer, event, past = site["offer"], site["event"], site["past"]

    def has(url, text):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        return text in page(response)

    def found(url):
        return client.get(url, follow_redirects=True).status_code == 200

    search = page(client.get("/offres/", query_string={"q": "aide soignante"}))
    return {
        "offer list": has("/offres/", offer.title),
        "offer search": offer.title in search,
        "offer count": re.search(r"(\d+) offres", search) is not None,  # two offers, or one once hidden
        "offer page": found(f"/offres/{offer.id}"),
        "similar offers": has(f"/offres/{site['other_offer'].id}", offer.title),
        "offer feed": has("/offres/flux.atom", offer.title),
        "home offers": has("/", offer.title),
        "home events": has("/", event.title),
        "métier offers": has("/metiers/aide-soignant", offer.title),
        "métier events": has("/metiers/aide-soignant", event.title),
        "agenda": has("/evenements/", event.title),
        "past events": has("/evenements/passes", past.title),
        "event page": found(f"/evenements/{event.id}"),
        "past event page": found(f"/evenements/{past.id}"),
        "event calendar": found(f"/evenements/{event.id}.ics"),
        "calendar feed": has("/evenements/agenda.ics", event.title),
        "sitemap": has("/sitemap.xml", f"/evenements/{event.id}-"),
        "directory": has("/structures/", site["structure"].name),
    }


def decide(app, site, action: str, reason: str = "Cotisation impayée.") -> None:
    response = login(app, site["admin"]).post(f"/admin/structures/{site['structure'].id}/{action}",
                                              data={"reason": reason})
    assert response.status_code == 302


@pytest.mark.parametrize("action", ["suspendre", "refuser"])
def test_a_suspended_or_refused_structure_vanishes_with_its_offers_and_events_until_approved_again(
        app, client, site, action):
    assert all(where_shown(client, site).values())
    decide(app, site, action)
    shown = where_shown(client, site)
    assert not any(shown.values()), [place for place, yes in shown.items() if yes]
    # The other structure's offer and event are still there.
    assert "Aide-soignant aux Chênes" in page(client.get("/offres/"))
    assert "Portes ouvertes aux Chênes" in page(client.get("/evenements/"))

    decide(app, site, "approuver")
    shown = where_shown(client, site)
    assert all(shown.values()), [place for place, yes in shown.items() if not yes]


def test_nobody_applies_or_registers_to_a_suspended_structure(app, make, site):
    candidate = make.candidate()
    decide(app, site, "suspendre")
    client = login(app, candidate)
    assert client.get(f"/offres/{site['offer'].id}/postuler").status_code == 404
    assert client.post(f"/evenements/{site['event'].id}/inscription").status_code == 404
    assert client.post(f"/evenements/{site['event'].id}/inscription-sans-compte",
                       data={"name": "Léa Martin", "email": "lea@exemple.fr"}).status_code == 404


def test_alerts_announce_nothing_of_a_suspended_structure_and_catch_up_once_it_is_approved(app, make, runner):
    candidate = make.candidate(email="lea@exemple.fr")
    alerts.create_alert(candidate, "offers", {"metier": ["aide-soignant"]}, "daily")
    alerts.create_alert(candidate, "events", {"metier": ["aide-soignant"]}, "daily")
    tilleuls, chenes = make.structure(name="EHPAD Les Tilleuls"), make.structure(name="EHPAD Les Chênes")
    publish(make.user("employer", structure=tilleuls), "Aide-soignante aux Tilleuls")
    publish(make.user("employer", structure=chenes), "Aide-soignant aux Chênes")
    for structure in (tilleuls, chenes):
        event = make_event(structure=structure, title=f"Portes ouvertes {structure.name}", metiers=("aide-soignant",))
        event.published_at = event.created_at
    db.session.commit()
    site = {"admin": make.admin(), "structure": tilleuls}
    decide(app, site, "suspendre")

    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    mails = [m.body_text for m in outbox("lea@exemple.fr")]
    assert len(mails) == 2
    assert all("Chênes" in body and "Tilleuls" not in body for body in mails)

    decide(app, site, "approuver")
    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    mails = [m.body_text for m in outbox("lea@exemple.fr")][2:]
    assert len(mails) == 2
    assert all("Tilleuls" in body and "Chênes" not in body for body in mails)


def test_the_recruiters_of_a_suspended_structure_are_told_their_offers_are_hidden(app, site):
    decide(app, site, "suspendre")
    mail = outbox("rh@tilleuls.fr")[-1]
    assert "suspendu" in mail.subject and "ne sont plus visibles" in mail.body_text
    dashboard = page(login(app, site["recruiter"]).get("/compte/"))
    assert "Suspendue" in dashboard or "suspendue" in dashboard
    assert "ne sont plus visibles" in dashboard


def test_a_structure_approved_again_finds_its_offers_and_events_as_they_were(app, site):
    decide(app, site, "suspendre")
    decide(app, site, "approuver")
    client = login(app, site["recruiter"])
    assert site["offer"].title in page(client.get("/compte/offres"))
    assert site["event"].title in page(client.get("/compte/evenements"))
