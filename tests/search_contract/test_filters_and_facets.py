"""Filters (keyword values, numeric ranges) and facet counts with the filters applied."""

import pytest

from portal.search import AtLeast, AtMost, Index, SearchRequest, Terms
from tests.search_contract.helpers import FIELDS, doc, found_set, put


@pytest.fixture
def index(new_index) -> Index:
    index = new_index("profiles", FIELDS)
    put(
        index,
        {
            "alice": doc(
                "Aide-soignante de nuit en EHPAD.",
                metier="aide-soignant",
                zone="alencon",
                contract="cdi",
                available=20261201,
            ),
            "bruno": doc(
                "Éducateur spécialisé en foyer.",
                metier="educateur-specialise",
                zone="flers-argentan",
                contract="cdd",
                available=20270301,
            ),
            "chloe": doc(
                "Auxiliaire de vie, aide à domicile.",
                metier="auxiliaire-de-vie,aide-soignant",
                zone="alencon",
                contract="cdi,interim",
                available=0,
            ),
            "denis": doc(
                "Aide-soignant de jour.",
                metier="aide-soignant",
                zone="laigle-mortagne",
                contract="",
                available=20270101,
            ),
        },
    )
    return index


def counts(index: Index, query: str = "", *filters, facets=("metier", "zone", "contract")) -> dict:
    """Facet counts, values counting nothing left out (whether an engine lists them is its own affair)."""
    results = index.search(SearchRequest(query, list(filters), facets=facets))
    return {name: {value: n for value, n in values.items() if n} for name, values in results.facets.items()}


def test_a_keyword_filter_keeps_documents_having_one_of_its_values(index):
    assert found_set(index, "", Terms("metier", ["aide-soignant"])) == {"alice", "chloe", "denis"}
    assert found_set(index, "", Terms("contract", ["cdd", "interim"])) == {"bruno", "chloe"}
    assert found_set(index, "", Terms("zone", ["alencon", "laigle-mortagne"])) == {"alice", "chloe", "denis"}
    assert found_set(index, "", Terms("zone", ["nowhere"])) == set()


def test_a_keyword_filter_without_values_keeps_nothing(index):
    assert found_set(index, "", Terms("metier", [])) == set()


def test_filters_add_up_and_combine_with_the_words(index):
    assert found_set(index, "", Terms("metier", ["aide-soignant"]), Terms("zone", ["alencon"])) == {"alice", "chloe"}
    assert found_set(index, "aide", Terms("contract", ["cdi"])) == {"alice", "chloe"}
    assert found_set(index, "nuit", Terms("zone", ["flers-argentan"])) == set()


def test_values_are_matched_whole(index):
    assert found_set(index, "", Terms("metier", ["aide"])) == set()
    assert found_set(index, "", Terms("metier", ["auxiliaire-de-vie"])) == {"chloe"}


def test_numeric_ranges(index):
    assert found_set(index, "", AtMost("available", 20270101)) == {"alice", "chloe", "denis"}  # bounds included
    assert found_set(index, "", AtLeast("available", 20270101)) == {"bruno", "denis"}
    assert found_set(index, "", AtLeast("available", 20261201), AtMost("available", 20270101)) == {"alice", "denis"}
    assert found_set(index, "aide", AtLeast("available", 20270102)) == set()


def test_facets_count_documents_per_value(index):
    assert counts(index) == {
        "metier": {"aide-soignant": 3, "educateur-specialise": 1, "auxiliaire-de-vie": 1},
        "zone": {"alencon": 2, "flers-argentan": 1, "laigle-mortagne": 1},
        "contract": {"cdi": 2, "cdd": 1, "interim": 1},
    }


def test_facets_count_within_the_words_searched(index):
    assert counts(index, "aide") == {
        "metier": {"aide-soignant": 3, "auxiliaire-de-vie": 1},
        "zone": {"alencon": 2, "laigle-mortagne": 1},
        "contract": {"cdi": 2, "interim": 1},
    }


def test_facets_count_within_the_other_filters_but_not_their_own(index):
    """Beside each value, what choosing it would give: a filter narrows the other facets, not its own."""
    facets = counts(index, "", Terms("zone", ["alencon"]), AtLeast("available", 1))
    assert facets == {
        "metier": {"aide-soignant": 1},
        "zone": {"alencon": 1, "flers-argentan": 1, "laigle-mortagne": 1},
        "contract": {"cdi": 1},
    }
    facets = counts(index, "aide", Terms("contract", ["cdi"]), Terms("metier", ["aide-soignant"]))
    assert facets["contract"] == {"cdi": 2, "interim": 1}
    assert facets["metier"] == {"aide-soignant": 2, "auxiliaire-de-vie": 1}
    assert facets["zone"] == {"alencon": 2}


def test_the_total_and_facets_agree(index):
    results = index.search(SearchRequest("", [Terms("metier", ["aide-soignant"])], facets=("metier",)))
    assert results.total == results.facets["metier"]["aide-soignant"] == 3


def test_only_the_facets_asked_for_are_counted(index):
    assert set(index.search(SearchRequest(facets=("zone",))).facets) == {"zone"}
    assert not index.search(SearchRequest()).facets


def test_a_removed_document_leaves_the_counts(index):
    index.remove("bruno")
    assert counts(index, facets=("zone",)) == {"zone": {"alencon": 2, "laigle-mortagne": 1}}
