"""Figures of the unit profile page (Hồ sơ địa phương): one province or district across the years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style
from loaders.textnorm import sort_key

DOC_SYMBOL = {"KH": "circle", "QD": "diamond", "CV": "square", "other": "triangle-up"}
RELATION_COLOR = {"legal_basis": "#c2185b", "implements": "#1565c0", "guidance": "#8d6e63"}
RELATION_RANK = {"legal_basis": 0, "implements": 1, "guidance": 2}


def _years_axis(fig: go.Figure, years) -> None:
    """One tick per year; no axis title, so the legend below the chart has the room (years speak for themselves)."""
    values = sorted({int(y) for y in years if pd.notna(y)})
    if values:
        fig.update_xaxes(tickmode="array", tickvals=values, ticktext=[str(v) for v in values],
                         range=[values[0] - 0.7, values[-1] + 0.7])
    fig.update_layout(legend={"itemsizing": "constant"})


def _sized(values: pd.Series, largest: int = 40) -> dict:
    biggest = max(float(values.max()) if len(values) else 1.0, 1.0)
    return {"size": values, "sizemode": "area", "sizeref": 2.0 * biggest / largest ** 2, "sizemin": 7}


def _rows_order(names) -> list[str]:
    return sorted(dict.fromkeys(names), key=sort_key)


def fig_plans(plans: pd.DataFrame, doc_type_labels: dict[str, str], labels: dict[str, str],
              title: str | None = None) -> go.Figure:
    """The unit's plans on a year axis, one row per issuer, symbol by document type.

    plans: plan_id, plan_label, plan_year, issuer, doc_type, doc_number, title, issued (text), targets,
    activities. labels: year, targets, activities. customdata: [plan_id].
    """
    fig = go.Figure()
    data = plans.dropna(subset=["plan_year"])
    if data.empty:
        return style(fig, title, height=240)
    data = data.assign(issuer=data["issuer"].fillna("–"))
    for i, (doc_type, part) in enumerate(data.groupby("doc_type", sort=True, dropna=False)):
        fig.add_trace(go.Scatter(
            x=part["plan_year"], y=part["issuer"], mode="markers+text",
            text=[n if isinstance(n, str) and n else doc_type_labels.get(d, d)
                  for n, d in zip(part["doc_number"], part["doc_type"], strict=True)],
            textposition="top center", name=doc_type_labels.get(doc_type, str(doc_type)),
            marker={"size": 18, "symbol": DOC_SYMBOL.get(doc_type, "circle"), "color": PALETTE[i % len(PALETTE)],
                    "line": {"color": "white", "width": 1}},
            customdata=[[p] for p in part["plan_id"]],
            hovertext=[f"<b>{r.plan_label}</b><br>{r.issued}<br>{r.title}<br>{labels['targets']}: {r.targets} · "
                       f"{labels['activities']}: {r.activities}" for r in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=_rows_order(data["issuer"]))
    _years_axis(fig, data["plan_year"])
    return style(fig, title, height=max(220, 70 * data["issuer"].nunique() + 140))


def fig_targets(targets: pd.DataFrame, indicator_labels: dict[str, str], labels: dict[str, str],
                title: str | None = None) -> go.Figure:
    """Target values by target year, one line per indicator (unmatched targets under their own text).

    targets: plan_id, plan_label, target_year, indicator_key, indicator_text, value, unit, comparator,
    line_start. labels: year, value. customdata: [plan_id, line_start].
    """
    fig = go.Figure()
    data = targets.dropna(subset=["value", "target_year"])
    if data.empty:
        return style(fig, title, height=240)
    names = [indicator_labels.get(k, k) if isinstance(k, str) else str(txt)[:60]
             for k, txt in zip(data["indicator_key"], data["indicator_text"], strict=True)]
    data = data.assign(series=names)
    for i, name in enumerate(_rows_order(data["series"])):
        part = data[data["series"] == name].sort_values("target_year")
        fig.add_trace(go.Scatter(
            x=part["target_year"], y=part["value"], mode="lines+markers", name=name,
            marker={"size": 11, "color": PALETTE[i % len(PALETTE)]}, line={"color": PALETTE[i % len(PALETTE)]},
            customdata=[[p, int(ls) if pd.notna(ls) else None] for p, ls in zip(part["plan_id"], part["line_start"], strict=True)],
            hovertext=[f"{name}<br>{r.comparator or ''} {r.value:g}{r.unit or ''} ({r.target_year})<br>{r.plan_label}"
                       for r in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
    _years_axis(fig, data["target_year"])
    fig.update_yaxes(title=labels.get("value"), rangemode="tozero")
    return style(fig, title, height=420)


def fig_themes(themes: pd.DataFrame, theme_labels: dict[str, str], labels: dict[str, str],
               title: str | None = None) -> go.Figure:
    """Theme mix per plan year: bubble area = activities with the theme, colour = share of the year's activities.

    themes: plan_year, theme_id, activities, year_activities, share. labels: year, activities, share.
    customdata: [plan_year, theme_id].
    """
    fig = go.Figure()
    if themes.empty:
        return style(fig, title, height=240)
    data = themes.assign(theme=themes["theme_id"].map(lambda c: theme_labels.get(c, c)))
    order = (data.groupby("theme")["activities"].sum().reset_index()
             .assign(_k=lambda d: d["theme"].map(sort_key)).sort_values(["activities", "_k"], ascending=[False, True]))
    fig.add_trace(go.Scatter(
        x=data["plan_year"], y=data["theme"], mode="markers+text", text=data["activities"],
        textposition="middle right",
        marker={**_sized(data["activities"]), "color": data["share"], "colorscale": [[0, "#f8bbd0"], [1, "#880e4f"]],
                "cmin": 0, "cmax": 1, "showscale": True, "line": {"color": "white", "width": 1},
                "colorbar": {"title": {"text": labels["share"]}, "tickformat": ".0%"}},
        customdata=[[int(y), c] for y, c in zip(data["plan_year"], data["theme_id"], strict=True)],
        hovertext=[f"{r.theme} · {r.plan_year}<br>{labels['activities']}: {r.activities}/{r.year_activities} "
                   f"({r.share:.0%})" for r in data.itertuples()],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(order["theme"]), autorange="reversed")
    _years_axis(fig, data["plan_year"])
    return style(fig, title, height=max(300, 30 * len(order) + 140))


def fig_leads(leads: pd.DataFrame, sector_labels: dict[str, str], labels: dict[str, str],
              title: str | None = None) -> go.Figure:
    """Lead agencies per plan year: bubble area = lead assignments, colour = sector.

    leads: plan_year, agency_key, agency_name, sector, tasks. labels: year, tasks. customdata: [plan_year, agency_key].
    """
    fig = go.Figure()
    if leads.empty:
        return style(fig, title, height=240)
    size = _sized(leads["tasks"], 34)
    for i, (sector, part) in enumerate(leads.groupby(leads["sector"].fillna("–"), sort=True)):
        fig.add_trace(go.Scatter(
            x=part["plan_year"], y=part["agency_name"], mode="markers", name=sector_labels.get(sector, sector),
            marker={**size, "size": part["tasks"], "color": PALETTE[i % len(PALETTE)],
                    "line": {"color": "white", "width": 1}},
            customdata=[[int(y), k] for y, k in zip(part["plan_year"], part["agency_key"], strict=True)],
            hovertext=[f"{r.agency_name} · {r.plan_year}<br>{labels['tasks']}: {r.tasks}" for r in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=_rows_order(leads["agency_name"]),
                     autorange="reversed")
    _years_axis(fig, leads["plan_year"])
    return style(fig, title, height=max(280, 32 * leads["agency_name"].nunique() + 160))


def fig_cited(cited: pd.DataFrame, relation_labels: dict[str, str], labels: dict[str, str],
              title: str | None = None) -> go.Figure:
    """Documents cited per plan year, coloured by the strongest relation, bubble area = citation sentences.

    cited: plan_year, cited_doc_id, cited_name, relation, mentions. labels: year, mentions.
    customdata: [plan_year, cited_doc_id].
    """
    fig = go.Figure()
    if cited.empty:
        return style(fig, title, height=240)
    size = _sized(cited["mentions"], 30)
    for relation in sorted(set(cited["relation"]), key=lambda r: RELATION_RANK.get(r, 9)):
        part = cited[cited["relation"] == relation]
        fig.add_trace(go.Scatter(
            x=part["plan_year"], y=part["cited_name"], mode="markers", name=relation_labels.get(relation, relation),
            marker={**size, "size": part["mentions"], "color": RELATION_COLOR.get(relation, "#546e7a"),
                    "line": {"color": "white", "width": 1}},
            customdata=[[int(y), d] for y, d in zip(part["plan_year"], part["cited_doc_id"], strict=True)],
            hovertext=[f"{r.cited_name} · {r.plan_year}<br>{labels['mentions']}: {r.mentions}"
                       for r in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=_rows_order(cited["cited_name"]),
                     autorange="reversed")
    _years_axis(fig, cited["plan_year"])
    return style(fig, title, height=max(280, 30 * cited["cited_name"].nunique() + 160))
