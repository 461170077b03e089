"""Searching the CV-thèque as a member: French matching, query language, filters, facets, extracts."""

import re
from datetime import date

import pytest

from portal.candidates import services as candidates
from portal.extensions import db
from tests.conftest import page
from tests.helpers import visible_candidate


@pytest.fixture
def member_client(client, make, auth):
    auth.login(make.member())
    return client


def names_found(client, **params) -> list[str]:
    response = client.get("/cvtheque/", query_string=params)
    assert response.status_code == 200, response.status_code
    return re.findall(r'class="card-title"><a href="/cvtheque/profil/\d+">([^<]+)</a>', page(response))


def count_shown(client, **params) -> str:
    return re.search(
        r'id="resultats"[^>]*>\s*([^<]*?)\s*(?:pour|</h2>)', page(client.get("/cvtheque/", query_string=params))
    ).group(1)


@pytest.fixture
def people(make):
    visible_candidate(
        make,
        first_name="Alice",
        last_name="Aide",
        metiers=("aide-soignant",),
        commune="61001",
        presentation="Aide-soignante diplômée, dix ans en EHPAD, je travaille de nuit.",
        contracts=("cdi",),
        times=("nuit",),
        licence=True,
        available=date(2026, 12, 1),
    )
    visible_candidate(
        make,
        first_name="Bruno",
        last_name="Educ",
        metiers=("educateur-specialise",),
        commune="61169",
        presentation="Éducatrice spécialisée en foyer de vie pour adultes handicapés.",
        contracts=("cdd",),
        times=("plein",),
        available=date(2027, 3, 1),
    )
    visible_candidate(
        make,
        first_name="Chloé",
        last_name="Domicile",
        metiers=("auxiliaire-de-vie",),
        commune="61001",
        presentation="Auxiliaire de vie, aide à domicile auprès des personnes âgées.",
        contracts=("cdi", "interim"),
        times=("partiel", "week-end"),
    )
    visible_candidate(
        make,
        first_name="Denis",
        last_name="Cache",
        metiers=("aide-soignant",),
        commune="61001",
        presentation="Aide-soignant de nuit qui ne veut pas être vu.",
        visible=False,
    )


def test_accents_and_stemming_find_the_other_forms(member_client, people):
    assert names_found(member_client, q="aide soignante") == ["Alice Aide"]
    assert names_found(member_client, q="educateur") == ["Bruno Educ"]
    assert names_found(member_client, q="ÉDUCATRICES") == ["Bruno Educ"]
    assert names_found(member_client, q="agees") == ["Chloé Domicile"]


def test_words_are_all_required_by_default(member_client, people):
    assert names_found(member_client, q="aide nuit") == ["Alice Aide"]
    assert names_found(member_client, q="foyer nuit") == []


def test_a_quoted_phrase_needs_the_words_together(member_client, people):
    assert names_found(member_client, q='"aide à domicile"') == ["Chloé Domicile"]
    assert names_found(member_client, q='"domicile aide"') == []


def test_or_and_not_in_french_and_english(member_client, people):
    assert sorted(names_found(member_client, q="foyer OU domicile")) == ["Bruno Educ", "Chloé Domicile"]
    assert sorted(names_found(member_client, q="foyer or domicile")) == ["Bruno Educ", "Chloé Domicile"]
    assert names_found(member_client, q="aide SAUF nuit") == ["Chloé Domicile"]
    assert names_found(member_client, q="aide NOT nuit") == ["Chloé Domicile"]
    assert names_found(member_client, q="aide -nuit") == ["Chloé Domicile"]
    assert names_found(member_client, q="(foyer OU domicile) ET âgées") == ["Chloé Domicile"]


def test_a_trailing_star_searches_a_prefix(member_client, people):
    assert sorted(names_found(member_client, q="handi*")) == ["Bruno Educ"]
    assert sorted(names_found(member_client, q="auxil*")) == ["Chloé Domicile"]


@pytest.mark.parametrize("query", ['"aide', "(aide", "aide OU", "ET aide", "aide)", "SAUF", '"', "*", "a*"])
def test_a_malformed_query_never_fails_and_falls_back_to_words(member_client, people, query):
    response = member_client.get("/cvtheque/", query_string={"q": query})
    assert response.status_code == 200


def test_a_malformed_query_searches_its_plain_words_and_says_so(member_client, people):
    response = member_client.get("/cvtheque/", query_string={"q": '"foyer (vie'})
    html = page(response)
    assert "Bruno Educ" in html and "nous avons cherché ses mots tels quels" in html


def test_hidden_profiles_are_never_found(member_client, people):
    assert "Denis Cache" not in names_found(member_client, q="aide")
    assert "Denis Cache" not in names_found(member_client)


