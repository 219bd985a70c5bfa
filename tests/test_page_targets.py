"""pages/targets.py in Streamlit's AppTest against a real database, and the figure functions on small frames."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer.figures.targets import (
    fig_alignment,
    fig_target_gaps,
    fig_target_values,
    matrix_figure,
    national_gaps,
    single_plan_targets,
    target_text,
    wrap,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "targets.py"


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


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with column {column!r}"
    return frames[0]


def chart_specs(at: AppTest) -> list[dict]:
    return [c.spec for c in charts(at)]


def values(array) -> list:
    """A trace array from a chart spec; Plotly ships numeric arrays as base64 typed arrays."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


# --- the page ---------------------------------------------------------------------------------------------------

def test_default_filters_show_the_charts_and_tables(page):
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    subheaders = [s.value for s in at.subheader]
    for title in ("Cùng một chỉ tiêu giữa các kế hoạch", "Chênh lệch so với chỉ tiêu quốc gia",
                  "Chỉ tiêu chỉ có ở một kế hoạch", "Bám sát 6 mục tiêu của Chiến lược quốc gia 2021–2030"):
        assert title in subheaders
    assert len(charts(at)) == 3  # values, gaps, alignment


def test_lang_giang_targets_against_the_national_ones(page):
    at = page()
    table = table_with(at, "Chỉ tiêu quốc gia")
    lang_giang = table[table["Kế hoạch"].str.startswith("Lạng Giang 2024")]
    assert sorted(lang_giang["Mục tiêu của KH"]) == sorted(["100%", "70%", "≥ 80%", "50%", "100%"])
    by_code = lang_giang.set_index("Mã chỉ tiêu QG")
    # 70% of the population with basic knowledge against the Strategy's ≥ 60% by 2025: ten points above
    assert by_code.loc["NQ28-M6-CT1", "Chỉ tiêu quốc gia"] == "≥ 60% (năm 2025)"
    assert by_code.loc["NQ28-M6-CT1", "Chênh lệch"] == "+10"
    assert by_code.loc["NQ28-M3-CT2a", "Chỉ tiêu quốc gia"] == "≥ 80% (năm 2025)"
    assert by_code.loc["NQ28-M3-CT2a", "Chênh lệch"] == "0"
    assert by_code.loc["NQ28-M3-CT2b", "Chỉ tiêu quốc gia"] == "≥ 50% (năm 2025)"
    assert by_code.loc["NQ28-M3-CT3", "Chỉ tiêu quốc gia"] == "100% (năm 2025)"
    # 100% of agencies informed vs "at least 2 sessions a year": different units, no gap
    assert by_code.loc["QD1790-MT1", "Chênh lệch"] == "–"
    assert by_code.loc["QD1790-MT1", "Đánh giá"].startswith("Không so được")

    value_chart, gaps, _alignment_chart = chart_specs(at)
    national = next(t for t in value_chart["data"] if t.get("name") == "Chỉ tiêu quốc gia")
    assert sorted(values(national["x"])) == [50, 60, 80, 100]  # not the "2 sessions" of QD1790-MT1
    assert {t.get("name") for t in gaps["data"]} >= {"Cao hơn chỉ tiêu quốc gia", "Bằng chỉ tiêu quốc gia"}


def test_single_plan_table_and_alignment(page):
    at = page()
    single = table_with(at, "Trích dẫn")
    assert len(single) == 5 and set(single["Kế hoạch"]) == {"Lạng Giang 2024 · KH"}
    alignment = table_with(at, "objective_id")
    assert len(alignment) == 5 * 6  # every plan × every objective, gaps included
    assert set(alignment["objective_id"]) == {f"NQ28-M{i}" for i in range(1, 7)}
    lang_giang = alignment[alignment["plan_label"] == "Lạng Giang 2024 · KH"].set_index("objective_id")
    assert lang_giang.loc["NQ28-M3", "targets"] == 3 and lang_giang.loc["NQ28-M6", "targets"] == 1
    assert (alignment["total"] == alignment["activities"] + alignment["targets"]).all()
    assert (alignment["total"] == 0).any()  # some gaps exist and are drawn
    assert any("⚠" in label for label in alignment["plan_label"])  # Quảng Ngãi 2025 is marked as cut off


