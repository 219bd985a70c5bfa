"""Figures of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import style
from loaders.textnorm import sort_key


def fig_coverage(df: pd.DataFrame, title: str, plans_label: str) -> go.Figure:
    """Unit × year matrix: a filled cell means the unit has a plan for that year."""
    units = sorted(df["unit"].unique(), key=sort_key)
    years = sorted(df["plan_year"].unique())
    grid = df.pivot_table(index="unit", columns="plan_year", values="plans", aggfunc="sum").reindex(
        index=units, columns=years)
    docs = df.pivot_table(index="unit", columns="plan_year", values="documents", aggfunc="first").reindex(
        index=units, columns=years)
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[str(y) for y in years], y=units, colorscale=[[0, "#f8bbd0"], [1, "#c2185b"]],
        showscale=False, xgap=3, ygap=3, customdata=docs.values,
        hovertemplate="%{y} · %{x}<br>" + plans_label + ": %{z}<br>%{customdata}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    return style(fig, title, height=max(260, 60 + 36 * len(units)))
