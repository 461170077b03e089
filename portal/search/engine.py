"""The Whoosh engine behind the index interface (protocol.Index).

Whoosh stores the index and the postings; matching, filtering, facet counting and ranking run on
numpy arrays over the whole document space, built from postings and cached per segment. A search
therefore costs a few array operations whatever the number of matches, and scores only what it
ranks. One writer at a time (Whoosh's file lock), readers refreshed when another process committed.
"""

import fcntl
import math
import os
import pickle
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from itertools import islice

import numpy as np
from markupsafe import Markup
from whoosh import fields as whoosh_fields
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.writing import LockError

from portal.search.analysis import french_analyzer
from portal.search.highlight import extracts
from portal.search.matching import SnapshotMatcher
from portal.search.protocol import (
    TEXT,
    AtLeast,
    AtMost,
    Document,
    Fields,
    Hit,
    Order,
    SearchRequest,
    SearchResults,
    Terms,
)
from portal.search.query import AllOf, AnyOf, Not, ParsedQuery, Phrase, Prefix, Word, parse_query

K1, B = 1.2, 0.75
MAX_PREFIX_TERMS = 300
POSITION_BITS = 20  # a document of more than a million words is cut there for phrases
WRITE_TIMEOUT = 30.0
SMALL_SEGMENT = 1_000
SMALL_SEGMENTS_KEPT = 8
REBUILD_BATCH = 5_000
REBUILD_MEMORY_MB = 512


def schema(spec: Fields) -> whoosh_fields.Schema:
    fields = {
        "id": whoosh_fields.ID(stored=True, unique=True),
        TEXT: whoosh_fields.TEXT(analyzer=french_analyzer(), stored=True, phrase=True),
    }
    for name in spec.keywords:
        fields[name] = whoosh_fields.KEYWORD(stored=True, commas=True, scorable=False)
    for name in spec.numbers:
        fields[name] = whoosh_fields.NUMERIC(bits=64, signed=True, sortable=True, stored=True)
    for name in spec.stored:
        fields[name] = whoosh_fields.STORED()
    return whoosh_fields.Schema(**fields)


