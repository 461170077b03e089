"""Extracts: why a document matched, the matching words marked, in the hits or from a text the feature holds."""

import pytest

from portal.search import Index, SearchRequest
from tests.search_contract.helpers import FIELDS, doc, put

LONG = (
    "Début du parcours en restauration collective, puis plusieurs années dans le commerce de détail. " * 4
    + "Je suis devenue éducatrice spécialisée en foyer de vie. "
    + "Entre-temps, bénévole dans une association sportive, avec des enfants le mercredi. " * 4
    + "Aujourd'hui aide-soignante de nuit en EHPAD."
)


@pytest.fixture
def index(new_index) -> Index:
    index = new_index("profiles", FIELDS)
    put(index, {"long": doc(LONG), "short": doc("Je suis <b>éducatrice</b> & aide-soignante de nuit.")})
    return index


def extracts_of(index: Index, query: str, doc_id: str, count: int = 2) -> list[str]:
    hits = index.search(SearchRequest(query, extracts=count)).hits
    return [str(extract) for hit in hits if hit.id == doc_id for extract in hit.extracts]


def test_the_matching_words_are_marked_in_their_own_form(index):
    [extract] = extracts_of(index, "educateur", "short")
    assert "<mark>éducatrice</mark>" in extract


def test_extracts_show_where_the_words_are_in_a_long_text(index):
    extracts = extracts_of(index, "educateur soignant", "long")
    assert len(extracts) == 2
    assert any("<mark>éducatrice</mark> spécialisée" in e for e in extracts)
    assert any("aide-<mark>soignante</mark> de nuit" in e for e in extracts)
    assert all(len(e) < 300 for e in extracts) and "restauration collective" not in "".join(extracts)


def test_the_number_of_extracts_asked_is_kept(index):
    assert len(extracts_of(index, "educateur soignant", "long", count=1)) == 1


def test_prefixes_and_phrases_are_marked(index):
    [extract] = extracts_of(index, "soign*", "short")
    assert "aide-<mark>soignante</mark>" in extract
    [extract] = extracts_of(index, '"soignante de nuit"', "short")
    assert "<mark>soignante</mark> de <mark>nuit</mark>" in extract


def test_excluded_words_are_never_marked(index):
    [extract] = extracts_of(index, "soignante SAUF chirurgien", "short")
    assert "<mark>soignante</mark>" in extract and "<mark>nuit</mark>" not in extract
    [extract] = index.extracts("Aide de nuit en EHPAD.", "ehpad SAUF nuit")
    assert "<mark>EHPAD</mark>" in extract and "<mark>nuit</mark>" not in extract


def test_the_text_is_escaped(index):
    [extract] = extracts_of(index, "nuit", "short")
    assert "&lt;b&gt;" in extract and "&amp;" in extract and "<b>" not in extract


def test_no_extracts_unless_asked_or_without_words(index):
    assert all(hit.extracts == [] for hit in index.search(SearchRequest("nuit")).hits)
    assert all(hit.extracts == [] for hit in index.search(SearchRequest("", extracts=2)).hits)
    assert all(hit.extracts == [] for hit in index.search(SearchRequest("de la", extracts=2)).hits)


def test_extracts_of_a_text_the_feature_holds(index):
    text = "Offre : infirmier ou infirmière de nuit, poste à Alençon."
    [extract] = index.extracts(text, "infirmière", count=1)
    assert "<mark>infirmier</mark> ou <mark>infirmière</mark>" in extract
    parsed = index.search(SearchRequest("alencon")).query
    assert "<mark>Alençon</mark>" in index.extracts(text, parsed)[0]
    assert index.extracts(text, "") == [] and index.extracts(text, "chirurgien") == []
