"""Figures of the targets page, and the clickable matrix helper the agencies page reuses.

Plotly heatmaps cannot be selected (st.plotly_chart's on_select never saw their clicks either, streamlit#8760),
so a matrix is drawn as a heatmap for the look plus an invisible square-marker scatter on top that carries the
hover text and the ids in `customdata`: clicking a cell selects that marker and `ui.chart` shows its source
sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style, wrap
from loaders.textnorm import fold

COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "≈", "range": ""}
HIGHER_IS_BETTER = {">=", ">", "="}
LOWER_IS_BETTER = {"<=", "<"}
MAX_CELL_TEXTS = 300  # a matrix with more cells has no number written in each (hover shows it)
GAP_COLORS = {"above": "#2e7d32", "equal": "#546e7a", "below": "#c62828"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


def target_text(value, value_max=None, comparator: str | None = None, unit: str | None = None,
                fmt: Callable[[float], str] = lambda x: f"{x:g}") -> str:
    """A target as printed in a plan: "≥ 80%", "10–15%", "2 cuộc/năm"; "–" without a value."""
    if _missing(value):
        return "–"
    number = fmt(float(value))
    if not _missing(value_max) or comparator == "range":
        number = f"{number}–{fmt(float(value_max))}" if not _missing(value_max) else number
    unit = "" if _missing(unit) else str(unit)
    spaced = "" if unit.startswith("%") or not unit else " "
    sign = COMPARATORS.get(comparator or "", comparator or "")
    return f"{sign + ' ' if sign else ''}{number}{spaced}{unit}"


def _base_unit(unit) -> str:
    """'% (áp dụng thí điểm)' → '%': a parenthetical does not change what is measured."""
    return re.sub(r"\s*\(.*\)\s*$", "", "" if _missing(unit) else str(unit)).strip()


def national_gaps(df: pd.DataFrame) -> pd.DataFrame:
    """Add `gap` (plan − national, in the unit of both) and `status` to targets joined to national targets.

    status: above / equal / below the national target (taking the direction of the national comparator:
    for "<" and "≤" a lower value is the more ambitious one), no_national (no national target linked) or
    incomparable (different units, or a national target without a number).
    """
    out = df.copy()
    gaps, statuses = [], []
    for row in out.itertuples():
        national = getattr(row, "national_value", None)
        if _missing(getattr(row, "national_target_id", None)) or _missing(getattr(row, "national_text", None)):
            gaps.append(None)
            statuses.append("no_national")
            continue
        if _missing(national) or _missing(row.value) or _base_unit(row.unit) != _base_unit(row.national_unit):
            gaps.append(None)
            statuses.append("incomparable")
            continue
        gap = float(row.value) - float(national)
        gaps.append(gap)
        direction = -1 if row.national_comparator in LOWER_IS_BETTER else 1
        if abs(gap) < 1e-9:
            statuses.append("equal")
        else:
            statuses.append("above" if gap * direction > 0 else "below")
    out["gap"] = pd.array(gaps, dtype="Float64")
    out["status"] = statuses
    return out


def indicator_id(df: pd.DataFrame) -> pd.Series:
    """The indicator a target measures: its key, else its folded wording."""
    text = df["indicator_text"].fillna("").map(fold)
    return df["indicator_key"].where(df["indicator_key"].notna() & (df["indicator_key"] != ""), "text:" + text)


def single_plan_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Targets whose indicator appears in exactly one of the plans in `df`."""
    if df.empty:
        return df.copy()
    ids = indicator_id(df)
    plans_per_indicator = df.groupby(ids)["plan_id"].nunique()
    return df[ids.map(plans_per_indicator) == 1].copy()


# --- clickable matrix ---------------------------------------------------------------------------------------

