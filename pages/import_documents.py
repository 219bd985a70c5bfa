"""Nhập văn bản / Import: upload plans, check what would be extracted, confirm, and they are in the database."""

import hashlib

import pandas as pd
import streamlit as st

from explorer import ui
from explorer.data import query, run_uncached
from explorer.i18n import LANGS, fmt_date, fmt_int, lang, t
from explorer.importing import MB, Preview, import_files, inspect_upload, known_contents, mark_duplicates
from explorer.labels import doc_type_label, level_label
from explorer.settings import db_path, raw_dir
from loaders.ingest import MAX_FILE_BYTES
from loaders.readers import SUPPORTED_SUFFIXES

ui.header("Nhập văn bản", "Import documents",
          "Tải lên kế hoạch (.docx, .pdf có lớp chữ, .txt, .md, .html). Mỗi tệp được đọc và trích xuất thử để bạn "
          "kiểm tra trước; chỉ khi bấm Xác nhận, tệp mới được lưu vào thư mục văn bản và nạp vào cơ sở dữ liệu.",
          "Upload plans (.docx, text-layer .pdf, .txt, .md, .html). Each file is read and extracted first so you can "
          "check it; only on Confirm is it stored in the documents folder and loaded into the database.")

with st.sidebar:  # this page has no data filters; keep the language switch every page has
    choice = st.radio("Ngôn ngữ / Language", list(LANGS), index=list(LANGS).index(lang()), format_func=LANGS.get,
                      horizontal=True, key="f_lang")
    if choice != lang():
        st.query_params["lang"] = choice
        st.rerun()

# The outcome of the last confirmation survives the rerun that empties the uploader.
done = st.session_state.pop("import_result", None)
if done:
    for kind, vi, en in done:
        getattr(st, kind)(t(vi, en))

generation = st.session_state.setdefault("import_generation", 0)
uploads = st.file_uploader(
    t("Chọn hoặc kéo thả tệp", "Choose or drop files"), accept_multiple_files=True, key=f"import_files_{generation}",
    help=t(f"Hỗ trợ {', '.join(SUPPORTED_SUFFIXES)}; tối đa {MAX_FILE_BYTES // MB} MB mỗi tệp.",
           f"Supported: {', '.join(SUPPORTED_SUFFIXES)}; at most {MAX_FILE_BYTES // MB} MB a file."))
if not uploads:
    st.info(t("Chưa có tệp nào. Tệp trùng nội dung với văn bản đã có sẽ được phát hiện và bỏ qua.",
              "No files yet. Files with the same content as a document already there are detected and skipped."))
    st.stop()

# Parsing is the slow part: once per file content and name, not on every rerun.
cache: dict = st.session_state.setdefault("import_previews", {})
items: list[tuple[Preview, bytes]] = []
for upload in uploads:
    data = upload.getvalue()
    key = (upload.name, hashlib.sha256(data).hexdigest())
    if key not in cache:
        with st.spinner(t(f"Đang đọc {upload.name}…", f"Reading {upload.name}…")):
            cache[key] = inspect_upload(data, upload.name)
    items.append((cache[key], data))

known_rows = query("import_known")
known = known_contents(raw_dir(), known_rows.itertuples(index=False, name=None), [p.size for p, _ in items])
previews = mark_duplicates([p for p, _ in items], known)

st.subheader(t("Xem trước", "Preview"))
labels = {"doc_type": ("Loại văn bản", "Type"), "doc_number": ("Số hiệu", "Number"), "issuer": ("Cơ quan ban hành", "Issuer"),
          "level": ("Cấp", "Level"), "province": ("Tỉnh/thành", "Province"), "district": ("Huyện", "District"),
          "plan_year": ("Năm kế hoạch", "Plan year"), "issue_date": ("Ngày ban hành", "Issued"),
          "title": ("Trích yếu", "Title"), "signer": ("Người ký", "Signer"), "file_format": ("Định dạng", "Format")}
