"""Small documents built by the contract tests themselves, and short ways to ask for them."""

from portal.search import Document, Fields, Index, SearchRequest

# The shape of the CV-thèque's and the offers' indexes: keyword fields with one or several values,
# numbers for ranges and freshness, stored extras shown on cards.
FIELDS = Fields(
    keywords=("metier", "zone", "contract"),
    numbers=("available", "updated"),
    stored=("title", "tags"),
    recency="updated",
)


def doc(
    text: str,
    *,
    metier: str = "aide-soignant",
    zone: str = "alencon",
    contract: str = "cdi",
    available: int = 0,
    updated: int = 0,
    title: str = "",
    tags: list | None = None,
) -> Document:
    return {
        "content": text,
        "metier": metier,
        "zone": zone,
        "contract": contract,
        "available": available,
        "updated": updated,
        "title": title,
        "tags": tags or [],
    }


def put(index: Index, documents: dict[str, Document | None]) -> None:
    with index.locked():
        index.apply(documents)


def found(index: Index, query: str = "", *filters, **request) -> list[str]:
    """The ids found, in order (every page at once)."""
    return [hit.id for hit in index.search(SearchRequest(query, list(filters), per_page=1000, **request)).hits]


def found_set(index: Index, query: str = "", *filters, **request) -> set[str]:
    return set(found(index, query, *filters, **request))
