"""explorer.plotly_chart: the served plotly.js copy, and st.plotly_chart where it cannot be served."""

from __future__ import annotations

import os

import plotly.offline
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from explorer import plotly_chart

VERSION = plotly.offline.get_plotlyjs_version()


@pytest.fixture
def options(monkeypatch):
    """Streamlit options as a test sets them."""
    values = {"server.enableStaticServing": True, "server.baseUrlPath": ""}
    real = plotly_chart.st.get_option
    monkeypatch.setattr(plotly_chart.st, "get_option", lambda key: values[key] if key in values else real(key))
    return values


def test_the_copy_is_written_once_dated_long_ago_and_replaces_an_older_version(tmp_path, monkeypatch, options):
    static = tmp_path / "static"
    static.mkdir()
    (static / "plotly-0.0.1.min.js").write_text("old", encoding="utf-8")
    monkeypatch.setattr(plotly_chart, "STATIC", static)
    assert plotly_chart.script_url() == f"/app/static/plotly-{VERSION}.min.js"
    copy = static / f"plotly-{VERSION}.min.js"
    assert copy.read_text(encoding="utf-8") == plotly.offline.get_plotlyjs()
    assert copy.stat().st_mtime == plotly_chart.LAST_MODIFIED  # browsers keep it fresh for years, compiled
    assert copy.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in static.iterdir()) == [copy.name]  # the old copy gone, no .part left
    copy.unlink()  # removed while the server runs (a clean-up of ignored files): written again
    assert plotly_chart.script_url() and copy.exists()
    os.utime(copy, (1e9, 1e9))  # a copy restored from elsewhere: its old date back
    assert plotly_chart.script_url() and copy.stat().st_mtime == plotly_chart.LAST_MODIFIED


def test_the_url_follows_the_base_path(tmp_path, monkeypatch, options):
    monkeypatch.setattr(plotly_chart, "STATIC", tmp_path / "static")
    options["server.baseUrlPath"] = "/plans/"
    assert plotly_chart.script_url() == f"/plans/app/static/plotly-{VERSION}.min.js"


def test_no_copy_without_static_serving_or_a_writable_folder(tmp_path, monkeypatch, options):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(plotly_chart, "STATIC", blocker / "static")  # its parent is a file: mkdir fails
    assert plotly_chart.script_url() is None
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]  # nothing half-written left
    monkeypatch.setattr(plotly_chart, "STATIC", tmp_path / "static")
    options["server.enableStaticServing"] = False
    assert plotly_chart.script_url() is None
    assert not (tmp_path / "static").exists()


def _page() -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from explorer import ui

    frame = pd.DataFrame({"unit": ["Lạng Giang", "Triệu Sơn"], "plans": [3, 12]})
    fig = go.Figure(go.Bar(x=frame["unit"], y=frame["plans"], customdata=[["a"], ["b"]]))
    ui.chart(fig, frame, "bars", sources=lambda points: None)


def test_a_chart_is_the_component_with_its_figure_or_st_plotly_chart_without_the_copy(tmp_path, monkeypatch,
                                                                                        options):
    monkeypatch.setattr(plotly_chart, "STATIC", tmp_path / "static")
    at = AppTest.from_function(_page, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    [chart] = charts(at)
    assert chart.key == "chart_bars"
    assert chart.spec["data"][0]["y"] == [3, 12] and chart.spec["layout"]["clickmode"] == "event+select"
    assert not at.get("plotly_chart")
    assert os.path.exists(tmp_path / "static" / f"plotly-{VERSION}.min.js")

    options["server.enableStaticServing"] = False
    at = AppTest.from_function(_page, default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not charts(at) and len(at.get("plotly_chart")) == 1


def test_a_selection_counts_only_on_the_figure_it_was_made_on():
    """Points clicked on one figure mean nothing on the next (another unit, filter or branch of the page)."""
    clicked = {"points": [{"customdata": ["p1", "d1"]}], "revision": "abc"}
    assert plotly_chart.current_points(clicked, "abc") == [{"customdata": ["p1", "d1"]}]
    assert plotly_chart.current_points(clicked, "def") == []
    assert plotly_chart.current_points(None, "abc") == []
    assert plotly_chart.current_points({"points": [], "revision": "abc"}, "abc") == []


BUILDS: list[str] = []


def _counted_bars(frame, title: str):
    """A pure figure function that counts its calls."""
    import plotly.graph_objects as go

    BUILDS.append(title)
    return go.Figure(go.Bar(x=frame["unit"], y=frame["plans"]), layout={"title": title})


def _other_bars(frame, title: str):
    return _counted_bars(frame, title)


def test_a_drawing_is_keyed_by_its_function_and_every_argument():
    import pandas as pd

    frame = pd.DataFrame({"unit": ["Lạng Giang", "Triệu Sơn"], "plans": [3, 12]})
    key = plotly_chart.drawing(_counted_bars, frame, "Kế hoạch").key()
    assert key == plotly_chart.drawing(_counted_bars, frame.copy(), "Kế hoạch").key()  # equal data, same figure
    assert key != plotly_chart.drawing(_counted_bars, frame.assign(plans=[3, 13]), "Kế hoạch").key()
    assert key != plotly_chart.drawing(_counted_bars, frame, "Plans").key()  # labels: another language
    assert key != plotly_chart.drawing(_counted_bars, frame, title="Kế hoạch").key()
    assert key != plotly_chart.drawing(_other_bars, frame, "Kế hoạch").key()
    assert plotly_chart.drawing(_counted_bars, frame, lambda: "not picklable").key() is None  # built every time


def _drawn_page() -> None:
    import pandas as pd
    import streamlit as st
    import test_plotly_chart as here

    from explorer import ui
    from explorer.plotly_chart import drawing

    frame = pd.DataFrame({"unit": ["Lạng Giang", "Triệu Sơn"], "plans": [3, int(st.query_params.get("n", 12))]})
    ui.chart(drawing(here._counted_bars, frame, "Kế hoạch"), frame, "bars", sources=lambda points: None)


def test_a_drawing_is_built_once_for_the_same_data_and_again_for_other_data(tmp_path, monkeypatch, options):
    """Reruns and other sessions showing the same figure get it without building it again (plotly.py's
    validation is most of a chart page's server time); the chart is the same as one built every time."""
    import test_plotly_chart as here

    monkeypatch.setattr(plotly_chart, "STATIC", tmp_path / "static")
    plotly_chart._cached_screen_json.clear()
    here.BUILDS.clear()
    at = AppTest.from_function(_drawn_page, default_timeout=30).run()
    first = charts(at)
    at.run()
    AppTest.from_function(_drawn_page, default_timeout=30).run()  # another session
    assert here.BUILDS == ["Kế hoạch"]
    assert charts(at) == first and first[0].spec["data"][0]["y"] == [3, 12]
    assert first[0].spec["layout"]["clickmode"] == "event+select"  # selectable, as a figure built every time
    at.query_params["n"] = "13"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert here.BUILDS == ["Kế hoạch"] * 2 and charts(at)[0].spec["data"][0]["y"] == [3, 13]