tables = {"sections": ("Mục", "Sections"), "targets": ("Chỉ tiêu", "Targets"), "activities": ("Hoạt động", "Activities"),
          "initiatives": ("Mô hình, đề án", "Initiatives"), "responsibilities": ("Phân công", "Responsibilities"),
          "citations": ("Văn bản dẫn chiếu", "Citations"), "deadlines": ("Thời hạn", "Deadlines"),
          "budget_sources": ("Nguồn kinh phí", "Budget sources")}


def shown(key: str, value) -> str:
    if value is None or value == "":
        return "–"
    if key == "doc_type":
        return doc_type_label(value)
    if key == "level":
        return level_label(value)
    if key == "issue_date":
        return fmt_date(value)
    return str(value)


chosen: list[tuple[Preview, bytes]] = []
for i, (p, (_, data)) in enumerate(zip(previews, items, strict=True)):
    icon = {"ok": ":material/check_circle:", "duplicate": ":material/content_copy:"}.get(p.status, ":material/block:")
    with st.expander(f"{p.filename} · {fmt_int(p.size)} {t('byte', 'bytes')}", expanded=True, icon=icon):
        if p.status == "rejected":
            st.error(t(p.message.vi, p.message.en), icon=":material/block:")
            continue
        if p.status == "duplicate":
            st.warning(t(p.message.vi, p.message.en), icon=":material/content_copy:")
            continue
        meta = pd.DataFrame({"field": [t(*labels[k]) for k in labels], "value": [shown(k, p.meta.get(k)) for k in labels]})
        counts = pd.DataFrame({"table": [t(*tables[k]) for k in tables], "rows": [p.counts.get(k, 0) for k in tables]})
        meta.columns = [t("Thông tin", "Field"), t("Giá trị", "Value")]
        counts.columns = [t("Bảng", "Table"), t("Số dòng", "Rows")]
        left, right = st.columns([3, 2])
        left.dataframe(meta, hide_index=True, width="stretch")
        right.dataframe(counts, hide_index=True, width="stretch")
        for w in p.warnings:
            st.warning(t(w.vi, w.en), icon=":material/warning:")
        st.caption(t(f"Sẽ lưu thành {p.stored_name} trong thư mục văn bản.",
                     f"Will be stored as {p.stored_name} in the documents folder."))
        if st.checkbox(t("Nhập tệp này", "Import this file"), value=True, key=f"import_pick_{generation}_{i}"):
            chosen.append((p, data))

refused = sum(1 for p in previews if not p.accepted)
if refused:
    st.caption(t(f"{refused} tệp không thể nhập (xem lý do ở trên); cơ sở dữ liệu không thay đổi vì chúng.",
                 f"{refused} file(s) cannot be imported (reasons above); they leave the database unchanged."))
if st.button(t(f"Xác nhận nhập {len(chosen)} tệp", f"Confirm: import {len(chosen)} file(s)"), type="primary",
             disabled=not chosen, key="import_confirm"):
    with st.spinner(t("Đang lưu và nạp vào cơ sở dữ liệu…", "Storing and loading into the database…")):
        fresh = run_uncached("import_known")
        result = import_files(chosen, raw_dir(), db_path(), fresh.itertuples(index=False, name=None))
    notes = []
    for p, path in result.imported:
        notes.append(("success", f"Đã nhập {p.filename} (lưu thành {path}).", f"Imported {p.filename} (stored as {path})."))
    for p, message in result.refused:
        notes.append(("error", f"{p.filename}: {message.vi}", f"{p.filename}: {message.en}"))
    if result.imported:
        notes.append(("info", "Các trang khác đã thấy dữ liệu mới. Xem và sửa các dòng chưa chắc chắn ở trang Rà soát.",
                      "Other pages now show the new data. Check uncertain rows on the Review page."))
    st.session_state["import_result"] = notes
    st.session_state["import_generation"] = generation + 1  # a fresh, empty uploader
    st.session_state["import_previews"] = {}
    st.rerun()
