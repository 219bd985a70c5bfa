"""Figures of the timeline page (Lịch): dated items of the plans as a Gantt-like chart."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from explorer.figures import style

KIND_ORDER = ["report", "plan", "action_month", "commemorative_day", "event"]
KIND_COLOR = {"report": "#c2185b", "plan": "#6a1b9a", "action_month": "#1565c0", "commemorative_day": "#ef6c00",
              "event": "#2e7d32"}
KIND_SYMBOL = {"report": "square", "plan": "diamond", "action_month": "circle", "commemorative_day": "star",
               "event": "triangle-up"}
CYCLE_YEAR = 2000  # a leap year, so 29/02 has a place on the annual cycle


def item_spans(items: pd.DataFrame) -> pd.DataFrame:
    """Start and end of each item: due_date → end_date when given; a date known only to the month (or year)
    spans that month (or year). Adds start, end (Timestamps) and is_range."""
    out = items.copy()
    start = pd.to_datetime(out["due_date"])
    end = pd.to_datetime(out["end_date"]) if "end_date" in out else pd.Series(pd.NaT, index=out.index)
    precision = out["date_precision"] if "date_precision" in out else pd.Series(None, index=out.index, dtype=object)
    month_end = start + pd.offsets.MonthEnd(0)
    year_end = start + pd.offsets.YearEnd(0)
    end = end.where(end.notna(), month_end.where(precision == "month", year_end.where(precision == "year")))
    out["start"] = start
    out["end"] = end
    out["is_range"] = out["end"].notna() & (out["end"] > out["start"])
    return out


def to_cycle(value: pd.Timestamp | dt.date | None) -> pd.Timestamp | None:
    """The same day and month in CYCLE_YEAR, to lay several years over one annual cycle."""
    if value is None or pd.isna(value):
        return None
    value = pd.Timestamp(value)
    return pd.Timestamp(CYCLE_YEAR, value.month, value.day)


def fig_timeline(items: pd.DataFrame, y_col: str, kind_labels: dict[str, str], *, today: dt.date | None = None,
                 today_label: str = "", today_within: int = 366, cycle: bool = False,
                 y_order: list[str] | None = None, title: str | None = None) -> go.Figure:
    """Markers at each item's start, bars for ranges (Action Month 15/11–15/12, a month, ...), one row per y_col.

    items: columns start, end, is_range (see item_spans), kind, y_col, hover (text), plan_id, line_start.
    cycle=True lays all years over one calendar year (day and month only). A dashed line marks today when it
    is within today_within days of the items (always on the annual cycle). The marker's customdata is
    [plan_id, line_start, kind].
    """
    fig = go.Figure()
    if items.empty:
        return style(fig, title, height=300)
    data = items.copy()
    if cycle:
        data["start"] = data["start"].map(to_cycle)
        data["end"] = [to_cycle(e) if r else None for e, r in zip(data["end"], data["is_range"], strict=True)]
        wraps = [r and e is not None and e < s for s, e, r in zip(data["start"], data["end"], data["is_range"], strict=True)]
        data["end"] = [pd.Timestamp(CYCLE_YEAR, 12, 31) if w else e for e, w in zip(data["end"], wraps, strict=True)]
    rows = y_order or list(dict.fromkeys(data[y_col]))
    kinds = [k for k in KIND_ORDER if k in set(data["kind"])] + sorted(set(data["kind"]) - set(KIND_ORDER))
    for kind in kinds:
        part = data[data["kind"] == kind]
        color = KIND_COLOR.get(kind, "#546e7a")
        ranges = part[part["is_range"]]
        if not ranges.empty:
            xs, ys = [], []
            for row in ranges.itertuples():
                xs += [row.start, row.end, None]
                ys += [getattr(row, y_col), getattr(row, y_col), None]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": color, "width": 14}, opacity=0.45,
                                     legendgroup=kind, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=part["start"], y=part[y_col], mode="markers", name=kind_labels.get(kind, kind), legendgroup=kind,
            marker={"color": color, "size": 13, "symbol": KIND_SYMBOL.get(kind, "circle"),
                    "line": {"color": "white", "width": 1}},
            customdata=[[p, int(ls) if pd.notna(ls) else None, kind]
                        for p, ls in zip(part["plan_id"], part["line_start"], strict=True)],
            hovertext=part["hover"], hovertemplate="%{hovertext}<extra></extra>"))
    if today is not None:
        mark = to_cycle(today) if cycle else pd.Timestamp(today)
        lo = pd.Series(data["start"]).min()
        hi = pd.concat([pd.Series(data["start"]), pd.Series(data["end"])]).dropna().max()
        window = pd.Timedelta(days=today_within)
        if cycle or (lo - window <= mark <= hi + window):
            _mark_today(fig, mark, today_label)
    fig.update_yaxes(categoryorder="array", categoryarray=rows, autorange="reversed", type="category")
    _date_axis(fig, cycle, "%d/%m" if cycle else "%d/%m/%Y")
    return style(fig, title, height=max(280, 46 * len(rows) + 140))


def month_counts(items: pd.DataFrame, cycle: bool = False) -> pd.DataFrame:
    """Items per month (of their start) and kind: month (first day; in CYCLE_YEAR on the annual cycle), kind,
    items, plans."""
    cols = ["month", "kind", "items", "plans"]
    if items.empty:
        return pd.DataFrame(columns=cols)
    start = pd.to_datetime(items["start"])
    month = start.dt.to_period("M").dt.to_timestamp()
    if cycle:
        month = pd.to_datetime({"year": CYCLE_YEAR, "month": start.dt.month, "day": 1})
    data = items.assign(month=month)
    return data.groupby(["month", "kind"], as_index=False).agg(items=("plan_id", "size"),
                                                                plans=("plan_id", "nunique"))[cols]


def fig_timeline_counts(counts: pd.DataFrame, kind_labels: dict[str, str], items_label: str, plans_label: str, *,
                        today: dt.date | None = None, today_label: str = "", cycle: bool = False,
                        title: str | None = None) -> go.Figure:
    """Dated items of many plans, counted: one stacked bar per month (by kind). customdata = [month (ISO), kind]."""
    fig = go.Figure()
    if counts.empty:
        return style(fig, title, height=300)
    kinds = [k for k in KIND_ORDER if k in set(counts["kind"])] + sorted(set(counts["kind"]) - set(KIND_ORDER))
    fmt = "%m" if cycle else "%m/%Y"
    for kind in kinds:
        part = counts[counts["kind"] == kind]
        name = kind_labels.get(kind, kind)
        fig.add_trace(go.Bar(
            x=part["month"], y=part["items"], name=name, marker_color=KIND_COLOR.get(kind, "#546e7a"),
            customdata=[[m.strftime("%Y-%m-%d"), kind] for m in part["month"]],
            hovertext=[f"{m.strftime(fmt)} · {name}<br>{items_label}: {n} · {plans_label}: {p}"
                       for m, n, p in zip(part["month"], part["items"], part["plans"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>", xperiod="M1", xperiodalignment="middle"))
    fig.update_layout(barmode="stack", bargap=0.1)
    if today is not None:
        mark = to_cycle(today) if cycle else pd.Timestamp(today)
        lo, hi = counts["month"].min(), counts["month"].max() + pd.offsets.MonthEnd(1)
        if cycle or lo <= mark <= hi:
            _mark_today(fig, mark, today_label)
    _date_axis(fig, cycle, fmt)
    fig.update_yaxes(title=items_label, rangemode="tozero")
    return style(fig, title, height=460)


def _mark_today(fig: go.Figure, mark: pd.Timestamp, label: str) -> None:
    """A dashed vertical line at today, labelled above the plot."""
    fig.add_shape(type="line", x0=mark, x1=mark, y0=0, y1=1, yref="paper",
                  line={"color": "#424242", "width": 1.5, "dash": "dash"})
    fig.add_annotation(x=mark, y=1, yref="paper", text=label, showarrow=False, yanchor="bottom",
                       font={"size": 12, "color": "#424242"})


def _date_axis(fig: go.Figure, cycle: bool, tickformat: str) -> None:
    """A date x axis; on the annual cycle, one tick a month over CYCLE_YEAR."""
    if cycle:
        fig.update_xaxes(type="date", tickformat=tickformat, dtick="M1",
                         range=[pd.Timestamp(CYCLE_YEAR, 1, 1) - pd.Timedelta(days=5),
                                pd.Timestamp(CYCLE_YEAR, 12, 31) + pd.Timedelta(days=5)])
    else:
        fig.update_xaxes(type="date", tickformat=tickformat)
