"""Hồ sơ địa phương / Unit profile page: unit in the URL, 2025 successor, all sections, emptying filters, figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer.figures.unit_profile import fig_cited, fig_leads, fig_plans, fig_targets, fig_themes

ROOT = Path(__file__).parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "unit_profile.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory) -> Path:
    """The shipped corpus ingested by the real loader, once for this module."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("unit_profile") / "plans.duckdb"
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


def url_unit(at: AppTest) -> str:
    value = at.query_params.get("unit")
    return value[0] if isinstance(value, list) else value


def chart_keys(at: AppTest) -> list[str]:
    return [c.key for c in charts(at)]


# --- The page -----------------------------------------------------------------------------------------------------

def test_default_unit_is_first_in_vietnamese_order_and_shows_every_section():
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="unit_profile_unit")
    assert box.options[:2] == ["Bắc Giang · tỉnh, gồm các huyện", "Lạng Giang (Bắc Giang) · huyện"]
    assert box.options.index("Bắc Kạn · tỉnh, gồm các huyện") == 2  # Bắc Giang < Lạng Giang (its district) < Bắc Kạn
    assert url_unit(at) == "Bắc Giang"
    assert "Bắc Ninh" in at.subheader[0].value  # the 2025 successor next to the name
    assert chart_keys(at) == ["chart_unit_profile_plans", "chart_unit_profile_targets", "chart_unit_profile_themes",
                              "chart_unit_profile_leads", "chart_unit_profile_cited"]
    targets = charts(at)[1].spec
    assert len(targets["data"]) == 5  # Lạng Giang 2024's five indicators


def test_unit_from_the_url_and_lead_agency_changes():
    at = run_page(unit="Thừa Thiên Huế")
    assert not at.exception, [e.value for e in at.exception]
    assert url_unit(at) == "Thừa Thiên Huế"
    assert at.subheader[0].value.startswith("Thừa Thiên Huế") and "Huế (" in at.subheader[0].value
    assert "chart_unit_profile_targets" not in chart_keys(at)  # no targets: a caption instead of a chart
    assert "chart_unit_profile_leads" in chart_keys(at)
    changes = next(df.value for df in at.dataframe if "Cơ quan chủ trì" in df.value.columns)
    assert "Sở Nội vụ" in changes["Cơ quan chủ trì"].iloc[0]
    assert any("Nội vụ" in c.value and "01/03/2025" in c.value for c in at.caption)  # the 2025 function transfer


