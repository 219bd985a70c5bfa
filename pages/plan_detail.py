"""Chi tiết kế hoạch / Plan detail: one plan's metadata, outline, and text with the extracted rows highlighted."""

import numpy as np
import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query
from explorer.figures.plan_detail import ITEM_COLORS, legend_html, outline_html, text_html
from explorer.i18n import fmt_date, fmt_int, fmt_num, t
from explorer.labels import agency_label, doc_type_label, label, level_label, theme_label
from explorer.search import escape_text

ui.header("Chi tiết kế hoạch", "Plan detail",
          "Thông tin, mục lục và toàn văn của một kế hoạch; các dòng sinh ra dữ liệu trích xuất được tô màu.",
          "One plan's metadata, outline and full text; lines that produced extracted data are highlighted.")
f = filters.sidebar()
params = f.params()

plans = ui.shared_query("plan_detail_plans", **params)  # read-only: 10,000 plans with their lists nationally
if plans.empty:
    ui.empty()
    st.stop()


@st.cache_data(show_spinner=False, max_entries=32)
def menu_of(key: tuple, version: float) -> pd.DataFrame:
    return ui.plan_menu(ui.shared_query("plan_detail_plans", **ui.thawed(key)))


# The plan picker: filtered plans by name; the choice lives in the URL (?plan=<plan_id>).
menu = menu_of(ui.frozen(params), db_version())
names = dict(zip(menu["plan_id"], menu["plan_label"], strict=True))
plan_id = ui.plan_picker(menu, "pd_plan", st.query_params.get("plan"))
st.query_params["plan"] = plan_id
plan = plans.loc[plans["plan_id"] == plan_id].iloc[0]


def present(value) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return len(value) > 0
    return value is not None and not pd.isna(value)


def date_text(value, precision=None) -> str:
    return fmt_date(value, precision if present(precision) else "day") if present(value) else "–"


WARNINGS = {
    "no plan year found": ("không xác định được năm kế hoạch", "no plan year found"),
    "no province found": ("không xác định được tỉnh/thành", "no province found"),
    "no headings found: the outline is empty": ("không tìm thấy đề mục: mục lục trống",
                                                "no headings found: the outline is empty"),
    "no targets found": ("không tìm thấy chỉ tiêu", "no targets found"),
    "document looks truncated": ("văn bản có vẻ bị cắt", "document looks truncated"),
}


def warning_text(w: str) -> str:
    if w.startswith("unknown agency: "):
        return t("cơ quan chưa có trong danh mục: ", "unknown agency: ") + w.removeprefix("unknown agency: ")
    return t(*WARNINGS[w]) if w in WARNINGS else w


recipients = list(plan["recipients"]) if present(plan["recipients"]) else []
warnings = list(plan["warnings"]) if present(plan["warnings"]) else []

# Names and titles come from the documents: escaped HTML, never Markdown (st.subheader/st.caption would interpret it).
title = f"<div style='color:#666'>{escape_text(plan['title'])}</div>" if present(plan["title"]) else ""
st.html(f"<h3 style='margin-bottom:0'>{escape_text(names[plan_id])}</h3>{title}")
if present(plan["truncated"]) and bool(plan["truncated"]):
    st.warning(t("Văn bản này bị cắt: bản gốc có vẻ không đầy đủ, nên mục lục và dữ liệu trích xuất có thể thiếu.",
                 "This document is cut off: the source looks incomplete, so its outline and extracted data may be "
                 "missing parts."), icon=":material/content_cut:")
if warnings:
    items = "".join(f"<li>{escape_text(warning_text(w))}</li>" for w in warnings)
    st.html(f"<div style='background:#fff3e0;border-left:4px solid #ef6c00;padding:6px 12px;border-radius:4px'>"
            f"<b>{escape_text(t('Cảnh báo khi trích xuất', 'Extraction warnings'))}</b>"
            f"<ul style='margin:4px 0 0 0'>{items}</ul></div>")