def test_filters_combine_with_the_query(member_client, people):
    assert sorted(names_found(member_client, metier="aide-soignant")) == ["Alice Aide"]
    assert sorted(names_found(member_client, contrat="cdi")) == ["Alice Aide", "Chloé Domicile"]
    assert sorted(names_found(member_client, contrat=["cdd", "interim"])) == ["Bruno Educ", "Chloé Domicile"]
    assert names_found(member_client, temps="week-end") == ["Chloé Domicile"]
    assert names_found(member_client, permis="y") == ["Alice Aide"]
    assert sorted(names_found(member_client, zone="alencon")) == ["Alice Aide", "Chloé Domicile"]
    assert names_found(member_client, zone="flers-argentan") == ["Bruno Educ"]
    assert names_found(member_client, dispo="2027-01-01", q="aide soignant") == ["Alice Aide"]
    assert "Bruno Educ" not in names_found(member_client, dispo="2027-01-01")


def test_commune_and_radius_filter_by_distance(member_client, people):
    # Alice and Chloé live in Alençon, Bruno in Flers, about 65 km away.
    assert sorted(names_found(member_client, commune="Alençon", rayon=10)) == ["Alice Aide", "Chloé Domicile"]
    assert sorted(names_found(member_client, commune="alencon", rayon=80)) == [
        "Alice Aide",
        "Bruno Educ",
        "Chloé Domicile",
    ]
    assert names_found(member_client, commune="Flers", rayon=0) == ["Bruno Educ"]


def test_facet_counts_show_what_each_choice_would_give(member_client, people):
    html = page(member_client.get("/cvtheque/", query_string={"contrat": "cdi"}))
    # Within the same filter, counts ignore the current choice (CDD would give 1, CDI gives 2).
    assert re.search(r'for="contrat-\d">CDI <span class="facet-count">\(2\)', html)
    assert re.search(r'for="contrat-\d">CDD <span class="facet-count">\(1\)', html)
    # Other filters count within the current results.
    assert re.search(r'Temps partiel <span class="facet-count">\(1\)', html)


def test_extracts_mark_the_matching_words(member_client, people):
    html = page(member_client.get("/cvtheque/", query_string={"q": "educateur"}))
    assert "<mark>Éducatrice</mark> spécialisée" in html


def test_freshness_order_puts_the_latest_first(member_client, make, people):
    _user, _profile = visible_candidate(make, first_name="Zoé", last_name="Récente", presentation="Aide-soignante.")
    assert names_found(member_client, q="aide", tri="recent")[0] == "Zoé Récente"


def test_results_are_paginated(member_client, make):
    for n in range(23):
        visible_candidate(make, first_name=f"Personne{n:02d}", last_name="Liste", presentation="Aide à domicile.")
    first = names_found(member_client, q="domicile")
    second = names_found(member_client, q="domicile", page=2)
    assert len(first) == 20 and len(second) == 3 and not set(first) & set(second)
    assert "Page 1 sur 2 (23 au total)" in page(member_client.get("/cvtheque/", query_string={"q": "domicile"}))


def test_a_page_past_the_end_leads_to_the_last_one(member_client, people):
    response = member_client.get("/cvtheque/", query_string={"q": "aide", "page": 9})
    assert response.status_code == 302 and "page=1" in response.headers["Location"]


def test_an_empty_search_says_what_to_try(member_client, people):
    html = page(member_client.get("/cvtheque/", query_string={"q": "chirurgien"}))
    assert "Aucun profil ne correspond" in html


def test_a_word_only_in_the_cv_file_finds_the_profile(member_client, make):
    visible_candidate(
        make,
        first_name="Élodie",
        last_name="Fichier",
        presentation="Bonjour.",
        cv_lines=["Expérience : gérontopsychiatrie et Snoezelen"],
    )
    assert names_found(member_client, q="snoezelen") == ["Élodie Fichier"]


def test_changes_reach_the_index_after_the_commit(member_client, make):
    _user, profile = visible_candidate(make, first_name="Fanny", last_name="Change", presentation="Cuisine collective.")
    assert names_found(member_client, q="cuisine") == ["Fanny Change"]
    candidates.save_profile(profile, metier_ids=[], presentation="Animation et jeux de société.")
    db.session.commit()
    assert names_found(member_client, q="cuisine") == []
    assert names_found(member_client, q="animation") == ["Fanny Change"]
    candidates.set_visibility(profile, visible=False, anonymous=False, accepts_offers=False)
    db.session.commit()
    assert names_found(member_client, q="animation") == []


def test_a_bad_filter_value_gets_a_message_and_the_rest_still_searches(member_client, people):
    response = member_client.get("/cvtheque/", query_string={"q": "aide", "rayon": "900", "dispo": "demain"})
    html = page(response)
    assert response.status_code == 422
    assert "Indiquez un rayon entre 0 et 150 km." in html
    assert "Alice Aide" in html
