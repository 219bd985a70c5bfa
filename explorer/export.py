"""Data export: the six extracted tables of the filtered plans as XLSX, CSV (zip) and Parquet (zip).

`frames(params)` runs explorer/sql/export_<table>.sql with the sidebar filters (fp(...) and bound parameters). The
page shows only `counts` (explorer/sql/export_counts.sql, one row) and a `preview` (LIMIT in SQL), and reads every
row in `download`, when a download button is clicked.
XLSX and CSV are for people: Vietnamese column headers, lists joined with "; ", dates as dates, one sheet / one
file per table. Parquet is for analysts: the database's own column names and types (lists stay lists, dates
stay dates), so its rows equal the database rows under the same filter.
Text that a spreadsheet would run as a formula (starting with =, +, -, @) is neutralised in XLSX (stored as a
string cell) and in CSV (prefixed with an apostrophe, as OWASP recommends).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import pandas as pd

TABLES: dict[str, str] = {
    "plans": "Kế hoạch",
    "targets": "Chỉ tiêu",
    "activities": "Hoạt động",
    "responsibilities": "Trách nhiệm",
    "citations": "Văn bản căn cứ",
    "deadlines": "Thời hạn",
}

HEADERS: dict[str, str] = {
    "plan_id": "Mã kế hoạch", "plan_label": "Kế hoạch", "doc_type": "Loại văn bản", "doc_number": "Số hiệu",
    "doc_number_raw": "Dòng số hiệu (nguyên văn)", "issue_date": "Ngày ban hành",
    "issue_date_precision": "Độ chính xác ngày", "issuer": "Cơ quan ban hành", "level": "Cấp",
    "province": "Tỉnh/thành (khi ban hành)", "district": "Huyện", "province_2025": "Tỉnh/thành (sau 01/07/2025)",
    "lat": "Vĩ độ", "lon": "Kinh độ", "plan_year": "Năm kế hoạch", "title": "Trích yếu", "signer": "Người ký",
    "signer_title": "Chức danh người ký", "proposing_agency": "Cơ quan trình",
    "proposing_agency_id": "Mã cơ quan trình", "recipients": "Nơi nhận", "implements": "Văn bản thực hiện",
    "truncated": "Văn bản bị cắt", "warnings": "Cảnh báo trích xuất", "source_path": "Tệp nguồn",
    "file_format": "Định dạng tệp", "sha256": "SHA-256", "bytes": "Dung lượng (byte)", "ingested_at": "Thời điểm nạp",
    "value": "Giá trị", "value_max": "Giá trị tối đa", "unit": "Đơn vị", "comparator": "So sánh",
    "indicator_text": "Chỉ tiêu (nguyên văn)", "indicator_key": "Mã chỉ số", "target_year": "Năm chỉ tiêu",
    "national_target_id": "Mã chỉ tiêu quốc gia", "section_path": "Mục", "line_start": "Từ dòng",
    "line_end": "Đến dòng", "quote": "Câu gốc", "text": "Nội dung", "themes": "Chủ đề", "objectives": "Mục tiêu Chiến lược",
    "timeframe": "Thời gian thực hiện", "agency_raw": "Cơ quan (nguyên văn)", "agency_id": "Mã cơ quan",
    "agency_name": "Cơ quan", "sector": "Ngành", "role": "Vai trò", "task": "Nhiệm vụ",
    "cited_doc_id": "Mã văn bản được dẫn", "cited_type": "Loại văn bản được dẫn", "cited_number": "Số hiệu văn bản được dẫn",
    "cited_date": "Ngày văn bản được dẫn", "cited_issuer": "Cơ quan ban hành văn bản được dẫn",
    "cited_title": "Trích yếu văn bản được dẫn", "relation": "Quan hệ", "due_date": "Ngày đến hạn",
    "end_date": "Ngày kết thúc", "date_precision": "Độ chính xác ngày", "kind": "Loại mốc",
}

DATE_COLUMNS = {"issue_date", "due_date", "end_date", "cited_date"}
LIST_COLUMNS = {"recipients", "implements", "warnings", "themes", "objectives"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def frames(params: dict, run: Callable[..., pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The six tables under the sidebar filters (`Filters.params()`), database column names and types.

    Every row of every table (150,000–370,000 rows nationally): for the downloads, built when one is clicked."""
    if run is None:
        from explorer.data import query as run
    return {name: run(f"export_{name}", **params) for name in TABLES}


