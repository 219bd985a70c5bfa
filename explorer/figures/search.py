"""Figures of the search page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style


def fig_hits(df: pd.DataFrame, plans: list[str], kinds: dict[str, str], count_title: str) -> go.Figure:
    """Results per plan, stacked by kind of row. `df`: plan_label, kind, results; `kinds` maps kind -> label."""
    fig = go.Figure()
    for i, (kind, kind_label) in enumerate(kinds.items()):
        part = df[df["kind"] == kind].set_index("plan_label").reindex(plans)
        if part["results"].fillna(0).sum() == 0:
            continue
        fig.add_trace(go.Bar(y=plans, x=part["results"].fillna(0), name=kind_label, orientation="h",
                             marker_color=PALETTE[i % len(PALETTE)],
                             hovertemplate="%{y}<br>%{fullData.name}: %{x}<extra></extra>"))
    fig.update_layout(barmode="stack", xaxis_title=count_title, legend_title_text="", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    return style(fig, None, height=max(200, 100 + 36 * len(plans)))
