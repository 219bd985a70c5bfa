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


def style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """House style: readable on a projector, Vietnamese-capable font, no clutter.

    plotly_white's look is written into the figure itself, not named as a template: Plotly.react compares a
    template by identity, so a chart that carries one is drawn again in full whenever it is handed an equal
    copy, which Streamlit does once after mounting every chart (see ui.for_screen)."""
    fig.update_layout(
        title=title, font={"family": FONT, "size": 14, "color": INK}, colorway=PALETTE,
        paper_bgcolor="white", plot_bgcolor="white", hoverlabel={"align": "left"},
        margin={"l": 10, "r": 10, "t": 90 if title else 50, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        separators=",.",  # Vietnamese: comma for decimals, dot for thousands
    )
    if title:
        fig.update_layout(title_x=0.05)
    fig.layout.template = None  # not even plotly.py's default one
    fig.update_xaxes(AXIS)
    fig.update_yaxes(AXIS)
    for trace in fig.data:
        if trace.type == "bar" and trace.marker.line.width is None:
            trace.marker.line = {"color": "white", "width": 0.5}
    if height:
        fig.update_layout(height=height)
    return fig