def matrix_figure(cells: pd.DataFrame, x_order: Sequence[str], y_order: Sequence[str], *, z: str, text: str,
                  hover: str, customdata: Sequence[str], colorscale, zmin: float | None = None,
                  zmax: float | None = None, cell: int = 44, showscale: bool = False,
                  colorbar_title: str = "") -> go.Figure:
    """A heatmap of `cells` (columns x, y, z, text, hover, customdata...) with an invisible clickable marker per cell.

    Cells missing from `cells` stay blank; give them a row with z = None to make them hoverable/clickable.
    """
    grid = cells.pivot_table(index="y", columns="x", values=z, aggfunc="first", dropna=False).reindex(
        index=list(y_order), columns=list(x_order))
    labels = cells.pivot_table(index="y", columns="x", values=text, aggfunc="first", dropna=False).reindex(
        index=list(y_order), columns=list(x_order))
    written = grid.size <= MAX_CELL_TEXTS  # the browser measures every cell's text: beyond, the hover says it
    fig = go.Figure(go.Heatmap(
        z=grid.values.astype(float), x=list(x_order), y=list(y_order), text=labels.fillna("").values,
        texttemplate="%{text}" if written else None, textfont={"size": 13}, colorscale=colorscale, zmin=zmin, zmax=zmax,
        showscale=showscale, colorbar={"title": {"text": colorbar_title}} if showscale else None,
        xgap=3, ygap=3, hoverinfo="skip",
    ))
    fig.add_trace(go.Scatter(
        x=cells["x"], y=cells["y"], mode="markers", showlegend=False, name="",
        marker={"symbol": "square", "size": cell - 6, "opacity": 0},
        customdata=cells[list(customdata)].values, hovertext=cells[hover], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(x_order), side="top",
                     showgrid=False, zeroline=False)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(y_order), autorange="reversed",
                     showgrid=False, zeroline=False)
    fig.update_layout(clickmode="event+select", hovermode="closest")
    return fig


# --- figures ------------------------------------------------------------------------------------------------

