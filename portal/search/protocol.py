"""The one interface between the features and a search engine, and the values that cross it.

A feature describes its documents (Fields), the sync queue writes them (apply, rebuild), and the feature
asks with a SearchRequest and reads SearchResults; alerts ask a Matcher which new documents saved
searches find. The Whoosh engine (engine.py) implements it; a PostgreSQL engine can stand behind the
same interface, so nothing here holds an engine's objects: queries are read once by query.py into a
tree of analysed words that every engine evaluates, and everything else is plain values.
tests/search_contract/ is what every engine must pass.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from markupsafe import Markup

from portal.search.query import ParsedQuery

# The field searched as text; every document has it, and an "id".
TEXT = "content"

# What a feature gives the index for one document: TEXT, each keyword field (values joined by commas),
# each number (an int), each stored extra (anything a card shows).
Document = dict


@dataclass(frozen=True)
class Fields:
    """What an index holds besides its text: keyword fields (filters and facets), numeric columns
    (range filters; `recency` is the one that orders by freshness), stored extras."""

    keywords: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    stored: tuple[str, ...] = ()
    recency: str | None = None


@dataclass
class Terms:
    """Documents having one of these values in a keyword field."""

    field: str
    values: Iterable[str]


@dataclass
class AtMost:
    """Documents whose number in a numeric column is at most this."""

    field: str
    value: int


@dataclass
class AtLeast:
    """Documents whose number in a numeric column is at least this."""

    field: str
    value: int


# A place is a Terms filter on its commune codes (the feature computes the codes within a radius).
Filter = Terms | AtMost | AtLeast
# All of them hold (AND across filters, OR within the values of one).
Filters = Sequence[Filter]


class Order(StrEnum):
    RELEVANCE = "relevance"  # the best matches first; without words, the most recent first
    RECENT = "recent"  # the highest `Fields.recency` first


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""  # the query language of query.py; nothing searchable means every document
    filters: Filters = ()
    facets: tuple[str, ...] = ()  # keyword fields to count values of
    order: Order = Order.RELEVANCE
    page: int = 1
    per_page: int = 20
    extracts: int = 0  # extracts of each hit's text, the matching words marked (none without words)


@dataclass
class Hit:
    id: str
    fields: dict  # what the index stores of the document
    score: float
    extracts: list[Markup] = field(default_factory=list)


@dataclass
class SearchResults:
    """One page of matches in order, with the total and the facet counts.

    Facet counts are disjunctive: beside a value stands what the results would be if that value were
    chosen, the other filters on the same field set aside.
    """

    query: ParsedQuery  # what was searched; `relaxed` when the query did not parse and its words were used
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Matcher(Protocol):
    """A few new documents, to check many saved searches against: what alerts announce."""

    def match(self, query: str, filters: Filters) -> list[str]:
        """The ids of the new documents that a search for this query under these filters finds."""


@runtime_checkable
class Index(Protocol):
    """One named index of documents, identified by a string id."""

    fields: Fields

    def locked(self, timeout: float = ...) -> AbstractContextManager[None]:
        """One writer at a time, across processes: apply and rebuild run inside it."""

    def apply(self, documents: Mapping[str, Document | None]) -> None:
        """Index or replace each document, remove those given as None, all at once. Inside locked()."""

    def index(self, doc_id: str, document: Document) -> None:
        """Index or replace one document (takes the lock: not inside locked())."""

    def remove(self, doc_id: str) -> None:
        """Remove one document, if there (takes the lock: not inside locked())."""

    def rebuild(self, documents: Iterable[tuple[str, Document]], on_progress: Callable[[int], None] = ...) -> int:
        """Replace the whole index by these documents; searches see the old one until the end. Inside locked()."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def extracts(self, text: str, query: ParsedQuery | str, *, count: int = 2, width: int = 200) -> list[Markup]:
        """Extracts of a text the feature holds, the words matching the query marked, as in SearchResults."""

    def matcher(self, doc_ids: Iterable[str]) -> Matcher:
        """A Matcher for these documents (those not in the index match nothing)."""
