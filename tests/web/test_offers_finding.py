"""Anyone finds published offers: French search, filters, expiry, offer page with JobPosting data, feed."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from portal.clock import today_in_paris
from portal.extensions import db
from portal.offers import services
from tests.conftest import page
from tests.helpers import publish, titles


@pytest.fixture
def offers(make):
    member = make.member()
    return {
        "night": publish(member, "Aide-soignante de nuit", time="nuit", diploma_required=True, salary=(1900, 2200)),
        "home": publish(
            member,
            "Auxiliaire de vie à domicile",
            metier="auxiliaire-de-vie",
            commune="61169",
            contract="cdd",
            time="partiel",
            licence_required=True,
            description="Interventions chez des personnes âgées autour de Flers, véhicule de service.",
        ),
        "educ": publish(
            member,
            "Éducatrice spécialisée en foyer",
            metier="educateur-specialise",
            commune="61214",
            description="Accompagnement d'adultes en situation de handicap dans un foyer de vie.",
        ),
    }


def test_visitors_find_offers_with_accent_free_words(client, offers):
    assert titles(client, q="educatrice specialisee") == ["Éducatrice spécialisée en foyer"]
    assert titles(client, q="aide soignant") == ["Aide-soignante de nuit"]
    assert titles(client, q="agees flers") == ["Auxiliaire de vie à domicile"]


def test_filters_combine(client, offers):
    assert titles(client, metier="auxiliaire-de-vie") == ["Auxiliaire de vie à domicile"]
    assert titles(client, zone="laigle-mortagne") == ["Éducatrice spécialisée en foyer"]
    assert titles(client, contrat="cdd") == ["Auxiliaire de vie à domicile"]
    assert titles(client, temps="nuit") == ["Aide-soignante de nuit"]
    assert sorted(titles(client, diplome="non")) == ["Auxiliaire de vie à domicile", "Éducatrice spécialisée en foyer"]
    assert titles(client, diplome="oui") == ["Aide-soignante de nuit"]
    assert titles(client, permis="oui") == ["Auxiliaire de vie à domicile"]
    assert titles(client, commune="Alençon", rayon=10) == ["Aide-soignante de nuit"]


def test_newest_first_by_default(client, offers):
    assert titles(client)[0] == "Éducatrice spécialisée en foyer"


def test_drafts_closed_withdrawn_and_expired_offers_are_not_listed(app, client, make, offers):
    member = make.member()
    draft = services.create_offer(member, **{name: getattr(offers["night"], name) for name in services.EDITABLE_FIELDS})
    services.close_offer(offers["home"])
    with app.test_request_context():
        services.unpublish_offer(offers["educ"], "Doublon.")
    expired = publish(member, "Offre expirée", expires_in=0)
    expired.expires_on = today_in_paris() - timedelta(days=1)
    db.session.commit()
    assert titles(client) == ["Aide-soignante de nuit"]
    assert client.get(f"/offres/{draft.id}").status_code == 404
    assert client.get(f"/offres/{offers['educ'].id}").status_code == 404
    assert "Cette offre n'est plus ouverte" in page(client.get(f"/offres/{expired.id}"))
    assert "le poste est pourvu" in page(client.get(f"/offres/{offers['home'].id}"))


def test_the_offer_page_carries_valid_jobposting_data(client, offers):
    html = page(client.get(f"/offres/{offers['night'].id}"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    for required in ["title", "description", "datePosted", "hiringOrganization", "jobLocation"]:
        assert data[required], required
    assert data["@type"] == "JobPosting" and data["hiringOrganization"]["name"]
    assert data["jobLocation"]["address"]["addressLocality"] == "Alençon"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "MONTH",
        "minValue": 1900,
        "maxValue": 2200,
    }
    assert data["validThrough"].startswith(offers["night"].expires_on.isoformat())


def test_jobposting_cannot_break_out_of_its_script(client, make):
    offer = publish(make.member(), "Poste </script><script>alert(1)</script>")
    raw = client.get(f"/offres/{offer.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in raw
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S).group(1))
    assert data["title"] == "Poste </script><script>alert(1)</script>"


def test_the_offer_page_suggests_similar_offers(client, make, offers):
    publish(make.member(), "Aide-soignant de jour", commune="61006")
    html = page(client.get(f"/offres/{offers['night'].id}"))
    assert "Offres semblables" in html and "Aide-soignant de jour" in html


def test_metier_and_home_pages_list_current_offers(client, offers):
    assert "Aide-soignante de nuit" in page(client.get("/metiers/aide-soignant"))
    assert "Auxiliaire de vie à domicile" not in page(client.get("/metiers/aide-soignant"))
    assert "Éducatrice spécialisée en foyer" in page(client.get("/"))


def test_the_atom_feed_lists_new_offers(client, offers):
    response = client.get("/offres/flux.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 3
    assert entries[0].find("a:title", ns).text.startswith("Éducatrice spécialisée en foyer")


def test_a_malformed_query_or_bad_filter_still_answers(client, offers):
    assert client.get("/offres/", query_string={"q": '"foyer (vie'}).status_code == 200
    response = client.get("/offres/", query_string={"rayon": "999", "q": "foyer"})
    assert response.status_code == 422 and "Indiquez un rayon entre 0 et 150 km." in page(response)