class _Cache(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or(self, key, compute):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = compute()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


# Reading postings a block at a time instead of one posting at a time through Whoosh's matcher makes
# building a term's arrays several times faster, which is most of the cost of a first search on a
# segment. It reads private attributes of Whoosh's W3 codec, and decodes its private value format for
# positions (a 4-byte count, then the position deltas pickled without the final STOP opcode): what
# whoosh-reloaded 2.7.5 writes. That is why the version is pinned exactly in pyproject.toml, and why
# tests/unit/test_search_index.py compares this decoding with Whoosh's public matcher API on a real
# index, and checks that the fast paths are taken: a version that changes either fails there.


def reads_blocks(matcher) -> bool:
    """Whether this matcher exposes the W3 codec's blocks of ids and weights."""
    return hasattr(matcher, "_read_ids") and hasattr(matcher, "_read_weights") and hasattr(matcher, "_next_block")


def reads_position_blocks(matcher) -> bool:
    """Whether this matcher's blocks hold positions in the pickled format decoded below."""
    return hasattr(matcher, "_read_values") and reads_blocks(matcher) and isinstance(matcher.format, formats.Positions)


def _postings(reader, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and frequencies of a term in one segment, read block by block."""
    if (fieldname, term) not in reader:
        return np.empty(0, np.int32), np.empty(0, np.float32)
    matcher = reader.postings(fieldname, term)
    ids, weights = [], []
    if reads_blocks(matcher):  # whole blocks
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids[matcher._i :])
            weights.extend(matcher._weights[matcher._i :])
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.asarray(ids, np.int32), np.asarray(weights, np.float32)


def _positions(reader, fieldname: str, term: str) -> np.ndarray:
    """Every occurrence of a term in one segment, as docnum << 20 | position, sorted."""
    if (fieldname, term) not in reader:
        return np.empty(0, np.int64)
    matcher = reader.postings(fieldname, term)
    docs, counts, deltas = [], [], []
    fast = reads_position_blocks(matcher)
    while matcher.is_active():
        if fast:  # a block's values at once; each is a count and the pickled position deltas
            matcher._read_ids()
            matcher._read_values()
            for docnum, value in zip(matcher._ids[matcher._i :], matcher._values[matcher._i :], strict=False):
                steps = pickle.loads(value[4:] + b".")
                docs.append(docnum)
                counts.append(len(steps))
                deltas.extend(steps)
            matcher._next_block()
        else:
            steps = matcher.value_as("positions")
            docs.append(matcher.id())
            counts.append(len(steps))
            deltas.extend(np.diff(steps, prepend=0).tolist())
            matcher.next()
    if not docs:
        return np.empty(0, np.int64)
    counts = np.asarray(counts, np.int64)
    running = np.cumsum(np.asarray(deltas, np.int64))
    # Positions restart at each document: subtract the running total reached before it.
    before = np.concatenate(([0], running[np.cumsum(counts)[:-1] - 1]))
    positions = running - np.repeat(before, counts)
    return (np.repeat(np.asarray(docs, np.int64), counts) << POSITION_BITS) | positions


class _Segment:
    """Arrays of one segment, valid as long as the segment exists (segments never change)."""

    def __init__(self, reader):
        self.reader = reader
        self.size = reader.doc_count_all()
        self.terms = _Cache(20_000)
        self.occurrences = _Cache(512)
        self.columns: dict[str, np.ndarray] = {}
        self._lengths = None

    def postings(self, fieldname: str, term: str):
        return self.terms.get_or((fieldname, term), lambda: _postings(self.reader, fieldname, term))

    def positions(self, fieldname: str, term: str) -> np.ndarray:
        return self.occurrences.get_or((fieldname, term), lambda: _positions(self.reader, fieldname, term))

    def lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.fromiter(
                (self.reader.doc_field_length(n, TEXT, 0) for n in range(self.size)), np.float32, self.size
            )
        return self._lengths

    def column(self, name: str) -> np.ndarray:
        if name not in self.columns:
            self.columns[name] = np.fromiter(self.reader.column_reader(name), np.int64, self.size)
        return self.columns[name]


class Snapshot:
    """A searcher on one generation of the index, with its arrays; shared by requests until stale."""

    def __init__(self, searcher, segments: dict):
        self.searcher = searcher
        reader = searcher.reader()
        leaves = list(reader.leaf_readers())
        self.parts = []
        for leaf, offset in leaves:
            if leaf.segment() is None:  # an empty index has no segment
                continue
            segment_id = leaf.segment().segment_id()
            seg = segments.get(segment_id)
            if seg is None:
                seg = segments[segment_id] = _Segment(leaf)
            seg.reader = leaf
            self.parts.append((seg, offset))
        self.size = sum(seg.size for seg, _ in self.parts)
        self.live = np.ones(self.size, bool)
        for seg, offset in self.parts:
            deleted = list(seg.reader.segment().deleted_docs())
            if deleted:
                self.live[np.asarray(deleted, np.int64) + offset] = False
        self.count = int(self.live.sum())
        lengths = [seg.lengths() for seg, _ in self.parts]
        self.lengths = np.concatenate(lengths) if lengths else np.empty(0, np.float32)
        live_lengths = self.lengths[self.live]
        self.avg_length = float(live_lengths.mean()) if live_lengths.size else 1.0
        self._norm = K1 * (1 - B + B * self.lengths / max(self.avg_length, 1.0))
        self._terms: dict = {}
        self._masks: dict = {}
        self._columns: dict = {}
        self._occ: dict = {}
        self.folder = None  # the index folder's inode, set by WhooshIndex

    # --- arrays over the whole document space ---------------------------------------------------
    def _term(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, term)
        if key not in self._terms:
            ids, tfs = [], []
            for seg, offset in self.parts:
                seg_ids, seg_tfs = seg.postings(fieldname, term)
                ids.append(seg_ids + offset)
                tfs.append(seg_tfs)
            self._terms[key] = (
                (np.concatenate(ids), np.concatenate(tfs)) if ids else (np.empty(0, np.int32), np.empty(0, np.float32))
            )
        return self._terms[key]

    def docnums(self, fieldname: str, value: str) -> np.ndarray:
        """The documents (deleted ones included: see `live`) holding this term."""
        return self._term(fieldname, value)[0]

    def value_mask(self, fieldname: str, value: str) -> np.ndarray:
        key = (fieldname, value)
        if key not in self._masks:
            mask = np.zeros(self.size, bool)
            mask[self._term(fieldname, value)[0]] = True
            self._masks[key] = mask & self.live
        return self._masks[key]

    def column(self, name: str) -> np.ndarray:
        if name not in self._columns:
            parts = [seg.column(name) for seg, _ in self.parts]
            self._columns[name] = np.concatenate(parts) if parts else np.empty(0, np.int64)
        return self._columns[name]

    def values(self, fieldname: str) -> list[str]:
        return list(self.searcher.reader().field_terms(fieldname)) if fieldname in self.searcher.schema else []

    # --- text matching and scoring --------------------------------------------------------------
    def _word(self, forms: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        mask, score = np.zeros(self.size, bool), np.zeros(self.size, np.float32)
        for form in forms:
            ids, tfs = self._term(TEXT, form)
            if not ids.size:
                continue
            idf = math.log(1 + (self.count - ids.size + 0.5) / (ids.size + 0.5))
            mask[ids] = True
            # ids are unique within one form; across forms a document keeps its best score
            score[ids] = np.maximum(score[ids], idf * tfs * (K1 + 1) / (tfs + self._norm[ids]))
        return mask, score

    def _prefix(self, starts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        reader = self.searcher.reader()
        terms = set()
        for start in starts:
            for term in reader.expand_prefix(TEXT, start):
                terms.add(term.decode() if isinstance(term, bytes) else term)
                if len(terms) >= MAX_PREFIX_TERMS:
                    break
        return self._word(sorted(terms))

    def _occurrences(self, forms: Iterable[str]) -> np.ndarray:
        """Where any of these forms occurs, over the whole index (docnum << 20 | position), sorted."""
        key = tuple(forms)
        if key not in self._occ:
            parts = [
                seg.positions(TEXT, form) + (np.int64(offset) << POSITION_BITS)
                for seg, offset in self.parts
                for form in forms
            ]
            self._occ[key] = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)
        return self._occ[key]

    def _phrase(self, phrase: Phrase) -> tuple[np.ndarray, np.ndarray]:
        """The words' match, kept where they follow each other (stop words are not counted, as when indexing)."""
        mask, score = self._evaluate(AllOf(phrase.words))
        if not mask.any():
            return mask, score
        starts = self._occurrences(phrase.words[0].forms)
        starts = starts[mask[starts >> POSITION_BITS]]
        for step, word in enumerate(phrase.words[1:], start=1):
            starts = starts[np.isin(starts + step, self._occurrences(word.forms))]
        exact = np.zeros(self.size, bool)
        exact[starts >> POSITION_BITS] = True
        mask &= exact
        return mask, np.where(mask, score, 0).astype(np.float32)

    def _evaluate(self, node) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(node, Word):
            return self._word(node.forms)
        if isinstance(node, Prefix):
            return self._prefix(node.starts)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Not):
            return ~self._evaluate(node.child)[0], np.zeros(self.size, np.float32)
        if isinstance(node, AllOf | AnyOf):
            results = [self._evaluate(child) for child in node.children]
            combine = np.logical_and if isinstance(node, AllOf) else np.logical_or
            mask = results[0][0].copy()
            for other, _ in results[1:]:
                combine(mask, other, out=mask)
            score = np.sum([s for _, s in results], axis=0, dtype=np.float32)
            return mask, score
        raise TypeError(node)

    def text_match(self, parsed: ParsedQuery) -> tuple[np.ndarray, np.ndarray]:
        if parsed.tree is None:
            return self.live.copy(), np.zeros(self.size, np.float32)
        mask, score = self._evaluate(parsed.tree)
        return mask & self.live, score

    def filter_mask(self, condition) -> np.ndarray:
        if isinstance(condition, Terms):
            mask = np.zeros(self.size, bool)
            for value in condition.values:
                mask |= self.value_mask(condition.field, value)
            return mask
        if isinstance(condition, AtMost):
            return self.column(condition.field) <= condition.value
        if isinstance(condition, AtLeast):
            return self.column(condition.field) >= condition.value
        raise TypeError(condition)

    def search(
        self,
        parsed: ParsedQuery,
        filters: list,
        *,
        facets: Iterable[str] = (),
        order: str = Order.RELEVANCE,
        fresh_field: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> SearchResults:
        """Matches of the query under every filter (AND across filters, OR within one), ranked.

        Facet counts are disjunctive: the count beside a value is what the results would be if that
        value were chosen, the other filters on the same field set aside.
        """
        text_mask, score = self.text_match(parsed)
        masks = [(getattr(f, "field", None), self.filter_mask(f)) for f in filters]
        matched = text_mask.copy()
        for _, mask in masks:
            matched &= mask
        counts = {}
        for name in facets:
            base = text_mask.copy()
            for fieldname, mask in masks:
                if fieldname != name:
                    base &= mask
            counts[name] = {
                value: int(np.count_nonzero(base[self._term(name, value)[0]])) for value in self.values(name)
            }
        docnums = np.flatnonzero(matched)
        total = int(docnums.size)
        wanted = offset + limit
        if order == Order.RELEVANCE and parsed.tree is not None:
            keys = -score[docnums]
        elif fresh_field:
            keys = -self.column(fresh_field)[docnums].astype(np.float64)
        else:
            keys = docnums.astype(np.float64)
        if total > wanted:
            # The first `wanted` of the order (key, then docnum), without sorting them all. Ties at the edge
            # go to the lowest docnums, as in the full order: else a page and the next, cut from different
            # partitions, could both show a document and skip another.
            edge = np.partition(keys, wanted - 1)[wanted - 1]
            before = np.flatnonzero(keys < edge)
            top = np.concatenate((before, np.flatnonzero(keys == edge)[: wanted - before.size]))
            docnums, keys = docnums[top], keys[top]
        page = docnums[np.lexsort((docnums, keys))][offset:wanted]
        hits = []
        for n in page:
            stored = self.searcher.stored_fields(int(n))
            hits.append(Hit(stored["id"], stored, float(score[n])))
        return SearchResults(query=parsed, total=total, hits=hits, facets=counts)


def merge_small_segments(writer, segments):
    """Whoosh merge policy for everyday updates: fold the small segments left by single updates
    into the new one once there are several, and never rewrite the large segments of a rebuild
    (that would make one profile's update take seconds on a large index)."""
    from whoosh.reading import SegmentReader

    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) < SMALL_SEGMENTS_KEPT:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in small]


