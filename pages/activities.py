"""Hoạt động / Activities: theme mix per plan, theme trend by plan year, and the searchable list of activities."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import count, db_version, query, run_uncached
from explorer.figures.activities import (
    fig_theme_mix,
    fig_theme_trend,
    theme_shares,
    theme_trend,
)
from explorer.i18n import fmt_int, lang, t
from explorer.labels import objective_label, theme_label
from explorer.plotly_chart import drawing
from explorer.search import needle_regex
from loaders.reference import table
from loaders.textnorm import fold, sort_key

ui.header("Hoạt động", "Activities",
          "Các hoạt động của kế hoạch theo chủ đề: cơ cấu chủ đề của từng kế hoạch, xu hướng theo năm và danh sách "
          "hoạt động kèm câu gốc.",
          "Plan activities by theme: each plan's theme mix, the trend by plan year, and the list of activities "
          "with their source sentences.")
f = filters.sidebar()
params = f.params()

KEY = ui.frozen(params)
# At national scale the filtered plans hold 150,000 activities: the page never fetches them whole. The list reads one
# page at a time in SQL (ui.paged), its count and theme picker are SQL aggregates, a clicked point reads its own
# sentences, and the download reads every row only when clicked.
n_activities = count("activities_list", **params, list_themes=None, needle=None, needle_re=None)
if not n_activities:
    ui.empty()
    st.stop()


@st.cache_data(show_spinner=False, max_entries=32)
def themes_present(key: tuple, version: float) -> list[str]:
    return query("activities_themes", **ui.thawed(key))["theme_id"].tolist()


THEME_ORDER = [row["theme_id"] for row in table("themes")]
names = {theme: theme_label(theme) for theme in THEME_ORDER}
COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]


def _plan_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans by year, then by their Vietnamese name."""
    keys = {label: sort_key(label) for label in frame["plan_label"].unique()}
    return frame.assign(_k=frame["plan_label"].map(keys)).sort_values(["plan_year", "_k"], kind="stable") \
        .drop(columns="_k")


def _sources(theme: str, plans: list[str] | None = None, year: int | None = None) -> pd.DataFrame:
    """The activities carrying `theme` of the given plans (None: all) and plan year (None: any), as listed."""
    if plans is not None and not plans:
        return pd.DataFrame(columns=COLUMNS)
    rows = query("activities_sources", **params, source_theme=theme, source_plans=plans, source_year=year)
    return ui.known_labels(rows)[COLUMNS]


