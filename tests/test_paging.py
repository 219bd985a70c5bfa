"""Lists read one page at a time in SQL (explorer.data.count / query_page, first line `-- paged`): on a real
database, the pages put end to end are the whole list, in its order, and the count is its length. A query whose
ORDER BY leaves ties would repeat or skip rows between pages and fails here."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest
from conftest import explorer_data_on

from explorer.filters import Filters

PAGE = 7  # small, so every list of the 5 shipped plans spans several pages


def _paged_queries() -> list[str]:
    folder = resources.files("explorer") / "sql"
    return sorted(p.name.removesuffix(".sql") for p in folder.iterdir()
                  if p.name.endswith(".sql") and "paged" in (p.read_text(encoding="utf-8").lstrip().splitlines()
                                                              or [""])[0])


@pytest.fixture(scope="module")
def data(seed_db):
    with explorer_data_on(seed_db) as data:
        yield data


def _params(name: str, data) -> dict:
    """The default sidebar filters, plus NULL for any other parameter (a theme or search pattern left empty)."""
    import re

    sql = re.sub(r"--[^\n]*", "", data.sql_text(name))
    params = Filters().params()
    return {**{p: None for p in re.findall(r"\$([A-Za-z_]\w*)", sql)}, **params}


def test_some_lists_are_paged():
    assert _paged_queries(), "no explorer/sql file starts with a `-- paged` line"


@pytest.mark.parametrize("name", _paged_queries())
def test_pages_end_to_end_are_the_whole_list(name, data):
    params = _params(name, data)
    whole = data.run_uncached(name, **params)
    total = data.count(name, **params)
    assert total == len(whole)
    size = PAGE if total > 2 * PAGE else 2  # the 5 plans themselves: pages of 2
    assert total > size, f"{name}: too few rows on the shipped plans to test paging"
    pages = [data.query_page(name, start, size, **params) for start in range(0, total, size)]
    assert all(len(p) == size for p in pages[:-1])
    joined = pd.concat(pages, ignore_index=True)
    pd.testing.assert_frame_equal(joined.astype(str), whole.astype(str))
    assert data.query_page(name, total, size, **params).empty


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT a FROM t ORDER BY a, b", "SELECT a FROM t "),
    ("SELECT a FROM t\nORDER BY a -- then b\n", "SELECT a FROM t\n"),
    ("SELECT * FROM (SELECT a FROM t ORDER BY a)", None),  # nested: kept
    ("SELECT a FROM t ORDER BY a LIMIT 3", None),  # a limit changes the count: kept
    ("SELECT list(a ORDER BY b) FROM t", None),  # an aggregate's order: kept
    ("SELECT 'ORDER BY' AS s FROM t", None),  # inside a string
    ("SELECT a FROM t -- ORDER BY a", None),  # inside a comment
])
def test_counts_drop_only_the_outer_order_by(sql, expected):
    from explorer.data import unordered

    assert unordered(sql) == (sql if expected is None else expected)


def test_a_list_paged_by_its_key_reads_the_same_pages(data):
    """activities_list is paged by activity_id (a key sort, then its rows by key): each page equals the plain
    LIMIT/OFFSET page of the same list."""
    from explorer.data import PAGE_SQL, page_sql, wrap

    sql = data.sql_text("activities_list")
    assert "page_pos" in page_sql(sql) and page_sql("-- paged: x\nSELECT 1") == wrap("-- paged: x\nSELECT 1", PAGE_SQL)
    params = _params("activities_list", data)
    total = data.count("activities_list", **params)
    cur = data.cursor()
    try:
        for start in (0, PAGE, total - 3, total):
            page = {**params, "page_limit": PAGE, "page_offset": start}
            keyed, plain = data.fetch(cur, page_sql(sql), page), data.fetch(cur, wrap(sql, PAGE_SQL), page)
            assert len(keyed) == min(PAGE, max(0, total - start))
            pd.testing.assert_frame_equal(keyed.astype(str), plain.astype(str))
    finally:
        cur.close()


def _keyed_queries() -> dict[str, str]:
    """Lists paged by a row key (first line `-- paged by <key>: …`): name -> key."""
    from explorer.data import paged_by

    folder = resources.files("explorer") / "sql"
    keyed = {p.name.removesuffix(".sql"): paged_by(p.read_text(encoding="utf-8"))
             for p in folder.iterdir() if p.name.endswith(".sql")}
    return {name: key for name, key in sorted(keyed.items()) if key}


@pytest.mark.parametrize(("name", "key"), _keyed_queries().items())
def test_a_paging_key_is_unique_and_never_null(name, key, data):
    """KEYED_PAGE_SQL reads a page's rows by key: a repeated key would add rows, a NULL one lose them."""
    whole = data.run_uncached(name, **_params(name, data))
    assert len(whole) > PAGE and whole[key].notna().all() and whole[key].is_unique
