"""The citations page's SQL (explorer/sql/citations_*.sql) against the pandas computations it replaced (every
citation sentence, pair and period fetched, then counted or filtered in pandas): the same cards, chart cells, list
rows and order, and sentences behind a clicked point, on the shipped plans and on a copy where one plan has no
province; paged lists neither repeat nor skip rows."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from explorer.figures.citations import period_cells, period_cells_counted, unit_doc_cells, unit_doc_top
from loaders.textnorm import sort_key

FILTERS = {"provs": None, "provs25": None, "levels": None, "y0": None, "y1": None, "dtypes": None,
           "theme_ids": None, "agency_ids": None}
CASES = {"all": {}, "two_provinces": {"provs": ["Bắc Kạn", "Quảng Ngãi"]}, "from_2024": {"y0": 2024},
         "nothing": {"provs": ["Không tồn tại"]}}
RELATIONS = ["legal_basis", "implements", "guidance"]
SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
EVERY_PERIOD = {"outdated_only": None, "cells": None}
NO_KEYS = {"pairs": None, "plan_ids": None, "doc_ids": None, "unit_docs": None}
# The query the old page read whole on every view (69,000 sentences at national scale; explorer/sql/citations_rows.sql,
# ties now broken by row id), kept here as the reference.
OLD_ROWS = """
-- One row per citation sentence of the filtered plans: the citing plan, the cited document, the relation
-- and the source span. scope: 'national' (central documents and laws) or 'local' (provincial/district
-- documents, whose cited_doc_id is "number|year|province").
-- Plan labels and sort order are computed once per plan, cited names once per cited document.
WITH p AS (
    SELECT *, dense_rank() OVER (ORDER BY plan_year, plan_label) AS plan_rank
    FROM (SELECT plan_id, province, district, level, plan_year,
                 coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
                     || coalesce(doc_number, doc_type, '') AS plan_label
          FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
), d AS (
    SELECT d.*,
           CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, d.cited_doc_id)
                ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
               || CASE WHEN d.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(d.cited_doc_id, '|', 3) || ')' ELSE '' END
               AS cited_name
    FROM cited_documents d
)
SELECT c.plan_id, p.plan_label, p.province, p.district, p.level, p.plan_year,
       c.cited_doc_id,
       coalesce(d.cited_name, c.cited_doc_id
           || CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(c.cited_doc_id, '|', 3) || ')' ELSE '' END)
           AS cited_name,
       d.doc_type AS cited_type, d.doc_number AS cited_number, d.issue_date AS cited_date, d.issuer AS cited_issuer,
       d.title AS cited_title,
       CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       c.relation, c.section_path, c.line_start, c.line_end, c.quote
FROM citations c
JOIN p ON p.plan_id = c.plan_id
LEFT JOIN d ON d.cited_doc_id = c.cited_doc_id
ORDER BY p.plan_rank, c.line_start, c.rowid
"""


@pytest.fixture(scope="module", params=["shipped", "no_province"])
def data(request, seed_db, tmp_path_factory):
    """explorer.data on the shipped plans, or on a copy where one citing plan's unit is unknown (NULL province)."""
    path = seed_db
    if request.param == "no_province":
        path = tmp_path_factory.mktemp("no_province_citations") / "plans.duckdb"
        shutil.copy(seed_db, path)
        con = duckdb.connect(str(path))
        con.execute("UPDATE plans SET province = NULL, district = NULL, province_2025 = NULL "
                    "WHERE plan_id = (SELECT min(plan_id) FROM citations)")
        con.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_DB", str(path))
        mp.setenv("PLANS_AUTOBUILD", "0")
        from explorer import data

        data.refresh()
        yield data
        data.refresh()


def old_rows(data, params: dict) -> pd.DataFrame:
    cur = data.cursor()
    try:
        return data.fetch(cur, OLD_ROWS, params)
    finally:
        cur.close()


