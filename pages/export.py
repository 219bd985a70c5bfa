"""Xuất dữ liệu / Export: the six extracted tables of the filtered plans as XLSX, CSV (zip) or Parquet (zip)."""

import datetime as dt

import pandas as pd
import streamlit as st

from explorer import export, filters, ui
from explorer.i18n import fmt_int, lang, t

PREVIEW_ROWS = 200

ui.header("Xuất dữ liệu", "Export",
          "Kế hoạch, chỉ tiêu, hoạt động, trách nhiệm, văn bản căn cứ và thời hạn của các kế hoạch đang lọc — mỗi "
          "dòng kèm mục, số dòng và câu gốc trong văn bản.",
          "Plans, targets, activities, responsibilities, citations and deadlines of the filtered plans — every row "
          "with its section, line numbers and source sentence.")
f = filters.sidebar()
params = f.params()
# On a view only counts and one preview page are read (count(*) and LIMIT in SQL); the 150,000–370,000 rows of
# each table are read when a download button is clicked (its callable), never on a rerun.
sizes = export.counts(params)

counts = pd.DataFrame({
    t("Bảng", "Table"): [export.TABLES[name] if lang() == "vi" else name for name in sizes],
    t("Số dòng", "Rows"): [fmt_int(n) for n in sizes.values()],
})
st.dataframe(counts, hide_index=True, width="content")
if not sizes["plans"]:
    ui.empty()
    st.stop()
if f.themes or f.agencies:
    st.caption(t("Bộ lọc chủ đề/cơ quan cũng lọc các dòng: chỉ hoạt động có chủ đề đã chọn, chỉ trách nhiệm và thời "
                 "hạn của cơ quan đã chọn.",
                 "The theme/agency filters also filter rows: only activities with the chosen themes, only "
                 "responsibilities and deadlines of the chosen agencies."))

about = export.describe(f, dt.datetime.now())
stem = "binh-dang-gioi-" + dt.date.today().strftime("%Y%m%d")
xlsx, csv, parquet = st.columns(3)
xlsx.download_button(t("Excel (.xlsx, mỗi bảng một trang)", "Excel (.xlsx, one sheet per table)"),
                     lambda: export.download("xlsx", params, about), f"{stem}.xlsx", export.XLSX_MIME, key="export_xlsx",
                     icon=":material/table_view:", on_click="ignore", width="stretch")
csv.download_button(t("CSV (.zip, mỗi bảng một tệp)", "CSV (.zip, one file per table)"),
                    lambda: export.download("csv", params, about), f"{stem}-csv.zip", "application/zip", key="export_csv",
                    icon=":material/folder_zip:", on_click="ignore", width="stretch")
parquet.download_button(t("Parquet (.zip, cho phân tích)", "Parquet (.zip, for analysis)"),
                        lambda: export.download("parquet", params, about), f"{stem}-parquet.zip", "application/zip",
                        key="export_parquet", icon=":material/database:", on_click="ignore", width="stretch")
st.caption(t("Excel và CSV: tiêu đề cột tiếng Việt, danh sách nối bằng “; ”, CSV mã hóa UTF-8 (Excel hiển thị đúng "
             "tiếng Việt). Parquet: tên cột và kiểu dữ liệu như trong cơ sở dữ liệu. Tệp README.txt trong mỗi tệp zip "
             "giải thích các cột.",
             "Excel and CSV: Vietnamese column headers, lists joined with “; ”, CSV in UTF-8 (Excel shows Vietnamese "
             "correctly). Parquet: the database's column names and types. README.txt in each zip explains the "
             "columns."))

with st.expander(t("Xem trước", "Preview")):
    name = st.selectbox(t("Bảng", "Table"), list(sizes), format_func=lambda n: export.TABLES[n], key="export_preview")
    st.dataframe(export.for_people(export.preview(name, params, PREVIEW_ROWS)), hide_index=True, width="stretch")
    if sizes[name] > PREVIEW_ROWS:
        st.caption(t(f"{fmt_int(PREVIEW_ROWS)} dòng đầu trong {fmt_int(sizes[name])}; tệp tải về có mọi dòng.",
                     f"The first {fmt_int(PREVIEW_ROWS)} of {fmt_int(sizes[name])} rows; the downloads have every row."))
