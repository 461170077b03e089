"""Writing documents: index, replace, remove, rebuild; what a hit gives back."""

import pytest

from portal.search import Index, SearchRequest
from tests.search_contract.helpers import FIELDS, doc, found, found_set, put


@pytest.fixture
def index(new_index) -> Index:
    return new_index("profiles", FIELDS)


def test_the_engine_implements_the_interface(index):
    assert isinstance(index, Index)
    assert index.fields == FIELDS


def test_an_empty_index_finds_nothing(index):
    results = index.search(SearchRequest("aide", facets=("metier",)))
    assert results.total == 0 and results.hits == []
    assert not any(results.facets.get("metier", {}).values())
    assert index.search(SearchRequest()).total == 0


def test_an_indexed_document_is_found_and_a_removed_one_is_not(index):
    index.index("1", doc("Aide à domicile"))
    index.index("2", doc("Infirmière de nuit"))
    assert found_set(index, "domicile") == {"1"} and found_set(index) == {"1", "2"}
    index.remove("1")
    assert found_set(index, "domicile") == set() and found_set(index) == {"2"}
    index.remove("absent")  # removing what is not there is no error
    assert found_set(index) == {"2"}


def test_indexing_an_id_again_replaces_its_document(index):
    put(index, {"1": doc("Cuisinier en collectivité")})
    put(index, {"1": doc("Animateur en EHPAD")})
    assert found(index, "cuisinier") == [] and found(index, "animateur") == ["1"]
    assert index.search(SearchRequest()).total == 1


def test_apply_writes_and_removes_in_one_go(index):
    put(index, {"1": doc("aide"), "2": doc("aide"), "3": doc("aide")})
    put(index, {"1": None, "2": doc("soins"), "4": doc("aide")})
    assert found_set(index, "aide") == {"3", "4"} and found_set(index, "soins") == {"2"}


def test_rebuild_replaces_everything_the_index_held(index):
    put(index, {"old": doc("ancien texte"), "kept": doc("ancien aussi")})
    with index.locked():
        assert index.rebuild(iter([("kept", doc("nouveau texte")), ("new", doc("nouveau"))])) == 2
    assert found_set(index) == {"kept", "new"} and found(index, "ancien") == []


def test_rebuild_reports_its_progress(index):
    seen = []
    with index.locked():
        index.rebuild(((str(n), doc("texte")) for n in range(7)), on_progress=seen.append)
    assert sum(seen) == 7


def test_a_hit_gives_back_its_id_and_stored_fields(index):
    index.index(
        "42",
        doc(
            "Aide-soignante",
            metier="aide-soignant,infirmier",
            title="Camille",
            tags=["a", "b"],
            available=20270104,
            updated=5,
        ),
    )
    [hit] = index.search(SearchRequest("soignante")).hits
    assert hit.id == "42" and hit.score > 0
    assert hit.fields["title"] == "Camille" and hit.fields["tags"] == ["a", "b"]
    assert hit.fields["content"] == "Aide-soignante" and hit.fields["available"] == 20270104
    assert hit.fields["metier"] == "aide-soignant,infirmier"