def test_choosing_a_unit_updates_the_url():
    at = run_page()
    box = at.selectbox(key="unit_profile_unit")
    box.select_index(box.options.index("Triệu Sơn (Thanh Hóa) · huyện")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert url_unit(at) == "Thanh Hóa/Triệu Sơn"
    assert at.subheader[0].value.startswith("Triệu Sơn (Thanh Hóa)")


def test_bac_kan_moves_to_thai_nguyen_in_2025():
    at = run_page(unit="Bắc Kạn")
    assert not at.exception, [e.value for e in at.exception]
    assert "Thái Nguyên" in at.subheader[0].value


def test_unknown_unit_falls_back_to_the_first():
    at = run_page(unit="Không có")
    assert not at.exception, [e.value for e in at.exception]
    assert url_unit(at) == "Bắc Giang"


def test_english_labels():
    at = run_page(lang="en", unit="Bắc Giang/Lạng Giang")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Unit profile"
    assert "since 01/07/2025" in at.subheader[0].value


def test_unknown_province_empties_without_error():
    at = run_page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert not charts(at)
    assert at.info


def test_filters_that_match_no_plan_empty_without_error():
    at = run_page(provinces="Bắc Kạn", year_from="2024", unit="Bắc Kạn")
    assert not at.exception, [e.value for e in at.exception]
    assert not charts(at)


def test_theme_filter_that_matches_no_activity_of_the_unit():
    at = run_page(unit="Bắc Giang", themes="statistics")  # Lạng Giang has no statistics activity
    assert not at.exception, [e.value for e in at.exception]


# --- Figures ---------------------------------------------------------------------------------------------------------

def test_fig_plans():
    plans = pd.DataFrame({"plan_id": ["p1", "p2"], "plan_label": ["A 2018 · 1/QĐ", "B 2024 · KH"],
                          "plan_year": [2018, 2024], "issuer": ["UBND tỉnh A", "UBND huyện B"],
                          "doc_type": ["QD", "KH"], "doc_number": ["1/QĐ", None], "title": ["x", "y"],
                          "issued": ["19/03/2018", "–"], "targets": [0, 5], "activities": [3, 8]})
    fig = fig_plans(plans, {"QD": "Quyết định", "KH": "Kế hoạch"}, {"year": "Năm", "targets": "CT", "activities": "HĐ"})
    assert {tr.name for tr in fig.data} == {"Quyết định", "Kế hoạch"}
    texts = {t for tr in fig.data for t in tr.text}
    assert texts == {"1/QĐ", "Kế hoạch"}  # a plan without a number shows its type
    assert list(fig.layout.xaxis.tickvals) == [2018, 2024]
    assert len(fig_plans(plans.iloc[0:0], {}, {}).data) == 0


def test_fig_targets_one_line_per_indicator():
    targets = pd.DataFrame({"plan_id": ["p1", "p2", "p2"], "plan_label": ["a", "b", "b"],
                            "target_year": [2024, 2025, 2025], "indicator_key": ["k1", "k1", None],
                            "indicator_text": ["x", "x", "tỷ lệ khác"], "value": [70.0, 80.0, 50.0],
                            "unit": ["%", "%", "%"], "comparator": [">=", ">=", None], "line_start": [1, 2, 3]})
    fig = fig_targets(targets, {"k1": "Kiến thức BĐG"}, {"year": "Năm", "value": "Giá trị"})
    series = {tr.name: tr for tr in fig.data}
    assert set(series) == {"Kiến thức BĐG", "tỷ lệ khác"}
    assert list(series["Kiến thức BĐG"].y) == [70.0, 80.0]
    assert list(series["tỷ lệ khác"].customdata[0]) == ["p2", 3]


def test_fig_themes_bubble_matrix():
    themes = pd.DataFrame({"plan_year": [2018, 2018, 2024], "theme_id": ["a", "b", "a"], "activities": [5, 2, 3],
                           "year_activities": [6, 6, 3], "share": [5 / 6, 2 / 6, 1.0]})
    fig = fig_themes(themes, {"a": "Truyền thông", "b": "Tập huấn"}, {"year": "Năm", "activities": "HĐ", "share": "Tỷ lệ"})
    assert list(fig.layout.yaxis.categoryarray) == ["Truyền thông", "Tập huấn"]  # most activities first
    assert [list(c) for c in fig.data[0].customdata] == [[2018, "a"], [2018, "b"], [2024, "a"]]
    assert len(fig_themes(themes.iloc[0:0], {}, {}).data) == 0


def test_fig_leads_coloured_by_sector():
    leads = pd.DataFrame({"plan_year": [2018, 2024, 2024], "agency_key": ["s1", "s1", "s2"],
                          "agency_name": ["Sở LĐ-TB&XH", "Sở LĐ-TB&XH", "Sở Nội vụ"],
                          "sector": ["labour_social", "labour_social", "home_affairs"], "tasks": [2, 1, 3]})
    fig = fig_leads(leads, {"labour_social": "LĐ-TB&XH", "home_affairs": "Nội vụ"}, {"year": "Năm", "tasks": "NV"})
    assert {tr.name for tr in fig.data} == {"LĐ-TB&XH", "Nội vụ"}
    assert list(fig.layout.yaxis.categoryarray) == ["Sở LĐ-TB&XH", "Sở Nội vụ"]
    assert len(fig_leads(leads.iloc[0:0], {}, {}).data) == 0


def test_fig_cited_by_relation():
    cited = pd.DataFrame({"plan_year": [2018, 2018], "cited_doc_id": ["d1", "d2"], "cited_name": ["Luật X", "QĐ 2"],
                          "relation": ["guidance", "legal_basis"], "mentions": [4, 1]})
    fig = fig_cited(cited, {"legal_basis": "Căn cứ", "guidance": "Dẫn chiếu"}, {"year": "Năm", "mentions": "Câu"})
    assert [tr.name for tr in fig.data] == ["Căn cứ", "Dẫn chiếu"]
    assert list(fig.data[0].customdata[0]) == [2018, "d2"]
    assert len(fig_cited(cited.iloc[0:0], {}, {}).data) == 0
