"""The citations page's SQL (explorer/sql/citations_*.sql) against the pandas computations it replaced (every
citation sentence, pair and period fetched, then counted or filtered in pandas): the same cards, chart cells, list
rows and order, and sentences behind a clicked point, on the shipped plans and on a copy where one plan has no
province; paged lists neither repeat nor skip rows."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
from conftest import copy_with_unknown_unit, explorer_data_on

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

# explorer/sql/citations_periods.sql and citations_period_cells.sql before mart_citation_periods (each derived the
# periods from every citation sentence on every view), kept here as the reference the mart-backed queries must equal.
# Both old queries derived the periods by the same rule (the cells query said so), written out in each.
OLD_PERIOD_RULE = r"""WITH p AS NOT MATERIALIZED (
    SELECT plan_id, plan_year, district, province, issuer, doc_number, doc_type
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), docs AS (
    SELECT cited_doc_id, doc_type AS cited_type, doc_number AS cited_number, title AS cited_title,
           regexp_matches(coalesce(title, ''), '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}') AS title_has_period
    FROM cited_documents
), c AS MATERIALIZED (  -- read once: the distinct sentences and the join below both use it
    SELECT plan_id, cited_doc_id, relation, line_start, quote
    FROM citations
    WHERE plan_id IN (SELECT plan_id FROM p)
      AND (regexp_matches(quote, '(?i)giai') OR cited_doc_id IN (SELECT cited_doc_id FROM docs WHERE title_has_period))
), texts AS (
    SELECT s.quote, s.cited_doc_id,
           CASE WHEN coalesce(d.title_has_period, false) THEN 'title' ELSE 'quote' END AS period_from,
           coalesce(CASE WHEN coalesce(d.title_has_period, false) THEN d.cited_title
                         WHEN d.cited_number IS NOT NULL AND strpos(s.quote, d.cited_number) > 0
                         THEN regexp_replace(substr(s.quote, strpos(s.quote, d.cited_number) + length(d.cited_number)),
                                             '(;|\s+số\s+\d).*$', '', 's') END, '') AS period_text
    FROM (SELECT DISTINCT quote, cited_doc_id FROM c) s
    LEFT JOIN docs d ON d.cited_doc_id = s.cited_doc_id
    WHERE coalesce(d.title_has_period, false) OR regexp_matches(s.quote, '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}')
), years AS (
    SELECT *
    FROM (SELECT quote, cited_doc_id, period_from,
                 list_min(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 1),
                                         lambda y: CAST(y AS INTEGER))) AS start_year,
                 list_max(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 2),
                                         lambda y: CAST(y AS INTEGER))) AS end_year,
                 list_max(list_transform(regexp_extract_all(period_text, '(?i)đến\s+năm\s+(\d{4})', 1),
                                         lambda y: CAST(y AS INTEGER))) AS horizon_year
          FROM texts)
    WHERE end_year IS NOT NULL
), pairs AS (
    SELECT c.plan_id, c.cited_doc_id,
           min(y.start_year) AS start_year, max(y.end_year) AS end_year, max(y.horizon_year) AS horizon_year,
           min(y.period_from) AS period_from, list_sort(list_distinct(list(c.relation))) AS relations,
           min(c.line_start) AS line_start, arg_min(c.quote, c.line_start) AS quote
    FROM c
    JOIN years y ON y.quote IS NOT DISTINCT FROM c.quote AND y.cited_doc_id IS NOT DISTINCT FROM c.cited_doc_id
    GROUP BY c.plan_id, c.cited_doc_id
)
"""
OLD_PERIODS = r"""
-- paged: read 200 rows at a time by explorer.ui.paged (LIMIT/OFFSET), plus a count (the outdated ones).
-- Cited programmes/plans with a period "giai đoạn YYYY - YYYY" (any dash, spaces optional), per citing plan.
-- The period is read from the cited document's title; when the title has none, from the part of the citing
-- sentence that follows the document's number (up to the next ";" or the next "số ..." reference), so a
-- sentence citing two documents does not lend one document's period to the other.
-- outdated: the period ended before the plan's year (end_year < plan_year). horizon_year ("định hướng đến
-- năm YYYY" beyond the period's end) is shown for context only and does not change the flag.
-- The patterns are matched once per distinct (sentence, cited document): plans copy their "Căn cứ" sentences,
-- so there are far fewer of those than citations. A sentence stating no period at all is not cut into its
-- segment (the segment is part of the sentence, so it cannot state one either), and a citation whose sentence
-- lacks "giai" and whose document's title states no period is not read at all.
-- $outdated_only: only the outdated citations (the page's list); $cells: only those whose period end and plan year
-- are listed as 'end|year' (the sentences behind clicked cells); NULL: every citation with a period.
""" + OLD_PERIOD_RULE + r"""SELECT x.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, x.cited_doc_id,
       CASE WHEN d.cited_number IS NULL THEN coalesce(d.cited_title, x.cited_doc_id)
            ELSE coalesce(d.cited_type || ' ', '') || d.cited_number END
           || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.cited_title, x.start_year, x.end_year,
       CASE WHEN x.horizon_year > x.end_year THEN x.horizon_year END AS horizon_year, x.period_from,
       coalesce(x.end_year < p.plan_year, false) AS outdated,
       x.relations, x.line_start, x.quote
FROM pairs x
JOIN p ON p.plan_id = x.plan_id
LEFT JOIN docs d ON d.cited_doc_id = x.cited_doc_id
WHERE ($outdated_only IS NULL OR NOT $outdated_only OR coalesce(x.end_year < p.plan_year, false))
  AND ($cells IS NULL OR list_contains($cells, CAST(x.end_year AS VARCHAR) || '|' || CAST(p.plan_year AS VARCHAR)))
ORDER BY outdated DESC, p.plan_year, plan_label, x.end_year, x.plan_id, x.cited_doc_id
"""
OLD_PERIOD_CELLS = r"""
-- Citations of a programme with a period (as citations_periods, whose rule this repeats) counted per year the
-- period ends × year of the citing plan (NULL when the plan has none): citations, distinct plans and documents,
-- and whether the period ended before the plan's year (outdated).
""" + OLD_PERIOD_RULE + r"""SELECT x.end_year, p.plan_year, count(*) AS citations, count(DISTINCT x.plan_id) AS plans,
       count(DISTINCT x.cited_doc_id) AS docs, coalesce(x.end_year < p.plan_year, false) AS outdated
FROM pairs x
JOIN p ON p.plan_id = x.plan_id
GROUP BY x.end_year, p.plan_year
ORDER BY x.end_year, p.plan_year NULLS LAST
"""


@pytest.fixture(scope="module", params=["shipped", "no_province"])
def data(request, seed_db, tmp_path_factory):
    """explorer.data on the shipped plans, or on a copy where one citing plan's unit is unknown (NULL province)."""
    path = seed_db
    if request.param == "no_province":
        path = copy_with_unknown_unit(seed_db, tmp_path_factory.mktemp("no_province_citations"),
                                      "SELECT min(plan_id) FROM citations")
    with explorer_data_on(path) as data:
        yield data


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


# --- mart_citation_periods: the mart-backed period queries equal the old ones ----------------------------------------

def old_sql(data, sql: str, params: dict) -> pd.DataFrame:
    cur = data.cursor()
    try:
        return data.fetch(cur, sql, params)
    finally:
        cur.close()


def cell_keys(cells: pd.DataFrame) -> list[str]:
    return [f"{int(e)}|{int(y)}" for e, y in cells[["end_year", "plan_year"]].dropna().itertuples(index=False)]


def period_params(cells: pd.DataFrame) -> list[dict]:
    """Every (outdated_only, cells) the page binds, plus cells that match nothing."""
    keys = cell_keys(cells)
    choices = [None, [], ["1999|2099"], *([k] for k in keys), keys[::2]]
    return [{"outdated_only": only, "cells": c} for only in (None, True, False) for c in choices]


def same_exactly(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new.reset_index(drop=True), old.reset_index(drop=True), check_dtype=True)


@pytest.mark.parametrize("case", [*CASES, "level", "to_2022", "theme"])
def test_period_queries_equal_the_old_sql(data, case):
    more = {"level": {"levels": ["huyện"]}, "to_2022": {"y1": 2022}, "theme": {"theme_ids": ["gbv", "training"]}}
    params = {**FILTERS, **CASES.get(case, {}), **more.get(case, {})}
    old_cells = old_sql(data, OLD_PERIOD_CELLS, params)
    same_exactly(data.run_uncached("citations_period_cells", **params), old_cells)
    if case == "all":
        assert len(old_cells) > 0
    for narrow in period_params(old_cells):
        same_exactly(data.run_uncached("citations_periods", **params, **narrow), old_sql(data, OLD_PERIODS, params | narrow))
    narrow = {"outdated_only": True, "cells": None}
    old = old_sql(data, OLD_PERIODS, params | narrow)
    assert data.count("citations_periods", **params, **narrow) == len(old)
    for start in range(0, len(old), 2):
        same_exactly(data.query_page("citations_periods", start, 2, **params, **narrow), old.iloc[start:start + 2])
    assert data.query_page("citations_periods", len(old), 2, **params, **narrow).empty


# Citations written to exercise the period rule where the shipped plans do not: the period read from the sentence
# (after the document's number, up to ";" or the next "số …"), two documents in one sentence, a document whose number
# is not in the sentence or who has none, any dash and spacing, upper case, horizons before and after the period's
# end, one pair cited by several sentences and relations (one NULL), a document missing from cited_documents,
# NULL quotes and document ids, and a plan without a year.
EDGE_DOCS = [  # cited_doc_id, doc_number, title
    ("E1", "11/KH-UBND", "thực hiện Chương trình bình đẳng giới"),
    ("E2", "12/KH-UBND", None),
    ("E3", "13/KH-UBND", "Đề án hỗ trợ phụ nữ"),
    ("E4", None, None),
    ("E5", "15/QĐ-UBND", "phê duyệt Chương trình GIAI ĐOẠN 2011—2015 VÀ ĐỊNH HƯỚNG ĐẾN NĂM 2020"),
    ("16/KH-UBND|2020|Tỉnh Thử", "16/KH-UBND", None),
    ("E7", "17/KH-UBND", "Kế hoạch giai đoạn 2021 - 2025, định hướng đến năm 2023"),
]
EDGE_CITATIONS = [  # cited_doc_id, relation, line_start, quote
    ("E1", "legal_basis", 3, "Căn cứ Kế hoạch số 11/KH-UBND ngày 2/3/2016 về thực hiện Chương trình giai đoạn 2016 – 2020 "
     "và định hướng đến năm 2030; Kế hoạch số 12/KH-UBND về Đề án giai đoạn 2021-2025;"),
    ("E2", "legal_basis", 3, "Căn cứ Kế hoạch số 11/KH-UBND ngày 2/3/2016 về thực hiện Chương trình giai đoạn 2016 – 2020 "
     "và định hướng đến năm 2030; Kế hoạch số 12/KH-UBND về Đề án giai đoạn 2021-2025;"),
    ("E1", "implements", 9, "Thực hiện Kế hoạch số 11/KH-UBND, giai đoạn2011-2015 số 5 giai đoạn 2031-2035"),
    ("E1", None, 12, "Kế hoạch số 11/KH-UBND không ghi giai đoạn"),
    ("E3", "guidance", 4, "Đề án giai đoạn 2021-2030 (Kế hoạch 99/KH-UBND)"),
    ("E4", "guidance", 5, "Chương trình giai đoạn 2021-2030"),
    ("E5", "legal_basis", 6, "Căn cứ Quyết định số 15/QĐ-UBND"),
    ("E5", "guidance", 2, None),
    ("16/KH-UBND|2020|Tỉnh Thử", "guidance", 7, "Kế hoạch 16/KH-UBND giai đoạn 2016-2020 định hướng đến năm 2018 và "
     "Giai Đoạn 2021—2025"),
    ("E7", "guidance", 8, "Kế hoạch số 17/KH-UBND"),
    ("NOT_IN_DOCS", "guidance", 10, "Chương trình số 1 giai đoạn 2016-2020"),
    (None, "guidance", 11, "Chương trình giai đoạn 2016-2020"),
]


@pytest.fixture(scope="module")
def edge_db(seed_db, tmp_path_factory):
    """A copy of the shipped plans with EDGE_CITATIONS added to every plan, one plan's year removed, marts rebuilt."""
    from loaders import marts

    path = tmp_path_factory.mktemp("period_edges") / "plans.duckdb"
    shutil.copy(seed_db, path)
    con = duckdb.connect(str(path))
    con.executemany("INSERT INTO cited_documents (cited_doc_id, doc_type, doc_number, title) VALUES (?, 'Kế hoạch', ?, ?)",
                    [list(d) for d in EDGE_DOCS])
    plans = [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()]
    con.executemany("INSERT INTO citations (plan_id, cited_doc_id, relation, section_path, line_start, line_end, quote) "
                    "VALUES (?, ?, ?, NULL, ?, ?, ?)",
                    [[p, d, r, line + k, line + k, q] for k, p in enumerate(plans) for d, r, line, q in EDGE_CITATIONS])
    con.execute("UPDATE plans SET plan_year = NULL WHERE plan_id = ?", [plans[0]])
    marts.build(con)
    con.close()
    return path


def test_period_queries_equal_the_old_sql_on_edge_cases(edge_db):
    from explorer.data import fetch, setup_sql, sql_text

    con = duckdb.connect(str(edge_db), read_only=True)
    con.execute(setup_sql(con))
    periods = con.execute("SELECT * FROM mart_citation_periods WHERE cited_doc_id LIKE 'E%' OR cited_doc_id LIKE '16/%'"
                          " ORDER BY plan_id, cited_doc_id").df()
    first = periods[periods["plan_id"] == periods["plan_id"].min()]
    got = {d: (s, e, h, f) for d, s, e, h, f in first[["cited_doc_id", "start_year", "end_year", "horizon_year",
                                                          "period_from"]].itertuples(index=False)}
    assert {d: (int(s), int(e), None if pd.isna(h) else int(h), f) for d, (s, e, h, f) in got.items()} == {
        "E1": (2011, 2020, 2030, "quote"), "E2": (2021, 2025, None, "quote"), "E5": (2011, 2015, 2020, "title"),
        "16/KH-UBND|2020|Tỉnh Thử": (2016, 2025, None, "quote"), "E7": (2021, 2025, None, "title")}
    assert list(first.loc[first["cited_doc_id"] == "E1", "relations"].iloc[0]) == ["implements", "legal_basis"]
    assert list(first.loc[first["cited_doc_id"] == "E5", "line_start"]) == [2]
    cases = [{}, {"y0": 2020}, {"y1": 2023}, {"provs": ["Bắc Kạn", "Thanh Hóa"]}, {"provs": ["Không tồn tại"]},
             {"levels": ["tỉnh"]}]
    try:
        for case in cases:
            params = {**FILTERS, **case}
            old_cells = fetch(con, OLD_PERIOD_CELLS, params)
            same_exactly(fetch(con, sql_text("citations_period_cells"), params), old_cells)
            if not case:
                assert old_cells["plan_year"].isna().any() and old_cells["outdated"].any()
            for narrow in period_params(old_cells):
                same_exactly(fetch(con, sql_text("citations_periods"), params | narrow),
                             fetch(con, OLD_PERIODS, params | narrow))
    finally:
        con.close()
