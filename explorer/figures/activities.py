"""Figures of the activities page: theme mix per plan, theme trend by plan year, and the list filter."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style


def theme_colors(theme_order: Sequence[str]) -> dict[str, str]:
    """One fixed colour per theme (reference order), the same on every chart."""
    return {theme: PALETTE[i % len(PALETTE)] for i, theme in enumerate(theme_order)}


def theme_shares(mix: pd.DataFrame) -> pd.DataFrame:
    """Add share_mentions (of the plan's theme mentions; sums to 1 per plan) and share_activities
    (of the plan's activities carrying the theme) to plan × theme rows."""
    out = mix.copy()
    out["share_mentions"] = out["activities"] / out["plan_mentions"].where(out["plan_mentions"] > 0)
    out["share_activities"] = out["activities"] / out["plan_activities"].where(out["plan_activities"] > 0)
    return out


def _some(labels: pd.Series, limit: int = 8) -> str:
    """"A; B; C … (+97)": a hover-sized list of plan labels (a year can have a thousand plans)."""
    names = list(labels)
    return "; ".join(names[:limit]) + (f" … (+{len(names) - limit})" if len(names) > limit else "")


def theme_trend(mix: pd.DataFrame) -> pd.DataFrame:
    """Plan year × theme: activities carrying the theme over all activities of that year's plans.
    `plans` names the year's plans (the first few and how many more when there are many)."""
    if mix.empty:
        return pd.DataFrame(columns=["plan_year", "theme_id", "activities", "year_activities", "share", "plans"])
    years = mix.drop_duplicates("plan_id").groupby("plan_year").agg(
        year_activities=("plan_activities", "sum"), plans=("plan_label", _some))
    trend = mix.groupby(["plan_year", "theme_id"], as_index=False)["activities"].sum()
    trend = trend.join(years, on="plan_year")
    trend["share"] = trend["activities"] / trend["year_activities"].where(trend["year_activities"] > 0)
    return trend.sort_values(["plan_year", "theme_id"]).reset_index(drop=True)


def fig_theme_mix(mix: pd.DataFrame, theme_order: Sequence[str], theme_names: dict[str, str], title: str,
                  y_label: str, count_label: str, share: bool = True) -> go.Figure:
    """Stacked bars, one per plan (in the order of `mix`), one segment per theme.

    mix: plan_id, plan_label, theme_id, activities, share_mentions (from theme_shares).
    share=True stacks shares of the plan's theme mentions (each bar sums to 100%), else activity counts.
    customdata = [plan_id, theme_id].
    """
    plans = list(dict.fromkeys(mix["plan_label"]))
    colors = theme_colors(theme_order)
    fig = go.Figure()
    for theme in [th for th in theme_order if th in set(mix["theme_id"])]:
        rows = mix[mix["theme_id"] == theme]
        name = theme_names.get(theme, theme)
        y = rows["share_mentions"] * 100 if share else rows["activities"]
        fig.add_trace(go.Bar(
            x=rows["plan_label"], y=y, name=name, marker_color=colors.get(theme),
            customdata=rows[["plan_id", "theme_id"]].values, meta=name, text=rows["activities"],
            hovertemplate="%{x}<br>%{meta}: %{y:.1f}" + ("%" if share else "") + f" · {count_label}: " + "%{text}"
                          + "<extra></extra>",
            textposition="none",
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=plans)
    fig.update_yaxes(title=y_label, ticksuffix="%" if share else "", range=[0, 100] if share else None)
    fig = style(fig, title, height=520)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"})
    return fig


def fig_theme_trend(trend: pd.DataFrame, theme_order: Sequence[str], theme_names: dict[str, str], title: str,
                    y_label: str, x_label: str) -> go.Figure:
    """One line per theme: % of the year's activities carrying it. customdata = [plan_year, theme_id]."""
    colors = theme_colors(theme_order)
    years = sorted(int(y) for y in trend["plan_year"].unique())
    fig = go.Figure()
    for theme in [th for th in theme_order if th in set(trend["theme_id"])]:
        rows = trend[trend["theme_id"] == theme].sort_values("plan_year")
        name = theme_names.get(theme, theme)
        fig.add_trace(go.Scatter(
            x=rows["plan_year"], y=rows["share"] * 100, mode="lines+markers", name=name, meta=name,
            line={"color": colors.get(theme), "width": 2}, marker={"size": 10},
            customdata=rows[["plan_year", "theme_id"]].values, text=rows["plans"],
            hovertemplate="%{x} · %{meta}: %{y:.0f}%<br>%{text}<extra></extra>",
        ))
    fig.update_xaxes(title=x_label, tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    fig.update_yaxes(title=y_label, ticksuffix="%", rangemode="tozero")
    fig = style(fig, title, height=480)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"})
    return fig
