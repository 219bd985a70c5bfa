"""Lịch / Timeline page: real database, emptying filters, next/most recent items, figures."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer.figures.timeline import fig_timeline, item_spans, to_cycle

ROOT = Path(__file__).parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "timeline.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory) -> Path:
    """The shipped corpus ingested by the real loader, once for this module."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("timeline") / "plans.duckdb"
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


def latest_item(plans_db: Path) -> dt.date:
    con = duckdb.connect(str(plans_db), read_only=True)
    try:
        return con.execute("SELECT max(coalesce(end_date, due_date)) FROM deadlines").fetchone()[0]
    finally:
        con.close()


# --- The page -----------------------------------------------------------------------------------------------------

def test_default_filters_show_timelines_and_recent_items(plans_db):
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    specs = figures(at)
    assert len(specs) == 2  # across plans, one plan
    across = specs[0]
    rows = {y for tr in across["data"] for y in (tr.get("y") or []) if y}
    assert {"Bắc Kạn 2018 · 415/QĐ-UBND", "Quảng Ngãi 2025 · 93/KH-UBND", "Lạng Giang 2024 · KH"} <= rows
    # the Action Month is drawn as a range 15/11 → 15/12
    ranges = [tr for tr in across["data"] if tr.get("mode") == "lines"]
    xs = [x for tr in ranges for x in tr["x"] if x]
    assert any(str(x).startswith("2018-11-15") for x in xs) and any(str(x).startswith("2018-12-15") for x in xs)
    assert across["layout"]["xaxis"]["tickformat"] == "%d/%m/%Y"
    if latest_item(plans_db) < dt.date.today():
        # the shipped corpus is all in the past: the page says so and lists the most recent items instead
        assert any("đều đã qua" in i.value for i in at.info)
        recent = at.dataframe[0].value
        assert recent["Thời gian"].iloc[0] == "15/11/2025 – 15/12/2025"
        assert recent["Kế hoạch"].iloc[0] == "Quảng Ngãi 2025 · 93/KH-UBND"
        assert recent["So với hôm nay"].iloc[0].endswith("ngày trước")
    # dates are shown dd/mm/yyyy (or mm/yyyy when only the month is known)
    plan_table = at.dataframe[-1].value
    assert plan_table["Thời gian"].str.match(r"^(\d{2}/)?\d{2}/\d{4}").all()
    assert any("Triệu Sơn 2022" in c.value for c in at.caption)  # a plan without dated items is named