def counts(params: dict, run: Callable[..., pd.DataFrame] | None = None) -> dict[str, int]:
    """Rows of each of the six tables under the filters, counted in SQL in one query (explorer/sql/export_counts.sql),
    no rows fetched."""
    if run is None:
        from explorer.data import query as run
    row = run("export_counts", **params).iloc[0]
    return {name: int(row[name]) for name in TABLES}


def preview(name: str, params: dict, limit: int = 200,
            page: Callable[..., pd.DataFrame] | None = None) -> pd.DataFrame:
    """The first `limit` rows of one table under the filters (LIMIT in SQL), in the downloads' order."""
    if page is None:
        from explorer.data import query_page as page
    return page(f"export_{name}", 0, limit, **params)


def download(kind: str, params: dict, about: list[tuple[str, str]] | None = None,
             run: Callable[..., pd.DataFrame] | None = None) -> bytes:
    """One download ("xlsx", "csv" or "parquet") of the six tables under the filters, read from the database
    when it is asked for (a download button's callable), not on every view of the page."""
    if run is None:
        from explorer.data import run_uncached as run
    write = {"xlsx": to_xlsx, "csv": to_csv_zip, "parquet": to_parquet_zip}[kind]
    return write(frames(params, run=run), about)


def _is_list(value) -> bool:
    return isinstance(value, list | tuple) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1)


