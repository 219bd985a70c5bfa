"""pages/search.py in AppTest against a real database built from data/raw."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from loaders.ingest import ingest

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "pages" / "search.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw"], path)
    assert not summary.errors, summary.errors
    return path


@pytest.fixture(autouse=True)
def _database(db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")


def run(**query_params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def results_html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html if "<mark>" in h.value)


def metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(".", ""))


def test_without_a_query_the_page_asks_for_one():
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="search_q").value == ""
    assert any("Nhập từ khóa" in i.value for i in at.info)
    assert "q" not in at.query_params


def test_diacritic_insensitive_query_from_the_url_finds_results_grouped_by_plan():
    at = run(q="binh dang gioi")
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="search_q").value == "binh dang gioi"
    assert metric(at, "Kết quả") > 0
    assert metric(at, "Kế hoạch có kết quả") == 5
    assert len(at.expander) >= 5 + 1  # one per plan, plus the "Dữ liệu" table
    marked = results_html(at)
    assert "<mark>bình</mark> <mark>đẳng</mark> <mark>giới</mark>" in marked.lower()
    assert charts(at)


@pytest.mark.parametrize("query", ["ddoan", "doan", "đoàn"])
def test_d_and_dd_find_đ(query):
    at = run(q=query)
    assert not at.exception
    assert metric(at, "Kết quả") > 0
    assert "<mark>đoàn</mark>" in results_html(at).lower()


def test_typing_a_query_updates_the_url():
    at = run()
    at.text_input(key="search_q").input("tap huan").run()
    assert not at.exception
    assert at.query_params["q"] in ("tap huan", ["tap huan"])
    assert "<mark>tập</mark> <mark>huấn</mark>" in results_html(at).lower()


def test_require_every_term_narrows_the_results():
    at = run(q="tap huan xyzzy")
    assert not at.exception
    assert metric(at, "Kết quả") > 0
    at.toggle(key="search_all").set_value(True).run()
    assert not at.exception
    assert any("Không tìm thấy" in i.value for i in at.info)


@pytest.mark.parametrize("query", ["'; DROP TABLE plans; --", "x' OR '1'='1", "<script>alert(1)</script>",
                                   "[x](http://evil)", "a(b", "\\", "%_", ".*", "\"", "中文"])
def test_hostile_queries_are_only_data(db, query):
    at = run(q=query)
    assert not at.exception, [e.value for e in at.exception]
    assert "<script" not in "\n".join(h.value for h in at.html)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    finally:
        con.close()


def test_results_are_escaped_before_marking():
    at = run(q="sở lao động")
    assert not at.exception
    marked = results_html(at)
    assert "<mark>" in marked
    text = html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))
    assert "Sở Lao động" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_filter_that_empties_the_data(lang):
    at = run(provinces="Không tồn tại", q="binh dang gioi", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info
    assert not results_html(at)


def test_filters_narrow_the_search():
    at = run(provinces="Bắc Kạn", q="binh dang gioi")
    assert not at.exception
    assert metric(at, "Kế hoạch có kết quả") == 1


def test_english():
    at = run(q="binh dang gioi", lang="en")
    assert not at.exception
    assert at.text_input(key="search_q").label == "Search terms"
    assert metric(at, "Results") > 0