def fig_target_values(df: pd.DataFrame, title: str, value_label: str, national_label: str) -> go.Figure:
    """The same indicator side by side across plans: one bar per plan, the national target as a marker.

    df: one row per target with indicator (label), plan_label, value, value_text, target_id; optional
    national_value and national_value_label (e.g. "≥ 60% (2025)"); leave national_value empty where the units
    differ, the marker would be misleading. customdata = [target_id, "plan" | "national"].
    """
    indicators = list(dict.fromkeys(df["indicator"]))
    fig = go.Figure()
    for i, (plan, rows) in enumerate(df.groupby("plan_label", sort=False)):
        fig.add_trace(go.Bar(
            y=rows["indicator"], x=rows["value"], orientation="h", name=plan, text=rows["value_text"],
            textposition="outside", cliponaxis=False, marker_color=PALETTE[i % len(PALETTE)],
            customdata=[[tid, "plan"] for tid in rows["target_id"]],
            hovertemplate="%{y}<br>" + plan + ": %{text}<extra></extra>",
        ))
    if "national_value" in df:
        nat = df.dropna(subset=["national_value"]).drop_duplicates(["indicator", "national_value", "national_value_label"])
        if not nat.empty:
            fig.add_trace(go.Scatter(
                y=nat["indicator"], x=nat["national_value"], mode="markers", name=national_label,
                marker={"symbol": "line-ns", "size": 28, "color": "#212121", "line": {"width": 4, "color": "#212121"}},
                customdata=[[tid, "national"] for tid in nat["target_id"]], text=nat["national_value_label"],
                hovertemplate="%{y}<br>" + national_label + ": %{text}<extra></extra>",
            ))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=indicators, autorange="reversed", automargin=True)
    top = max([float(v) for v in df["value"].dropna()] + [float(v) for v in df.get("national_value", pd.Series(dtype=float)).dropna()]
              + [1.0])
    fig.update_xaxes(title=value_label, range=[0, top * 1.18])
    per_row = 30 + 24 * df["plan_label"].nunique()
    fig = style(fig, title, height=max(280, 120 + per_row * len(indicators)))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def fig_target_gaps(df: pd.DataFrame, title: str, gap_label: str, status_labels: dict[str, str]) -> go.Figure:
    """Plan target − national target, one bar per comparable target, coloured above / equal / below.

    df: output of national_gaps restricted to comparable rows, with `label` (plan · indicator), `gap`,
    `gap_text`, `status`, `hover`, target_id. customdata = [target_id, "plan"].
    """
    fig = go.Figure()
    for status in ("above", "equal", "below"):
        rows = df[df["status"] == status]
        if rows.empty:
            continue
        common = {"name": status_labels.get(status, status), "customdata": [[tid, "plan"] for tid in rows["target_id"]],
                  "hovertext": rows["hover"], "hovertemplate": "%{hovertext}<extra></extra>", "text": rows["gap_text"],
                  "cliponaxis": False}
        if status == "equal":  # a zero-length bar is invisible: draw a marker on the line instead
            fig.add_trace(go.Scatter(y=rows["label"], x=[0.0] * len(rows), mode="markers+text", textposition="middle right",
                                     marker={"symbol": "diamond", "size": 14, "color": GAP_COLORS[status]}, **common))
        else:
            fig.add_trace(go.Bar(y=rows["label"], x=rows["gap"].astype(float), orientation="h",
                                 marker_color=GAP_COLORS[status], textposition="outside", **common))
    fig.add_vline(x=0, line_width=1, line_color="#9e9e9e")
    fig.update_yaxes(categoryorder="array", categoryarray=list(dict.fromkeys(df["label"])), autorange="reversed",
                     automargin=True)
    gaps = [abs(float(g)) for g in df["gap"].dropna()] + [1.0]
    fig.update_xaxes(title=gap_label, zeroline=True, range=[-max(gaps) * 1.4, max(gaps) * 1.4])
    fig = style(fig, title, height=max(240, 120 + 56 * df["label"].nunique()))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def fig_alignment(df: pd.DataFrame, title: str, gap_text: str, objective_names: dict[str, str],
                  count_label: str, activities_label: str, targets_label: str) -> go.Figure:
    """Plans × strategy objectives; cell = activities + targets serving the objective; 0 is flagged as a gap.

    df: plan_id, plan_label, objective_id, activities, targets, total (one row per plan × objective).
    """
    plans = list(dict.fromkeys(df["plan_label"]))
    objectives = sorted(df["objective_id"].unique())
    names = {o: wrap(objective_names.get(o, o), 16) for o in objectives}
    cells = df.assign(
        x=df["objective_id"].map(names), y=df["plan_label"],
        z=df["total"].astype(float).where(df["total"] > 0),
        text=[str(int(n)) if n > 0 else gap_text for n in df["total"]],
        hover=[f"{p}<br>{names[o]}<br>{count_label}: {int(n)} ({activities_label}: {int(a)}, {targets_label}: {int(t)})"
               + ("" if n else f"<br><b>{gap_text}</b>")
               for p, o, n, a, t in zip(df["plan_label"], df["objective_id"], df["total"], df["activities"],
                                        df["targets"], strict=True)],
    )
    top = max(1.0, float(df["total"].max() or 1))
    x_order = [names[o] for o in objectives]
    fig = matrix_figure(cells.assign(text=cells["text"].where(cells["total"] > 0, "")), x_order, plans, z="z",
                        text="text", hover="hover", customdata=["plan_id", "objective_id"],
                        colorscale=[[0, "#f8bbd0"], [1, "#880e4f"]], zmin=0, zmax=top, showscale=True)
    # Gaps: their own pale-red layer with the word, so they read as "missing", not "small".
    gap = cells.assign(g=(cells["total"] == 0).astype(float).where(cells["total"] == 0))
    grid = gap.pivot_table(index="y", columns="x", values="g", aggfunc="first", dropna=False).reindex(
        index=plans, columns=x_order)
    fig.add_trace(go.Heatmap(
        z=grid.values.astype(float), x=x_order, y=plans, colorscale=[[0, "#ffebee"], [1, "#ffebee"]], showscale=False,
        text=[[gap_text if v == 1 else "" for v in row] for row in grid.values], texttemplate="%{text}",
        textfont={"color": "#c62828", "size": 13}, xgap=3, ygap=3, hoverinfo="skip",
    ))
    fig.data = (fig.data[0], fig.data[2], fig.data[1])  # the clickable layer stays on top
    fig.update_xaxes(tickangle=0)
    fig = style(fig, title, height=max(300, 190 + 48 * len(plans)))
    fig.update_layout(margin={"t": 110})
    return fig


