"""Lịch / Timeline: deadlines, Action Month and other dated items of the plans, and what is due next."""

import datetime as dt

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query
from explorer.figures.timeline import KIND_ORDER, fig_timeline, fig_timeline_counts, item_spans, month_counts
from explorer.i18n import fmt_date, fmt_int, lang, t
from explorer.labels import agency_label, label
from explorer.plotly_chart import drawing
from loaders.textnorm import sort_key

ui.header("Lịch", "Timeline",
          "Hạn báo cáo, hạn xây dựng kế hoạch, Tháng hành động (15/11–15/12), ngày kỷ niệm và sự kiện trong các kế hoạch.",
          "Report and planning deadlines, the Action Month (15/11–15/12), commemorative days and events in the plans.")
f = filters.sidebar()
params = f.params()

SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
kind_labels = {k: label("kind", k) for k in KIND_ORDER}
today = dt.date.today()
today_ts = pd.Timestamp(today)


def _date(value, precision="day") -> str:
    if value is None or pd.isna(value):
        return "–"
    return fmt_date(value, precision if isinstance(precision, str) else "day")


def _when(row) -> str:
    """dd/mm/yyyy, or a range "15/11/2024 – 15/12/2024", at the precision the document gives."""
    start = _date(row.due_date, row.date_precision)
    return f"{start} – {_date(row.end_date, row.date_precision)}" if pd.notna(row.end_date) else start


def _relative(start, end) -> str:
    last = end if pd.notna(end) else start
    if start <= today_ts <= last:
        return t("đang diễn ra", "ongoing")
    days = (start - today_ts).days if start > today_ts else (today_ts - last).days
    if start > today_ts:
        return t(f"còn {fmt_int(days)} ngày", f"in {fmt_int(days)} days")
    return t(f"{fmt_int(days)} ngày trước", f"{fmt_int(days)} days ago")


def _agency(code) -> str:
    return "–" if code is None or pd.isna(code) else agency_label(code)


def item_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("Thời gian", "When"): [_when(r) for r in frame.itertuples()],
        t("So với hôm nay", "From today"): [_relative(s, e) for s, e in zip(frame["start"], frame["end"], strict=True)],
        t("Loại", "Kind"): frame["kind"].map(lambda k: kind_labels.get(k, k)),
        t("Kế hoạch", "Plan"): frame["plan_label"],
        t("Cơ quan", "Agency"): frame["agency_id"].map(_agency),
        t("Nội dung", "Text"): frame["text"],
        t("Câu gốc", "Quote"): frame["quote"],
    })


kinds = st.pills(t("Loại mốc", "Kinds"), KIND_ORDER, selection_mode="multi", default=KIND_ORDER,
                 format_func=kind_labels.get, key="timeline_kinds")
if not kinds:
    ui.empty("Hãy chọn ít nhất một loại mốc.", "Choose at least one kind of item.")
    st.stop()
if f.agencies:
    st.caption(t("Đang lọc theo cơ quan: chỉ hiện các mốc được giao cho cơ quan đã chọn.",
                 "Filtered by agency: only items assigned to the chosen agencies are shown."))

@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def dated_items(key: tuple, chosen: tuple, language: str, version: float) -> pd.DataFrame:
    """The items with their spans and hover text (a Python pass over 30,000 rows nationally: once per filter and
    language, not on every rerun). Shared and read-only."""
    raw = query("timeline_items", **ui.thawed(key), kinds=list(chosen))
    if raw.empty:
        return raw
    out = item_spans(raw)
    out["hover"] = [f"{r.plan_label}<br>{kind_labels.get(r.kind, r.kind)}: {_when(r)}<br>{r.text}"
                    for r in out.itertuples()]
    return out


items = dated_items(ui.frozen(params), tuple(kinds), lang(), db_version())
if items.empty:
    ui.empty()
    st.stop()
plans = query("timeline_plans", **params)


