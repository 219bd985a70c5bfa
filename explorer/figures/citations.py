"""Figures of the citations page (Văn bản căn cứ): plan → document graph, most-cited documents, periods."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import style
from loaders.textnorm import sort_key

RELATION_ORDER = ["legal_basis", "implements", "guidance"]
RELATION_STYLE = {
    "legal_basis": {"color": "#c2185b", "width": 3.5, "dash": "solid"},
    "implements": {"color": "#1565c0", "width": 3, "dash": "solid"},
    "guidance": {"color": "#8d6e63", "width": 1.5, "dash": "dot"},
}
SCOPE_COLOR = {"national": "#6a1b9a", "local": "#00838f"}
OUTDATED_COLOR, CURRENT_COLOR = "#d32f2f", "#1565c0"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _order_docs(edges: pd.DataFrame, plan_pos: dict[str, float]) -> list[str]:
    """Documents ordered by the mean position of the plans citing them (fewer crossings), then by name."""
    docs = edges.groupby("cited_doc_id").agg(name=("cited_name", "first"),
                                             bary=("plan_id", lambda s: sum(plan_pos[p] for p in s) / len(s)))
    return sorted(docs.index, key=lambda d: (docs.at[d, "bary"], sort_key(_text(docs.at[d, "name"]))))


def fig_graph(edges: pd.DataFrame, relation_labels: dict[str, str], scope_labels: dict[str, str],
              title: str | None = None) -> go.Figure:
    """Bipartite graph: citing plans (left) → cited documents (right), one line per pair coloured by relation.

    edges: plan_id, plan_label, plan_year, cited_doc_id, cited_name, cited_title, scope, relation, relations,
    mentions (one row per plan × document; relation = the strongest one). A marker in the middle of each line
    and every node carry customdata [plan_id, cited_doc_id] ("" when not applicable).
    """
    fig = go.Figure()
    if edges.empty:
        return style(fig, title, height=300)
    plans = (edges[["plan_id", "plan_label", "plan_year"]].drop_duplicates("plan_id")
             .assign(_k=lambda d: d["plan_label"].map(sort_key))
             .sort_values(["plan_year", "_k"], na_position="last"))
    n_plans = len(plans)
    plan_rank = {p: i for i, p in enumerate(plans["plan_id"])}
    doc_ids = _order_docs(edges, plan_rank)
    n_docs = len(doc_ids)
    span = max(n_docs, n_plans) - 1 or 1
    doc_y = {d: span - i * span / max(n_docs - 1, 1) if n_docs > 1 else span / 2 for i, d in enumerate(doc_ids)}
    plan_y = {p: span - i * span / max(n_plans - 1, 1) if n_plans > 1 else span / 2
              for i, p in enumerate(plans["plan_id"])}

    for relation in RELATION_ORDER + sorted(set(edges["relation"]) - set(RELATION_ORDER)):
        part = edges[edges["relation"] == relation]
        if part.empty:
            continue
        look = RELATION_STYLE.get(relation, {"color": "#546e7a", "width": 2, "dash": "solid"})
        xs, ys = [], []
        for row in part.itertuples():
            xs += [0, 1, None]
            ys += [plan_y[row.plan_id], doc_y[row.cited_doc_id], None]
        name = relation_labels.get(relation, relation)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=relation,
                                 line={"color": look["color"], "width": look["width"], "dash": look["dash"]},
                                 hoverinfo="skip"))
        hover = [f"{r.plan_label} → {r.cited_name}<br>"
                 + ", ".join(relation_labels.get(x, x) for x in (r.relations if r.relations is not None else []))
                 + f" · {int(r.mentions)}×" for r in part.itertuples()]
        fig.add_trace(go.Scatter(
            x=[0.5] * len(part), y=[(plan_y[p] + doc_y[d]) / 2 for p, d in zip(part["plan_id"], part["cited_doc_id"], strict=True)],
            mode="markers", marker={"size": 9, "color": look["color"], "opacity": 0.55}, showlegend=False,
            legendgroup=relation, customdata=[[p, d] for p, d in zip(part["plan_id"], part["cited_doc_id"], strict=True)],
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", name=name))

    fig.add_trace(go.Scatter(
        x=[0] * n_plans, y=[plan_y[p] for p in plans["plan_id"]], mode="markers+text",
        text=plans["plan_label"], textposition="middle left", marker={"size": 16, "color": "#c2185b",
                                                                      "line": {"color": "white", "width": 1}},
        customdata=[[p, ""] for p in plans["plan_id"]], hovertemplate="%{text}<extra></extra>", showlegend=False))
    docs = edges.drop_duplicates("cited_doc_id").set_index("cited_doc_id").loc[doc_ids]
    for scope, part in docs.groupby("scope", sort=False):
        fig.add_trace(go.Scatter(
            x=[1] * len(part), y=[doc_y[d] for d in part.index], mode="markers+text", text=part["cited_name"],
            textposition="middle right", name=scope_labels.get(scope, scope),
            marker={"size": 12, "symbol": "square", "color": SCOPE_COLOR.get(scope, "#546e7a")},
            customdata=[["", d] for d in part.index], hovertext=[_text(t) for t in part["cited_title"]],
            hovertemplate="%{text}<br>%{hovertext}<extra></extra>"))
    fig.update_xaxes(visible=False, range=[-1.25, 2.3])
    fig.update_yaxes(visible=False, range=[-0.8, span + 0.8])
    return style(fig, title, height=max(360, 34 * max(n_docs, n_plans) + 120))


def fig_top(top: pd.DataFrame, value_col: str, value_label: str, scope_labels: dict[str, str], n: int = 15,
            title: str | None = None) -> go.Figure:
    """Horizontal bars of the most-cited documents (top n by value_col), coloured national/local.

    top: cited_doc_id, cited_name, cited_title, scope, plans, mentions, cited_by. customdata: ["", cited_doc_id]
    (the same shape as the graph's, so one sources callback serves both).
    """
    fig = go.Figure()
    if top.empty:
        return style(fig, title, height=300)
    data = top.assign(_k=top["cited_name"].map(sort_key))
    data = data.sort_values([value_col, "_k"], ascending=[False, True]).head(n)
    order = list(data["cited_name"])
    for scope, part in data.groupby("scope", sort=False):
        fig.add_trace(go.Bar(
            x=part[value_col], y=part["cited_name"], orientation="h", name=scope_labels.get(scope, scope),
            marker_color=SCOPE_COLOR.get(scope, "#546e7a"), customdata=[["", d] for d in part["cited_doc_id"]],
            text=part[value_col], textposition="outside",
            hovertext=[f"{_text(t)}<br>{_text(b)}" for t, b in zip(part["cited_title"], part["cited_by"], strict=True)],
            hovertemplate="%{y}<br>" + value_label + ": %{x}<br>%{hovertext}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_xaxes(title=value_label, dtick=1, rangemode="tozero")
    return style(fig, title, height=max(300, 32 * len(order) + 120))


def fig_periods(periods: pd.DataFrame, labels: dict[str, str], title: str | None = None) -> go.Figure:
    """Period of each cited programme (bar, start → end year) against the year of the plan citing it (diamond).

    periods: plan_id, plan_label, plan_year, cited_doc_id, cited_name, start_year, end_year, outdated.
    labels: keys outdated, current, plan_year, year (already translated).
    """
    fig = go.Figure()
    if periods.empty:
        return style(fig, title, height=300)
    data = periods.sort_values(["plan_year", "plan_label", "end_year"]).copy()
    data["row"] = [f"{n} · {str(p).split(' · ')[0]}" for n, p in zip(data["cited_name"], data["plan_label"], strict=True)]
    for flag, name, color in ((True, labels["outdated"], OUTDATED_COLOR), (False, labels["current"], CURRENT_COLOR)):
        part = data[data["outdated"] == flag]
        if part.empty:
            continue
        xs, ys = [], []
        for row in part.itertuples():
            start = row.start_year if pd.notna(row.start_year) else row.end_year
            xs += [start - 0.4, row.end_year + 0.4, None]
            ys += [row.row, row.row, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, line={"color": color, "width": 12},
                                 opacity=0.45, hoverinfo="skip", legendgroup=str(flag)))
        fig.add_trace(go.Scatter(
            x=part["plan_year"], y=part["row"], mode="markers", name=labels["plan_year"], legendgroup=str(flag),
            showlegend=False, marker={"symbol": "diamond", "size": 14, "color": color,
                                      "line": {"color": "white", "width": 1}},
            customdata=[[p, d] for p, d in zip(part["plan_id"], part["cited_doc_id"], strict=True)],
            hovertext=[f"{r.plan_label}<br>{r.cited_name}: {int(r.start_year) if pd.notna(r.start_year) else '?'}"
                       f"–{int(r.end_year)}<br>{name}" for r in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(data["row"]), autorange="reversed")
    lo = min(data["start_year"].fillna(data["end_year"]).min(), data["plan_year"].min())
    hi = max(data["end_year"].max(), data["plan_year"].max())
    fig.update_xaxes(title=labels["year"], dtick=1, tickformat="d", range=[lo - 1, hi + 1])
    return style(fig, title, height=max(280, 34 * len(data) + 140))