# --- the same figures at national scale (more plans than can be drawn one by one) -----------------------------

def value_groups(df: pd.DataFrame) -> pd.DataFrame:
    """Targets of the same indicator and value grouped: indicator, value, plans (how many), share (of the
    indicator's targets), value_text, national_value, national_value_label, examples (a few plan labels)."""
    cols = ["indicator", "value", "plans", "share", "value_text", "national_value", "national_value_label", "examples"]
    data = df.dropna(subset=["value"])
    if data.empty:
        return pd.DataFrame(columns=cols)
    out = data.groupby(["indicator", "value"], sort=False, as_index=False).agg(
        plans=("target_id", "size"), value_text=("value_text", "first"),
        examples=("plan_label", lambda s: "; ".join(list(dict.fromkeys(s))[:3]) + (" …" if s.nunique() > 3 else "")))
    out["share"] = out["plans"] / out.groupby("indicator")["plans"].transform("sum")
    if "national_value" in data:
        nat = data.dropna(subset=["national_value"]).drop_duplicates("indicator").set_index("indicator")
        out["national_value"] = out["indicator"].map(nat["national_value"])
        out["national_value_label"] = out["indicator"].map(nat["national_value_label"])
    else:
        out["national_value"], out["national_value_label"] = None, None
    return out[cols]


