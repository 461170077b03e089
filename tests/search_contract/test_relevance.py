"""Ranking by relevance: what members expect to see first.

The index has one text field (a title is part of the text), so "a title match beats a body match" is,
for this interface, a word in a short text (a title, a short profile) ranking above the same word
once in a long one.
"""

import pytest

from portal.search import Index, Order, SearchRequest
from tests.search_contract.helpers import FIELDS, doc, found, put

FILLER = (
    "Expérience variée en structure, travail en équipe pluridisciplinaire, transmissions écrites et "
    "orales, respect des protocoles, ponctualité, discrétion professionnelle. "
) * 6


@pytest.fixture
def index(new_index) -> Index:
    return new_index("profiles", FIELDS)


def test_a_word_in_a_short_title_ranks_above_the_same_word_in_a_long_body(index):
    put(index, {"body": doc(FILLER + "Poste d'infirmière. " + FILLER), "title": doc("Infirmière de nuit")})
    assert found(index, "infirmière") == ["title", "body"]


def test_more_of_the_words_asked_ranks_higher(index):
    put(
        index,
        {
            "one": doc("Foyer de vie. " + FILLER),
            "three": doc("Foyer, EHPAD et nuit. " + FILLER),
            "two": doc("Foyer de nuit. " + FILLER),
        },
    )
    assert found(index, "foyer OU nuit OU ehpad") == ["three", "two", "one"]


def test_a_word_repeated_ranks_higher(index):
    put(index, {"once": doc("Alzheimer. " + FILLER), "thrice": doc("Alzheimer, Alzheimer, Alzheimer. " + FILLER)})
    assert found(index, "alzheimer") == ["thrice", "once"]


def test_a_rare_word_weighs_more_than_a_common_one(index):
    put(index, {f"common{n}": doc(f"Aide numéro {n}. " + FILLER) for n in range(8)})
    put(index, {"rare": doc("Snoezelen numéro 9. " + FILLER)})  # as long, written last
    assert found(index, "aide OU snoezelen")[0] == "rare"


def test_scores_go_down_the_page(index):
    put(index, {str(n): doc("soins " * (n + 1) + FILLER) for n in range(6)})
    hits = index.search(SearchRequest("soins", per_page=10)).hits
    assert [hit.id for hit in hits] == ["5", "4", "3", "2", "1", "0"]
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_recency_does_not_change_a_relevance_order(index):
    put(index, {"old": doc("Infirmière", updated=1), "new": doc(FILLER + "infirmière", updated=9)})
    assert found(index, "infirmière", order=Order.RELEVANCE) == ["old", "new"]
