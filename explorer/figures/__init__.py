"""Pure figure builders: fig_*(DataFrame) -> go.Figure, one module per page."""

from __future__ import annotations

import plotly.graph_objects as go

PALETTE = ["#c2185b", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#8d6e63", "#546e7a",
           "#d81b60", "#5e35b1", "#43a047", "#fdd835", "#3949ab", "#f4511e", "#00acc1", "#7cb342", "#9e9e9e"]
FONT = "DejaVu Sans, Arial, sans-serif"


INK = "#2a3f5f"  # plotly_white's text and grid colours
GRID = "#EBF0F8"
AXIS = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "zerolinewidth": 2, "ticks": "",
        "title": {"standoff": 15}, "automargin": True}
LOOK = {"font": {"color": INK}, "paper_bgcolor": "white", "plot_bgcolor": "white", "hoverlabel": {"align": "left"},
        "autotypenumbers": "strict"}  # strict: categories that look like numbers ("2019") stay categories


def wrap(text: str, width: int = 18) -> str:
    """Break a long axis label into lines (Plotly takes <br>)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _fill_unset(part, values: dict) -> None:
    """Give `part` (a Plotly layout, axis, marker…) each of `values` it has not set itself, nested."""
    for key, value in values.items():
        if isinstance(value, dict):
            _fill_unset(part[key], value)
        elif part[key] is None:
            part[key] = value


def style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """House style: readable on a projector, Vietnamese-capable font, no clutter.

    plotly_white's look is written into the figure itself, not named as a template: Plotly.react compares a
    template by identity, so a chart that carries one is drawn again in full whenever it is handed an equal
    copy, which st.plotly_chart does once after mounting every chart (the fallback of explorer.plotly_chart;
    see plotly_chart.for_screen)."""
    fig.update_layout(
        title=title, font={"family": FONT, "size": 14}, colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 90 if title else 50, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        separators=",.",  # Vietnamese: comma for decimals, dot for thousands
    )
    fig.layout.template = None  # not even plotly.py's default one
    # What the template gave, as defaults: a value the figure set itself stays.
    _fill_unset(fig.layout, LOOK)
    if title:
        _fill_unset(fig.layout.title, {"x": 0.05})
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        _fill_unset(axis, AXIS)
    for trace in fig.data:
        if trace.type == "bar":
            _fill_unset(trace.marker.line, {"color": "white", "width": 0.5})
        # Colour bars that are shown (a heatmap's unless hidden, a marker's only when asked for): writing into a
        # marker's colour bar makes plotly.js give the trace a colour scale and draw a bar of its own.
        for part, shown in ((trace, True), (getattr(trace, "marker", None), False)):
            if part is not None and "colorbar" in part and (shown if part.showscale is None else part.showscale):
                _fill_unset(part.colorbar, {"outlinewidth": 0})
    if height:
        fig.update_layout(height=height)
    return fig