def test_many_plans_are_counted_not_drawn_one_by_one(page, monkeypatch):
    """Above ui.MAX_PLANS_DRAWN plans (10,000 at national scale) the per-plan charts become aggregates that still
    count every target and every plan; the tables keep every row."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_PLANS_DRAWN", 0)  # the shipped corpus has a handful of plans
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    value_chart, gaps, alignment = chart_specs(at)
    percent = table_with(at, "value_text")  # the Dữ liệu table behind the values chart: every % target
    bubbles = value_chart["data"][0]
    assert sum(values(bubbles["marker"]["size"])) == len(percent) > 0
    assert all(c[2] == "values" for c in bubbles["customdata"])
    assert any(t.get("name") == "Chỉ tiêu quốc gia" for t in value_chart["data"])
    gap_table = table_with(at, "gap")
    assert all(t["type"] == "bar" for t in gaps["data"])
    assert sum(sum(values(t["x"])) for t in gaps["data"]) == len(gap_table)  # every comparable target counted
    heat = alignment["data"][0]
    assert heat["type"] == "heatmap" and all("/" in cell for row in heat["text"] for cell in row if cell)
    plans = table_with(at, "objective_id")["plan_id"].nunique()
    assert sum(int(row[0].split("/")[1]) for row in heat["text"]) == plans  # one row per year, every plan counted
    assert sum(1 for c in at.caption if "kế hoạch: " in c.value) == 3  # each aggregate says what it shows


def test_a_filter_that_empties_the_data(page):
    at = page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and not charts(at)


def test_english(page):
    at = page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert "Gaps against the national targets" in [s.value for s in at.subheader]


def test_theme_filter_narrows_the_alignment(page):
    at = page(themes="gbv_services")
    assert not at.exception, [e.value for e in at.exception]
    assert any("chủ đề" in c.value for c in at.caption)


# --- pure helpers and figures -----------------------------------------------------------------------------------

def test_target_text():
    assert target_text(80.0, None, ">=", "%") == "≥ 80%"
    assert target_text(70.0, None, "=", "%") == "70%"
    assert target_text(10.0, 15.0, "range", "%") == "10–15%"
    assert target_text(2.0, None, ">=", "cuộc/năm") == "≥ 2 cuộc/năm"
    assert target_text(None) == "–"
    assert target_text(1.7, None, "<=", "lần", lambda x: f"{x:.1f}".replace(".", ",")) == "≤ 1,7 lần"


def test_wrap():
    assert wrap("Đời sống gia đình và phòng ngừa bạo lực", 16).count("<br>") >= 2
    assert wrap("Y tế") == "Y tế"


def _targets() -> pd.DataFrame:
    return pd.DataFrame({
        "target_id": [1, 2, 3, 4, 5],
        "plan_id": ["a", "a", "b", "b", "a"],
        "plan_label": ["A 2024", "A 2024", "B 2025", "B 2025", "A 2024"],
        "indicator_key": ["k1", "k2", "k1", "k3", None],
        "indicator_text": ["x", "y", "x", "z", "lao động nữ"],
        "indicator": ["K1", "K2", "K1", "K3", "Lao động nữ"],
        "value": [70.0, 80.0, 50.0, 20.0, 5.0],
        "value_text": ["70%", "≥ 80%", "50%", "20%", "5 người"],
        "unit": ["%", "%", "%", "%", "người"],
        "national_target_id": ["N1", "N2", "N1", "N3", None],
        "national_text": ["n1", "n2", "n1", "n3", None],
        "national_value": [60.0, 80.0, 60.0, 25.0, None],
        "national_unit": ["%", "% (thí điểm)", "%", "%", None],
        "national_comparator": [">=", ">=", ">=", "<", None],
        "national_value_label": ["≥ 60% (2025)", "≥ 80% (2025)", "≥ 60% (2025)", "< 25% (2025)", ""],
    })


def test_national_gaps_direction_units_and_missing():
    out = national_gaps(_targets()).set_index("target_id")
    assert out.loc[1, "gap"] == 10 and out.loc[1, "status"] == "above"
    assert out.loc[2, "gap"] == 0 and out.loc[2, "status"] == "equal"  # "% (thí điểm)" is still %
    assert out.loc[3, "status"] == "below"
    assert out.loc[4, "gap"] == -5 and out.loc[4, "status"] == "above"  # "below 25%": lower is better
    assert out.loc[5, "status"] == "no_national" and pd.isna(out.loc[5, "gap"])
    odd = _targets().assign(national_unit=["cuộc/năm"] * 5)
    assert national_gaps(odd).loc[0, "status"] == "incomparable"


def test_single_plan_targets():
    single = single_plan_targets(_targets())
    assert set(single["target_id"]) == {2, 4, 5}  # k1 is in both plans
    assert single_plan_targets(_targets().iloc[0:0]).empty


def test_fig_target_values():
    fig = fig_target_values(_targets().iloc[:4], "", "Giá trị", "Quốc gia")
    assert isinstance(fig, go.Figure)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == ["A 2024", "B 2025"]
    assert list(bars[0].customdata[0]) == [1, "plan"]
    national = [t for t in fig.data if t.name == "Quốc gia"][0]
    assert list(national.customdata[0])[1] == "national"
    assert len(national.x) == 3  # k1's national target drawn once


def test_fig_target_gaps():
    df = national_gaps(_targets().iloc[:4])
    df = df.assign(label=df["plan_label"] + " · " + df["indicator"], gap_text=df["gap"].astype(str), hover="h")
    fig = fig_target_gaps(df, "", "điểm %", {"above": "Cao hơn", "equal": "Bằng", "below": "Thấp hơn"})
    assert {t.name for t in fig.data} == {"Cao hơn", "Bằng", "Thấp hơn"}
    equal = [t for t in fig.data if t.name == "Bằng"][0]
    assert equal.type == "scatter" and list(equal.x) == [0.0]


def _alignment() -> pd.DataFrame:
    rows = []
    for plan in ("p1", "p2"):
        for i in range(1, 7):
            n = 0 if (plan, i) in {("p1", 5), ("p2", 1)} else i
            rows.append({"plan_id": plan, "plan_label": f"Plan {plan}", "objective_id": f"NQ28-M{i}",
                         "activities": n, "targets": 0, "total": n})
    return pd.DataFrame(rows)


def test_fig_alignment_flags_gaps_and_is_clickable():
    fig = fig_alignment(_alignment(), "", "thiếu", {"NQ28-M1": "M1 · Chính trị"}, "Số", "hoạt động", "chỉ tiêu")
    heat, gaps, click = fig.data
    assert heat.type == "heatmap" and gaps.type == "heatmap" and click.type == "scatter"
    assert sum(1 for row in gaps.text for cell in row if cell == "thiếu") == 2
    assert len(click.customdata) == 12 and list(click.customdata[0]) == ["p1", "NQ28-M1"]
    assert click.marker.opacity == 0  # invisible, only there to make cells clickable


def test_matrix_figure_blank_cells():
    cells = pd.DataFrame({"x": ["a", "b"], "y": ["r", "s"], "z": [1.0, 2.0], "text": ["1", "2"], "hover": ["h", "h"],
                          "id": ["i1", "i2"]})
    fig = matrix_figure(cells, ["a", "b"], ["r", "s"], z="z", text="text", hover="hover", customdata=["id"],
                        colorscale="Reds")
    z = fig.data[0].z
    assert z[0][0] == 1 and z[1][1] == 2 and pd.isna(z[0][1])
