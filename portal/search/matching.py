"""Which of a few new documents each of many saved searches would find: what alerts announce.

A Matcher takes the documents of one snapshot that are new, and answers for a (query, filters) pair
the ones that Snapshot.search would return among them. Text queries are evaluated on the snapshot once
per distinct query text; filters are read at those documents only, from the same keyword terms and
numeric columns the search uses. The cost grows with the distinct queries, not with the number of
saved searches, and the answers cannot drift from the site's.
"""

from collections.abc import Iterable

import numpy as np

from portal.search.engine import AtLeast, AtMost, Snapshot, Terms
from portal.search.query import parse_query


class Matcher:
    def __init__(self, snap: Snapshot, ids: Iterable[str]):
        self.snap = snap
        found = []
        for doc_id in dict.fromkeys(ids):
            docnums = [int(n) for n in snap._term("id", doc_id)[0] if snap.live[n]]
            if docnums:
                found.append((doc_id, docnums[0]))
        self.ids = [doc_id for doc_id, _ in found]
        self.docnums = np.asarray([n for _, n in found], np.int64)
        self._texts: dict[str, np.ndarray] = {}
        self._values: dict[tuple[str, str], np.ndarray] = {}

    def _text(self, q: str) -> np.ndarray:
        if q not in self._texts:
            self._texts[q] = self.snap.text_match(parse_query(q))[0][self.docnums]
        return self._texts[q]

    def _value(self, fieldname: str, value: str) -> np.ndarray:
        key = (fieldname, value)
        if key not in self._values:
            self._values[key] = np.isin(self.docnums, self.snap._term(fieldname, value)[0])
        return self._values[key]

    def _filter(self, condition) -> np.ndarray:
        if isinstance(condition, Terms):
            mask = np.zeros(self.docnums.size, bool)
            for value in condition.values:
                mask |= self._value(condition.field, value)
            return mask
        if isinstance(condition, AtMost):
            return self.snap.column(condition.field)[self.docnums] <= condition.value
        if isinstance(condition, AtLeast):
            return self.snap.column(condition.field)[self.docnums] >= condition.value
        raise TypeError(condition)

    def match(self, q: str, filters: list) -> list[str]:
        """The new documents that a search for q under these filters finds."""
        if not self.ids:
            return []
        mask = self._text(q).copy()
        for condition in filters:
            mask &= self._filter(condition)
            if not mask.any():
                return []
        return [self.ids[i] for i in np.flatnonzero(mask)]
