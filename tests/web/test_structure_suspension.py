"""A structure the association suspends or refuses disappears from the public site with its offers and events,
and comes back with them when it is approved again."""

import re

import pytest

from portal.alerts import services as alerts
from portal.extensions import db
from tests.conftest import outbox, page
from tests.helpers import make_event, publish


@pytest.fixture
def site(app, make):
    """Two member structures, each with an open offer and an event to come; the first also had an event."""
    tilleuls, chenes = make.structure(name="EHPAD Les Tilleuls"), make.structure(name="EHPAD Les Chênes")
    rh = make.user("employer", structure=tilleuls, email="rh@tilleuls.fr")
    other = make.user("employer", structure=chenes)
    return {
        "structure": tilleuls,
        "recruiter": rh,
        "admin": make.admin(),
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


def decide(auth, site, action: str, reason: str = "Cotisation impayée.") -> None:
    response = auth.client_for(site["admin"]).post(
        f"/admin/structures/{site['structure'].id}/{action}", data={"reason": reason}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("action", ["suspendre", "refuser"])
def test_a_suspended_or_refused_structure_vanishes_with_its_offers_and_events_until_approved_again(
    client, site, action, auth
):
    assert all(where_shown(client, site).values())
    decide(auth, site, action)
    shown = where_shown(client, site)
    assert not any(shown.values()), [place for place, yes in shown.items() if yes]
    # The other structure's offer and event are still there.
    assert "Aide-soignant aux Chênes" in page(client.get("/offres/"))
    assert "Portes ouvertes aux Chênes" in page(client.get("/evenements/"))

    decide(auth, site, "approuver")
    shown = where_shown(client, site)
    assert all(shown.values()), [place for place, yes in shown.items() if not yes]


def test_nobody_applies_or_registers_to_a_suspended_structure(make, site, auth):
    candidate = make.candidate()
    decide(auth, site, "suspendre")
    client = auth.client_for(candidate)
    assert client.get(f"/offres/{site['offer'].id}/postuler").status_code == 404
    assert client.post(f"/evenements/{site['event'].id}/inscription").status_code == 404
    assert (
        client.post(
            f"/evenements/{site['event'].id}/inscription-sans-compte",
            data={"name": "Léa Martin", "email": "lea@exemple.fr"},
        ).status_code
        == 404
    )


def test_alerts_announce_nothing_of_a_suspended_structure_and_catch_up_once_it_is_approved(make, runner, auth):
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
    decide(auth, site, "suspendre")

    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    mails = [m.body_text for m in outbox("lea@exemple.fr")]
    assert len(mails) == 2
    assert all("Chênes" in body and "Tilleuls" not in body for body in mails)

    decide(auth, site, "approuver")
    runner.invoke(args=["alerts", "run", "--frequency", "daily"])
    mails = [m.body_text for m in outbox("lea@exemple.fr")][2:]
    assert len(mails) == 2
    assert all("Tilleuls" in body and "Chênes" not in body for body in mails)


def test_the_recruiters_of_a_suspended_structure_are_told_their_offers_are_hidden(site, auth):
    decide(auth, site, "suspendre")
    mail = outbox("rh@tilleuls.fr")[-1]
    assert "suspendu" in mail.subject and "ne sont plus visibles" in mail.body_text
    dashboard = page(auth.client_for(site["recruiter"]).get("/compte/"))
    assert "Suspendue" in dashboard or "suspendue" in dashboard
    assert "ne sont plus visibles" in dashboard


def test_a_structure_approved_again_finds_its_offers_and_events_as_they_were(site, auth):
    decide(auth, site, "suspendre")
    decide(auth, site, "approuver")
    client = auth.client_for(site["recruiter"])
    assert site["offer"].title in page(client.get("/compte/offres"))
    assert site["event"].title in page(client.get("/compte/evenements"))
