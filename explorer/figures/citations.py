"""Figures of the citations page (Văn bản căn cứ): plan → document graph, most-cited documents, periods."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import style
from explorer.figures.targets import matrix_figure
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


HOVER_LIST = 12  # names a tooltip lists; the "Dữ liệu" table below a chart has them all


def _some(listed: str, sep: str = "; ") -> str:
    """The first HOVER_LIST names of a `sep`-joined list, then "…": a national law is cited by thousands of
    plans, a tooltip of thousands of names cannot be read (and was 150 kB of the page)."""
    names = listed.split(sep)
    return listed if len(names) <= HOVER_LIST else sep.join(names[:HOVER_LIST]) + sep + "…"


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
    cut = top[value_col].nlargest(n).min()  # only the candidates need a (slow) Vietnamese sort key
    data = top[top[value_col] >= cut]
    data = data.assign(_k=data["cited_name"].map(sort_key))
    data = data.sort_values([value_col, "_k"], ascending=[False, True]).head(n)
    order = list(data["cited_name"])
    for scope, part in data.groupby("scope", sort=False):
        fig.add_trace(go.Bar(
            x=part[value_col], y=part["cited_name"], orientation="h", name=scope_labels.get(scope, scope),
            marker_color=SCOPE_COLOR.get(scope, "#546e7a"), customdata=[["", d] for d in part["cited_doc_id"]],
            text=part[value_col], textposition="outside",
            hovertext=[f"{_text(t)}<br>{_some(_text(b))}" for t, b in zip(part["cited_title"], part["cited_by"],
                                                                            strict=True)],
            hovertemplate="%{y}<br>" + value_label + ": %{x}<br>%{hovertext}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    # A tick per unit while counts are small; thousands of ticks (10,000 plans) would freeze the browser.
    fig.update_xaxes(title=value_label, dtick=1 if data[value_col].max() <= 20 else None, tickformat="d",
                     rangemode="tozero")
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


# --- the same questions at national scale (thousands of plans and documents) -----------------------------------

def unit_doc_cells(edges: pd.DataFrame, plan_units: pd.Series, top: int) -> tuple[pd.DataFrame, list[str], int]:
    """Unit (province) × the `top` documents cited by the most plans: how many of the unit's plans cite each.

    edges: plan → document pairs (citations_edges). plan_units: plan_id → unit name. Returns the cells
    (unit, cited_doc_id, cited_name, plans, relation = the strongest one among them), the documents in order
    (most plans first) and how many documents there are in all.
    """
    cols = ["unit", "cited_doc_id", "cited_name", "scope", "plans", "relation"]
    if edges.empty:
        return pd.DataFrame(columns=cols), [], 0
    data = edges.assign(unit=edges["plan_id"].map(plan_units).fillna("?"),
                        _rank=edges["relation"].map({r: i for i, r in enumerate(RELATION_ORDER)}).fillna(9))
    per_doc = data.groupby("cited_doc_id").agg(plans=("plan_id", "nunique"), name=("cited_name", "first"))
    n_docs = len(per_doc)
    per_doc = per_doc[per_doc["plans"] >= per_doc["plans"].nlargest(top).min()]  # candidates only: sort keys are slow
    per_doc = per_doc.assign(_k=per_doc["name"].map(lambda n: sort_key(_text(n)))).sort_values(
        ["plans", "_k"], ascending=[False, True])
    docs = list(per_doc.index[:top])
    cells = (data[data["cited_doc_id"].isin(docs)].sort_values("_rank", kind="stable")
             .groupby(["unit", "cited_doc_id"], as_index=False)
             .agg(cited_name=("cited_name", "first"), scope=("scope", "first"), plans=("plan_id", "nunique"),
                  relation=("relation", "first")))
    return cells[cols], docs, n_docs


def unit_doc_top(counted: pd.DataFrame, top: int) -> tuple[pd.DataFrame, list[str], int]:
    """unit_doc_cells from pairs counted in SQL (citations_unit_docs: unit, cited_doc_id, cited_name, scope, plans,
    relation per candidate document, with doc_plans and n_docs): the `top` documents cited by the most plans, ties
    in Vietnamese order of their names, which SQL cannot sort."""
    cols = ["unit", "cited_doc_id", "cited_name", "scope", "plans", "relation"]
    if counted.empty:
        return pd.DataFrame(columns=cols), [], 0
    per_doc = counted.drop_duplicates("cited_doc_id").set_index("cited_doc_id")
    per_doc = per_doc.assign(_k=per_doc["cited_name"].map(lambda n: sort_key(_text(n)))).sort_values(
        ["doc_plans", "_k"], ascending=[False, True])
    docs = list(per_doc.index[:top])
    cells = counted[counted["cited_doc_id"].isin(docs)]
    return cells[cols].reset_index(drop=True), docs, int(counted["n_docs"].iloc[0])


def fig_unit_docs(cells: pd.DataFrame, docs: Sequence[str], units: Sequence[str], relation_labels: dict[str, str],
                  plans_label: str, title: str | None = None) -> go.Figure:
    """Documents (rows, most cited first) × units (columns): how many of the unit's plans cite the document.
    customdata = [unit, cited_doc_id]."""
    names = cells.drop_duplicates("cited_doc_id").set_index("cited_doc_id")["cited_name"].map(_text)
    rows = [names.get(d, d) for d in docs]
    frame = cells.assign(
        x=cells["unit"], y=cells["cited_doc_id"].map(names), z=cells["plans"].astype(float),
        text=cells["plans"].astype(str),
        hover=[f"{u} → {_text(n)}<br>{p} {plans_label}<br>{relation_labels.get(r, r)}" for u, n, p, r in
               zip(cells["unit"], cells["cited_name"], cells["plans"], cells["relation"], strict=True)])
    fig = matrix_figure(frame, list(units), rows, z="z", text="text", hover="hover", customdata=["unit", "cited_doc_id"],
                        colorscale=[[0, "#e3f2fd"], [1, "#0d47a1"]], zmin=0, cell=26, showscale=True,
                        colorbar_title=plans_label)
    fig.update_traces(textfont={"size": 10}, selector={"type": "heatmap"})
    fig.update_xaxes(tickangle=-60, side="bottom")
    return style(fig, title, height=max(360, 220 + 26 * len(rows)))


def period_cells(periods: pd.DataFrame) -> pd.DataFrame:
    """Period end year × year of the citing plan: citations of a programme, plans and documents; `outdated` when
    the period ended before the plan's year."""
    data = periods.dropna(subset=["end_year", "plan_year"])
    if data.empty:
        return pd.DataFrame(columns=["end_year", "plan_year", "citations", "plans", "docs", "outdated"])
    out = data.groupby(["end_year", "plan_year"], as_index=False).agg(
        citations=("cited_doc_id", "size"), plans=("plan_id", "nunique"), docs=("cited_doc_id", "nunique"))
    out["end_year"], out["plan_year"] = out["end_year"].astype(int), out["plan_year"].astype(int)
    out["outdated"] = out["end_year"] < out["plan_year"]
    return out