lines = query("plan_detail_lines", plan_id=plan_id)
sections = query("plan_detail_sections", plan_id=plan_id)
items = query("plan_detail_items", plan_id=plan_id, theme_ids=params["theme_ids"], agency_ids=params["agency_ids"])

ITEM_NAMES = {"target": ("chỉ tiêu", "target"), "activity": ("hoạt động", "activity"),
              "responsibility": ("trách nhiệm", "responsibility"), "citation": ("trích dẫn", "citation"),
              "deadline": ("thời hạn", "deadline"), "budget": ("kinh phí", "budget"),
              "initiative": ("mô hình", "initiative")}
counts = items["item"].value_counts() if not items.empty else pd.Series(dtype=int)
for col, (kind, (vi, en)) in zip(st.columns(len(ITEM_NAMES)), ITEM_NAMES.items(), strict=True):
    col.metric(t(vi, en).capitalize(), fmt_int(counts.get(kind, 0)))

tab_meta, tab_outline, tab_text = st.tabs([t("Thông tin", "Metadata"), t("Mục lục", "Outline"),
                                           t("Văn bản", "Text")])

with tab_meta:
    FIELDS = [
        ("plan_id", "Mã kế hoạch", "Plan id"), ("doc_type", "Loại văn bản", "Document type"),
        ("doc_number", "Số hiệu", "Number"), ("doc_number_raw", "Số hiệu (nguyên văn)", "Number as printed"),
        ("title", "Trích yếu", "Title"), ("issuer", "Cơ quan ban hành", "Issuer"), ("level", "Cấp", "Level"),
        ("province", "Tỉnh/thành (khi ban hành)", "Province (as issued)"), ("district", "Huyện", "District"),
        ("province_2025", "Tỉnh/thành (sau sáp nhập 2025)", "Province (after 2025 merger)"),
        ("lat", "Vĩ độ", "Latitude"), ("lon", "Kinh độ", "Longitude"), ("plan_year", "Năm kế hoạch", "Plan year"),
        ("issue_date", "Ngày ban hành", "Issued"), ("issue_date_precision", "Độ chính xác ngày", "Date precision"),
        ("signer", "Người ký", "Signer"), ("signer_title", "Chức danh người ký", "Signer's title"),
        ("proposing_agency", "Cơ quan đề xuất", "Proposing agency"),
        ("proposing_agency_id", "Mã cơ quan đề xuất", "Proposing agency id"),
        ("recipients", "Nơi nhận", "Recipients"), ("truncated", "Bị cắt", "Cut off"),
        ("warnings", "Cảnh báo", "Warnings"), ("source_path", "Tệp nguồn", "Source file"),
        ("file_format", "Định dạng", "Format"), ("bytes", "Dung lượng (byte)", "Size (bytes)"),
        ("sha256", "SHA-256", "SHA-256"), ("ingested_at", "Thời điểm nạp", "Ingested at"),
    ]
    PRECISION = {"day": ("ngày", "day"), "month": ("tháng", "month"), "year": ("năm", "year")}

    def show(column: str) -> str:
        value = plan[column] if column in plan.index else None
        if not present(value):
            return "–"
        if column == "doc_type":
            return f"{doc_type_label(value)} ({value})"
        if column == "level":
            return level_label(value)
        if column in ("lat", "lon"):
            return fmt_num(float(value), 4)
        if column == "plan_year":
            return str(int(value))
        if column == "bytes":
            return fmt_int(value)
        if column == "issue_date":
            return date_text(value, plan["issue_date_precision"])
        if column == "issue_date_precision":
            return t(*PRECISION[value]) if value in PRECISION else str(value)
        if column == "ingested_at":
            return f"{date_text(value)} {value:%H:%M}"
        if column == "proposing_agency_id":
            return f"{agency_label(value)} ({value})"
        if column == "truncated":
            return t("CÓ — văn bản bị cắt", "YES — cut off") if value else t("không", "no")
        if column == "recipients":
            return "; ".join(recipients)
        if column == "warnings":
            return "; ".join(warning_text(w) for w in warnings)
        return str(value)

    meta = pd.DataFrame({t("Trường", "Field"): [t(vi, en) for _, vi, en in FIELDS],
                         t("Giá trị", "Value"): [show(c) for c, _, _ in FIELDS]})
    st.dataframe(meta, hide_index=True, width="stretch")
    st.markdown(f"**{t('Nơi nhận', 'Recipients')}** ({fmt_int(len(recipients))})")
    if recipients:
        st.html("<ul style='margin:0'>" + "".join(f"<li>{escape_text(r)}</li>" for r in recipients) + "</ul>")
    else:
        st.caption(t("Không ghi nơi nhận.", "No recipients listed."))
    ui.data_expander(plans[plans["plan_id"] == plan_id], "plan_metadata")