def params_of(case: str) -> dict:
    return {**FILTERS, **CASES[case]}


def same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new.reset_index(drop=True), old.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("case", list(CASES))
def test_cards(data, case):
    params = params_of(case)
    rows = old_rows(data, params)
    summary = data.run_uncached("citations_summary", **params).iloc[0]
    assert int(summary["sentences"]) == len(rows)
    assert int(summary["documents"]) == rows["cited_doc_id"].nunique()
    assert int(summary["plans"]) == rows["plan_id"].nunique()
    assert int(summary["national_documents"]) == rows.loc[rows["scope"] == "national", "cited_doc_id"].nunique()
    if case == "all":
        assert len(rows) > 20


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("shown", [RELATIONS, ["legal_basis"], ["implements", "guidance"]])
@pytest.mark.parametrize("top", [30, 2, 1])
def test_province_by_document_cells(data, case, shown, top):
    params = params_of(case)
    rows = old_rows(data, params)
    edges = data.run_uncached("citations_edges", **params)
    graph_edges = edges[edges["relation"].isin(shown)]
    units_of = rows.drop_duplicates("plan_id").set_index("plan_id")["province"].fillna("?")
    old_cells, old_docs, old_n = unit_doc_cells(graph_edges, units_of, top)
    counted = data.run_uncached("citations_unit_docs", relations=shown, top=top, **params)
    cells, docs, n_docs = unit_doc_top(counted, top)
    assert (docs, n_docs) == (old_docs, old_n)
    same(cells, old_cells)


@pytest.mark.parametrize("case", list(CASES))
def test_period_cells_counts_and_clicked_cells(data, case):
    params = params_of(case)
    periods = data.run_uncached("citations_periods", **params, **EVERY_PERIOD)
    counted = data.run_uncached("citations_period_cells", **params)
    same(period_cells_counted(counted), period_cells(periods))
    assert int(counted["citations"].sum()) == len(periods)
    assert int(counted.loc[counted["outdated"], "citations"].sum()) == int(periods["outdated"].sum())
    for end, year in period_cells(periods)[["end_year", "plan_year"]].itertuples(index=False):
        old = periods[(periods["end_year"] == end) & (periods["plan_year"] == year)]
        new = data.run_uncached("citations_periods", **params, outdated_only=None, cells=[f"{end}|{year}"])
        same(new, old)


@pytest.mark.parametrize("case", list(CASES))
def test_outdated_list_pages(data, case):
    params = params_of(case)
    periods = data.run_uncached("citations_periods", **params, **EVERY_PERIOD)
    old = periods[periods["outdated"]]
    narrow = {"outdated_only": True, "cells": None}
    assert data.count("citations_periods", **params, **narrow) == len(old)
    pages = [data.query_page("citations_periods", start, 1, **params, **narrow) for start in range(len(old) + 1)]
    same(pd.concat(pages, ignore_index=True) if pages else old.iloc[0:0], old)
    total = data.count("citations_periods", **params, **EVERY_PERIOD)
    pages = [data.query_page("citations_periods", start, 4, **params, **EVERY_PERIOD) for start in range(0, total, 4)]
    assert total == len(periods) and (not pages or pd.concat(pages)[["plan_id", "cited_doc_id"]].duplicated().sum() == 0)


def old_pairs(data, params: dict) -> pd.DataFrame:
    """The old page's plan × document table, before labelling: citations_edges with the documents' dates and
    issuers, sorted in pandas (Vietnamese order of the documents' names)."""
    pairs = data.run_uncached("citations_edges", **params)
    docs = data.run_uncached("citations_top", **params)[["cited_doc_id", "cited_date", "cited_issuer"]]
    pairs = pairs.merge(docs.drop_duplicates("cited_doc_id"), on="cited_doc_id", how="left")
    order = {r: i for i, r in enumerate(RELATIONS)}
    relations = pairs["relations"].map(lambda rs: sorted(rs if rs is not None else [], key=lambda r: order.get(r, 9)))
    names = {n: sort_key(str(n)) for n in pairs["cited_name"].unique()}
    pairs = pairs.assign(_rank=relations.map(lambda rs: min((order[r] for r in rs if r in order), default=9)),
                         _name=pairs["cited_name"].map(names))
    return pairs.sort_values(["plan_year", "plan_label", "_rank", "scope", "_name"])


