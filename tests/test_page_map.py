"""Bản đồ / Map page: offline bubble map on lon/lat axes, groupings and measures, emptying filters, figure."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer.figures.map import fig_bubbles

ROOT = Path(__file__).parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "map.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory) -> Path:
    """The shipped corpus ingested by the real loader, once for this module."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("map") / "plans.duckdb"
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


def the_map(at: AppTest) -> dict:
    specs = [c.spec for c in charts(at)]
    assert len(specs) == 1
    return specs[0]


def values(data) -> list:
    """A trace array from a chart spec: plain list, or Plotly's typed array {"dtype", "bdata"}."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)


def bubble_places(spec: dict) -> set[str]:
    return {p for tr in spec["data"] if tr.get("mode") == "markers+text" for p in tr["text"]}


# --- The page -----------------------------------------------------------------------------------------------------

def test_default_map_is_offline_and_shows_the_five_units():
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    spec = the_map(at)
    assert all(tr.get("type", "scatter") == "scatter" for tr in spec["data"])  # no geo/mapbox traces
    assert "geo" not in spec["layout"] and "mapbox" not in spec["layout"]
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"
    assert bubble_places(spec) == {"Bắc Kạn", "Lạng Giang", "Quảng Ngãi", "Thừa Thiên Huế", "Triệu Sơn"}
    background = spec["data"][0]
    assert len(values(background["x"])) == 63  # every legacy province as a faint point
    assert {tr["name"] for tr in spec["data"][1:]} == {"Cấp tỉnh", "Cấp huyện"}
    table = at.dataframe[-1].value
    assert set(table["Tỉnh sau 2025"]) >= {"Thái Nguyên", "Bắc Ninh", "Huế"}


def test_many_places_name_only_the_largest_bubbles(monkeypatch):
    """More places than map.MAX_LABELS: every place keeps its clickable bubble and hover, only the largest are
    named on the map (a separate text trace)."""
    from explorer.figures import map as map_figures

    monkeypatch.setattr(map_figures, "MAX_LABELS", 2)
    at = run_page()
    assert not at.exception, [e.value for e in at.exception]
    spec = the_map(at)
    bubbles = [tr for tr in spec["data"][1:] if tr.get("mode") == "markers"]
    assert sum(len(tr["customdata"]) for tr in bubbles) == 5  # every place is still a bubble
    names = [tr for tr in spec["data"] if tr.get("mode") == "text"]
    assert len(names) == 1 and len(names[0]["text"]) == 2 and "hoverinfo" in names[0]


def test_group_by_2025_province_and_size_by_targets():
    at = run_page()
    at.radio(key="map_group").set_value("province_2025").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = the_map(at)
    assert bubble_places(spec) == {"Thái Nguyên", "Bắc Ninh", "Quảng Ngãi", "Huế", "Thanh Hóa"}
    assert len(values(spec["data"][0]["x"])) == 34  # the 34 provinces after the merger as context
    at.radio(key="map_measure").set_value("targets").run()
    at.radio(key="map_colour").set_value("year").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = the_map(at)
    bubbles = [tr for tr in spec["data"] if tr.get("mode") == "markers+text"]
    assert len(bubbles) == 1 and bubbles[0]["marker"]["showscale"]
    sizes = dict(zip(bubbles[0]["text"], values(bubbles[0]["marker"]["size"]), strict=True))
    assert sizes["Bắc Ninh"] == 5  # Lạng Giang's five targets


def test_group_by_province_uses_province_centroids():
    at = run_page()
    at.radio(key="map_group").set_value("province").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = the_map(at)
    assert "Bắc Giang" in bubble_places(spec)


def test_english_labels():
    at = run_page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Map"
    assert the_map(at)["layout"]["xaxis"]["title"]["text"] == "Longitude"


def test_unknown_province_empties_without_error():
    at = run_page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert not charts(at)
    assert at.info


def test_filters_that_match_no_plan_empty_without_error():
    at = run_page(provinces="Bắc Kạn", year_from="2024")
    assert not at.exception, [e.value for e in at.exception]
    assert not charts(at)


# --- Figure ----------------------------------------------------------------------------------------------------------

UNITS = pd.DataFrame({
    "place_key": ["A", "A/B"], "place": ["A", "B"], "provinces": ["A", "A"], "provinces_2025": ["X", None],
    "levels": ["tỉnh", "huyện"], "lat": [21.0, 16.0], "lon": [105.8, 107.6], "plans": [2, 1], "targets": [0, 5],
    "activities": [10, 3], "first_year": [2018, 2024], "latest_year": [2020, 2024], "plan_list": ["a; b", "c"],
})
LABELS = {"size": "Kế hoạch", "province": "Tỉnh", "province_2025": "Tỉnh 2025", "level": "Cấp", "plans": "KH",
          "targets": "CT", "activities": "HĐ", "years": "Năm", "latest_year": "Năm mới nhất", "lon": "Kinh độ",
          "lat": "Vĩ độ", "background": "Tỉnh khác"}
LEVELS = {"tỉnh": "Cấp tỉnh", "huyện": "Cấp huyện", "xã": "Cấp xã"}
BACKGROUND = pd.DataFrame({"name": ["P", "Q"], "lat": [10.0, 22.0], "lon": [106.0, 104.0]})


def test_fig_bubbles_by_level():
    fig = fig_bubbles(UNITS, "plans", LABELS, LEVELS, background=BACKGROUND)
    assert fig.data[0].name == "Tỉnh khác" and len(fig.data[0].x) == 2
    bubbles = {tr.name: tr for tr in fig.data[1:]}
    assert set(bubbles) == {"Cấp tỉnh", "Cấp huyện"}
    assert bubbles["Cấp tỉnh"].x[0] == 105.8 and bubbles["Cấp tỉnh"].y[0] == 21.0  # x = lon, y = lat
    assert bubbles["Cấp tỉnh"].marker.sizemode == "area"
    assert list(bubbles["Cấp huyện"].customdata[0]) == ["A/B"]
    assert "Tỉnh 2025: –" in bubbles["Cấp huyện"].hovertext[0]
    assert fig.layout.yaxis.scaleanchor == "x"


def test_fig_bubbles_by_year_and_zero_measure():
    fig = fig_bubbles(UNITS.assign(targets=0), "targets", LABELS, LEVELS, color_by="year")
    assert len(fig.data) == 1 and list(fig.data[0].marker.color) == [2020, 2024]
    assert fig.data[0].marker.sizeref > 0


def test_fig_bubbles_without_places_keeps_the_background():
    fig = fig_bubbles(UNITS.iloc[0:0], "plans", LABELS, LEVELS, background=BACKGROUND)
    assert len(fig.data) == 1
    assert len(fig_bubbles(UNITS.assign(lat=None), "plans", LABELS, LEVELS).data) == 0
