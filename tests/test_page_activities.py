"""pages/activities.py in Streamlit's AppTest against a real database, and the figure functions on small frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import charts
from pandas_reference import filter_activities
from streamlit.testing.v1 import AppTest

from explorer.figures.activities import (
    fig_theme_mix,
    fig_theme_trend,
    theme_colors,
    theme_shares,
    theme_trend,
)
from loaders.textnorm import fold

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "activities.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="session")
def plans_db(tmp_path_factory) -> Path:
    """The five shipped plans ingested once into a temporary DuckDB file."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("plans_db") / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw"], path)
    assert not summary.errors, summary.errors
    return path


@pytest.fixture
def page(plans_db, monkeypatch):
    """A function that runs the page with the given URL parameters."""
    monkeypatch.setenv("PLANS_DB", str(plans_db))

    def run(**query_params) -> AppTest:
        at = AppTest.from_file(str(PAGE), default_timeout=60)
        for key, value in query_params.items():
            at.query_params[key] = value
        return at.run()

    return run


def listing(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Trích dẫn" in d.value.columns)


# --- the page ---------------------------------------------------------------------------------------------------

def test_default_filters_show_the_charts_and_the_list(page):
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.subheader][:3] == ["Cơ cấu chủ đề của từng kế hoạch",
                                                   "Xu hướng chủ đề theo năm kế hoạch", "Danh sách hoạt động"]
    assert len(charts(at)) == 2
    mix = next(d.value for d in at.dataframe if "share_mentions" in d.value.columns)
    assert mix["plan_label"].nunique() == 5
    sums = mix.groupby("plan_label")["share_mentions"].sum()
    assert np.allclose(sums, 1.0)  # each bar sums to 100% without a theme filter
    rows = listing(at)
    assert len(rows) > 50 and rows["Trích dẫn"].notna().all() and rows["Mục"].notna().all()


def test_theme_multiselect_and_diacritic_insensitive_search(page):
    at = page()
    total = len(listing(at))
    at.multiselect(key="act_themes").select("gbv_services").run()
    assert not at.exception
    gbv = listing(at)
    assert 0 < len(gbv) < total
    assert gbv["Chủ đề"].str.contains("Dịch vụ phòng ngừa và ứng phó bạo lực trên cơ sở giới").all()
    at.text_input(key="act_q").input("BAO LUC GIA DINH").run()  # no accents, upper case
    assert not at.exception
    found = listing(at)
    assert 0 < len(found) <= len(gbv)
    assert found["Trích dẫn"].map(lambda q: "bao luc gia dinh" in fold(q)).all()
    at.text_input(key="act_q").input("không có cụm từ này ở đâu cả").run()
    assert not at.exception and at.info  # an empty list is a note, not an error


def test_sidebar_theme_filter_keeps_shares_of_the_whole_plan(page):
    at = page(themes="communication")
    assert not at.exception, [e.value for e in at.exception]
    mix = next(d.value for d in at.dataframe if "share_mentions" in d.value.columns)
    assert set(mix["theme_id"]) == {"communication"}
    assert (mix["share_mentions"] < 1).all()
    assert listing(at)["Chủ đề"].str.contains("Truyền thông").all()


def test_many_plans_per_province_and_a_paged_list(page, monkeypatch):
    """Above ui.MAX_PLANS_DRAWN plans the mix has a bar per province (every activity still counted) and the list
    shows ui.LIST_ROWS rows a page, saying so; the download holds every row."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_PLANS_DRAWN", 0)
    monkeypatch.setattr(ui, "LIST_ROWS", 20)
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Cơ cấu chủ đề theo tỉnh"
    mix = next(d.value for d in at.dataframe if "share_mentions" in d.value.columns)
    assert mix.drop_duplicates("province_label")["plans"].sum() == 5  # every plan in its province's bar
    assert np.allclose(mix.groupby("province_label")["share_mentions"].sum(), 1.0)
    first = listing(at)
    assert len(first) == 20
    total = int(next(c.value for c in at.caption if " hoạt động" in c.value and "/" in c.value).split("/")[1].split()[0])
    assert total > 20
    assert any(f"Đang hiện dòng 1–20 trong {total}" in c.value for c in at.caption)
    assert any(c.value == f"{total} dòng trong tệp tải về." for c in at.caption)
    at.number_input(key="act_page").set_value(2).run()
    assert not at.exception
    second = listing(at)
    assert len(second) == min(20, total - 20) and not set(second["Trích dẫn"]) & set(first["Trích dẫn"])
    assert any(f"Đang hiện dòng 21–{min(40, total)} trong {total}" in c.value for c in at.caption)


def test_data_tables_are_drawn_once_opened(page, monkeypatch):
    """A closed "Dữ liệu" expander sends nothing to the browser; opening it (a rerun) draws its table and downloads."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", False)
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("share_mentions" in d.value.columns for d in at.dataframe)
    assert "csv_activities_theme_mix" not in {d.key for d in at.get("download_button")}
    assert "png_activities_theme_mix" in {d.key for d in at.get("download_button")}  # the chart's image: always
    at.session_state["data_activities_theme_mix"] = True  # what clicking the expander does
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("share_mentions" in d.value.columns for d in at.dataframe)
    assert {"csv_activities_theme_mix", "xlsx_activities_theme_mix"} <= {d.key for d in at.get("download_button")}


