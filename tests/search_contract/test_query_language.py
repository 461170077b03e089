"""The query language: all words required, "phrases", prefixes*, ET/OU/SAUF and parentheses, never an error."""

import pytest

from portal.search import Index, SearchRequest
from tests.search_contract.helpers import FIELDS, doc, found_set, put

TEXTS = {
    "alice": "Aide-soignante diplômée, dix ans en EHPAD, je travaille de nuit.",
    "bruno": "Éducatrice spécialisée en foyer de vie pour adultes handicapés.",
    "chloe": "Auxiliaire de vie, aide à domicile auprès des personnes âgées.",
    "denis": "Domicile et aide : gérontologie, gérontopsychiatrie.",
    "emma": "Aide au domicile le week-end.",
}


@pytest.fixture
def index(new_index) -> Index:
    index = new_index("profiles", FIELDS)
    put(index, {doc_id: doc(text) for doc_id, text in TEXTS.items()})
    return index


def test_every_word_is_required(index):
    assert found_set(index, "aide nuit") == {"alice"}
    assert found_set(index, "aide domicile") == {"chloe", "denis", "emma"}
    assert found_set(index, "foyer nuit") == set()


def test_a_phrase_needs_its_words_together_and_in_order(index):
    assert found_set(index, '"aide à domicile"') == {"chloe", "emma"}  # stop words do not count
    assert found_set(index, '"domicile aide"') == {"denis"}
    assert found_set(index, '"foyer de vie"') == {"bruno"}
    assert found_set(index, '"vie foyer"') == set()


def test_a_phrase_matches_other_forms_of_its_words(index):
    assert found_set(index, '"aides soignants diplômés"') == {"alice"}
    assert found_set(index, '"personnes agees"') == {"chloe"}


def test_a_phrase_of_one_word_is_that_word(index):
    assert found_set(index, '"foyer"') == found_set(index, "foyer") == {"bruno"}


def test_a_trailing_star_searches_a_prefix(index):
    assert found_set(index, "aide*") == {"alice", "chloe", "denis", "emma"}
    assert found_set(index, "géronto*") == found_set(index, "geronto*") == {"denis"}
    assert found_set(index, "handi*") == {"bruno"}
    assert found_set(index, "auxil*") == {"chloe"}
    assert found_set(index, "zzz*") == set()


def test_a_prefix_combines_with_words(index):
    assert found_set(index, "aide dom*") == {"chloe", "denis", "emma"}
    assert found_set(index, "nuit dom*") == set()


@pytest.mark.parametrize("query", ["foyer OU domicile", "foyer or domicile", "foyer | domicile"])
def test_or_finds_either_word(index, query):
    assert found_set(index, query) == {"bruno", "chloe", "denis", "emma"}


@pytest.mark.parametrize("query", ["aide ET nuit", "aide and nuit", "aide && nuit", "aide nuit"])
def test_and_is_what_plain_words_do(index, query):
    assert found_set(index, query) == {"alice"}


@pytest.mark.parametrize("query", ["aide SAUF nuit", "aide NOT nuit", "aide -nuit", "aide sauf nuit"])
def test_sauf_leaves_out_documents_with_the_word(index, query):
    assert found_set(index, query) == {"chloe", "denis", "emma"}


def test_only_exclusions_find_everything_else(index):
    assert found_set(index, "-domicile") == {"alice", "bruno"}
    assert found_set(index, "SAUF domicile") == {"alice", "bruno"}


def test_parentheses_group(index):
    assert found_set(index, "(foyer OU domicile) ET âgées") == {"chloe"}
    assert found_set(index, "(foyer OU nuit) SAUF handicapés") == {"alice"}
    assert found_set(index, "aide (nuit OU week-end)") == {"alice", "emma"}
    assert found_set(index, 'aide SAUF "aide à domicile"') == {"alice", "denis"}


@pytest.mark.parametrize(
    "query",
    [
        '"aide',
        "(aide",
        "aide)",
        "aide OU",
        "OU aide",
        "ET",
        "aide ET ET soins",
        '"(' * 50,
        "SAUF",
        "-",
        "*",
        ")(",
        "aide (soins OU",
        "x" * 600,
        "a*",
    ],
)
def test_a_malformed_query_is_never_an_error(index, query):
    index.search(SearchRequest(query, facets=("metier",), extracts=2))


def test_a_malformed_query_searches_its_words_and_says_so(index):
    results = index.search(SearchRequest('"foyer (vie'))
    assert results.query.relaxed and {hit.id for hit in results.hits} == {"bruno"}
    assert not index.search(SearchRequest('"foyer de vie"')).query.relaxed
