"""French as members type it: stems, genders and plurals, accents, elisions, stop words, hyphens."""

import pytest

from portal.search import Index
from tests.search_contract.helpers import FIELDS, doc, found_set, put

TEXTS = {
    "soignant": "Aide-soignant diplômé, dix ans en EHPAD.",
    "educ": "Éducatrice spécialisée en foyer de vie.",
    "infirmieres": "Nous sommes infirmières de nuit.",
    "agees": "Auprès des personnes âgées, à leur domicile.",
    "elision": "L'autonomie d'abord : l'accompagnement d'hygiène.",
    "coeur": "Le cœur du métier : l'écoute.",
    "plain": "Agent de service hospitalier.",
}


@pytest.fixture
def index(new_index) -> Index:
    index = new_index("profiles", FIELDS)
    put(index, {doc_id: doc(text) for doc_id, text in TEXTS.items()})
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aide soignante", {"soignant"}),  # the feminine finds the masculine, the hyphen joins nothing
        ("aide-soignante", {"soignant"}),
        ("aides soignants", {"soignant"}),
        ("diplômée", {"soignant"}),
        ("educateur", {"educ"}),  # another gender, without its accent
        ("éducateurs", {"educ"}),
        ("ÉDUCATRICES", {"educ"}),  # capitals with accents
        ("specialise", {"educ"}),
        ("infirmier", {"infirmieres"}),
        ("infirmieres", {"infirmieres"}),
        ("agees", {"agees"}),  # accents folded either way
        ("âgée", {"agees"}),
        ("AGÉES", {"agees"}),
        ("hygiene", {"elision"}),
    ],
)
def test_stems_genders_plurals_and_accents_find_the_other_forms(index, query, expected):
    assert found_set(index, query) == expected


@pytest.mark.parametrize(
    "query", ["autonomie", "l'autonomie", "d'autonomie", "accompagnement", "l’accompagnement", "d'hygiène"]
)
def test_elided_articles_are_not_part_of_the_word(index, query):
    assert found_set(index, query) == {"elision"}


@pytest.mark.parametrize("query", ["coeur", "cœur", "COEUR"])
def test_ligatures_match_their_letters(index, query):
    assert found_set(index, query) == {"coeur"}


def test_stop_words_are_not_required(index):
    assert found_set(index, "agent de service") == found_set(index, "agent service") == {"plain"}
    assert found_set(index, "des personnes âgées à domicile") == {"agees"}


def test_a_query_of_stop_words_only_matches_everything(index):
    assert found_set(index, "de la") == set(TEXTS)
    assert found_set(index, "   ") == set(TEXTS)


def test_a_word_found_nowhere_finds_nothing(index):
    assert found_set(index, "chirurgien") == set()
    assert found_set(index, "aide chirurgien") == set()  # every word is required
