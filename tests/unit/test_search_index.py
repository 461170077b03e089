"""The index engine on its own: writing, rebuilding, reading back, filters and facets."""

import random

import numpy as np
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


# --- the private posting format the engine decodes for speed (why whoosh-reloaded is pinned) --------


def public_postings(reader, fieldname: str, term: str) -> tuple[list[int], list[float], list[list[int]]]:
    """A term's postings read one at a time through Whoosh's public matcher API."""
    matcher = reader.postings(fieldname, term)
    ids, weights, positions = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        positions.append(list(matcher.value_as("positions")) if matcher.supports("positions") else [])
        matcher.next()
    return ids, weights, positions


def test_the_fast_posting_decoding_reads_what_whoosh_public_api_reads(index):
    """engine._postings and engine._positions read Whoosh's blocks and position format directly: a Whoosh
    version that changes them must fail here, not return wrong results or quietly slow down."""
    rng = random.Random(61)
    vocabulary = [
        "aide",
        "soignante",
        "domicile",
        "nuit",
        "ehpad",
        "toilette",
        "repas",
        "transferts",
        "alzheimer",
        "bientraitance",
        "éducatrice",
        "foyer",
        "snoezelen",
        "palliatifs",
        "infirmière",
        "animation",
    ]
    documents = {}
    for n in range(700):  # several blocks of postings per common term (the codec writes 128 per block)
        length = rng.choice([1, 5, 40, 300, 2_000])  # position gaps of one, two and more bytes once pickled
        documents[str(n)] = doc(
            " ".join(rng.choice(vocabulary[: rng.randint(1, len(vocabulary))]) for _ in range(length)),
            rng.choice(["bleu", "rouge", "vert"]),
            n,
        )
    with index.locked():
        index.apply(documents)
    checked = 0
    for segment, _ in index.snapshot().parts:
        reader = segment.reader
        for fieldname in ("content", "colour", "id"):
            for term in reader.field_terms(fieldname):
                assert engine.reads_blocks(reader.postings(fieldname, term)), "the fast path is no longer taken"
                ids, weights, positions = public_postings(reader, fieldname, term)
                fast_ids, fast_weights = engine._postings(reader, fieldname, term)
                assert fast_ids.tolist() == ids, (fieldname, term)
                assert fast_weights.tolist() == np.asarray(weights, np.float32).tolist(), (fieldname, term)
                if fieldname == "content":
                    assert engine.reads_position_blocks(reader.postings(fieldname, term)), "positions read slowly"
                    expected = [
                        docnum << engine.POSITION_BITS | position
                        for docnum, doc_positions in zip(ids, positions, strict=False)
                        for position in doc_positions
                    ]
                    assert engine._positions(reader, fieldname, term).tolist() == expected, term
                checked += 1
    assert checked > 700
