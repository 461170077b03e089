"""The index engine on its own: writing, rebuilding, reading back, filters and facets."""

import pytest

from portal.search import AtMost, Fields, Terms, engine
from portal.search.engine import WhooshIndex
from portal.search.query import parse_query

FIELDS = Fields(keywords=("colour",), numbers=("rank",))


def doc(text: str, colour: str = "bleu", rank: int = 0) -> dict:
    return {"content": text, "colour": colour, "rank": rank}


@pytest.fixture
def index(tmp_path):
    return WhooshIndex(str(tmp_path / "idx"), FIELDS)


def ids(snapshot, query: str = "", filters=(), **options) -> list[str]:
    return [hit.fields["id"] for hit in snapshot.search(parse_query(query), list(filters), limit=50, **options).hits]


def test_documents_are_replaced_and_deleted_by_id(index):
    with index.locked():
        index.apply({"1": doc("aide à domicile"), "2": doc("infirmière de nuit")})
    assert sorted(ids(index.snapshot())) == ["1", "2"]
    with index.locked():
        index.apply({"1": doc("cuisinier"), "2": None})
    snapshot = index.snapshot()
    assert ids(snapshot, "cuisinier") == ["1"] and ids(snapshot, "domicile") == [] and snapshot.count == 1


def test_a_rebuilt_index_is_seen_even_when_its_generation_matches_the_old_one(index):
    with index.locked():
        index.apply({"old": doc("ancien texte")})
    before = index.snapshot()
    assert ids(before) == ["old"]
    with index.locked():
        index.rebuild(iter([("new", doc("nouveau texte"))]))
    assert ids(index.snapshot()) == ["new"]


def test_rebuild_writes_several_segments_and_finds_across_them(index, monkeypatch):
    monkeypatch.setattr(engine, "REBUILD_BATCH", 3)
    documents = [(str(n), doc(f"profil numéro {n} aide-soignante", "rouge" if n % 2 else "bleu", n)) for n in range(10)]
    with index.locked():
        assert index.rebuild(iter(documents)) == 10
    snapshot = index.snapshot()
    assert len(snapshot.parts) == 4
    assert len(ids(snapshot, "soignant")) == 10
    assert sorted(ids(snapshot, "", [Terms("colour", ["rouge"])]), key=int) == ["1", "3", "5", "7", "9"]
    assert sorted(ids(snapshot, "", [AtMost("rank", 2)])) == ["0", "1", "2"]
    results = snapshot.search(parse_query("aide"), [Terms("colour", ["rouge"])], facets=["colour"])
    assert results.total == 5 and results.facets["colour"] == {"bleu": 5, "rouge": 5}
    assert ids(snapshot, "", order="recent", fresh_field="rank")[:3] == ["9", "8", "7"]


def test_everyday_updates_merge_small_segments_but_never_the_large_ones(index, monkeypatch):
    monkeypatch.setattr(engine, "SMALL_SEGMENT", 5)
    monkeypatch.setattr(engine, "SMALL_SEGMENTS_KEPT", 3)
    with index.locked():
        index.rebuild(iter([(str(n), doc("grand segment")) for n in range(20)]))
    big = {seg.reader.segment().segment_id() for seg, _ in index.snapshot().parts}
    for n in range(6):
        with index.locked():
            index.apply({f"u{n}": doc("mise à jour")})
    snapshot = index.snapshot()
    assert big <= {seg.reader.segment().segment_id() for seg, _ in snapshot.parts}
    assert len(snapshot.parts) <= 1 + 3
    assert len(ids(snapshot, "mise jour")) == 6 and snapshot.count == 26


def test_a_phrase_needs_its_words_in_order(index):
    with index.locked():
        index.apply({"a": doc("aide à domicile le matin"), "b": doc("domicile et aide"), "c": doc("aide au domicile")})
    assert sorted(ids(index.snapshot(), '"aide à domicile"')) == ["a", "c"]  # stop words do not count


def test_a_second_writer_waits_for_the_lock(index):
    with index.locked():
        with pytest.raises(engine.LockError):
            with index.locked(timeout=0.1):
                pass
