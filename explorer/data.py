"""Data access for pages: one read-only DuckDB connection, named SQL queries, cached results."""

from __future__ import annotations

import contextlib
import threading
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from explorer.settings import db_path, raw_dir, setting

# One build at a time in this process (the ingest also takes a file lock against other processes).
BUILD_LOCK = threading.Lock()
_CONN_LOCK = threading.Lock()
_CONN: dict = {"key": None, "con": None}


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


def _connection(path: str, version: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version, shared by all sessions.

    Read-only, so many sessions (and app replicas) can read while an ingest builds the next file aside.
    DuckDB hands out the database already open for a path while any connection to it lives, so the
    connection to a replaced file is closed before the new file is opened.
    """
    with _CONN_LOCK:
        if _CONN["key"] != (path, version):
            _close_locked()
            _CONN["con"] = duckdb.connect(path, read_only=True)
            _CONN["key"] = (path, version)
        return _CONN["con"]


def _close_locked() -> None:
    if _CONN["con"] is not None:
        with contextlib.suppress(duckdb.Error):
            _CONN["con"].close()
    _CONN["con"] = _CONN["key"] = None


def refresh() -> None:
    """Forget cached results and the connection, after the database file was replaced."""
    with _CONN_LOCK:
        _close_locked()
    st.cache_data.clear()


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor per query (DuckDB connections are not thread-safe) with the filter macro defined."""
    path = ensure_database()
    cur = _connection(str(path), db_version()).cursor()
    cur.execute(sql_text("filtered_plans"))
    return cur


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, params: tuple, path: str, version: float) -> pd.DataFrame:
    cur = cursor()
    try:
        return cur.execute(sql_text(name), {k: list(v) if isinstance(v, tuple) else v for k, v in params}).df()
    finally:
        cur.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run explorer/sql/<name>.sql with bound parameters; cached until the database changes."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    frame = _run(name, frozen, str(db_path()), db_version())
    return frame.copy()


def run_uncached(name: str, **params) -> pd.DataFrame:
    """For tests and exports that must see the database as it is now."""
    cur = cursor()
    try:
        return cur.execute(sql_text(name), {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}).df()
    finally:
        cur.close()