with tab_outline:
    if sections.empty:
        ui.empty("Văn bản này không có mục lục (không tìm thấy đề mục).",
                 "This document has no outline (no headings were found).")
    else:
        sections["kind_label"] = sections["kind"].map(lambda k: label("section", k) if present(k) else "–")
        st.html(outline_html(sections, t("dòng", "lines")))
        ui.data_expander(sections.drop(columns="kind_label"), "plan_sections")


CMP = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "=": "", "~": "~ "}


def short(text, limit: int = 60) -> str:
    text = str(text) if present(text) else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_label(r) -> str:
    """The small label under a highlighted line: which row it produced, e.g. "chỉ tiêu: 70 % · ge_knowledge_population"."""
    kind = t(*ITEM_NAMES.get(r["item"], (r["item"], r["item"])))
    if r["item"] == "target":
        value = fmt_num(r["value"]) if present(r["value"]) else "?"
        if present(r["value_max"]):
            value += "–" + fmt_num(r["value_max"])
        what = f"{CMP.get(r['comparator'], '') if present(r['comparator']) else ''}{value} " \
               f"{r['unit'] if present(r['unit']) else ''}".strip()
        detail = f"{what} · {r['code'] if present(r['code']) else short(r['name'], 40)}"
    elif r["item"] == "activity":
        themes = list(r["themes"]) if present(r["themes"]) else []
        detail = ", ".join(theme_label(x) for x in themes) or t("chưa gán chủ đề", "no theme")
    elif r["item"] == "responsibility":
        who = agency_label(r["code"]) if present(r["code"]) else short(r["name"])
        detail = f"{who} · {label('role', r['role']) if present(r['role']) else '–'}"
    elif r["item"] == "citation":
        detail = f"{short(r['name'])} · {label('relation', r['role']) if present(r['role']) else '–'}"
    elif r["item"] == "deadline":
        when = date_text(r["due_date"], r["date_precision"])
        if present(r["end_date"]):
            when += " – " + date_text(r["end_date"], r["date_precision"])
        detail = f"{when} · {label('kind', r['role']) if present(r['role']) else '–'}"
    elif r["item"] == "budget":
        detail = label("budget", r["code"]) if present(r["code"]) else "–"
    else:
        detail = short(r["name"])
    return f"{kind}: {detail}"


with tab_text:
    if lines.empty:
        ui.empty("Không có văn bản cho kế hoạch này.", "No text for this plan.")
    else:
        if not items.empty:
            items["label"] = [item_label(r) for r in items.to_dict("records")]
        else:
            items = pd.DataFrame(columns=["item", "line_start", "line_end", "label"])
        if f.themes or f.agencies:
            st.caption(t("Bộ lọc chủ đề/cơ quan đang bật: chỉ tô các hoạt động/trách nhiệm khớp bộ lọc.",
                         "Theme/agency filter on: only matching activities/responsibilities are highlighted."))
        st.html(legend_html({k: t(*ITEM_NAMES[k]) for k in ITEM_COLORS}))
        only_marked = st.toggle(t("Chỉ hiện các dòng có dữ liệu trích xuất", "Only lines with extracted data"),
                                key="pd_only_marked")
        st.html(text_html(lines, items, only_marked=only_marked))
        ui.data_expander(items.drop(columns=["label"], errors="ignore"), "plan_items")
