"""Figures of the compare page: pure functions of already-labelled frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style, wrap
from loaders.textnorm import sort_key


def fig_theme_mix(df: pd.DataFrame, plans: list[str], value: str, value_title: str, percent: bool) -> go.Figure:
    """Theme mix side by side: one horizontal bar per plan for each theme.

    `df`: plan_label, theme_label, plan_id, theme_id and the `value` column; `plans` gives the plan order.
    customdata = (plan_id, theme_id) so a click can show the activities behind a bar.
    """
    totals = df.groupby("theme_label")[value].sum()
    themes = sorted(totals.index, key=lambda th: (-totals[th], sort_key(th)))
    fig = go.Figure()
    for i, plan in enumerate(plans):
        part = df[df["plan_label"] == plan].set_index("theme_label").reindex(themes)
        fig.add_trace(go.Bar(
            y=themes, x=part[value].fillna(0), name=plan, orientation="h", marker_color=PALETTE[i % len(PALETTE)],
            customdata=list(zip(part["plan_id"].fillna(""), part["theme_id"].fillna(""), strict=True)),
            hovertemplate="%{y}<br>%{fullData.name}: %{x" + (":.0%" if percent else "") + "}<extra></extra>",
        ))
    fig.update_layout(barmode="group", xaxis_title=value_title, legend_title_text="")
    if percent:
        fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return style(fig, None, height=max(300, 80 + len(themes) * (12 + 10 * len(plans))))


def fig_agencies(df: pd.DataFrame, plans: list[str], roles: dict[str, str], count_title: str) -> go.Figure:
    """Agency × plan dot matrix: one dot per role (size = sentences naming the agency in that role).

    `df`: plan_label, agency_label, role, mentions, plan_id, agency_key; `roles` maps role code -> label (order kept).
    customdata = (plan_id, agency_key, role).
    """
    totals = df.groupby("agency_label")["mentions"].sum()
    agencies = sorted(totals.index, key=lambda a: (-totals[a], sort_key(a)))
    biggest = max(float(df["mentions"].max()), 1.0) if not df.empty else 1.0
    fig = go.Figure()
    for i, (role, role_label) in enumerate(roles.items()):
        part = df[df["role"] == role]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["plan_label"], y=part["agency_label"], mode="markers", name=role_label,
            marker={"size": 8 + 22 * (part["mentions"] / biggest) ** 0.5, "color": PALETTE[i % len(PALETTE)],
                    "line": {"width": 1, "color": "#fff"}},
            customdata=list(zip(part["plan_id"], part["agency_key"], part["role"], part["mentions"], strict=True)),
            hovertemplate="%{y}<br>%{x}<br>%{fullData.name}: %{customdata[3]} " + count_title + "<extra></extra>",
        ))
    fig.update_layout(scattermode="group")
    # Plan names wrapped at " · " so they stay horizontal; the legend above the plot, out of their way.
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=plans, tickvals=plans,
                     ticktext=[wrap(p, 16) for p in plans], tickangle=0, automargin=True)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=agencies, autorange="reversed",
                     automargin=True)
    fig = style(fig, None, height=max(300, 140 + 28 * len(agencies)))
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title_text": ""})
    return fig


def fig_reuse(df: pd.DataFrame, shared_label: str, unique_label: str) -> go.Figure:
    """Share of each plan's paragraph text that is reused from / shared with other plans, and what is its own.

    `df`: plan_label, share (0..1).
    """
    plans = df["plan_label"].tolist()
    shared = df["share"].astype(float).tolist()
    fig = go.Figure([
        go.Bar(y=plans, x=shared, name=shared_label, orientation="h", marker_color=PALETTE[1],
               text=[f"{s:.0%}" if s >= 0.06 else "" for s in shared], textposition="inside", textangle=0,
               hovertemplate="%{y}<br>%{fullData.name}: %{x:.0%}<extra></extra>"),
        go.Bar(y=plans, x=[1 - s for s in shared], name=unique_label, orientation="h", marker_color=PALETTE[3],
               text=[f"{1 - s:.0%}" if 1 - s >= 0.06 else "" for s in shared], textposition="inside", textangle=0,
               hovertemplate="%{y}<br>%{fullData.name}: %{x:.0%}<extra></extra>"),
    ])
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(autorange="reversed")
    return style(fig, None, height=max(180, 90 + 40 * len(plans)))