def test_a_filter_that_empties_the_data(page):
    at = page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and not charts(at)


def test_english(page):
    at = page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert "Theme mix per plan" in [s.value for s in at.subheader]


# --- pure helpers and figures -----------------------------------------------------------------------------------

def _mix() -> pd.DataFrame:
    return pd.DataFrame({
        "plan_id": ["a", "a", "b", "b", "c"],
        "plan_label": ["A 2018", "A 2018", "B 2024", "B 2024", "C 2024"],
        "plan_year": [2018, 2018, 2024, 2024, 2024],
        "theme_id": ["communication", "training", "communication", "gbv_services", "communication"],
        "activities": [3, 1, 2, 2, 1],
        "plan_activities": [3, 3, 4, 4, 2],
        "plan_mentions": [4, 4, 4, 4, 1],
    })


def test_theme_shares_and_trend():
    shares = theme_shares(_mix())
    assert shares.loc[0, "share_mentions"] == 0.75 and shares.loc[0, "share_activities"] == 1.0
    trend = theme_trend(_mix()).set_index(["plan_year", "theme_id"])
    assert trend.loc[(2024, "communication"), "activities"] == 3
    assert trend.loc[(2024, "communication"), "year_activities"] == 6  # plans b and c counted once each
    assert trend.loc[(2024, "communication"), "share"] == 0.5
    assert theme_trend(_mix().iloc[0:0]).empty


def test_filter_activities_folds_both_sides():
    df = pd.DataFrame({"text": ["Phòng chống bạo lực gia đình", "Tập huấn cán bộ", "Đào tạo"],
                       "themes": [np.array(["gbv_services"]), np.array(["training"]), np.array([], dtype=object)]})
    assert filter_activities(df, [], "bao luc")["text"].tolist() == ["Phòng chống bạo lực gia đình"]
    assert filter_activities(df, [], "dao tao")["text"].tolist() == ["Đào tạo"]  # đ = d
    assert filter_activities(df, ["training"], "")["text"].tolist() == ["Tập huấn cán bộ"]
    assert filter_activities(df, ["training"], "bạo lực").empty
    assert len(filter_activities(df, None, "  ")) == 3


def test_fig_theme_mix():
    order = ["communication", "training", "gbv_services"]
    names = {"communication": "Truyền thông", "training": "Tập huấn", "gbv_services": "Bạo lực giới"}
    fig = fig_theme_mix(theme_shares(_mix()), order, names, "", "%", "hoạt động", share=True)
    assert isinstance(fig, go.Figure) and fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Truyền thông", "Tập huấn", "Bạo lực giới"]
    assert list(fig.data[0].customdata[0]) == ["a", "communication"]
    assert list(fig.data[0].y) == [75.0, 50.0, 100.0]
    counts = fig_theme_mix(theme_shares(_mix()), order, names, "", "n", "hoạt động", share=False)
    assert list(counts.data[0].y) == [3, 2, 1]
    assert fig.data[0].marker.color == theme_colors(order)["communication"] == counts.data[0].marker.color


def test_fig_theme_trend():
    fig = fig_theme_trend(theme_trend(_mix()), ["communication", "training", "gbv_services"], {}, "", "%", "Năm")
    assert [t.name for t in fig.data] == ["communication", "training", "gbv_services"]
    assert list(fig.data[0].x) == [2018, 2024] and list(fig.data[0].customdata[1]) == [2024, "communication"]
    assert list(fig.layout.xaxis.tickvals) == [2018, 2024]