def fig_value_spread(groups: pd.DataFrame, indicators: Sequence[str], title: str, value_label: str,
                     national_label: str, plans_label: str) -> go.Figure:
    """Every plan's value of each indicator at once: a bubble per distinct value, area ∝ the number of targets at
    that value (nothing is left out however many plans), the national target as a marker.

    groups: output of value_groups. customdata = [indicator, value, "values"] on bubbles, [indicator, national
    value, "national"] on markers.
    """
    fig = go.Figure()
    rows = list(indicators)
    biggest = max(float(groups["plans"].max()) if not groups.empty else 1.0, 1.0)
    fig.add_trace(go.Scatter(
        y=groups["indicator"], x=groups["value"], mode="markers", name=plans_label,
        marker={"size": groups["plans"], "sizemode": "area", "sizeref": 2.0 * biggest / 44 ** 2, "sizemin": 5,
                "color": PALETTE[0], "opacity": 0.75, "line": {"color": "white", "width": 1}},
        customdata=[[i, v, "values"] for i, v in zip(groups["indicator"], groups["value"], strict=True)],
        hovertext=[f"{i}<br>{v}: {n} {plans_label} ({s:.0%})<br>{e}" for i, v, n, s, e in
                   zip(groups["indicator"], groups["value_text"], groups["plans"], groups["share"],
                       groups["examples"], strict=True)],
        hovertemplate="%{hovertext}<extra></extra>"))
    nat = groups.dropna(subset=["national_value"]).drop_duplicates("indicator")
    if not nat.empty:
        fig.add_trace(go.Scatter(
            y=nat["indicator"], x=nat["national_value"], mode="markers", name=national_label,
            marker={"symbol": "line-ns", "size": 28, "color": "#212121", "line": {"width": 4, "color": "#212121"}},
            customdata=[[i, v, "national"] for i, v in zip(nat["indicator"], nat["national_value"], strict=True)],
            text=nat["national_value_label"], hovertemplate="%{y}<br>" + national_label + ": %{text}<extra></extra>"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=rows, autorange="reversed", automargin=True)
    top = max([float(v) for v in groups["value"].dropna()] + [float(v) for v in nat["national_value"].dropna()] + [1.0])
    fig.update_xaxes(title=value_label, range=[0, top * 1.08])
    fig = style(fig, title, height=max(280, 140 + 56 * len(rows)))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def fig_gap_counts(df: pd.DataFrame, indicators: Sequence[str], title: str, count_label: str,
                   status_labels: dict[str, str]) -> go.Figure:
    """Per indicator, how many targets are above, equal to or below the national target (stacked bars).

    df: comparable targets (national_gaps) with indicator and status. customdata = [indicator, status].
    """
    counts = df.groupby(["indicator", "status"], as_index=False).size()
    fig = go.Figure()
    for status in ("above", "equal", "below"):
        part = counts[counts["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            y=part["indicator"], x=part["size"], orientation="h", name=status_labels.get(status, status),
            marker_color=GAP_COLORS[status], text=part["size"], textposition="inside", insidetextanchor="middle",
            customdata=[[i, status] for i in part["indicator"]], meta=status_labels.get(status, status),
            hovertemplate="%{y}<br>%{meta}: %{x}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(indicators), autorange="reversed", automargin=True)
    fig.update_xaxes(title=count_label, rangemode="tozero")
    fig = style(fig, title, height=max(240, 140 + 44 * len(indicators)))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def alignment_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """Plan year × objective: plans, plans with a gap (no activity or target serving the objective), share."""
    data = df.assign(plan_year=df["plan_year"].fillna(-1).astype(int), gap=(df["total"] == 0).astype(int))
    out = data.groupby(["plan_year", "objective_id"], as_index=False).agg(plans=("plan_id", "nunique"),
                                                                         gaps=("gap", "sum"), total=("total", "sum"))
    out["gap_share"] = out["gaps"] / out["plans"]
    return out


def fig_alignment_years(df: pd.DataFrame, title: str, objective_names: dict[str, str], year_label: str,
                        gap_label: str, plans_label: str, unknown_year: str) -> go.Figure:
    """Plan year × strategy objective: the share of that year's plans with a gap (colour) and how many (text).

    df: output of alignment_by_year.
    """
    objectives = sorted(df["objective_id"].unique())
    years = sorted(df["plan_year"].unique())
    names = {o: wrap(objective_names.get(o, o), 16) for o in objectives}
    ylabels = {y: str(y) if y >= 0 else unknown_year for y in years}
    cells = df.assign(x=df["objective_id"].map(names), y=df["plan_year"].map(ylabels))
    share = cells.pivot_table(index="y", columns="x", values="gap_share", aggfunc="first").reindex(
        index=[ylabels[y] for y in years], columns=[names[o] for o in objectives])
    gaps = cells.pivot_table(index="y", columns="x", values="gaps", aggfunc="first").reindex_like(share)
    plans = cells.pivot_table(index="y", columns="x", values="plans", aggfunc="first").reindex_like(share)
    text = [[f"{int(g)}/{int(p)}" if p == p else "" for g, p in zip(gr, pr, strict=True)]
            for gr, pr in zip(gaps.values, plans.values, strict=True)]
    fig = go.Figure(go.Heatmap(
        z=share.values.astype(float), x=list(share.columns), y=list(share.index), text=text,
        texttemplate="%{text}", textfont={"size": 13}, colorscale=[[0, "#fce4ec"], [1, "#c62828"]], zmin=0, zmax=1,
        colorbar={"title": {"text": gap_label}, "tickformat": ".0%"}, xgap=3, ygap=3,
        hovertemplate="%{y} · %{x}<br>" + gap_label + ": %{z:.0%}<br>" + plans_label + ": %{text}<extra></extra>"))
    fig.update_xaxes(side="top", tickangle=0)
    fig.update_yaxes(type="category", autorange="reversed", title=year_label)
    fig = style(fig, title, height=max(300, 190 + 40 * len(years)))
    fig.update_layout(margin={"t": 110})
    return fig
