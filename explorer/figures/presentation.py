"""Figures of the presentation page (Trình chiếu) and the printable brief: page charts restyled for a projector,
the agencies leading tasks, and the theme shares of a brief."""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import FONT, PALETTE, style

SLIDE_FONT = 20  # CSS px at the 960×540 slide layout, rendered ×2 (1920×1080): ~15 pt on a 10-inch picture


def for_slide(fig: go.Figure, height: int | None = None, copy_first: bool = False) -> go.Figure:
    """A page figure restyled for a slide: large fonts, no title (the slide has one), white background.

    Changes `fig` itself (figures are built fresh for each slide; copying one costs ~0.2 s) unless `copy_first`.
    """
    out = copy.deepcopy(fig) if copy_first else fig
    margin = out.layout.margin
    out.update_layout(
        title=None, width=None, height=height, font={"family": FONT, "size": SLIDE_FONT},
        paper_bgcolor="white", plot_bgcolor="white", hoverlabel={"font": {"size": SLIDE_FONT}},
        margin={side: max(20 if side != "t" else 40, getattr(margin, side) or 0) for side in ("l", "r", "t", "b")},
    )
    out.update_layout(legend={"font": {"size": SLIDE_FONT - 2}},
                      uniformtext={"minsize": SLIDE_FONT - 6, "mode": "show"})  # bar labels stay legible
    out.update_xaxes(tickfont={"size": SLIDE_FONT - 2}, title_font={"size": SLIDE_FONT}, automargin=True)
    out.update_yaxes(tickfont={"size": SLIDE_FONT - 2}, title_font={"size": SLIDE_FONT}, automargin=True)
    for trace in out.data:
        if hasattr(trace, "textfont"):
            size = trace.textfont.size if trace.textfont and trace.textfont.size else 0
            trace.textfont.size = max(size, SLIDE_FONT - 4)
    for note in out.layout.annotations or ():
        note.font.size = max(note.font.size or 0, SLIDE_FONT - 2)
    return out


def fig_lead_agencies(leads: pd.DataFrame, plan_order: Sequence[str], title: str | None, count_label: str,
                      highlight: Sequence[str] = (), top: int = 12) -> go.Figure:
    """Agencies leading tasks (role "chủ trì"), one bar per plan, the busiest agencies on top.

    leads: plan_label, agency (display name), sector, tasks (one row per plan × agency). Agencies of a sector in
    `highlight` (the sectors that manage gender equality) are written in bold.
    """
    fig = go.Figure()
    if leads.empty:
        return style(fig, title, height=300)
    totals = leads.groupby("agency")["tasks"].sum().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    data = leads[leads["agency"].isin(keep)].copy()
    sectors = data.drop_duplicates("agency").set_index("agency")["sector"]
    shown = {a: (f"<b>{a}</b>" if sectors.get(a) in set(highlight) else a) for a in keep}
    data["shown"] = data["agency"].map(shown)
    for i, plan in enumerate([p for p in plan_order if p in set(data["plan_label"])]):
        rows = data[data["plan_label"] == plan]
        fig.add_trace(go.Bar(
            y=rows["shown"], x=rows["tasks"], orientation="h", name=plan, marker_color=PALETTE[i % len(PALETTE)],
            showlegend=True,
            text=rows["tasks"], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}<br>" + plan + f": %{{x}} {count_label}<extra></extra>",
        ))
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_yaxes(categoryorder="array", categoryarray=[shown[a] for a in keep], autorange="reversed",
                     automargin=True)
    fig.update_xaxes(title=count_label, rangemode="tozero", dtick=1 if totals.max() <= 8 else None,
                     range=[0, float(data["tasks"].max()) * 1.2 + 0.5])
    fig = style(fig, title, height=max(300, 120 + 26 * len(keep) * max(1, data["plan_label"].nunique())))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def fig_theme_share(mix: pd.DataFrame, theme_names: dict[str, str], x_label: str, title: str | None = None,
                    top: int = 10) -> go.Figure:
    """Share of a plan's activities carrying each theme, most frequent themes on top (a brief's theme chart).

    mix: plan_label, theme_id, share_activities (explorer.figures.activities.theme_shares); one bar per plan.
    """
    fig = go.Figure()
    if mix.empty:
        return style(fig, title, height=260)
    totals = mix.groupby("theme_id")["share_activities"].mean().sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    plans = list(dict.fromkeys(mix["plan_label"]))
    names = {k: theme_names.get(k, k) for k in keep}
    for i, plan in enumerate(plans):
        rows = mix[(mix["plan_label"] == plan) & mix["theme_id"].isin(keep)]
        fig.add_trace(go.Bar(
            y=rows["theme_id"].map(names), x=rows["share_activities"] * 100, orientation="h", name=plan,
            marker_color=PALETTE[i % len(PALETTE)], text=[f"{v * 100:.0f}%" for v in rows["share_activities"]],
            textposition="outside", cliponaxis=False, showlegend=len(plans) > 1,
        ))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=[names[k] for k in keep], autorange="reversed",
                     automargin=True)
    top_value = float((mix["share_activities"] * 100).max() or 1)
    fig.update_xaxes(title=x_label, ticksuffix="%", range=[0, min(100.0, top_value * 1.2 + 5)])
    fig = style(fig, title, height=max(260, 80 + 24 * len(keep) * max(1, len(plans))))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig
