import pytest
import sqlalchemy as sa

from portal.communes.models import ZONES, Commune
from portal.communes.services import communes_within, distance_km, resolve, suggest
from portal.extensions import db


def commune(insee: str) -> Commune:
    return db.session.get(Commune, insee)


def test_every_commune_of_the_orne_is_loaded_with_a_zone(app):
    communes = db.session.scalars(sa.select(Commune)).all()
    assert len(communes) == 381
    assert {c.zone for c in communes} == set(ZONES)
    assert all(c.insee.startswith("61") and len(c.postal_code) == 5 for c in communes)


def test_communes_follow_the_zone_of_their_intercommunality(app):
    assert commune("61001").zone == "alencon"  # Alençon, CU d'Alençon
    assert commune("61169").zone == "flers-argentan"  # Flers, Flers Agglo
    assert commune("61214").zone == "laigle-mortagne"  # L'Aigle, Pays de L'Aigle


def test_distance_between_alencon_and_argentan_is_about_34_km():
    assert distance_km(48.43182, 0.09154, 48.73219, -0.01323) == pytest.approx(34.3, abs=0.2)


def test_distance_is_zero_to_itself_and_symmetric():
    assert distance_km(48.5, 0.1, 48.5, 0.1) == 0
    assert distance_km(48.5, 0.1, 48.7, -0.3) == pytest.approx(distance_km(48.7, -0.3, 48.5, 0.1))


def test_communes_within_a_radius_are_sorted_by_distance(app):
    alencon = commune("61001")
    near = communes_within(alencon, 10)
    assert near[0] == alencon
    assert commune("61006") not in near  # Argentan, 34 km away
    assert commune("61006") in communes_within(alencon, 35)
    assert all(distance_km(alencon.latitude, alencon.longitude, c.latitude, c.longitude) <= 10 for c in near)


@pytest.mark.parametrize("typed", ["Alençon", "alencon", "ALENCON", "Alençon (61000)", "  alençon "])
def test_a_commune_is_found_however_it_is_typed(app, typed):
    found, suggestions = resolve(typed)
    assert found.insee == "61001"
    assert suggestions == []


def test_a_postal_code_of_one_commune_finds_it(app):
    assert resolve("61790")[0].name == "Saint-Pierre-du-Regard"


def test_a_shared_postal_code_offers_the_communes_that_have_it(app):
    found, suggestions = resolve("61100")
    assert found is None
    assert len(suggestions) > 1
    assert all("61100" in c.postal_codes.split() for c in suggestions)


def test_an_apostrophe_and_accents_do_not_matter(app):
    assert resolve("l'aigle")[0].insee == "61214"
    assert resolve("L AIGLE")[0].insee == "61214"


def test_an_unknown_commune_gives_close_suggestions_or_none(app):
    assert resolve("Paris") == (None, [])
    found, suggestions = resolve("Argen")
    assert found is None and "Argentan" in [c.name for c in suggestions]


def test_suggestions_start_with_the_typed_text_biggest_first(app):
    names = [c.name for c in suggest("ar")]
    assert names[0] == "Argentan"
    assert suggest("") == []