def doc_order(data) -> list[str]:
    """pages/citations.py's doc_order."""
    names = data.run_uncached("citations_doc_names")
    keys = {n: sort_key(str(n)) for n in names["cited_name"].unique()}
    return names.assign(_k=names["cited_name"].map(keys)).sort_values("_k", kind="stable")["cited_doc_id"].tolist()


@pytest.mark.parametrize("case", list(CASES))
def test_plan_document_table_pages(data, case):
    params = {**params_of(case), "doc_order": doc_order(data)}
    old = old_pairs(data, params_of(case))
    total = data.count("citations_pairs", **params)
    assert total == len(old)
    pages = [data.query_page("citations_pairs", start, 3, **params) for start in range(0, total + 3, 3)]
    new = pd.concat(pages, ignore_index=True)
    assert not new[["plan_id", "cited_doc_id"]].duplicated().any()  # no pair twice, none skipped
    columns = ["plan_id", "plan_label", "plan_year", "cited_doc_id", "cited_name", "scope", "relation", "mentions",
               "cited_date", "cited_issuer", "cited_title"]
    same(new[columns], old[columns])
    assert [sorted(r) for r in new["relations"]] == [sorted(r) for r in old["relations"]]


def old_sources(rows: pd.DataFrame, points: list[list[str]]) -> pd.DataFrame:
    """pages/citations.py's sources before the SQL (customdata [plan_id, cited_doc_id], "" = any)."""
    mask = pd.Series(False, index=rows.index)
    for plan_id, doc_id in points:
        if not plan_id and not doc_id:
            continue
        mask |= ((rows["plan_id"] == plan_id) if plan_id else True) & ((rows["cited_doc_id"] == doc_id) if doc_id else True)
    return rows.loc[mask, SOURCE_COLUMNS]


@pytest.mark.parametrize("case", ["all", "two_provinces"])
def test_clicked_sources(data, case):
    params = params_of(case)
    rows = old_rows(data, params)
    pairs = rows.drop_duplicates(["plan_id", "cited_doc_id"])
    clicks = [[[p, d]] for p, d in zip(pairs["plan_id"], pairs["cited_doc_id"], strict=True)]
    clicks += [[[p, ""]] for p in rows["plan_id"].unique()] + [[["", d]] for d in rows["cited_doc_id"].unique()]
    clicks.append([[pairs["plan_id"].iloc[0], ""], ["", pairs["cited_doc_id"].iloc[-1]]])  # two points at once
    for points in clicks:
        keys = {"pairs": [f"{p}\x1f{d}" for p, d in points if p and d] or None,
                "plan_ids": [p for p, d in points if p and not d] or None,
                "doc_ids": [d for p, d in points if d and not p] or None}
        new = data.run_uncached("citations_sources", **(NO_KEYS | keys), **params)
        same(new[SOURCE_COLUMNS], old_sources(rows, points))
    units = rows.assign(unit=rows["province"].fillna("?")).drop_duplicates(["unit", "cited_doc_id"])
    for unit, doc in zip(units["unit"], units["cited_doc_id"], strict=True):
        old = rows.loc[(rows["province"].fillna("?") == unit) & (rows["cited_doc_id"] == doc), SOURCE_COLUMNS]
        new = data.run_uncached("citations_sources", **(NO_KEYS | {"unit_docs": [f"{unit}\x1f{doc}"]}), **params)
        same(new[SOURCE_COLUMNS], old)
