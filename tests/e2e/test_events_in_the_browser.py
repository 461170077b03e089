"""A visitor finds an open day in the agenda, registers with a name and a confirmed address, and downloads
the event for their calendar."""

import re

from tests.conftest import links_in, text_part
from tests.e2e.conftest import looks_right, wait_for_mail


def test_a_visitor_registers_to_an_open_day_and_adds_it_to_their_calendar(live_app, page_factory, viewport):
    from icalendar import Calendar

    from portal.events.dates import utc_to_paris
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.helpers import make_event

    with live_app.app_context():
        make = Factory()
        structure = make.member().structure
        event = make_event(
            structure=structure, title="Portes ouvertes de l'EHPAD du Bocage", capacity=10, metiers=("aide-soignant",)
        )
        make_event(structure=structure, kind="information", title="Réunion d'information sur le DEAES")
        event_id, starts_at = event.id, utc_to_paris(event.starts_at)
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base, capture = live_app.config["LIVE_URL"], live_app.config["CAPTURE"]
    size = viewport["width"]

    visitor = page_factory(bypass_csp=True, viewport=viewport, accept_downloads=True)
    visitor.goto(base + "/evenements/")
    visitor.get_by_role("heading", name="2 événements à venir").wait_for()
    filters = visitor.locator("details.filters-panel")
    if filters.get_attribute("open") is None:  # folded on a phone
        filters.locator("summary").click()
    visitor.get_by_label(re.compile("^Journée portes ouvertes")).check()
    visitor.get_by_role("button", name="Appliquer les filtres").click()
    visitor.get_by_role("heading", name="1 événement à venir").wait_for()
    looks_right(visitor, "agenda", size)

    visitor.get_by_role("link", name="Portes ouvertes de l'EHPAD du Bocage").click()
    visitor.get_by_role("heading", name="Portes ouvertes de l'EHPAD du Bocage", level=1).wait_for()
    looks_right(visitor, "evenement", size)
    visitor.get_by_label("Votre nom et prénom").fill("Malik Besnard")
    visitor.get_by_label("Votre adresse électronique").fill("malik@exemple.fr")
    visitor.get_by_role("button", name="Je m'inscris").click()

    mail = wait_for_mail(capture, "malik@exemple.fr")
    link = next(link for link in links_in(text_part(mail)) if "/evenements/inscription/" in link)
    visitor.goto(link)
    visitor.get_by_role("button", name="Confirmer mon inscription").click()
    assert "inscrit" in visitor.locator("main").inner_text()
    confirmation = wait_for_mail(capture, "malik@exemple.fr", subject="Inscription confirmée")
    assert "Portes ouvertes de l'EHPAD du Bocage" in confirmation["Subject"]
    looks_right(visitor, "evenement-inscrit", size)

    visitor.goto(f"{base}/evenements/{event_id}")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=re.compile("^Ajouter à mon agenda")).click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Portes ouvertes de l'EHPAD du Bocage"
    assert vevent.decoded("DTSTART").astimezone(starts_at.tzinfo) == starts_at
