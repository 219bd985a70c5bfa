"""The pre-aggregated mart_* tables (loaders/marts.py): the ingest builds every one, each holds exactly the rows its
definition computes, and a database built before a mart existed gets it as a temporary view (explorer.data's setup
SQL) that the page queries read the same way."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from loaders import marts

FILTERS = {"provs": None, "provs25": None, "levels": None, "y0": None, "y1": None, "dtypes": None,
           "theme_ids": None, "agency_ids": None}


def test_ingest_builds_every_mart(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        assert marts.missing(con) == []
        assert "mart_citation_periods" in marts.definitions()
        assert con.execute("SELECT count(*) FROM mart_citation_periods").fetchall()[0][0] > 0
    finally:
        con.close()


@pytest.mark.parametrize("name", list(marts.definitions()))
def test_mart_table_holds_what_its_definition_computes(seed_db, name):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        select = marts.definitions()[name]
        for a, b in ((name, f"({select})"), (f"({select})", name)):
            extra = con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})").fetchall()
            assert extra[0][0] == 0, (name, a[:40])
    finally:
        con.close()


def test_citation_periods_pairs_are_unique(seed_db):
    con = duckdb.connect(str(seed_db), read_only=True)
    try:
        n, pairs, no_end = con.execute(
            "SELECT count(*), count(DISTINCT (plan_id, cited_doc_id)), count(*) FILTER (WHERE end_year IS NULL) "
            "FROM mart_citation_periods").fetchall()[0]
        assert n == pairs and no_end == 0
    finally:
        con.close()


@pytest.fixture(scope="module")
def without_period_mart(seed_db, tmp_path_factory):
    """A copy of the shipped database as loader code older than mart_citation_periods left it."""
    path = tmp_path_factory.mktemp("old_marts") / "plans.duckdb"
    shutil.copy(seed_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE mart_citation_periods")
    con.close()
    return path


def _run(path, names_params):
    from explorer.data import fetch, setup_sql, sql_text

    con = duckdb.connect(str(path), read_only=True)
    try:
        gone = marts.missing(con)
        con.execute(setup_sql(con))
        return gone, [fetch(con, sql_text(name), params) for name, params in names_params]
    finally:
        con.close()


def test_database_without_the_mart_reads_it_as_a_view(seed_db, without_period_mart):
    import pandas as pd

    runs = [("citations_period_cells", FILTERS)]
    runs += [("citations_periods", FILTERS | {"outdated_only": only, "cells": None}) for only in (None, True, False)]
    runs += [("citations_periods", FILTERS | {"y0": 2022, "outdated_only": None, "cells": None})]
    gone, old = _run(without_period_mart, runs)
    assert gone == ["mart_citation_periods"]
    none, new = _run(seed_db, runs)
    assert none == []
    assert len(new[1]) > 0
    for a, b in zip(old, new, strict=True):
        pd.testing.assert_frame_equal(a, b)
    con = duckdb.connect(str(without_period_mart))  # the next ingest's build adds the table
    try:
        marts.build(con)
        assert marts.missing(con) == []
    finally:
        con.close()
