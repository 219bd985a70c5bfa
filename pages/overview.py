"""Tổng quan / Overview: KPIs, coverage matrix, the list of plans."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.overview import fig_coverage, fig_coverage_provinces
from explorer.i18n import fmt_int, t
from explorer.labels import doc_type_label, level_label
from explorer.plotly_chart import drawing

ui.header("Tổng quan", "Overview", "Các kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ trong cơ sở dữ liệu.",
          "Gender-equality and women's-advancement plans in the database.")
f = filters.sidebar()
params = f.params()

kpis = query("overview_kpis", **params).iloc[0]
cards = [("Kế hoạch", "Plans", "plans"), ("Tỉnh/thành", "Provinces", "provinces"), ("Huyện", "Districts", "districts"),
         ("Năm", "Years", "years"), ("Chỉ tiêu", "Targets", "targets"), ("Hoạt động", "Activities", "activities"),
         ("Cơ quan", "Agencies", "agencies")]
for col, (vi, en, key) in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(t(vi, en), fmt_int(kpis[key]))

plans = query("overview_plans", **params)
if plans.empty:
    ui.empty()
    st.stop()

coverage = query("overview_coverage", **params)
if not coverage.empty:
    coverage["unit"] = coverage["unit"].fillna(t("Không rõ đơn vị", "Unknown unit"))
    if coverage["unit"].nunique() <= ui.MAX_UNITS_DRAWN:
        st.subheader(t("Độ phủ: đơn vị × năm", "Coverage: unit × year"))
        ui.chart(drawing(fig_coverage, coverage, "", t("Số kế hoạch", "Plans")), coverage, "coverage")
    else:  # hundreds of districts: a row per province (its districts' plans counted in it); every unit in the data
        st.subheader(t("Độ phủ: tỉnh × năm", "Coverage: province × year"))
        provinces = query("overview_coverage_provinces", **params)
        provinces["province"] = provinces["province"].replace("?", t("Không rõ tỉnh", "Unknown province"))
        st.caption(t(f"{fmt_int(coverage['unit'].nunique())} đơn vị ban hành: mỗi hàng là một tỉnh (khi ban hành), "
                     "số trong ô là số kế hoạch của tỉnh và các huyện trong năm đó. Bảng Dữ liệu có từng đơn vị × năm; "
                     "lọc một tỉnh ở thanh bên để xem từng huyện.",
                     f"{fmt_int(coverage['unit'].nunique())} issuing units: each row is a province (as issued), the "
                     "number is its and its districts' plans that year. The Data table has every unit × year; filter "
                     "one province in the sidebar to see each district."))
        ui.chart(drawing(fig_coverage_provinces, provinces, "", t("Số kế hoạch", "Plans"),
                         t("Đơn vị có kế hoạch", "Units with a plan"),
                         t("Kế hoạch cấp tỉnh", "Province-level plans")), coverage, "coverage")

st.subheader(t("Danh sách kế hoạch", "Plans"))
precision = plans["issue_date_precision"].fillna("day")
issued = pd.to_datetime(plans["issue_date"])
table = plans.assign(
    level=ui.labelled(plans["level"], level_label),
    doc_type=ui.labelled(plans["doc_type"], doc_type_label),
    issue_date=issued.dt.strftime("%d/%m/%Y").where(precision != "month", issued.dt.strftime("%m/%Y"))
    .where(precision != "year", issued.dt.strftime("%Y")).where(issued.notna(), "–"),  # as fmt_date, vectorised
    truncated=plans["truncated"].fillna(False).astype(bool).map({True: t("bị cắt", "cut off"), False: ""}),
)[["province", "district", "level", "plan_year", "doc_type", "doc_number", "issue_date", "signer", "sections",
   "truncated", "title"]].astype(object).fillna("–")
table.columns = [t("Tỉnh", "Province"), t("Huyện", "District"), t("Cấp", "Level"), t("Năm", "Year"),
                 t("Loại", "Type"), t("Số hiệu", "Number"), t("Ngày ban hành", "Issued"), t("Người ký", "Signer"),
                 t("Số mục", "Sections"), t("Ghi chú", "Note"), t("Trích yếu", "Title")]
ui.table(table)
ui.data_expander(plans, "plans")
