"""Matching new documents against saved searches: what alerts announce, the same as what search finds."""

import itertools

import pytest

from portal.search import AtLeast, AtMost, Index, SearchRequest, Terms
from tests.search_contract.helpers import FIELDS, doc, put


@pytest.fixture
def index(new_index) -> Index:
    index = new_index("offers", FIELDS)
    put(
        index,
        {
            "old": doc("Aide-soignant de nuit en EHPAD.", metier="aide-soignant", zone="alencon", available=20260101),
            "new1": doc(
                "Aide-soignante de jour en EHPAD.",
                metier="aide-soignant",
                zone="alencon",
                contract="cdd",
                available=20270101,
            ),
            "new2": doc(
                "Éducateur spécialisé en foyer de vie.",
                metier="educateur-specialise",
                zone="flers-argentan",
                available=20270601,
            ),
            "new3": doc(
                "Auxiliaire de vie à domicile, le week-end.",
                metier="auxiliaire-de-vie,aide-soignant",
                zone="alencon",
                contract="cdi,interim",
                available=20260601,
            ),
        },
    )
    return index


NEW = ["new1", "new2", "new3"]


def test_a_new_document_matches_a_saved_search_with_its_filters(index):
    matcher = index.matcher(NEW)
    assert matcher.match("aide soignante", [Terms("zone", ["alencon"])]) == ["new1"]
    assert sorted(matcher.match("", [Terms("metier", ["aide-soignant"])])) == ["new1", "new3"]
    assert matcher.match("vie", [Terms("contract", ["interim"])]) == ["new3"]


def test_a_new_document_that_does_not_match_is_not_matched(index):
    matcher = index.matcher(NEW)
    assert matcher.match("nuit", []) == []  # only the old document says "nuit"
    assert matcher.match("aide soignante", [Terms("zone", ["flers-argentan"])]) == []
    assert matcher.match("educateur", [Terms("metier", ["aide-soignant"])]) == []
    assert matcher.match("educateur", [AtMost("available", 20270101)]) == []


def test_documents_that_are_not_new_are_never_matched(index):
    assert index.matcher(["new1"]).match("ehpad", []) == ["new1"]
    assert index.matcher([]).match("", []) == []


def test_ids_not_in_the_index_match_nothing(index):
    assert index.matcher(["new1", "gone"]).match("", []) == ["new1"]
    index.remove("new1")
    assert index.matcher(["new1"]).match("", []) == []


def test_the_query_language_works_in_saved_searches(index):
    matcher = index.matcher(NEW)
    assert sorted(matcher.match("foyer OU domicile", [])) == ["new2", "new3"]
    assert sorted(matcher.match("vie SAUF week-end", [])) == ["new2"]
    assert sorted(matcher.match('"foyer de vie"', [])) == ["new2"]
    assert sorted(matcher.match("auxil*", [])) == ["new3"]


def test_a_matcher_answers_what_search_finds_among_the_new_documents(index):
    queries = [
        "",
        "aide",
        "vie",
        "aide soignante",
        "ehpad OU foyer",
        "vie SAUF domicile",
        '"foyer de vie"',
        "aide*",
        '"foyer (vie',
        "de la",
    ]
    filter_sets = [
        [],
        [Terms("zone", ["alencon"])],
        [Terms("metier", ["aide-soignant", "educateur-specialise"])],
        [AtLeast("available", 20260601)],
        [AtMost("available", 20270101), Terms("contract", ["cdd", "cdi"])],
        [Terms("zone", [])],
    ]
    matcher = index.matcher(NEW)
    for query, filters in itertools.product(queries, filter_sets):
        searched = {hit.id for hit in index.search(SearchRequest(query, filters, per_page=100)).hits}
        assert sorted(matcher.match(query, filters)) == sorted(searched & set(NEW)), (query, filters)
