"""Tổng quan / Overview: KPIs, coverage matrix, the list of plans."""

import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.overview import fig_coverage
from explorer.i18n import fmt_date, fmt_int, t
from explorer.labels import doc_type_label, level_label

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
    st.subheader(t("Độ phủ: đơn vị × năm", "Coverage: unit × year"))
    ui.chart(fig_coverage(coverage, "", t("Số kế hoạch", "Plans")), coverage, "coverage")

st.subheader(t("Danh sách kế hoạch", "Plans"))
table = plans.assign(
    level=plans["level"].map(level_label),
    doc_type=plans["doc_type"].map(doc_type_label),
    issue_date=[fmt_date(d, p) if d is not None and str(d) != "NaT" else "–"
                for d, p in zip(plans["issue_date"], plans["issue_date_precision"], strict=True)],
    truncated=plans["truncated"].map(lambda v: t("bị cắt", "cut off") if v else ""),
)[["province", "district", "level", "plan_year", "doc_type", "doc_number", "issue_date", "signer", "sections",
   "truncated", "title"]].astype(object).fillna("–")
table.columns = [t("Tỉnh", "Province"), t("Huyện", "District"), t("Cấp", "Level"), t("Năm", "Year"),
                 t("Loại", "Type"), t("Số hiệu", "Number"), t("Ngày ban hành", "Issued"), t("Người ký", "Signer"),
                 t("Số mục", "Sections"), t("Ghi chú", "Note"), t("Trích yếu", "Title")]
st.dataframe(table, hide_index=True, width="stretch")
ui.data_expander(plans, "plans")
