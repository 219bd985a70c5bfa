"""The search page's SQL path (search_texts → explorer.search.score_texts → search_counts / search_top /
search_results) against the path it replaced: every candidate row fetched (the old search_items query, kept here as
the reference) and ranked in Python with explorer.search.rank. Same results, same ranking, same counts, same plans
in the same order, for accents, đ/d/dd, phrases, kinds, "every term" and the sidebar filters."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import explorer_data_on

from explorer.filters import Filters
from explorer.search import parse_query, prefilter_pattern, rank, score_texts

# explorer/sql/search_items.sql before the search was scored per text (every candidate row fetched).
OLD_SEARCH_ITEMS = """
WITH f AS (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
hits AS (SELECT text FROM mart_folded_text WHERE $pattern IS NOT NULL AND regexp_matches(folded, $pattern)),
items AS (
    SELECT 'activity' AS kind, a.plan_id, a.section_path, a.line_start, a.line_end, a.text, a.themes,
           NULL::VARCHAR[] AS agencies, NULL::VARCHAR[] AS roles
    FROM activities a
    WHERE a.plan_id IN (SELECT plan_id FROM f) AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
      AND a.text IN (SELECT text FROM hits)
    UNION ALL
    SELECT 'responsibility', r.plan_id, r.section_path, r.line_start, r.line_end, r.task, NULL::VARCHAR[],
           list(coalesce(r.agency_id, r.agency_raw) ORDER BY r.agency_raw), list(r.role ORDER BY r.agency_raw)
    FROM responsibilities r
    WHERE r.plan_id IN (SELECT plan_id FROM f) AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
      AND r.task IN (SELECT text FROM hits)
    GROUP BY r.plan_id, r.section_path, r.line_start, r.line_end, r.task
    UNION ALL
    SELECT 'target', t.plan_id, t.section_path, t.line_start, t.line_end, t.indicator_text, NULL, NULL, NULL
    FROM targets t
    WHERE t.plan_id IN (SELECT plan_id FROM f) AND t.indicator_text IN (SELECT text FROM hits)
)
SELECT i.* FROM items i ORDER BY i.plan_id, i.line_start, i.kind
"""
KINDS = ["activity", "responsibility", "target"]


@pytest.fixture(scope="module")
def data(seed_db):
    with explorer_data_on(seed_db) as data:
        yield data


def old_results(data, terms: list[str], kinds: list[str], require_all: bool, filters: dict) -> pd.DataFrame:
    cur = data.cursor()
    try:
        rows = data.fetch(cur, OLD_SEARCH_ITEMS, {**filters, "pattern": prefilter_pattern(terms)})
    finally:
        cur.close()
    rows = rows[rows["kind"].isin(kinds)]
    found = rank(rows.to_dict("records"), terms, require_all=require_all)
    out = pd.DataFrame(found, columns=[*rows.columns, "score"])
    out["matched_terms"] = out["score"].map(lambda s: s.matched_terms)
    out["hits"] = out["score"].map(lambda s: s.hits)
    out["key"] = out["score"].map(lambda s: s.rank_key())
    return out.drop(columns="score").reset_index(drop=True)


def new_params(data, terms: list[str], kinds: list[str], require_all: bool, filters: dict) -> dict:
    pattern = prefilter_pattern(terms)
    texts = data.run_uncached("search_texts", pattern=pattern)
    scores = score_texts(texts["text_id"], texts["text"], terms, require_all=require_all)
    return {**filters, **scores, "pattern": pattern, "kinds": sorted(kinds)}


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """Comparable rows; rows tied in the old order (same score, plan, line and kind) compared as a set."""
    cols = ["plan_id", "line_start", "kind", "matched_terms", "hits", "section_path", "line_end", "text"]
    return [tuple(str(v) for v in row) for row in frame[cols].itertuples(index=False)]


def _tie_groups(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(str(v) for v in row)
            for row in frame[["plan_id", "line_start", "kind", "matched_terms", "hits"]].itertuples(index=False)]


QUERIES = ["binh dang gioi", "bạo lực gia đình", "BẠO LỰC", "ddoan", "doan", "đoàn", '"tập huấn" can bo', "tap huan",
           "sở lao động", "phụ nữ", "tap huan xyzzy", "xyzzy", "50%", "a(b", "\\", "%_", "2025", "d", "gia"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("kinds", "require_all"), [(KINDS, False), (KINDS, True), (["activity", "target"], False),
                                                    (["responsibility"], False)])
def test_sql_search_is_the_python_ranking(data, query, kinds, require_all):
    terms = parse_query(query)
    filters = Filters().params()
    old = old_results(data, terms, kinds, require_all, filters)
    params = new_params(data, terms, kinds, require_all, filters)
    new = data.run_uncached("search_results", **params, plan_ids=None) if params["ids"] else old.iloc[:0]
    # the same rows in the same ranked order (rows the old order left tied may swap among themselves)
    assert _tie_groups(new) == _tie_groups(old)
    assert sorted(_rows(new)) == sorted(_rows(old))
    if new.empty:
        return
    assert new["rank"].tolist() == list(range(1, len(new) + 1))

    # the metrics, the chart's counts and the plans in the page's order
    counts = data.run_uncached("search_counts", **params, plan_ids=None, n_terms=len(terms))
    assert counts["results"].sum() == len(old)
    assert counts["with_every_term"].sum() == (old["matched_terms"] == len(terms)).sum()
    old_counts = old.groupby(["plan_id", "kind"]).size()
    assert counts.set_index(["plan_id", "kind"])["results"].sort_index().tolist() == old_counts.sort_index().tolist()
    old_rank = old.assign(r=range(1, len(old) + 1))
    old_groups = old_rank.groupby("plan_id").agg(best=("r", "min"), n=("r", "size")).sort_values(
        ["best", "n"], ascending=[True, False])
    groups = counts.groupby("plan_id").agg(best=("best", "min"), n=("results", "sum")).reset_index() \
        .sort_values(["best", "plan_id"]).set_index("plan_id")
    assert groups.index.tolist() == old_groups.index.tolist()
    assert groups["n"].tolist() == old_groups["n"].tolist()

    # the first results of each plan shown
    shown = groups.index[:3].tolist()
    top = data.run_uncached("search_top", **params, plan_ids=shown, per_plan=2)
    for plan_id in shown:
        mine, before = top[top["plan_id"] == plan_id], old[old["plan_id"] == plan_id].head(2)
        assert _tie_groups(mine) == _tie_groups(before)
        assert mine["text"].tolist() == new[new["plan_id"] == plan_id].head(2)["text"].tolist()


@pytest.mark.parametrize(("filters", "some"), [({"theme_ids": ["communication"]}, True), ({"provs": ["Bắc Kạn"]}, True),
                                              ({"agency_ids": ["so-ldtbxh"]}, True), ({"y0": 2030}, False)])
def test_sql_search_under_the_sidebar_filters(data, filters, some):
    terms = parse_query("binh dang gioi tap huan")
    filters = {**Filters().params(), **filters}
    old = old_results(data, terms, KINDS, False, filters)
    assert (len(old) > 0) == some
    params = new_params(data, terms, KINDS, False, filters)
    new = data.run_uncached("search_results", **params, plan_ids=None)
    assert _tie_groups(new) == _tie_groups(old)
    assert sorted(_rows(new)) == sorted(_rows(old))


def test_result_agencies_and_themes_are_the_old_ones(data):
    terms = parse_query("sở lao động")
    filters = Filters().params()
    old = old_results(data, terms, KINDS, False, filters)
    assert set(old["kind"]) == set(KINDS)
    params = new_params(data, terms, KINDS, False, filters)
    groups = old["plan_id"].drop_duplicates().tolist()
    top = data.run_uncached("search_top", **params, plan_ids=groups, per_plan=10_000)
    cols = ["plan_id", "kind", "line_start", "line_end", "section_path", "text"]

    def as_set(frame):
        return sorted(tuple(str(v) for v in row) for row in
                      frame[[*cols, "themes", "agencies", "roles"]].astype(str).itertuples(index=False))

    assert as_set(top) == as_set(old)


def test_text_ids_agree_between_the_candidates_and_the_scores(data):
    """search_texts numbers the candidates as the other queries do: a text's score lands on that text."""
    terms = parse_query("tap huan")
    params = new_params(data, terms, KINDS, False, Filters().params())
    texts = data.run_uncached("search_texts", pattern=params["pattern"]).set_index("text_id")["text"]
    results = data.run_uncached("search_results", **params, plan_ids=None)
    hits = dict(zip(params["ids"], params["hits"], strict=True))
    by_text = {texts[i]: hits[i] for i in params["ids"]}
    assert results.apply(lambda r: by_text[r["text"]] == r["hits"], axis=1).all()


@pytest.mark.parametrize("query", ["sở lao động", "binh dang gioi", "tap huan"])
def test_page_shows_the_same_results_read_whole_or_per_plan(seed_db, monkeypatch, query):
    """A short result list is read whole (search_results), a long one only for the plans shown (search_top): both
    draw the same results, with their agencies and themes, and the same metrics; the long one's download is lazy."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from explorer import data, ui

    monkeypatch.setenv("PLANS_DB", str(seed_db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")
    monkeypatch.setattr(ui, "OPEN_DATA", True)
    data.refresh()
    page = Path(__file__).resolve().parent.parent / "pages" / "search.py"

    def run():
        at = AppTest.from_file(str(page), default_timeout=60)
        at.query_params["q"] = query
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    whole = run()
    monkeypatch.setattr(ui, "LIST_ROWS", 1)
    per_plan = run()
    marked = [h.value for h in whole.html if "<mark>" in h.value]
    assert marked and marked == [h.value for h in per_plan.html if "<mark>" in h.value]
    assert [(m.label, m.value) for m in whole.metric] == [(m.label, m.value) for m in per_plan.metric]
    assert [e.label for e in whole.expander] == [e.label for e in per_plan.expander]
    if query == "sở lao động":
        assert "background:#eceff1" in "".join(marked)  # agency chips of responsibilities
    total = int(next(m.value for m in whole.metric if m.label == "Kết quả").replace(".", ""))
    assert any(c.value == f"{total} dòng trong tệp tải về." for c in per_plan.caption)
    assert any(d.value["rank"].tolist() == list(range(1, total + 1)) for d in whole.dataframe
               if "rank" in d.value.columns)
