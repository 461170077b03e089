"""The French analysis and the query language, without an index."""

import pytest

from portal.search.analysis import variants, words
from portal.search.highlight import extracts
from portal.search.query import AllOf, AnyOf, Not, Phrase, Prefix, Word, parse_query


def forms(word: str) -> set[str]:
    return set(variants(word))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("infirmière", "infirmier"),
        ("infirmieres", "infirmière"),
        ("éducatrice", "educateur"),
        ("soignante", "soignant"),
        ("Accompagnante".lower(), "accompagnant"),
        ("âgées", "agees"),
    ],
)
def test_spellings_and_genders_share_an_index_term(a, b):
    assert forms(a) & forms(b)


def test_stop_words_and_single_letters_are_left_out():
    assert words("L'aide à domicile de la personne") == ["aide", "domicile", "personne"]


def test_plain_words_are_all_required():
    tree = parse_query("aide soignante").tree
    assert isinstance(tree, AllOf) and len(tree.children) == 2


def test_hyphenated_words_need_both_parts():
    assert parse_query("aide-soignante").tree == parse_query("aide soignante").tree


def test_french_and_english_operators_read_the_same():
    assert parse_query("foyer OU ehpad").tree == parse_query("foyer or ehpad").tree
    assert isinstance(parse_query("foyer OU ehpad").tree, AnyOf)
    assert parse_query("aide SAUF nuit").tree == parse_query("aide -nuit").tree == parse_query("aide NOT nuit").tree
    assert parse_query("aide ET nuit").tree == parse_query("aide nuit").tree


def test_operators_bind_as_expected():
    tree = parse_query("(foyer OU ehpad) ET nuit SAUF week-end").tree
    assert isinstance(tree, AllOf)
    assert isinstance(tree.children[0], AnyOf) and isinstance(tree.children[-1], Not)


def test_quotes_make_a_phrase_and_a_star_a_prefix():
    assert isinstance(parse_query('"aide à domicile"').tree, Phrase)
    assert parse_query("géronto*").tree == Prefix(("geronto",))


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
    ],
)
def test_malformed_queries_fall_back_to_their_words(query):
    parsed = parse_query(query)  # never raises
    assert parsed.relaxed or parsed.tree is None or isinstance(parsed.tree, Word | AllOf | Prefix | Not)


def test_the_fallback_keeps_the_words():
    parsed = parse_query('foyer (vie "adultes')
    assert parsed.relaxed
    assert parsed.tree == parse_query("foyer vie adultes").tree


def test_a_query_of_stop_words_matches_everything():
    assert parse_query("de la").tree is None


def test_extracts_mark_the_other_forms_and_escape_html():
    text = "Je suis <b>éducatrice</b> spécialisée, et aide-soignante de nuit."
    [extract] = extracts(text, parse_query("educateur soign*"))
    assert "<mark>éducatrice</mark>" in extract and "aide-<mark>soignante</mark>" in extract
    assert "&lt;b&gt;" in extract and "<b>" not in extract


def test_extracts_never_mark_excluded_words():
    [extract] = extracts("Aide de nuit en EHPAD.", parse_query("ehpad SAUF nuit"))
    assert "<mark>EHPAD</mark>" in extract and "<mark>nuit</mark>" not in extract