def period_cells_counted(counted: pd.DataFrame) -> pd.DataFrame:
    """period_cells from citations counted in SQL (citations_period_cells: end_year, plan_year, citations, plans,
    docs), the plans without a year left out as period_cells does."""
    data = counted.dropna(subset=["end_year", "plan_year"])
    if data.empty:
        return pd.DataFrame(columns=["end_year", "plan_year", "citations", "plans", "docs", "outdated"])
    out = data[["end_year", "plan_year", "citations", "plans", "docs"]].reset_index(drop=True)
    out["end_year"], out["plan_year"] = out["end_year"].astype(int), out["plan_year"].astype(int)
    for column in ("citations", "plans", "docs"):
        out[column] = out[column].astype(int)
    out["outdated"] = out["end_year"] < out["plan_year"]
    return out


def fig_period_matrix(cells: pd.DataFrame, labels: dict[str, str], title: str | None = None) -> go.Figure:
    """Year the cited programme's period ends (rows) × year of the plan citing it (columns); red cells (period
    already over) and blue ones (still current), the number of citations written in. customdata =
    [end_year, plan_year]. labels: outdated, current, plan_year, year (period end), citations, plans."""
    ends = sorted(cells["end_year"].unique())
    years = sorted(cells["plan_year"].unique())
    fig = go.Figure()
    for flag, name, scale in ((True, labels["outdated"], [[0, "#ffcdd2"], [1, "#b71c1c"]]),
                              (False, labels["current"], [[0, "#bbdefb"], [1, "#0d47a1"]])):
        part = cells[cells["outdated"] == flag]
        grid = part.pivot_table(index="end_year", columns="plan_year", values="citations", aggfunc="sum").reindex(
            index=ends, columns=years)
        fig.add_trace(go.Heatmap(z=grid.values.astype(float), x=[str(y) for y in years], y=[str(e) for e in ends],
                                 text=grid.map(lambda v: "" if v != v else str(int(v))).values,
                                 texttemplate="%{text}", colorscale=scale, showscale=False, name=name,
                                 xgap=2, ygap=2, hoverinfo="skip", showlegend=True))
    fig.add_trace(go.Scatter(
        x=cells["plan_year"].astype(str), y=cells["end_year"].astype(str), mode="markers", showlegend=False, name="",
        marker={"symbol": "square", "size": 22, "opacity": 0},
        customdata=cells[["end_year", "plan_year"]].values.tolist(),
        hovertext=[f"{labels['year']}: {e} · {labels['plan_year']}: {y}<br>{labels['citations']}: {c} · "
                   f"{labels['plans']}: {p}<br>{labels['outdated'] if o else labels['current']}"
                   for e, y, c, p, o in zip(cells["end_year"], cells["plan_year"], cells["citations"], cells["plans"],
                                            cells["outdated"], strict=True)],
        hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[str(y) for y in years],
                     title=labels["plan_year"])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[str(e) for e in ends], autorange="reversed",
                     title=labels["year"])
    fig.update_layout(clickmode="event+select", hovermode="closest")
    return style(fig, title, height=max(300, 160 + 34 * len(ends)))