def _blank(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with "; ", DATE columns as dates, Vietnamese headers."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(_is_list).any():
            out[column] = out[column].map(lambda v: "; ".join(map(str, list(v))) if _is_list(v) else v)
        if column in DATE_COLUMNS:
            out[column] = [None if _blank(v) else pd.Timestamp(v).date() for v in out[column]]
    return out.rename(columns={c: HEADERS.get(c, c) for c in out.columns})


def for_machines(frame: pd.DataFrame) -> pd.DataFrame:
    """Database types: DATE columns back to dates (DuckDB hands them to pandas as timestamps), lists as lists."""
    out = frame.copy()
    for column in out.columns:
        if column in DATE_COLUMNS:
            out[column] = pd.array([None if _blank(v) else pd.Timestamp(v).date() for v in out[column]], dtype=object)
        elif column in LIST_COLUMNS:
            out[column] = out[column].map(lambda v: [str(x) for x in list(v)] if _is_list(v) else None)
    return out


def _cell_value(value):
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def to_xlsx(tables: dict[str, pd.DataFrame], about: list[tuple[str, str]] | None = None) -> bytes:
    """One sheet per table (Vietnamese sheet names and headers), plus "Thông tin": filters and export time."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="C2185B")
    for name, frame in tables.items():
        sheet = book.create_sheet(TABLES.get(name, name)[:31])
        people = for_people(frame)
        sheet.append(list(people.columns))
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in people.itertuples(index=False):
            sheet.append([_cell_value(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # document text, never a formula
                elif isinstance(cell.value, dt.datetime | dt.date):
                    cell.number_format = "DD/MM/YYYY" if not isinstance(cell.value, dt.datetime) else "DD/MM/YYYY HH:MM"
        for i, column in enumerate(people.columns, 1):
            longest = max([len(str(column))] + [len(str(v)) for v in people[column].head(200) if not _blank(v)])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A2"
        if len(people.columns):
            sheet.auto_filter.ref = sheet.dimensions
    info = book.create_sheet("Thông tin")
    info.append(["Mục", "Giá trị"])
    for cell in info[1]:
        cell.font, cell.fill = header_font, header_fill
    for key, value in (about or []):
        info.append([key, value])
    for name, frame in tables.items():
        info.append([f"Số dòng: {TABLES.get(name, name)}", len(frame)])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 34, 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv_zip(tables: dict[str, pd.DataFrame], about: list[tuple[str, str]] | None = None) -> bytes:
    """A zip of <table>.csv (UTF-8 with BOM so Excel shows Vietnamese, Vietnamese headers) and README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            people = for_people(frame)
            for column in people.columns:
                if people[column].dtype == object or str(people[column].dtype) in ("str", "string"):
                    people[column] = people[column].map(_csv_safe)
            archive.writestr(f"{name}.csv", people.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig"))
        archive.writestr("README.txt", _readme(tables, about, "CSV (UTF-8, tiêu đề cột tiếng Việt)"))
    return buffer.getvalue()


def to_parquet_zip(tables: dict[str, pd.DataFrame], about: list[tuple[str, str]] | None = None) -> bytes:
    """A zip of <table>.parquet with the database's column names and types, and README.txt."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            machine = for_machines(frame)
            table = pa.Table.from_pandas(machine, preserve_index=False, schema=arrow_schema(machine))
            out = io.BytesIO()
            pq.write_table(table, out)
            archive.writestr(f"{name}.parquet", out.getvalue())
        archive.writestr("README.txt", _readme(tables, about, "Parquet (tên cột và kiểu dữ liệu như trong cơ sở dữ liệu)"))
    return buffer.getvalue()


def arrow_schema(frame: pd.DataFrame):
    """Parquet column types as in the database, also for columns that are empty or all NULL in this export."""
    import pyarrow as pa

    fields = []
    for column in frame.columns:
        dtype = frame[column].dtype
        if column in DATE_COLUMNS:
            kind = pa.date32()
        elif column in LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif pd.api.types.is_bool_dtype(dtype):
            kind = pa.bool_()
        elif pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
            kind = pa.from_numpy_dtype(dtype.numpy_dtype if hasattr(dtype, "numpy_dtype") else dtype)
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind = pa.timestamp("us")
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def _readme(tables: dict[str, pd.DataFrame], about: list[tuple[str, str]] | None, kind: str) -> str:
    lines = ["Dữ liệu xuất từ Bình đẳng giới Plans Explorer", f"Định dạng: {kind}", ""]
    lines += [f"{k}: {v}" for k, v in (about or [])]
    lines += ["", "Tệp:"] + [f"- {name}: {TABLES.get(name, name)} ({len(frame)} dòng)" for name, frame in tables.items()]
    lines += ["", "Cột (tên trong cơ sở dữ liệu → tiêu đề tiếng Việt):"]
    columns = dict.fromkeys(c for frame in tables.values() for c in frame.columns)
    lines += [f"- {c} → {HEADERS.get(c, c)}" for c in columns]
    return "\n".join(lines) + "\n"


def describe(filters, when: dt.datetime | None = None) -> list[tuple[str, str]]:
    """The "Thông tin" rows: export time and each active filter in words."""
    when = when or dt.datetime.now()
    rows = [("Thời điểm xuất", when.strftime("%d/%m/%Y %H:%M"))]
    names = {"provinces": "Tỉnh/thành (khi ban hành)", "provinces_2025": "Tỉnh/thành (sau sáp nhập 2025)",
             "levels": "Cấp", "year_from": "Từ năm", "year_to": "Đến năm", "doc_types": "Loại văn bản",
             "themes": "Chủ đề hoạt động", "agencies": "Cơ quan"}
    for key, label in names.items():
        value = getattr(filters, key, None)
        if value not in (None, [], ""):
            rows.append((f"Bộ lọc: {label}", ", ".join(map(str, value)) if isinstance(value, list) else str(value)))
    if len(rows) == 1:
        rows.append(("Bộ lọc", "không (toàn bộ cơ sở dữ liệu)"))
    return rows