def mix_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked segment → the activities of that plan (or province, "prov:<name>") carrying that theme."""
    frames = []
    for data in ui.clicked(points):
        if str(data[0]).startswith("prov:"):
            hit = units[(units["plan_id"] == data[0]) & (units["theme_id"] == data[1])]
            frames.append(_sources(data[1], sorted(hit["plan_ids"].iloc[0]) if not hit.empty else []))
        else:
            frames.append(_sources(data[1], [data[0]]))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def trend_sources(points: list[dict]) -> pd.DataFrame:
    """A clicked point → the activities of that year's plans carrying that theme."""
    frames = [_sources(data[1], year=int(data[0])) for data in ui.clicked(points)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


@st.cache_data(show_spinner=False, max_entries=32)
def theme_mix(key: tuple, language: str, version: float) -> pd.DataFrame:
    """Plan × theme rows, every plan named, truncated plans marked."""
    frame = ui.known_labels(query("activities_theme_mix", **ui.thawed(key)))
    cut = t("bị cắt", "cut off")
    return frame.assign(plan_label=frame["plan_label"].where(~frame["truncated"].astype(bool),
                                                             frame["plan_label"] + f" ⚠ {cut}"))


# At national scale the plan × theme rows (120,000 for 10,000 plans) are never fetched: the mix is a bar per province
# and the trend is summed in SQL. Up to ui.MAX_PLANS_DRAWN plans, both come from the plan × theme rows as before.
n_plans = int(query("activities_theme_plans", **params)["plans"].iloc[0])
by_unit = n_plans > ui.MAX_PLANS_DRAWN
units = pd.DataFrame(columns=["plan_id", "theme_id", "plan_ids"])
mix = pd.DataFrame()
if by_unit:  # thousands of bars cannot be drawn or read: one bar per province, its plans' activities summed
    units = query("activities_theme_mix_units", **params)
    unknown = t("Không rõ tỉnh", "Unknown province")
    units = units.assign(plan_id="prov:" + units["province"],
                         plan_label=units["province"].where(units["province"] != "?", unknown))
    order = {p: i for i, p in enumerate(sorted(units["plan_label"].unique(), key=sort_key))}
    units = theme_shares(units.assign(_o=units["plan_label"].map(order)).sort_values(["_o", "theme_id"])
                         .drop(columns="_o"))
    trend = query("activities_theme_trend", **params, unknown_unit=t("Không rõ đơn vị ", "Unknown unit "),
                  cut_off=t("bị cắt", "cut off"))
elif n_plans:
    mix = theme_shares(_plan_order(theme_mix(KEY, lang(), db_version())))
    trend = theme_trend(mix)
else:
    trend = theme_trend(mix)

# --- 1. theme mix per plan ---------------------------------------------------------------------------------------
st.subheader(t("Cơ cấu chủ đề theo tỉnh", "Theme mix per province") if by_unit
             else t("Cơ cấu chủ đề của từng kế hoạch", "Theme mix per plan"))
if not n_plans:
    ui.empty()
else:
    as_share = st.radio(t("Hiển thị", "Show"), [True, False], horizontal=True, key="act_mix_mode",
                        format_func=lambda v: t("Tỷ trọng (%)", "Shares (%)") if v else t("Số hoạt động", "Activities"))
    bars = units if by_unit else mix
    fig = drawing(fig_theme_mix, bars, THEME_ORDER, names, "",
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
if trend.empty:
    ui.empty()
else:
    totals = trend.groupby("theme_id")["activities"].sum()
    ranked = sorted(totals.index, key=lambda th: (-totals[th], sort_key(names.get(th, th))))
    picked = st.multiselect(t("Chủ đề trên biểu đồ", "Themes on the chart"), ranked, default=ranked[:6],
                            format_func=lambda th: names.get(th, th), key="act_trend_themes",
                            placeholder=t("Tất cả chủ đề", "All themes"))
    trend = trend[trend["theme_id"].isin(picked or ranked)]
    fig = drawing(fig_theme_trend, trend, THEME_ORDER, names, "",
                  t("% hoạt động có chủ đề", "% of activities with the theme"), t("Năm kế hoạch", "Plan year"))
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
folded_needle = fold(needle or "")
list_params = {**params, "list_themes": chosen or None, "needle": folded_needle or None,
               "needle_re": needle_regex(folded_needle)}
n_shown = count("activities_list", **list_params)  # the same cached count ui.paged reads below
st.caption(t(f"{fmt_int(n_shown)} / {fmt_int(n_activities)} hoạt động",
             f"{fmt_int(n_shown)} of {fmt_int(n_activities)} activities"))
if not n_shown:
    ui.empty("Không có hoạt động nào khớp với chủ đề/từ khóa đã chọn.", "No activity matches the chosen themes/text.")
else:
    page, _ = ui.paged("activities_list", "act_page", **list_params)  # one page of 200 rows read in SQL
    page = ui.known_labels(page)
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

    unknown_unit = t("Không rõ đơn vị ", "Unknown unit ")  # read now: the download runs outside the page's run

    def export(frame: pd.DataFrame) -> pd.DataFrame:
        """Every plan named; DuckDB lists arrive as numpy arrays, which the XLSX export cannot write: join them."""
        if frame["plan_label"].isna().any():
            year = frame["plan_year"].map(lambda y: "?" if pd.isna(y) else str(int(y)))
            frame = frame.assign(plan_label=frame["plan_label"].where(
                frame["plan_label"].notna(), unknown_unit + year + " · " + frame["plan_id"].astype(str)))
        return frame.drop(columns=["text"]).assign(themes=frame["themes"].map(lambda ts: ", ".join(ts)),
                                                   objectives=frame["objectives"].map(lambda os: ", ".join(os)))

    if n_shown > len(page):  # every row, read only when a download button is clicked
        ui.data_expander(lambda: run_uncached("activities_list", **list_params), "activities_list", prepare=export,
                         show_table=False, rows=n_shown)
    else:
        ui.data_expander(export(page), "activities_list")
