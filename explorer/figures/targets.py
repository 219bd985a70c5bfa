"""Figures of the targets page, and the clickable matrix helper the agencies page reuses.

Plotly heatmaps do not report clicks to `st.plotly_chart(on_select=...)` (streamlit#8760), so a matrix is
drawn as a heatmap for the look plus an invisible square-marker scatter on top that carries the hover text
and the ids in `customdata`: clicking a cell selects that marker and `ui.chart` shows its source sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import PALETTE, style
from loaders.textnorm import fold

COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "≈", "range": ""}
HIGHER_IS_BETTER = {">=", ">", "="}
LOWER_IS_BETTER = {"<=", "<"}
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


def wrap(text: str, width: int = 18) -> str:
    """Break a long axis label into lines (Plotly takes <br>)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


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
    fig = go.Figure(go.Heatmap(
        z=grid.values.astype(float), x=list(x_order), y=list(y_order), text=labels.fillna("").values,
        texttemplate="%{text}", textfont={"size": 13}, colorscale=colorscale, zmin=zmin, zmax=zmax,
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
