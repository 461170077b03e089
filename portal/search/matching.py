"""Which of a few new documents each of many saved searches would find: what alerts announce.

The Whoosh engine's protocol.Matcher: it takes the documents of one snapshot that are new, and answers
for a (query, filters) pair the ones that Snapshot.search would return among them. Text queries are
evaluated on the snapshot once per distinct query text; filters are read at those documents only, from
the same keyword terms and numeric columns the search uses. The cost grows with the distinct queries,
not with the number of saved searches, and the answers cannot drift from the site's.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from portal.search.protocol import AtLeast, AtMost, Filters, Terms
from portal.search.query import parse_query

if TYPE_CHECKING:
    from portal.search.engine import Snapshot


class SnapshotMatcher:
    def __init__(self, snap: "Snapshot", ids: Iterable[str]):
        self.snap = snap
        found = []
        for doc_id in dict.fromkeys(ids):
            docnums = [int(n) for n in snap.docnums("id", doc_id) if snap.live[n]]
            if docnums:
                found.append((doc_id, docnums[0]))
        self.ids = [doc_id for doc_id, _ in found]
        self.docnums = np.asarray([n for _, n in found], np.int64)
        # Each answer is a bit set over the new documents (bit i: self.ids[i]), so that checking one saved
        # search costs a few integer operations, whatever the size of the index.
        self._all = (1 << len(self.ids)) - 1
        self._texts: dict[str, int] = {}
        self._conditions: dict[tuple, int] = {}

    @staticmethod
    def _bits(flags: np.ndarray) -> int:
        return sum(1 << int(i) for i in np.flatnonzero(flags))

    def _text(self, q: str) -> int:
        if q not in self._texts:
            self._texts[q] = self._bits(self.snap.text_match(parse_query(q))[0][self.docnums])
        return self._texts[q]

    def _value(self, fieldname: str, value: str) -> int:
        key = ("=", fieldname, value)
        if key not in self._conditions:
            self._conditions[key] = self._bits(np.isin(self.docnums, self.snap.docnums(fieldname, value)))
        return self._conditions[key]

    def _filter(self, condition) -> int:
        if isinstance(condition, Terms):
            bits = 0
            for value in condition.values:
                bits |= self._value(condition.field, value)
            return bits
        if isinstance(condition, AtMost | AtLeast):
            key = (type(condition).__name__, condition.field, condition.value)
            if key not in self._conditions:
                column = self.snap.column(condition.field)[self.docnums]
                flags = column <= condition.value if isinstance(condition, AtMost) else column >= condition.value
                self._conditions[key] = self._bits(flags)
            return self._conditions[key]
        raise TypeError(condition)

    def match(self, query: str, filters: Filters) -> list[str]:
        """The new documents that a search for the query under these filters finds."""
        bits = self._all
        for condition in filters:  # filters first: they are cheaper, and most saved searches stop here
            bits &= self._filter(condition)
            if not bits:
                return []
        bits &= self._text(query)
        return [doc_id for i, doc_id in enumerate(self.ids) if bits >> i & 1]
