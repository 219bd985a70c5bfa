"""Data access for pages: one read-only DuckDB connection, named SQL queries, cached results."""

from __future__ import annotations

import contextlib
import re
import threading
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from explorer.settings import db_path, raw_dir, setting

# One build at a time in this process (the ingest also takes a file lock against other processes).
BUILD_LOCK = threading.Lock()
_CONN_LOCK = threading.Lock()
_CONN: dict = {"key": None, "con": None, "setup": None}


def sql_text(name: str) -> str:
    """The text of explorer/sql/<name>.sql."""
    return (resources.files("explorer") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def ensure_database() -> Path:
    """Build the database when it is missing or older than data/raw (the shipped corpus on a fresh clone)."""
    from loaders.db import database_is_stale
    from loaders.ingest import ingest

    path = db_path()
    if setting("PLANS_AUTOBUILD") == "1" or not path.exists():
        with BUILD_LOCK:
            if database_is_stale(path, raw_dir()):
                ingest([raw_dir()], path)
                refresh()
    return path


def db_version() -> float:
    """Changes whenever the database file is replaced; part of every cache key."""
    path = db_path()
    return path.stat().st_mtime if path.exists() else 0.0


def _connection(path: str, version: float) -> tuple[duckdb.DuckDBPyConnection, str]:
    """One read-only connection per database file version, shared by all sessions, with its cursors' setup SQL.

    Read-only, so many sessions (and app replicas) can read while an ingest builds the next file aside.
    DuckDB hands out the database already open for a path while any connection to it lives, so the
    connection to a replaced file is closed before the new file is opened.
    """
    with _CONN_LOCK:
        if _CONN["key"] != (path, version):
            _close_locked()
            _CONN["con"] = duckdb.connect(path, read_only=True)
            _CONN["key"] = (path, version)
            _CONN["setup"] = setup_sql(_CONN["con"])
        return _CONN["con"], _CONN["setup"]


def _close_locked() -> None:
    if _CONN["con"] is not None:
        with contextlib.suppress(duckdb.Error):
            _CONN["con"].close()
    _CONN["con"] = _CONN["key"] = _CONN["setup"] = None


def setup_sql(con: duckdb.DuckDBPyConnection) -> str:
    """What every cursor on this database runs first: the filter macro, and, on a database built before the
    pre-aggregated tables existed (loaders/marts.py), those tables as views computing the same rows."""
    from loaders import marts

    gone = marts.missing(con)
    return sql_text("filtered_plans").rstrip().rstrip(";") + (";\n" + marts.views(gone) if gone else "")


def refresh() -> None:
    """Forget cached results and the connection, after the database file was replaced."""
    with _CONN_LOCK:
        _close_locked()
    st.cache_data.clear()


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor per query (DuckDB connections are not thread-safe) with the filter macro defined (and, on a database
    built before loaders/marts.py, the marts as views)."""
    path = ensure_database()
    con, setup = _connection(str(path), db_version())
    cur = con.cursor()
    cur.execute(setup)
    return cur


def _is_text(kind: pa.DataType) -> bool:
    """Arrow types whose pandas conversion is the same as DuckDB's .df(): text, and lists of text."""
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _is_text(kind.value_type)
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _is_plain(kind: pa.DataType, col: pa.ChunkedArray) -> bool:
    """Numbers pandas gets the same from Arrow as from .df(): floats (NULL is NaN in both), and integers and
    booleans without NULLs (.df() makes those with NULLs nullable Int32/boolean, Arrow float/object)."""
    if pa.types.is_floating(kind):
        return True
    return (pa.types.is_integer(kind) or pa.types.is_boolean(kind)) and col.null_count == 0


def _unique(names: list[str]) -> list[str]:
    """Column names made unique the way DuckDB's .df() does (a, a_1, a_2)."""
    seen: set[str] = set()
    out = []
    for name in names:
        new, k = name, 0
        while new in seen:
            k += 1
            new = f"{name}_{k}"
        seen.add(new)
        out.append(new)
    return out


def fetch(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Run one SELECT and return the DataFrame DuckDB's `.df()` returns (same columns, dtypes, values), faster.

    `.df()` turns every text value into a Python object before pandas stores it (about 1 s for 150,000 activity
    rows); pandas keeps text in Arrow, so text columns (and lists of text) are fetched as Arrow and handed over as
    they are, and so are plain numbers. Every other column (nullable integers, dates, decimals) still goes through
    DuckDB's own conversion, so the dtypes do not change.
    """
    table = cur.sql(sql, params=params).to_arrow_table()
    n = table.num_rows
    columns: dict[str, object] = {}
    other = []
    for i, field in enumerate(table.schema):
        col = table.column(i)
        if _is_plain(field.type, col):
            columns[f"c{i}"] = col.to_pandas()
        elif not _is_text(field.type):
            other.append(i)
        elif pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            # all NULL (or no rows): pandas infers no text dtype from nothing, object as .df() gives
            columns[f"c{i}"] = pd.Series([None] * n, dtype=object) if col.null_count == n else col.to_pandas()
        else:  # lists: numpy arrays of str, as .df(); a NULL list is pd.NA there, None in Arrow's conversion
            series = col.to_pandas()
            if col.null_count:
                series[col.is_null().to_numpy(zero_copy_only=False)] = pd.NA
            columns[f"c{i}"] = series
    if other:
        rest = cur.from_arrow(pa.table([table.column(i) for i in other], names=[f"c{i}" for i in other])).df()
        for i in other:
            columns[f"c{i}"] = rest[f"c{i}"]
    frame = pd.DataFrame({key: columns[key] for key in (f"c{i}" for i in range(table.num_columns))},
                         index=pd.RangeIndex(n))
    frame.columns = _unique(table.column_names)
    return frame


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, params: tuple, path: str, version: float) -> pd.DataFrame:
    cur = cursor()
    try:
        return fetch(cur, sql_text(name), thawed(params))
    finally:
        cur.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run explorer/sql/<name>.sql with bound parameters; cached until the database changes."""
    frame = _run(name, frozen(params), str(db_path()), db_version())
    return frame.copy()


COUNT_SQL = "SELECT count(*) FROM ({sql})"
PAGE_SQL = "SELECT * FROM ({sql}) LIMIT $page_limit OFFSET $page_offset"
# A deep page sorts every row of the list with all its columns (activities: 153,000 rows with their text, ~110 ms
# at offset 150,000). Sorting only the row key and reading the page's rows by key costs ~40 ms at any depth: the
# list is inlined (NOT MATERIALIZED), so the key-only reference keeps just the columns its sort needs. The page's
# order is carried by page_pos (numbered as LIMIT passes the sorted keys on) to an explicit ORDER BY: a join does
# not keep the order of its input.
KEYED_PAGE_SQL = """WITH list AS NOT MATERIALIZED ({sql}),
page AS (SELECT {key}, row_number() OVER () AS page_pos
         FROM (SELECT {key} FROM list LIMIT $page_limit OFFSET $page_offset))
SELECT list.* FROM list JOIN page USING ({key}) ORDER BY page.page_pos"""
_PAGED_BY = re.compile(r"\s*--\s*paged by (\w+):")


def paged_by(sql: str) -> str | None:
    """The row key a list query is paged by (first line `-- paged by <column>: …`; a unique, non-NULL column)."""
    keyed = _PAGED_BY.match(sql)
    return keyed.group(1) if keyed else None


def page_sql(sql: str) -> str:
    """The statement reading one page of a list query (first line `-- paged: …`): LIMIT/OFFSET, or for a list
    paged by a key, KEYED_PAGE_SQL."""
    key = paged_by(sql)
    return wrap(sql, PAGE_SQL) if key is None else wrap(sql, KEYED_PAGE_SQL, key=key)


def wrap(sql: str, outer: str, **fields: str) -> str:
    """A query as a subquery of `outer` ({sql} marks where; COUNT_SQL or PAGE_SQL; `fields` fill its other
    {names}), so a list query is written once and paged or counted in SQL: a page of 200 rows instead of the
    150,000 behind it."""
    return outer.format(sql=sql.strip().rstrip(";") + "\n", **fields)  # the newline ends a trailing -- comment


def _count_sql(name: str) -> str:
    return wrap(unordered(sql_text(name)), COUNT_SQL)


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def unordered(sql: str) -> str:
    """The query without its final, outermost ORDER BY: a count needs no sort (DuckDB keeps a subquery's ORDER
    BY, about half the cost of counting a sorted list). Unchanged when that clause is nested or has a LIMIT."""
    code = re.sub(r"--[^\n]*", lambda m: " " * len(m.group(0)), sql)  # same offsets, comments blanked
    code = re.sub(r"'(?:[^']|'')*'", lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", code)
    last = None
    for m in _ORDER_BY.finditer(code):
        last = m
    if last is None:
        return sql
    before, after = code[:last.start()], code[last.start():]
    if before.count("(") != before.count(")") or "(" in after or ")" in after or \
            re.search(r"\b(LIMIT|OFFSET)\b", after, re.IGNORECASE):
        return sql
    return sql[:last.start()]


def frozen(params: dict) -> tuple:
    """Query parameters as a hashable tuple (a cache key); `thawed` turns it back into a dict."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def thawed(key: tuple) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in key}


@st.cache_data(show_spinner=False, max_entries=512)
def _count(name: str, params: tuple, path: str, version: float) -> int:
    cur = cursor()
    try:
        return int(cur.execute(_count_sql(name), thawed(params)).fetchall()[0][0])
    finally:
        cur.close()


def count(name: str, **params) -> int:
    """How many rows explorer/sql/<name>.sql returns (cached until the database changes)."""
    return _count(name, frozen(params), str(db_path()), db_version())


@st.cache_data(show_spinner=False, max_entries=256)
def _page(name: str, offset: int, limit: int, params: tuple, path: str, version: float) -> pd.DataFrame:
    cur = cursor()
    try:
        return fetch(cur, page_sql(sql_text(name)), {**thawed(params), "page_limit": limit, "page_offset": offset})
    finally:
        cur.close()


def query_page(name: str, offset: int, limit: int, **params) -> pd.DataFrame:
    """Rows offset … offset+limit of explorer/sql/<name>.sql, in its ORDER BY (which must be total, so pages
    neither repeat nor skip rows)."""
    return _page(name, offset, limit, frozen(params), str(db_path()), db_version()).copy()


def run_uncached(name: str, **params) -> pd.DataFrame:
    """For tests and exports that must see the database as it is now."""
    cur = cursor()
    try:
        return fetch(cur, sql_text(name), thawed(params.items()))
    finally:
        cur.close()
