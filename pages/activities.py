"""Hoạt động / Activities: theme mix per plan, theme trend by plan year, and the searchable list of activities."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query
from explorer.figures.activities import (
    fig_theme_mix,
    fig_theme_trend,
    filter_activities,
    theme_shares,
    theme_trend,
)
from explorer.i18n import fmt_int, lang, t
from explorer.labels import objective_label, theme_label
from loaders.reference import table
from loaders.textnorm import fold, sort_key

ui.header("Hoạt động", "Activities",
          "Các hoạt động của kế hoạch theo chủ đề: cơ cấu chủ đề của từng kế hoạch, xu hướng theo năm và danh sách "
          "hoạt động kèm câu gốc.",
          "Plan activities by theme: each plan's theme mix, the trend by plan year, and the list of activities "
          "with their source sentences.")
f = filters.sidebar()
params = f.params()

# 153,000 rows with their theme lists at national scale: one shared frame, never a per-rerun copy (read-only).
KEY = ui.frozen(params)


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def activities_of(key: tuple, language: str, version: float) -> pd.DataFrame:
    """The activities of the filtered plans, every plan named (read-only)."""
    return ui.known_labels(ui.shared_query("activities_list", **ui.thawed(key)))


activities = activities_of(KEY, lang(), db_version())
if activities.empty:
    ui.empty()
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def folded_texts(key: tuple, version: float) -> pd.Series:
    """The activities' texts folded for search (once per filter, not on every keystroke)."""
    return ui.shared_query("activities_list", **ui.thawed(key))["text"].fillna("").map(fold)  # same rows, same index


@st.cache_data(show_spinner=False, max_entries=32)
def themes_present(key: tuple, version: float) -> list[str]:
    return sorted({th for ts in ui.shared_query("activities_list", **ui.thawed(key))["themes"]
                   for th in (list(ts) if ts is not None else [])})

THEME_ORDER = [row["theme_id"] for row in table("themes")]
names = {theme: theme_label(theme) for theme in THEME_ORDER}
COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]


def _plan_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans by year, then by their Vietnamese name."""
    keys = {label: sort_key(label) for label in frame["plan_label"].unique()}
    return frame.assign(_k=frame["plan_label"].map(keys)).sort_values(["plan_year", "_k"], kind="stable") \
        .drop(columns="_k")


def _with_theme(frame: pd.DataFrame, theme: str) -> pd.Series:
    return frame["themes"].map(lambda ts: theme in list(ts) if ts is not None else False)


def mix_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked segment → the activities of that plan (or province, "prov:<name>") carrying that theme."""
    frames = []
    for data in ui.clicked(points):
        if str(data[0]).startswith("prov:"):
            hit = units[(units["plan_id"] == data[0]) & (units["theme_id"] == data[1])]
            ids = set(hit["plan_ids"].iloc[0]) if not hit.empty else set()
            mine = activities[activities["plan_id"].isin(ids)]
        else:
            mine = activities[activities["plan_id"] == data[0]]
        frames.append(mine[_with_theme(mine, data[1])])
    return pd.concat(frames)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


def trend_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked point → the activities of that year's plans carrying that theme."""
    frames = [activities[(activities["plan_year"] == int(p["customdata"][0])) & _with_theme(activities, p["customdata"][1])]
              for p in points if len(p.get("customdata") or []) >= 2]
    return pd.concat(frames)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


@st.cache_data(show_spinner=False, max_entries=32)
def theme_mix(key: tuple, language: str, version: float) -> pd.DataFrame:
    """Plan × theme rows, every plan named, truncated plans marked."""
    frame = ui.known_labels(query("activities_theme_mix", **ui.thawed(key)))
    cut = t("bị cắt", "cut off")
    return frame.assign(plan_label=frame["plan_label"].where(~frame["truncated"].astype(bool),
                                                             frame["plan_label"] + f" ⚠ {cut}"))


mix = theme_mix(KEY, lang(), db_version())
n_plans = mix["plan_id"].nunique() if not mix.empty else 0
by_unit = n_plans > ui.MAX_PLANS_DRAWN
units = pd.DataFrame(columns=["plan_id", "theme_id", "plan_ids"])
if not mix.empty:
    if by_unit:  # thousands of bars cannot be drawn or read: one bar per province, its plans' activities summed
        units = query("activities_theme_mix_units", **params)
        unknown = t("Không rõ tỉnh", "Unknown province")
        units = units.assign(plan_id="prov:" + units["province"],
                             plan_label=units["province"].where(units["province"] != "?", unknown))
        order = {p: i for i, p in enumerate(sorted(units["plan_label"].unique(), key=sort_key))}
        units = theme_shares(units.assign(_o=units["plan_label"].map(order)).sort_values(["_o", "theme_id"])
                             .drop(columns="_o"))
    else:
        mix = theme_shares(_plan_order(mix))

# --- 1. theme mix per plan ---------------------------------------------------------------------------------------
st.subheader(t("Cơ cấu chủ đề theo tỉnh", "Theme mix per province") if by_unit
             else t("Cơ cấu chủ đề của từng kế hoạch", "Theme mix per plan"))