def test_annual_cycle_and_other_plan():
    at = run_page()
    at.radio(key="timeline_mode").set_value("cycle").run()
    assert not at.exception, [e.value for e in at.exception]
    cycle = figures(at)[0]
    assert cycle["layout"]["xaxis"]["tickformat"] == "%d/%m"
    starts = [x for tr in cycle["data"] if tr.get("mode") == "markers" for x in tr["x"]]
    assert all(str(x).startswith("2000-") for x in starts)
    box = at.selectbox(key="timeline_plan")
    other = [i for i, o in enumerate(box.options) if "Bắc Kạn" in o]
    assert other
    box.select_index(other[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert all("Bắc Kạn 2018" in label for label in at.dataframe[-1].value["Kế hoạch"])


def test_many_plans_are_counted_per_month_and_picked_by_unit(monkeypatch):
    """Above ui.MAX_PLANS_DRAWN plans: items counted per month and kind (all of them), a unit picker before the plan
    picker instead of one list of every plan."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_PLANS_DRAWN", 0)
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    across, one = figures(at)
    bars = [tr for tr in across["data"] if tr.get("type") == "bar"]
    every = next(d.value for d in at.dataframe if "quote" in d.value.columns)  # the Dữ liệu table: every item
    def values(array) -> list:  # Plotly ships numeric arrays as base64 typed arrays
        if isinstance(array, dict) and "bdata" in array:
            return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
        return list(array)

    assert sum(sum(values(tr["y"])) for tr in bars) == len(every) > 0
    assert all(len(cd) == 2 for tr in bars for cd in tr["customdata"])  # [month, kind]: clickable
    assert any("quá nhiều" in c.value for c in at.caption)
    unit = at.selectbox(key="timeline_unit")
    assert "Bắc Kạn" in unit.options
    unit.set_value("Bắc Kạn").run()
    assert not at.exception, [e.value for e in at.exception]
    assert all("Bắc Kạn" in o for o in at.selectbox(key="timeline_plan").options)
    assert all("Bắc Kạn 2018" in label for label in at.dataframe[-1].value["Kế hoạch"])


def test_english_labels():
    at = run_page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Timeline"
    assert len(figures(at)) == 2


def test_unknown_province_empties_without_error():
    at = run_page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)
    assert at.info


def test_filters_that_match_no_plan_empty_without_error():
    at = run_page(provinces="Bắc Kạn", year_from="2024")
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)


def test_plan_without_dated_items_empties_without_error():
    at = run_page(provinces="Thanh Hóa")  # Triệu Sơn 2022 has no dated item
    assert not at.exception, [e.value for e in at.exception]
    assert not figures(at)


# --- Figures ---------------------------------------------------------------------------------------------------------

ITEMS = pd.DataFrame({
    "plan_id": ["p1", "p1", "p2"], "plan_label": ["A 2024", "A 2024", "B 2018"],
    "kind": ["action_month", "event", "report"],
    "due_date": pd.to_datetime(["2024-11-15", "2024-06-01", "2018-06-10"]),
    "end_date": pd.to_datetime(["2024-12-15", None, None]),
    "date_precision": ["day", "month", "day"], "line_start": [10, 20, 30],
})
KINDS = {"action_month": "Tháng hành động", "event": "Sự kiện", "report": "Hạn báo cáo"}


def test_item_spans_ranges_and_month_precision():
    spans = item_spans(ITEMS)
    assert list(spans["is_range"]) == [True, True, False]
    assert spans["end"].iloc[0] == pd.Timestamp("2024-12-15")
    assert spans["end"].iloc[1] == pd.Timestamp("2024-06-30")  # "tháng 6/2024" spans the month
    assert pd.isna(spans["end"].iloc[2])


def test_to_cycle():
    assert to_cycle(dt.date(2024, 2, 29)) == pd.Timestamp("2000-02-29")
    assert to_cycle(None) is None


def test_fig_timeline_rows_ranges_and_today():
    items = item_spans(ITEMS).assign(hover="x")
    fig = fig_timeline(items, "plan_label", KINDS, today=dt.date(2024, 12, 1), today_label="Hôm nay",
                       y_order=["B 2018", "A 2024"])
    markers = [tr for tr in fig.data if tr.mode == "markers"]
    assert {tr.name for tr in markers} == set(KINDS.values())
    assert [list(cd) for tr in markers if tr.name == "Hạn báo cáo" for cd in tr.customdata] == [["p2", 30, "report"]]
    assert len([tr for tr in fig.data if tr.mode == "lines"]) == 2  # action month + month-long event
    assert list(fig.layout.yaxis.categoryarray) == ["B 2018", "A 2024"]
    assert fig.layout.shapes and fig.layout.annotations[0].text == "Hôm nay"


def test_fig_timeline_hides_today_far_from_the_data_but_not_in_cycle_mode():
    items = item_spans(ITEMS.iloc[[2]]).assign(hover="x")
    far = dt.date(2030, 1, 1)
    assert not fig_timeline(items, "plan_label", KINDS, today=far).layout.shapes
    cycle = fig_timeline(items, "plan_label", KINDS, today=far, cycle=True)
    assert cycle.layout.shapes and cycle.data[0].x[0] == pd.Timestamp("2000-06-10")


def test_fig_timeline_empty():
    assert len(fig_timeline(item_spans(ITEMS.iloc[0:0]).assign(hover=[]), "plan_label", KINDS).data) == 0
