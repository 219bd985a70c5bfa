"""Figures of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import style
from explorer.figures.targets import MAX_CELL_TEXTS
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


def fig_coverage_provinces(df: pd.DataFrame, title: str, plans_label: str, units_label: str,
                           own_label: str) -> go.Figure:
    """Province × year (districts' plans counted in their province): the number of plans in each cell.

    df: province, plan_year, plans, units (issuing units with a plan that year), province_plans.
    """
    provinces = sorted(df["province"].unique(), key=sort_key)
    years = sorted(df["plan_year"].unique())
    grid = df.pivot_table(index="province", columns="plan_year", values="plans", aggfunc="sum").reindex(
        index=provinces, columns=years)
    units = df.pivot_table(index="province", columns="plan_year", values="units", aggfunc="sum").reindex_like(grid)
    own = df.pivot_table(index="province", columns="plan_year", values="province_plans", aggfunc="sum").reindex_like(grid)
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[str(y) for y in years], y=provinces, colorscale=[[0, "#f8bbd0"], [1, "#880e4f"]],
        text=grid.map(lambda v: "" if v != v else str(int(v))).values, textfont={"size": 11},
        texttemplate="%{text}" if grid.size <= MAX_CELL_TEXTS else None,  # the browser measures each text
        customdata=[[[int(u) if u == u else 0, int(o) if o == o else 0] for u, o in zip(ur, orow, strict=True)]
                    for ur, orow in zip(units.values, own.values, strict=True)],
        colorbar={"title": {"text": plans_label}}, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}<br>" + plans_label + ": %{z}<br>" + units_label + ": %{customdata[0]}<br>"
                      + own_label + ": %{customdata[1]}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category", side="top")
    return style(fig, title, height=max(260, 80 + 22 * len(provinces)))
