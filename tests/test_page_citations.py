"""Văn bản căn cứ / Citations page: real database, emptying filters, the outdated-framework rule, figures."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer.data import setup_sql, sql_text
from explorer.figures.citations import fig_graph, fig_periods, fig_top
from explorer.i18n import fmt_int

ROOT = Path(__file__).parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "citations.py"
NO_FILTERS = {"provs": None, "provs25": None, "levels": None, "y0": None, "y1": None, "dtypes": None,
              "theme_ids": None, "agency_ids": None}
EVERY_PERIOD = {"outdated_only": None, "cells": None}  # citations_periods unnarrowed


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory) -> Path:
    """The shipped corpus ingested by the real loader, once for this module."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("citations") / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw"], path)
    assert summary.plans == 5, summary.errors
    return path


@pytest.fixture(autouse=True)
def _database(plans_db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(plans_db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")


def run_page(**query_params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def figures(at: AppTest) -> list[dict]:
    return [c.spec for c in charts(at)]


def table_with_column(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page (not a "Dữ liệu" table) with this column."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table has a column {column!r}")


# --- The page -----------------------------------------------------------------------------------------------------

def test_default_filters_show_graph_top_documents_and_outdated_frameworks():
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    specs = figures(at)
    assert len(specs) == 3  # graph, most cited, periods
    graph = specs[0]
    names = {tr.get("name") for tr in graph["data"]}
    assert {"Căn cứ pháp lý", "Triển khai thực hiện", "Dẫn chiếu trong nội dung"} <= names
    # each plan → document pair is clickable: customdata [plan_id, cited_doc_id]
    mids = [tr for tr in graph["data"] if tr.get("mode") == "markers" and tr.get("customdata")]
    assert any(cd[0] and cd[1] for tr in mids for cd in tr["customdata"])
    # the most-cited document is the Law on Gender Equality (two plans cite it)
    assert specs[1]["layout"]["yaxis"]["categoryarray"][0] == "Luật Bình đẳng giới"
    # Bắc Kạn 2018 cites the 2011-2015 provincial plan (outdated) and Quyết định 1696/QĐ-TTg 2016-2020 (current)
    flagged = table_with_column(at, "Giai đoạn")
    assert list(flagged["Văn bản được dẫn"]) == ["Quyết định 1000/QĐ-UBND (Bắc Kạn)"]
    assert list(flagged["Kế hoạch"]) == ["Bắc Kạn 2018 · 415/QĐ-UBND"]
    assert list(flagged["Giai đoạn"]) == ["2011–2015"]
    assert at.warning and at.warning[0].value.startswith("1 ")
    # the plan table lists each plan with the documents it cites, national and local
    pairs = table_with_column(at, "Quan hệ")
    bac_kan = pairs[pairs["Kế hoạch"] == "Bắc Kạn 2018 · 415/QĐ-UBND"]
    assert "Quyết định 1696/QĐ-TTg" in set(bac_kan["Văn bản được dẫn"])
    assert {"Văn bản trung ương", "Văn bản địa phương"} <= set(bac_kan["Cấp"])
    assert set(pairs["Kế hoạch"]) >= {"Bắc Kạn 2018 · 415/QĐ-UBND", "Quảng Ngãi 2025 · 93/KH-UBND"}
    assert len(at.expander) >= 3  # a "Dữ liệu" expander per chart


def test_many_plans_are_counted_by_province_and_period(monkeypatch, plans_db):
    """Above ui.MAX_PLANS_DRAWN plans: province × most-cited documents instead of the graph, citations by period end
    × plan year instead of a row per citation; every plan – document pair stays in the table."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_PLANS_DRAWN", 0)
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    graph, _top, periods = figures(at)
    heat = graph["data"][0]
    cells = table_with_column(at, "province")
    assert heat["type"] == "heatmap" and set(heat["x"]) == set(cells["province"]) and "Bắc Kạn" in heat["x"]
    law = cells[cells["cited_name"] == "Luật Bình đẳng giới"]
    assert law["plans"].sum() == 2 and heat["y"][0] == "Luật Bình đẳng giới"  # the most cited first, every plan counted
    assert graph["data"][-1]["customdata"][0][1] in set(cells["cited_doc_id"])  # clickable: [province, document]
    texts = [int(v) for tr in periods["data"] if tr.get("type") == "heatmap" for row in tr["text"] for v in row if v]
    every = duckdb.connect(str(plans_db), read_only=True)
    try:
        every.execute(sql_text("filtered_plans"))
        n_periods = len(every.execute(sql_text("citations_periods"), {**NO_FILTERS, **EVERY_PERIOD}).df())
    finally:
        every.close()
    # every citation of a programme counted once; the chart's one "Dữ liệu" downloads each of them
    assert sum(texts) == n_periods
    assert sum(1 for c in at.caption if c.value == f"{fmt_int(n_periods)} dòng trong tệp tải về.") == 1
    assert any(tr.get("name") == "Đã hết giai đoạn" for tr in periods["data"])
    pairs = table_with_column(at, "Quan hệ")
    assert set(pairs["Kế hoạch"]) >= {"Bắc Kạn 2018 · 415/QĐ-UBND", "Quảng Ngãi 2025 · 93/KH-UBND"}
    assert sum(1 for c in at.caption if "kế hoạch" in c.value and "quá nhiều" in c.value) == 1


def test_english_labels():
    at = run_page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Citations"
    names = {tr.get("name") for tr in figures(at)[0]["data"]}
    assert {"Legal basis", "Implements"} <= names


def test_unknown_province_empties_without_error():
    at = run_page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)
    assert at.info


def test_filters_that_match_no_plan_empty_without_error():
    at = run_page(provinces="Bắc Kạn", year_from="2024")
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)


def test_one_province_shows_only_its_citations():
    at = run_page(provinces="Quảng Ngãi")
    assert not at.exception, [e.value for e in at.exception]
    pairs = table_with_column(at, "Quan hệ")
    assert set(pairs["Kế hoạch"]) == {"Quảng Ngãi 2025 · 93/KH-UBND"}
    assert at.success  # nothing outdated in Quảng Ngãi


# --- The outdated-framework rule (SQL) on a hand-made database --------------------------------------------------

@pytest.fixture()
def tiny_db():
    from loaders.db import apply_schema

    con = duckdb.connect()
    apply_schema(con)
    con.execute("INSERT INTO plans (plan_id, source_path, sha256, doc_type, doc_number, level, province, plan_year) "
                "VALUES ('p1', 'a.txt', 'x', 'KH', '1/KH-UBND', 'tỉnh', 'A', 2018), "
                "('p2', 'b.txt', 'y', 'KH', '2/KH-UBND', 'tỉnh', 'B', 2025)")
    con.execute("INSERT INTO cited_documents (cited_doc_id, doc_type, doc_number, title) VALUES "
                "('old', 'Quyết định', '10/QĐ-UBND', 'Kế hoạch giai đoạn 2011-2015 và định hướng đến năm 2020'), "
                "('cur', 'Quyết định', '20/QĐ-TTg', 'Chương trình giai đoạn 2016 – 2020'), "
                "('cv', 'Công văn', '739/BNV', 'hướng dẫn năm 2025 và'), "
                "('qd', 'Quyết định', '254/QĐ-UBND', NULL)")
    con.execute("INSERT INTO citations (plan_id, cited_doc_id, relation, line_start, line_end, quote) VALUES "
                "('p1', 'old', 'legal_basis', 1, 1, 'Căn cứ Quyết định số 10/QĐ-UBND'), "
                "('p1', 'cur', 'legal_basis', 2, 2, 'Căn cứ Quyết định số 20/QĐ-TTg'), "
                "('p2', 'cv', 'implements', 3, 3, 'Thực hiện Công văn số 739/BNV ngày 28/3/2025 và Quyết định số "
                "254/QĐ-UBND ngày 19/4/2021 về Chiến lược giai đoạn 2021 - 2030;'), "
                "('p2', 'qd', 'implements', 3, 3, 'Thực hiện Công văn số 739/BNV ngày 28/3/2025 và Quyết định số "
                "254/QĐ-UBND ngày 19/4/2021 về Chiến lược giai đoạn 2021 - 2030;')")
    con.execute(setup_sql(con))  # the filter macros, and the marts as views (this database has no mart tables)
    yield con
    con.close()


def test_periods_rule_flags_end_year_before_plan_year(tiny_db):
    out = tiny_db.execute(sql_text("citations_periods"), {**NO_FILTERS, **EVERY_PERIOD}).df().set_index("cited_doc_id")
    assert bool(out.at["old", "outdated"]) and out.at["old", "end_year"] == 2015
    assert out.at["old", "horizon_year"] == 2020  # shown, but does not clear the flag
    assert not bool(out.at["cur", "outdated"]) and out.at["cur", "start_year"] == 2016  # en dash, 2020 >= 2018
    # the period after 254/QĐ-UBND belongs to it, not to the Công văn cited first in the same sentence
    assert out.at["qd", "end_year"] == 2030 and out.at["qd", "period_from"] == "quote"
    assert "cv" not in out.index


def test_periods_rule_honours_filters(tiny_db):
    params = {**NO_FILTERS, **EVERY_PERIOD, "provs": ["B"]}
    out = tiny_db.execute(sql_text("citations_periods"), params).df()
    assert set(out["plan_id"]) == {"p2"}


# --- Figures ---------------------------------------------------------------------------------------------------------

EDGES = pd.DataFrame({
    "plan_id": ["p1", "p1", "p2"], "plan_label": ["A 2018 · 1/QĐ", "A 2018 · 1/QĐ", "B 2024 · KH"],
    "plan_year": [2018, 2018, 2024], "level": ["tỉnh", "tỉnh", "huyện"],
    "cited_doc_id": ["d1", "d2", "d1"], "cited_name": ["Luật X", "Quyết định 2/QĐ", "Luật X"],
    "cited_title": ["Luật X", "phê duyệt", "Luật X"], "scope": ["national", "local", "national"],
    "relation": ["legal_basis", "implements", "guidance"],
    "relations": [["legal_basis"], ["guidance", "implements"], ["guidance"]], "mentions": [1, 2, 1],
})
RELATIONS = {"legal_basis": "Căn cứ", "implements": "Thực hiện", "guidance": "Dẫn chiếu"}
SCOPES = {"national": "Trung ương", "local": "Địa phương"}


def test_fig_graph_draws_one_line_per_pair_coloured_by_relation():
    fig = fig_graph(EDGES, RELATIONS, SCOPES)
    lines = [tr for tr in fig.data if tr.mode == "lines"]
    assert {tr.name for tr in lines} == {"Căn cứ", "Thực hiện", "Dẫn chiếu"}
    assert sum(len([x for x in tr.x if x is not None]) // 2 for tr in lines) == 3
    plan_nodes = [tr for tr in fig.data if tr.mode == "markers+text" and tr.textposition == "middle left"]
    assert list(plan_nodes[0].text) == ["A 2018 · 1/QĐ", "B 2024 · KH"]
    doc_nodes = [tr for tr in fig.data if tr.mode == "markers+text" and tr.textposition == "middle right"]
    assert {tr.name for tr in doc_nodes} == {"Trung ương", "Địa phương"}
    mids = [cd for tr in fig.data if tr.mode == "markers" for cd in tr.customdata]
    assert ("p2", "d1") in {tuple(cd) for cd in mids}


def test_fig_graph_empty():
    assert len(fig_graph(EDGES.iloc[0:0], RELATIONS, SCOPES).data) == 0


def test_fig_top_orders_by_measure():
    top = pd.DataFrame({"cited_doc_id": ["d1", "d2", "d3"], "cited_name": ["Luật X", "Quyết định 2", "Công văn 3"],
                        "cited_title": ["", "", None], "scope": ["national", "local", "national"],
                        "plans": [2, 1, 1], "mentions": [3, 5, 1], "cited_by": ["A; B", "A", "B"]})
    fig = fig_top(top, "plans", "Số kế hoạch", SCOPES, n=2)
    assert list(fig.layout.yaxis.categoryarray) == ["Luật X", "Công văn 3"]  # ties broken by Vietnamese name order
    assert ["", "d1"] in [list(cd) for tr in fig.data for cd in tr.customdata]  # [plan_id, cited_doc_id]
    fig = fig_top(top, "mentions", "Số câu", SCOPES)
    assert fig.layout.yaxis.categoryarray[0] == "Quyết định 2"
    assert len(fig_top(top.iloc[0:0], "plans", "", SCOPES).data) == 0


def test_fig_periods_colours_outdated_red():
    periods = pd.DataFrame({"plan_id": ["p1", "p1"], "plan_label": ["A 2018 · 1/QĐ"] * 2, "plan_year": [2018, 2018],
                            "cited_doc_id": ["d1", "d2"], "cited_name": ["QĐ 10", "QĐ 20"],
                            "start_year": [2011, 2016], "end_year": [2015, 2020], "outdated": [True, False]})
    labels = {"outdated": "Hết hạn", "current": "Còn hạn", "plan_year": "Năm KH", "year": "Năm"}
    fig = fig_periods(periods, labels)
    bars = {tr.name: tr for tr in fig.data if tr.mode == "lines"}
    assert bars["Hết hạn"].line.color == "#d32f2f"
    assert list(bars["Hết hạn"].x[:2]) == [2010.6, 2015.4]
    assert fig.layout.yaxis.categoryarray[0] == "QĐ 10 · A 2018"
    assert len(fig_periods(periods.iloc[0:0], labels).data) == 0


def test_fig_top_lists_a_dozen_citing_plans_in_its_tooltip():
    """A national law is cited by thousands of plans: the tooltip names the first ones, the table has them all."""
    many = "; ".join(f"Huyện {i:04d} 2024" for i in range(3000))
    top = pd.DataFrame({"cited_doc_id": ["d1", "d2"], "cited_name": ["Luật Bình đẳng giới", "Quyết định 2"],
                        "cited_title": ["", ""], "scope": ["national", "local"], "plans": [3000, 2],
                        "mentions": [4000, 2], "cited_by": [many, "A 2018; B 2019"]})
    hover = {y: h for tr in fig_top(top, "plans", "Số kế hoạch", SCOPES).data
             for y, h in zip(tr.y, tr.hovertext, strict=True)}
    assert hover["Luật Bình đẳng giới"].endswith("Huyện 0000 2024; Huyện 0001 2024; " + "; ".join(
        f"Huyện {i:04d} 2024" for i in range(2, 12)) + "; …")
    assert hover["Quyết định 2"].endswith("A 2018; B 2019")