class WhooshIndex:
    """One named index in a folder (protocol.Index). Readers are cached per process and refreshed when stale."""

    _segments_by_path: dict[str, dict] = {}
    _snapshots: dict[str, Snapshot] = {}
    _lock = threading.Lock()

    def __init__(self, path: str, fields: Fields):
        self.path, self.fields = path, fields

    def _open(self):
        if whoosh_index.exists_in(self.path):
            return whoosh_index.open_dir(self.path)
        os.makedirs(self.path, exist_ok=True)
        return whoosh_index.create_in(self.path, schema(self.fields))

    # --- reading --------------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.query)
        page = max(1, request.page)
        found = self.snapshot().search(
            parsed,
            list(request.filters),
            facets=request.facets,
            order=request.order,
            fresh_field=self.fields.recency,
            offset=(page - 1) * request.per_page,
            limit=request.per_page,
        )
        if request.extracts and parsed.tree is not None:
            for hit in found.hits:
                hit.extracts = extracts(hit.fields.get(TEXT, ""), parsed, count=request.extracts)
        return found

    def extracts(self, text: str, query: ParsedQuery | str, *, count: int = 2, width: int = 200) -> list[Markup]:
        parsed = parse_query(query) if isinstance(query, str) else query
        return extracts(text, parsed, count=count, width=width) if parsed.tree is not None else []

    def matcher(self, doc_ids: Iterable[str]) -> SnapshotMatcher:
        return SnapshotMatcher(self.snapshot(), doc_ids)

    def snapshot(self) -> Snapshot:
        with self._lock:
            current = self._snapshots.get(self.path)
            if current is not None and self._fresh(current):
                return current
            ix = self._open()
            segments = self._segments_by_path.setdefault(self.path, {})
            snapshot = Snapshot(ix.searcher(), segments)
            snapshot.folder = os.stat(self.path).st_ino
            alive = {seg_id for seg_id in segments if any(seg is segments[seg_id] for seg, _ in snapshot.parts)}
            for seg_id in set(segments) - alive:
                del segments[seg_id]
            if current is not None:
                try:
                    current.searcher.close()
                except Exception:
                    pass
            self._snapshots[self.path] = snapshot
            return snapshot

    def _fresh(self, snapshot: Snapshot) -> bool:
        # A rebuild puts a new folder in place, whose generation numbers start again: compare folders too.
        try:
            return os.stat(self.path).st_ino == snapshot.folder and snapshot.searcher.up_to_date()
        except Exception:  # the folder was removed: open it again
            return False

    @contextmanager
    def locked(self, timeout: float = WRITE_TIMEOUT):
        """The one-writer-at-a-time lock, across processes. A file beside the index folder (not in it),
        so that it holds while a rebuild replaces the folder."""
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        with open(f"{self.path}.lock", "a+") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockError(f"Index {self.path} locked for more than {timeout:.0f} s") from None
                    time.sleep(0.01)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- writing --------------------------------------------------------------------------------
    def index(self, doc_id: str, document: Document) -> None:
        with self.locked():
            self.apply({doc_id: document})

    def remove(self, doc_id: str) -> None:
        with self.locked():
            self.apply({doc_id: None})

    def apply(self, documents: Mapping[str, Document | None]) -> None:
        """Replace or delete documents by id (None deletes) in one commit. The caller holds locked()."""
        if not documents:
            return
        writer = self._open().writer(timeout=WRITE_TIMEOUT)
        try:
            for doc_id, document in documents.items():
                if document is None:
                    writer.delete_by_term("id", doc_id)
                else:
                    writer.update_document(id=doc_id, **document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_segments)

    def rebuild(
        self, documents: Iterable[tuple[str, Document]], on_progress: Callable[[int], None] = lambda n: None
    ) -> int:
        """Build a complete new index beside the current one, then put it in its place. The caller holds locked().

        Searches keep using the current index until the swap. Documents go in segments of
        REBUILD_BATCH: Whoosh's in-memory pool then never spills to disk, which is what makes large
        single-segment builds slow.
        """
        fresh, old = f"{self.path}.new", f"{self.path}.old"
        shutil.rmtree(fresh, ignore_errors=True)
        os.makedirs(fresh)
        ix = whoosh_index.create_in(fresh, schema(self.fields))
        documents = iter(documents)
        count = 0
        try:
            while batch := list(islice(documents, REBUILD_BATCH)):
                writer = ix.writer(limitmb=REBUILD_MEMORY_MB)
                try:
                    for doc_id, document in batch:
                        writer.add_document(id=doc_id, **document)
                        on_progress(1)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit(merge=False)
                count += len(batch)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(self.path):
            os.rename(self.path, old)
        os.rename(fresh, self.path)
        shutil.rmtree(old, ignore_errors=True)
        return count


__all__ = ["LockError", "Snapshot", "WhooshIndex"]