def sources(points: list[dict]) -> pd.DataFrame:
    """The sentence of each clicked item; customdata = [plan_id, line_start, kind]."""
    keys = {(p["customdata"][0], p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
    mask = [(pid, ls) in keys for pid, ls in zip(items["plan_id"], items["line_start"], strict=True)]
    return items.loc[mask, SOURCE_COLUMNS].drop_duplicates()


upcoming = items[items["end"].fillna(items["start"]) >= today_ts].sort_values("start")
past = (items[items["end"].fillna(items["start"]) < today_ts].assign(_last=lambda d: d["end"].fillna(d["start"]))
        .sort_values(["_last", "start"], ascending=False))

cards = [(t("Mốc thời gian", "Dated items"), fmt_int(len(items))),
         (t("Kế hoạch có mốc", "Plans with items"), fmt_int(items["plan_id"].nunique())),
         (t("Sắp đến hạn", "Upcoming"), fmt_int(len(upcoming))),
         (t("Hôm nay", "Today"), fmt_date(today))]
for col, (name, value) in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(name, value)

# --- What is due next -----------------------------------------------------------------------------------------
st.subheader(t("Sắp đến hạn", "Next due"))
if not upcoming.empty:
    st.dataframe(item_table(upcoming.head(10)), hide_index=True, width="stretch")
else:
    st.info(t(f"Mọi mốc trong dữ liệu hiện có đều đã qua (hôm nay là {fmt_date(today)}). "
              "Dưới đây là các mốc gần đây nhất.",
              f"Every item in the current data is in the past (today is {fmt_date(today)}). "
              "The most recent items are shown instead."))
    st.markdown(f"**{t('Các mốc gần đây nhất', 'Most recent items')}**")
    st.dataframe(item_table(past.head(10)), hide_index=True, width="stretch")

# --- Across plans -----------------------------------------------------------------------------------------------
st.subheader(t("Dòng thời gian các kế hoạch", "Timeline across plans"))
mode = st.radio(t("Trục thời gian", "Time axis"), ["dates", "cycle"], horizontal=True, key="timeline_mode",
                format_func=lambda m: t("Ngày thực tế", "Actual dates") if m == "dates"
                else t("Gộp theo chu kỳ năm (ngày/tháng)", "Annual cycle (day/month)"))
if mode == "cycle":
    st.caption(t("Các năm được xếp chồng lên một năm để so sánh nhịp công việc giữa các kế hoạch.",
                 "All years are laid over one calendar year to compare the yearly rhythm of the plans."))
chart_cols = ["plan_label", "kind", "due_date", "end_date", "date_precision", "agency_id", "text", "section_path",
              "line_start", "line_end", "quote"]
n_plans = items["plan_id"].nunique()
if n_plans <= ui.MAX_PLANS_DRAWN:
    order = (items[["plan_label", "plan_year"]].drop_duplicates("plan_label")
             .assign(_k=lambda d: d["plan_label"].map(sort_key)).sort_values(["plan_year", "_k"]))["plan_label"].tolist()
    fig = drawing(fig_timeline, items, "plan_label", kind_labels, today=today, today_label=t("Hôm nay", "Today"),
                  cycle=(mode == "cycle"), y_order=order)
    ui.chart(fig, items[chart_cols], "timeline_all", sources=sources)
else:  # a row per plan cannot be drawn for thousands of plans: the items of all of them, counted per month
    def month_sources(points: list[dict]) -> pd.DataFrame:
        """A clicked bar [month, kind] → the sentences of the items starting in that month."""
        keys = {(p["customdata"][0][:7], p["customdata"][1]) for p in points if len(p.get("customdata") or [])}
        month = items["start"].dt.strftime("%m" if mode == "cycle" else "%Y-%m")
        wanted = {(k[5:7] if mode == "cycle" else k, kind) for k, kind in keys}
        mask = [(m, k) in wanted for m, k in zip(month, items["kind"], strict=True)]
        return items.loc[mask, SOURCE_COLUMNS].drop_duplicates()

    st.caption(t(f"{fmt_int(n_plans)} kế hoạch có mốc thời gian, quá nhiều để vẽ mỗi kế hoạch một dòng: mỗi cột đếm "
                 "các mốc bắt đầu trong tháng đó, theo loại. Bấm vào cột để xem câu gốc; xem từng kế hoạch ở phần "
                 "bên dưới, mọi mốc có trong Dữ liệu.",
                 f"{fmt_int(n_plans)} plans have dated items, too many for a row each: each bar counts the items "
                 "starting that month, by kind. Click a bar for the sentences; see one plan below, every item is "
                 "under Data."))
    fig = drawing(fig_timeline_counts, month_counts(items, cycle=(mode == "cycle")), kind_labels,
                  t("Số mốc", "Items"), t("Kế hoạch", "Plans"), today=today, today_label=t("Hôm nay", "Today"),
                  cycle=(mode == "cycle"))
    ui.chart(fig, items[chart_cols], "timeline_all", sources=month_sources)
without = plans[plans["items"] == 0]["plan_label"].tolist() if not plans.empty else []
if without:
    st.caption(t(f"Không có mốc thời gian nào được trích xuất từ {fmt_int(len(without))} kế hoạch: ",
                 f"No dated item was extracted from {fmt_int(len(without))} plans: ")
               + ui.first_of(sorted(without, key=sort_key) if len(without) <= 200 else without))

# --- One plan -----------------------------------------------------------------------------------------------------
st.subheader(t("Theo từng kế hoạch", "One plan"))
plan_options = items[["plan_id", "plan_label", "plan_year", "province", "district"]].drop_duplicates("plan_id")
if n_plans > ui.MAX_PLANS_DRAWN:  # a list of thousands of plans is no picker: the unit first, then its plans
    plan_options = plan_options.assign(unit=plan_options["district"].fillna(plan_options["province"]).fillna("?"))
    unit_names = {u: sort_key(u) for u in plan_options["unit"].unique()}
    units = sorted(unit_names, key=unit_names.get)
    unit = st.selectbox(t(f"Đơn vị ({fmt_int(len(units))})", f"Unit ({fmt_int(len(units))})"), units,
                        key="timeline_unit")
    plan_options = plan_options[plan_options["unit"] == unit]
plan_options = (plan_options.assign(_k=lambda d: d["plan_label"].map(sort_key))
                .sort_values(["plan_year", "_k"], ascending=[False, True]))
names = dict(zip(plan_options["plan_id"], plan_options["plan_label"], strict=True))
chosen = st.selectbox(t("Kế hoạch", "Plan"), list(names), format_func=lambda pid: names.get(pid, str(pid)),
                      key="timeline_plan")
one = items[items["plan_id"] == chosen].sort_values(["start", "line_start"]).copy()
if one.empty:
    ui.empty()
else:
    one["row"] = [f"{kind_labels.get(k, k)}: {str(x)[:60]}" for k, x in zip(one["kind"], one["text"], strict=True)]
    one["row"] = [r if n == 0 else f"{r} ({n + 1})" for r, n in zip(one["row"], one.groupby("row").cumcount(), strict=True)]
    ui.chart(drawing(fig_timeline, one, "row", kind_labels, today=today, today_label=t("Hôm nay", "Today"),
                     today_within=45, y_order=one["row"].tolist()),
             one[chart_cols], "timeline_plan", sources=sources)
    st.dataframe(item_table(one), hide_index=True, width="stretch")
