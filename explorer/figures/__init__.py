"""Pure figure builders: fig_*(DataFrame) -> go.Figure, one module per page."""

from __future__ import annotations

from functools import cache

import plotly.graph_objects as go

PALETTE = ["#c2185b", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#8d6e63", "#546e7a",
           "#d81b60", "#5e35b1", "#43a047", "#fdd835", "#3949ab", "#f4511e", "#00acc1", "#7cb342", "#9e9e9e"]
FONT = "DejaVu Sans, Arial, sans-serif"


@cache
def _white() -> go.layout.Template:
    """plotly_white, looked up once: naming it re-reads and validates the template for every figure (~10 ms)."""
    import plotly.io as pio

    return pio.templates["plotly_white"]


def style(fig: go.Figure, title: str | None = None, height: int | None = None) -> go.Figure:
    """House style: readable on a projector, Vietnamese-capable font, no clutter."""
    fig.update_layout(
        title=title, font={"family": FONT, "size": 14}, template=_white(), colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 90 if title else 50, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        separators=",.",  # Vietnamese: comma for decimals, dot for thousands
    )
    if height:
        fig.update_layout(height=height)
    return fig
