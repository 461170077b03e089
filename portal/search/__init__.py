"""The search index: French analysis, the query language, one index interface and its Whoosh engine.

Features describe their documents and call this package, through what it exports here only (the
interface is in protocol.py); it knows nothing about them.
"""

from portal.search.paging import Paging
from portal.search.protocol import (
    AtLeast,
    AtMost,
    Document,
    Fields,
    Filter,
    Filters,
    Hit,
    Index,
    Matcher,
    Order,
    SearchRequest,
    SearchResults,
    Terms,
)
from portal.search.query import ParsedQuery
from portal.search.sync import EVERY_ATTRIBUTE, Reads, Source, drain
from portal.search.sync import index as open_index

__all__ = [
    "EVERY_ATTRIBUTE",
    "AtLeast",
    "AtMost",
    "Document",
    "Fields",
    "Filter",
    "Filters",
    "Hit",
    "Index",
    "Matcher",
    "Order",
    "Paging",
    "ParsedQuery",
    "Reads",
    "SearchRequest",
    "SearchResults",
    "Source",
    "Terms",
    "drain",
    "open_index",
]
