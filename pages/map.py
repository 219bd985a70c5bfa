"""Bản đồ / Map: plans, targets and activities per place on an offline centroid map."""

import json
from importlib import resources

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.map import fig_bubbles
from explorer.i18n import fmt_int, t
from explorer.labels import level_label
from explorer.plotly_chart import drawing
from loaders import admin
from loaders.textnorm import fold, sort_key

ui.header("Bản đồ", "Map",
          "Kế hoạch, chỉ tiêu và hoạt động theo địa phương. Bản đồ vẽ tâm các đơn vị hành chính (không cần Internet).",
          "Plans, targets and activities per place, drawn at the centroids of the units (works offline).")
f = filters.sidebar()
params = f.params()


@st.cache_data(show_spinner=False)
def legacy_provinces() -> pd.DataFrame:
    """The 63 provinces before 2025 (from vietnamadminunits via loaders.admin), one row each."""
    rows = {(u.province_short, u.lat, u.lon) for u in admin.provinces().values() if u.lat and u.lon}
    frame = pd.DataFrame(sorted(rows), columns=["name", "lat", "lon"])
    return frame.drop_duplicates(["lat", "lon"])


@st.cache_data(show_spinner=False)
def provinces_2025() -> pd.DataFrame:
    """The 34 provinces after 01/07/2025 with their centroids (vietnamadminunits, offline)."""
    path = resources.files("vietnamadminunits") / "data" / "parser_from_2025.json"
    items = json.loads(path.read_text(encoding="utf-8"))["DICT_PROVINCE"].values()
    return pd.DataFrame([(i["provinceShort"], i["provinceLat"], i["provinceLon"]) for i in items],
                        columns=["name", "lat", "lon"])


GROUPS = {"unit": t("Đơn vị ban hành", "Issuing unit"), "province": t("Tỉnh (khi ban hành)", "Province (as issued)"),
          "province_2025": t("Tỉnh sau sáp nhập 2025", "Province after the 2025 merger")}
MEASURES = {"plans": t("Số kế hoạch", "Plans"), "targets": t("Số chỉ tiêu", "Targets"),
            "activities": t("Số hoạt động", "Activities")}
COLOURS = {"level": t("Cấp", "Level"), "year": t("Năm kế hoạch mới nhất", "Latest plan year")}

c1, c2, c3 = st.columns(3)
group = c1.radio(t("Gộp theo", "Group by"), list(GROUPS), format_func=GROUPS.get, key="map_group")
measure = c2.radio(t("Kích thước bong bóng", "Bubble size"), list(MEASURES), format_func=MEASURES.get,
                   key="map_measure")
colour = c3.radio(t("Màu", "Colour"), list(COLOURS), format_func=COLOURS.get, key="map_colour")

units = query("map_units", **params, group=group)
if units.empty:
    ui.empty()
    st.stop()
units["place"] = units["place"].fillna(t("Không rõ đơn vị", "Unknown unit"))  # plans whose unit could not be read

if group in ("province", "province_2025"):
    # A province bubble sits at the province's centroid, not at the mean of its issuing units.
    reference = legacy_provinces() if group == "province" else provinces_2025()
    by_name = {fold(n): (la, lo) for n, la, lo in reference.itertuples(index=False)}
    for i, place in units["place"].items():
        found = admin.find_province(place) if group == "province" else None
        point = (found.lat, found.lon) if found else by_name.get(fold(str(place)))
        if point:
            units.loc[i, ["lat", "lon"]] = point
background = provinces_2025() if group == "province_2025" else legacy_provinces()

level_labels = {code: level_label(code) for code in ("tỉnh", "huyện", "xã")}
labels = {"size": MEASURES[measure], "province": t("Tỉnh (khi ban hành)", "Province (as issued)"),
          "province_2025": t("Tỉnh sau 2025", "Province after 2025"), "level": t("Cấp", "Level"),
          "plans": t("Kế hoạch", "Plans"), "targets": t("Chỉ tiêu", "Targets"),
          "activities": t("Hoạt động", "Activities"), "years": t("Năm", "Years"),
          "latest_year": t("Năm mới nhất", "Latest year"), "lon": t("Kinh độ", "Longitude"),
          "lat": t("Vĩ độ", "Latitude"),
          "background": t(f"{len(background)} tỉnh/thành (vị trí tham khảo)", f"{len(background)} provinces (context)")}

cards = [(t("Địa phương", "Places"), len(units)), (t("Kế hoạch", "Plans"), int(units["plans"].sum())),
         (t("Chỉ tiêu", "Targets"), int(units["targets"].sum())),
         (t("Hoạt động", "Activities"), int(units["activities"].sum()))]
for col, (name, value) in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(name, fmt_int(value))

keys_to_plans = dict(zip(units["place_key"], units["plan_ids"], strict=True))


def sources(points: list[dict]) -> pd.DataFrame:
    """Target or activity sentences of the plans in the clicked bubbles; customdata = [place_key]."""
    plan_ids = [p for point in points for p in keys_to_plans.get((point.get("customdata") or [""])[0], [])]
    if not plan_ids:
        return pd.DataFrame(columns=["plan_label", "section_path", "line_start", "line_end", "quote"])
    return query("map_sources", what=measure, plan_ids=sorted(set(plan_ids)), theme_ids=f.themes)


st.caption(t("Kích thước bong bóng theo số đếm đã chọn; điểm xám là tâm các tỉnh/thành để định hướng. "
             "Tọa độ là tâm đơn vị hành chính (gói vietnamadminunits), không phải ranh giới.",
             "Bubble area follows the chosen count; grey dots are province centroids for orientation. "
             "Coordinates are unit centroids (vietnamadminunits package), not boundaries.")
           + (" " + t("Bấm vào một bong bóng để xem câu gốc.", "Click a bubble to see the sentences.")
              if measure != "plans" else ""))
fig = drawing(fig_bubbles, units, measure, labels, level_labels, color_by=colour, background=background)
table_cols = ["place", "provinces", "provinces_2025", "levels", "lat", "lon", "plans", "targets", "activities",
              "first_year", "latest_year", "plan_list"]
left, right = st.columns([3, 2])
with left:
    ui.chart(fig, units[table_cols], f"map_{group}", sources=sources if measure != "plans" else None)

missing = units[units["lat"].isna() | units["lon"].isna()]["place"].tolist()
if missing:
    st.caption(t("Không có tọa độ (không vẽ được): ", "No coordinates (not drawn): ") + "; ".join(missing))

right.subheader(t("Theo địa phương", "Per place"))
ordered = units.assign(_k=[sort_key(p) for p in units["place"]]).sort_values("_k")
levels = {v: ", ".join(level_label(x.strip()) for x in str(v).split(",")) for v in ordered["levels"].unique()}
right.dataframe(pd.DataFrame({
    GROUPS[group]: ordered["place"],
    t("Tỉnh (khi ban hành)", "Province (as issued)"): ordered["provinces"],
    t("Tỉnh sau 2025", "Province after 2025"): ordered["provinces_2025"].fillna("–"),
    t("Cấp", "Level"): ordered["levels"].map(levels),
    t("Kế hoạch", "Plans"): ordered["plans"],
    t("Chỉ tiêu", "Targets"): ordered["targets"],
    t("Hoạt động", "Activities"): ordered["activities"],
    t("Năm mới nhất", "Latest year"): ordered["latest_year"].map(lambda y: "–" if pd.isna(y) else str(int(y))),
    t("Các kế hoạch", "Plans list"): ordered["plan_list"],
}), hide_index=True, width="stretch")
