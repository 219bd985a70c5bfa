"""plotly_chart.for_screen and figures.style: a figure Plotly can take again without recalculating it (see the browser test
for the effect in Chromium), with its data and look unchanged."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from explorer.figures import style
from explorer.plotly_chart import for_screen


def _figure() -> go.Figure:
    frame = pd.DataFrame({"year": [2023, 2024, 2025], "plans": [3, 5, 8], "share": [0.25, 0.5, 0.125]})
    fig = go.Figure(go.Bar(x=frame["year"], y=frame["plans"], customdata=frame[["share"]].values,
                           marker={"color": frame["share"]}, name="Kế hoạch"))
    fig.add_trace(go.Scatter(x=np.array([2023, 2025]), y=np.array([1.5, 2.5]), text=["a", "b"]))
    fig.update_xaxes(tickvals=np.array([2023, 2024, 2025]))
    return style(fig, "Số kế hoạch", height=300)


def _spec(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def test_style_writes_the_house_look_without_a_template():
    spec = _spec(_figure())
    assert "template" not in spec["layout"]
    assert spec["layout"]["font"]["family"].startswith("DejaVu Sans")
    assert spec["layout"]["separators"] == ",."
    assert spec["layout"]["xaxis"]["gridcolor"] == spec["layout"]["yaxis"]["gridcolor"]
    assert spec["data"][0]["marker"]["line"] == {"color": "white", "width": 0.5}


def test_numbers_go_as_plain_lists_with_the_same_values():
    before = _figure()
    plain = _spec(before)  # base64 here: plotly.py's default for numpy arrays
    assert "bdata" in json.dumps(plain)
    after = _spec(for_screen(_figure()))
    assert "bdata" not in json.dumps(after)
    assert after["data"][0]["x"] == [2023, 2024, 2025] and after["data"][0]["y"] == [3, 5, 8]
    assert after["data"][0]["customdata"] == [[0.25], [0.5], [0.125]]
    assert after["data"][0]["marker"]["color"] == [0.25, 0.5, 0.125]
    assert after["data"][1]["y"] == [1.5, 2.5] and after["data"][1]["text"] == ["a", "b"]
    assert after["layout"]["xaxis"]["tickvals"] == [2023, 2024, 2025]


def test_the_revision_follows_the_figure():
    one, same, other = for_screen(_figure()), for_screen(_figure()), _figure()
    other.data[0].y = [3, 5, 9]
    other = for_screen(other)
    assert one.layout.datarevision and one.layout.datarevision == same.layout.datarevision
    assert other.layout.datarevision != one.layout.datarevision
    revision = one.layout.datarevision
    assert for_screen(one).layout.datarevision == revision  # a figure passed twice keeps its revision


def test_a_selectable_chart_gets_the_modes_streamlit_would_set():
    fig = for_screen(_figure(), selectable=True)
    assert (fig.layout.clickmode, fig.layout.hovermode, fig.layout.dragmode) == ("event+select", "closest", "pan")
    own = _figure().update_layout(hovermode="x unified")
    assert for_screen(own, selectable=True).layout.hovermode == "x unified"
    assert for_screen(_figure()).layout.clickmode is None


def test_style_keeps_what_a_figure_set_itself():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4], marker={"line": {"width": 0}}))
    fig.update_xaxes(gridcolor="#f0f0f0", automargin=False)
    fig.update_layout(plot_bgcolor="#fafafa", hoverlabel={"align": "right"})
    spec = _spec(style(fig, "T"))
    assert spec["layout"]["xaxis"]["gridcolor"] == "#f0f0f0" and spec["layout"]["xaxis"]["automargin"] is False
    assert spec["layout"]["yaxis"]["gridcolor"] != "#f0f0f0"  # the house default where nothing was set
    assert spec["layout"]["plot_bgcolor"] == "#fafafa" and spec["layout"]["hoverlabel"]["align"] == "right"
    assert spec["data"][0]["marker"]["line"] == {"width": 0, "color": "white"}


def test_whole_numbers_stay_whole_and_gaps_stay_gaps():
    """plotly.py keeps a numeric `text` as floats; sent as 12.0 it would read "12.0" on the bar."""
    fig = go.Figure(go.Bar(x=["a", "b", "c"], y=[3.5, np.nan, 12], text=pd.Series([3, 12, 7]),
                           customdata=np.array([[1.0, 2.5], [np.nan, 4.0], [5.0, 6.0]])))
    spec = _spec(for_screen(style(fig)))
    assert spec["data"][0]["text"] == ["3", "12", "7"]
    assert spec["data"][0]["y"] == [3.5, None, 12]
    assert spec["data"][0]["customdata"] == [[1, 2.5], [None, 4], [5, 6]]


def test_a_figure_rebuilt_from_its_dict_is_sent_the_same_way():
    """st.cache_data pickles figures (the presentation's slides): the copy comes back with plotly.py's default
    template and its arrays as base64 specs; for_screen sends it as the original."""
    import pickle

    original = _spec(for_screen(_figure()))
    rebuilt = pickle.loads(pickle.dumps(_figure()))
    assert "template" in _spec(rebuilt)["layout"] and "bdata" in json.dumps(_spec(rebuilt))
    again = _spec(for_screen(rebuilt))
    assert again["layout"].pop("datarevision") and original["layout"].pop("datarevision")  # hashes of the JSON text
    assert again == original


def test_style_outlines_no_colour_bar_but_the_shown_ones():
    """A colour bar written into a marker that shows none makes plotly.js draw one (the agencies matrix had a
    stray red bar over its own); a heatmap's bar, or a marker's asked for, loses its outline."""
    fig = go.Figure(go.Heatmap(z=[[1, 2]], colorbar={"title": {"text": "kế hoạch"}}))
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 0], mode="markers", marker={"opacity": 0}))
    fig.add_trace(go.Scatter(x=[0, 1], y=[1, 1], mode="markers", marker={"color": [1, 2], "showscale": True}))
    fig.add_trace(go.Heatmap(z=[[1, 2]], showscale=False))
    heat, clear, scaled, hidden = _spec(style(fig))["data"]
    assert heat["colorbar"]["outlinewidth"] == 0 and heat["colorbar"]["title"]["text"] == "kế hoạch"
    assert "colorbar" not in clear["marker"]
    assert scaled["marker"]["colorbar"]["outlinewidth"] == 0
    assert "colorbar" not in hidden