if mix.empty:
    ui.empty()
else:
    as_share = st.radio(t("Hiển thị", "Show"), [True, False], horizontal=True, key="act_mix_mode",
                        format_func=lambda v: t("Tỷ trọng (%)", "Shares (%)") if v else t("Số hoạt động", "Activities"))
    bars = units if by_unit else mix
    fig = fig_theme_mix(bars, THEME_ORDER, names, "",
                        t("Tỷ trọng trong các lượt gắn chủ đề", "Share of theme mentions") if as_share
                        else t("Số hoạt động", "Activities"), t("hoạt động", "activities"), share=as_share)
    if by_unit:
        data = bars.assign(theme=bars["theme_id"].map(names)).rename(columns={"plan_label": "province_label"})[
            ["province_label", "plans", "theme_plans", "theme_id", "theme", "activities", "plan_activities",
             "plan_mentions", "share_mentions", "share_activities"]]
    else:
        data = mix.assign(theme=mix["theme_id"].map(names))[
            ["plan_label", "plan_year", "theme_id", "theme", "activities", "plan_activities", "plan_mentions",
             "share_mentions", "share_activities"]]
    ui.chart(fig, data, "activities_theme_mix", sources=mix_sources)
    if by_unit:
        st.caption(t(f"{fmt_int(n_plans)} kế hoạch, quá nhiều để vẽ từng cột: mỗi cột là mọi kế hoạch của một tỉnh "
                     f"(khi ban hành, kể cả cấp huyện). Lọc còn tối đa {ui.MAX_PLANS_DRAWN} kế hoạch để xem từng kế "
                     "hoạch. Một hoạt động có thể thuộc nhiều chủ đề; tỷ trọng tính trên tổng số lượt gắn chủ đề.",
                     f"{fmt_int(n_plans)} plans, too many for a bar each: each bar is every plan of one province "
                     f"(as issued, districts included). Filter down to {ui.MAX_PLANS_DRAWN} plans or fewer to see each "
                     "plan. An activity can carry several themes; shares are of the theme mentions."))
    else:
        st.caption(t("Một hoạt động có thể thuộc nhiều chủ đề; tỷ trọng tính trên tổng số lượt gắn chủ đề của kế "
                     "hoạch. ⚠ bị cắt: văn bản không đầy đủ.",
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
present = sorted(themes_present(KEY, db_version()), key=lambda th: sort_key(names.get(th, th)))
c1, c2 = st.columns([2, 1])
chosen = c1.multiselect(t("Chủ đề", "Themes"), present, format_func=lambda th: names.get(th, th), key="act_themes",
                        placeholder=t("Tất cả chủ đề", "All themes"))
needle = c2.text_input(t("Tìm trong nội dung (không cần dấu)", "Search the text (accents optional)"), key="act_q",
                       placeholder=t("vd. bao luc gia dinh", "e.g. bao luc gia dinh"))
if chosen or fold(needle or ""):
    shown = filter_activities(activities, chosen, needle,
                              folded=folded_texts(KEY, db_version()) if fold(needle or "") else None)
else:
    shown = activities  # read-only, like `activities` itself
st.caption(t(f"{fmt_int(len(shown))} / {fmt_int(len(activities))} hoạt động",
             f"{fmt_int(len(shown))} of {fmt_int(len(activities))} activities"))
if shown.empty:
    ui.empty("Không có hoạt động nào khớp với chủ đề/từ khóa đã chọn.", "No activity matches the chosen themes/text.")
else:
    page = ui.page_of(shown, "act_page")  # formatting 150,000 rows for one screen would take seconds
    listing = pd.DataFrame({
        t("Kế hoạch", "Plan"): page["plan_label"],
        t("Mục", "Section"): page["section_path"],
        t("Trích dẫn", "Quote"): page["quote"],
        t("Chủ đề", "Themes"): page["themes"].map(lambda ts: ", ".join(names.get(th, th) for th in ts)),
        t("Mục tiêu Chiến lược", "Strategy objectives"): page["objectives"].map(
            lambda os: "; ".join(f"{o.removeprefix('NQ28-')} {objective_label(o, short=True)}" for o in os)),
        t("Thời gian", "Timeframe"): page["timeframe"].fillna(""),
        t("Dòng", "Lines"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(page["line_start"], page["line_end"],
                                                                             strict=True)],
    })
    st.dataframe(listing, hide_index=True, width="stretch",
                 column_config={t("Trích dẫn", "Quote"): st.column_config.TextColumn(width="large")})

    def export(frame: pd.DataFrame) -> pd.DataFrame:
        """DuckDB lists arrive as numpy arrays, which the XLSX export cannot write: join them (on download)."""
        return frame.drop(columns=["text"]).assign(themes=frame["themes"].map(lambda ts: ", ".join(ts)),
                                                   objectives=frame["objectives"].map(lambda os: ", ".join(os)))

    if len(shown) > len(page):
        ui.data_expander(shown, "activities_list", prepare=export, show_table=False)
    else:
        ui.data_expander(export(shown), "activities_list")
