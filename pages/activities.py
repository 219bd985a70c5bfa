"""Hoạt động / Activities: theme mix per plan, theme trend by plan year, and the searchable list of activities."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.activities import (
    fig_theme_mix,
    fig_theme_trend,
    filter_activities,
    theme_shares,
    theme_trend,
)
from explorer.i18n import fmt_int, t
from explorer.labels import objective_label, theme_label
from loaders.reference import table
from loaders.textnorm import sort_key

ui.header("Hoạt động", "Activities",
          "Các hoạt động của kế hoạch theo chủ đề: cơ cấu chủ đề của từng kế hoạch, xu hướng theo năm và danh sách "
          "hoạt động kèm câu gốc.",
          "Plan activities by theme: each plan's theme mix, the trend by plan year, and the list of activities "
          "with their source sentences.")
f = filters.sidebar()
params = f.params()

activities = query("activities_list", **params)
if activities.empty:
    ui.empty()
    st.stop()

THEME_ORDER = [row["theme_id"] for row in table("themes")]
names = {theme: theme_label(theme) for theme in THEME_ORDER}
COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]


def _plan_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans by year, then by their Vietnamese name."""
    return frame.assign(_k=frame["plan_label"].map(sort_key)).sort_values(["plan_year", "_k"], kind="stable") \
        .drop(columns="_k")


def _with_theme(frame: pd.DataFrame, theme: str) -> pd.Series:
    return frame["themes"].map(lambda ts: theme in list(ts) if ts is not None else False)


def mix_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked segment → the activities of that plan carrying that theme."""
    frames = [activities[(activities["plan_id"] == p["customdata"][0]) & _with_theme(activities, p["customdata"][1])]
              for p in points if len(p.get("customdata") or []) >= 2]
    return pd.concat(frames)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


def trend_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked point → the activities of that year's plans carrying that theme."""
    frames = [activities[(activities["plan_year"] == int(p["customdata"][0])) & _with_theme(activities, p["customdata"][1])]
              for p in points if len(p.get("customdata") or []) >= 2]
    return pd.concat(frames)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


mix = query("activities_theme_mix", **params)
if not mix.empty:
    mix = theme_shares(_plan_order(mix))
    cut = t("bị cắt", "cut off")
    mix["plan_label"] = [f"{label} ⚠ {cut}" if truncated else label
                         for label, truncated in zip(mix["plan_label"], mix["truncated"], strict=True)]

# --- 1. theme mix per plan ---------------------------------------------------------------------------------------
st.subheader(t("Cơ cấu chủ đề của từng kế hoạch", "Theme mix per plan"))
if mix.empty:
    ui.empty()
else:
    as_share = st.radio(t("Hiển thị", "Show"), [True, False], horizontal=True, key="act_mix_mode",
                        format_func=lambda v: t("Tỷ trọng (%)", "Shares (%)") if v else t("Số hoạt động", "Activities"))
    fig = fig_theme_mix(mix, THEME_ORDER, names, "",
                        t("Tỷ trọng trong các lượt gắn chủ đề", "Share of theme mentions") if as_share
                        else t("Số hoạt động", "Activities"), t("hoạt động", "activities"), share=as_share)
    data = mix.assign(theme=mix["theme_id"].map(names))[
        ["plan_label", "plan_year", "theme_id", "theme", "activities", "plan_activities", "plan_mentions",
         "share_mentions", "share_activities"]]
    ui.chart(fig, data, "activities_theme_mix", sources=mix_sources)
    st.caption(t("Một hoạt động có thể thuộc nhiều chủ đề; tỷ trọng tính trên tổng số lượt gắn chủ đề của kế hoạch. "
                 "⚠ bị cắt: văn bản không đầy đủ.",
                 "An activity can carry several themes; shares are of the plan's theme mentions. "
                 "⚠ cut off: the document is incomplete."))

# --- 2. theme trend by plan year ---------------------------------------------------------------------------------
st.subheader(t("Xu hướng chủ đề theo năm kế hoạch", "Theme trend by plan year"))
trend = theme_trend(mix)
if trend.empty:
    ui.empty()
else:
    totals = trend.groupby("theme_id")["activities"].sum()
    ranked = sorted(totals.index, key=lambda th: (-totals[th], sort_key(names.get(th, th))))
    picked = st.multiselect(t("Chủ đề trên biểu đồ", "Themes on the chart"), ranked, default=ranked[:6],
                            format_func=lambda th: names.get(th, th), key="act_trend_themes",
                            placeholder=t("Tất cả chủ đề", "All themes"))
    trend = trend[trend["theme_id"].isin(picked or ranked)]
    fig = fig_theme_trend(trend, THEME_ORDER, names, "", t("% hoạt động có chủ đề", "% of activities with the theme"),
                          t("Năm kế hoạch", "Plan year"))
    ui.chart(fig, trend.assign(theme=trend["theme_id"].map(names)), "activities_theme_trend", sources=trend_sources)
    if trend["plan_year"].nunique() < 2:
        st.caption(t("Chỉ có một năm kế hoạch trong bộ lọc hiện tại.", "Only one plan year in the current filters."))

# --- 3. the activity list ----------------------------------------------------------------------------------------
st.subheader(t("Danh sách hoạt động", "Activities"))
present = sorted({th for ts in activities["themes"] for th in (list(ts) if ts is not None else [])},
                 key=lambda th: sort_key(names.get(th, th)))
c1, c2 = st.columns([2, 1])
chosen = c1.multiselect(t("Chủ đề", "Themes"), present, format_func=lambda th: names.get(th, th), key="act_themes",
                        placeholder=t("Tất cả chủ đề", "All themes"))
needle = c2.text_input(t("Tìm trong nội dung (không cần dấu)", "Search the text (accents optional)"), key="act_q",
                       placeholder=t("vd. bao luc gia dinh", "e.g. bao luc gia dinh"))
shown = filter_activities(activities, chosen, needle)
st.caption(t(f"{fmt_int(len(shown))} / {fmt_int(len(activities))} hoạt động",
             f"{fmt_int(len(shown))} of {fmt_int(len(activities))} activities"))
if shown.empty:
    ui.empty("Không có hoạt động nào khớp với chủ đề/từ khóa đã chọn.", "No activity matches the chosen themes/text.")
else:
    listing = pd.DataFrame({
        t("Kế hoạch", "Plan"): shown["plan_label"],
        t("Mục", "Section"): shown["section_path"],
        t("Trích dẫn", "Quote"): shown["quote"],
        t("Chủ đề", "Themes"): shown["themes"].map(lambda ts: ", ".join(names.get(th, th) for th in ts)),
        t("Mục tiêu Chiến lược", "Strategy objectives"): shown["objectives"].map(
            lambda os: "; ".join(f"{o.removeprefix('NQ28-')} {objective_label(o, short=True)}" for o in os)),
        t("Thời gian", "Timeframe"): shown["timeframe"].fillna(""),
        t("Dòng", "Lines"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(shown["line_start"], shown["line_end"],
                                                                             strict=True)],
    })
    st.dataframe(listing, hide_index=True, width="stretch",
                 column_config={t("Trích dẫn", "Quote"): st.column_config.TextColumn(width="large")})
    # DuckDB lists arrive as numpy arrays, which the XLSX export cannot write: join them.
    export = shown.drop(columns=["text"]).assign(themes=shown["themes"].map(lambda ts: ", ".join(ts)),
                                                 objectives=shown["objectives"].map(lambda os: ", ".join(os)))
    ui.data_expander(export, "activities_list")
