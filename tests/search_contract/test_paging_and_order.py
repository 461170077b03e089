"""Pages of results in a stable order, and the freshness order."""

import pytest

from portal.search import Index, Order, SearchRequest, Terms
from tests.search_contract.helpers import FIELDS, doc, found, put


@pytest.fixture
def index(new_index) -> Index:
    return new_index("profiles", FIELDS)


def page_ids(index: Index, query: str, page: int, per_page: int = 10, **request) -> tuple[int, list[str]]:
    results = index.search(SearchRequest(query, page=page, per_page=per_page, **request))
    return results.total, [hit.id for hit in results.hits]


@pytest.mark.parametrize("order", list(Order))
@pytest.mark.parametrize("query", ["domicile", ""])
def test_pages_split_one_stable_order_with_the_same_total(index, query, order):
    # Equal scores and equal freshness: the order must still be the same from one page to the next.
    put(index, {f"p{n:02d}": doc("Aide à domicile.", updated=n // 5) for n in range(23)})
    put(index, {"other": doc("Cuisine.")})
    everything = found(index, query, order=order)
    pages = [page_ids(index, query, page, order=order) for page in (1, 2, 3)]
    expected_total = 23 if query else 24
    assert [total for total, _ in pages] == [expected_total] * 3
    assert [len(ids) for _, ids in pages] == [10, 10, expected_total - 20]
    assert pages[0][1] + pages[1][1] + pages[2][1] == everything
    assert [page_ids(index, query, page, order=order) for page in (1, 2, 3)] == pages  # asked again: the same


def test_a_page_past_the_end_is_empty_but_keeps_the_total(index):
    put(index, {str(n): doc("Aide à domicile.") for n in range(5)})
    assert page_ids(index, "domicile", 2, per_page=5) == (5, [])
    assert page_ids(index, "domicile", 9) == (5, [])


def test_a_page_below_one_is_the_first(index):
    put(index, {str(n): doc("Aide à domicile.") for n in range(5)})
    assert page_ids(index, "domicile", 0, per_page=2) == page_ids(index, "domicile", 1, per_page=2)


def test_the_page_size_is_kept(index):
    put(index, {str(n): doc("Aide à domicile.") for n in range(7)})
    assert [len(page_ids(index, "", page, per_page=3)[1]) for page in (1, 2, 3)] == [3, 3, 1]


def test_recent_order_puts_the_latest_first_whatever_the_relevance(index):
    put(
        index,
        {
            "old": doc("Aide-soignante, aide-soignante, aide-soignante.", updated=100),
            "new": doc("Aide-soignante. " + "Autre chose. " * 40, updated=300),
            "middle": doc("Aide-soignante de nuit.", updated=200),
            "unrelated": doc("Cuisinier.", updated=400),
        },
    )
    assert found(index, "aide soignante", order=Order.RECENT) == ["new", "middle", "old"]
    assert found(index, "aide soignante", order=Order.RELEVANCE)[0] == "old"


def test_without_words_relevance_means_the_latest_first(index):
    put(index, {"b": doc("Texte", updated=2), "c": doc("Texte", updated=3), "a": doc("Texte", updated=1)})
    assert found(index, "") == found(index, "", order=Order.RECENT) == ["c", "b", "a"]
    assert found(index, "de la") == ["c", "b", "a"]


def test_recent_order_pages_through_filters(index):
    put(index, {str(n): doc("Texte", zone="alencon" if n % 2 else "flers-argentan", updated=n) for n in range(10)})
    total, ids = page_ids(index, "", 2, per_page=2, filters=[Terms("zone", ["alencon"])], order=Order.RECENT)
    assert total == 5 and ids == ["5", "3"]
