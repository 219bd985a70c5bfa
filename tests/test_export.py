"""Data export: XLSX read back with openpyxl, CSV zip with the csv module, Parquet zip with DuckDB — each
against the database rows under the same filter."""

from __future__ import annotations

import csv
import io
import zipfile

import duckdb
import pytest

from explorer.export import HEADERS, TABLES

FILTER = {"provinces": ["Quảng Ngãi", "Thừa Thiên Huế"]}
# The same filter written directly against the loader tables (independent of explorer/sql/export_*.sql).
WHERE = "plan_id IN (SELECT plan_id FROM plans WHERE province IN ('Quảng Ngãi', 'Thừa Thiên Huế'))"
DB_COLUMNS = {
    "plans": ["plan_id", "doc_type", "doc_number", "issue_date", "province", "district", "plan_year", "title",
              "implements", "truncated", "warnings", "lat"],
    "targets": ["plan_id", "value", "unit", "indicator_key", "national_target_id", "line_start", "quote"],
    "activities": ["plan_id", "section_path", "text", "themes", "objectives", "line_start", "line_end", "quote"],
    "responsibilities": ["plan_id", "agency_raw", "agency_id", "role", "task", "line_start", "quote"],
    "citations": ["plan_id", "cited_doc_id", "relation", "section_path", "line_start", "quote"],
    "deadlines": ["plan_id", "due_date", "end_date", "date_precision", "kind", "text", "agency_id", "line_start"],
}


@pytest.fixture(scope="module")
def database(seed_db):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_DB", str(seed_db))
        mp.setenv("PLANS_AUTOBUILD", "0")
        yield seed_db


@pytest.fixture(scope="module")
def tables(database):
    from explorer import export
    from explorer.data import run_uncached
    from explorer.filters import Filters

    return export.frames(Filters(**FILTER).params(), run=run_uncached)


@pytest.fixture(scope="module")
def about():
    import datetime as dt

    from explorer import export
    from explorer.filters import Filters

    return export.describe(Filters(**FILTER), dt.datetime(2026, 11, 25, 9, 30))


def _db_rows(database, table: str, columns: list[str], where: str = WHERE) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}").fetchall()
    finally:
        con.close()
    return sorted(rows, key=repr)


def test_parquet_rows_equal_the_database_rows(database, tables, about, tmp_path):
    from explorer.export import to_parquet_zip

    with zipfile.ZipFile(io.BytesIO(to_parquet_zip(tables, about))) as archive:
        assert sorted(archive.namelist()) == sorted([f"{t}.parquet" for t in TABLES] + ["README.txt"])
        archive.extractall(tmp_path)
    for table, columns in DB_COLUMNS.items():
        expected = _db_rows(database, table, columns)
        got = sorted(duckdb.sql(f"SELECT {', '.join(columns)} FROM read_parquet('{tmp_path / table}.parquet')")
                     .fetchall(), key=repr)
        assert got == expected, table
    assert len(expected) > 0  # deadlines: the two plans have five dated items
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path}/plans.parquet')").fetchall()
    kinds = {name: kind for name, kind, *_ in described}
    assert kinds["issue_date"] == "DATE" and kinds["implements"] == "VARCHAR[]" and kinds["district"] == "VARCHAR"


def test_xlsx_has_one_sheet_per_table_with_vietnamese_headers(database, tables, about):
    from openpyxl import load_workbook

    from explorer.export import to_xlsx

    book = load_workbook(io.BytesIO(to_xlsx(tables, about)))
    assert book.sheetnames == ["Kế hoạch", "Chỉ tiêu", "Hoạt động", "Trách nhiệm", "Văn bản căn cứ", "Thời hạn",
                               "Thông tin"]
    plans = book["Kế hoạch"]
    header = [c.value for c in plans[1]]
    assert header[:4] == ["Mã kế hoạch", "Kế hoạch", "Loại văn bản", "Số hiệu"]
    assert "Ngày ban hành" in header and "Trích yếu" in header
    for table, sheet in TABLES.items():
        expected = _db_rows(database, table, ["plan_id"])
        assert book[sheet].max_row - 1 == len(expected), table
        assert [c.value for c in book[sheet][1]] == [HEADERS[c] for c in tables[table].columns]
    row = {h: c.value for h, c in zip(header, plans[3], strict=True)}  # Quảng Ngãi 2025 (newest last)
    assert row["Số hiệu"] == "93/KH-UBND" and row["Ngày ban hành"].strftime("%d/%m/%Y") == "23/04/2025"
    assert row["Văn bản thực hiện"] == "739/BNV-CTTN&BĐG; 254/QĐ-UBND"
    info = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows(min_row=2)}
    assert info["Bộ lọc: Tỉnh/thành (khi ban hành)"] == "Quảng Ngãi, Thừa Thiên Huế"
    assert info["Số dòng: Hoạt động"] == 39


def test_csv_zip_is_utf8_with_vietnamese_headers(database, tables, about):
    from explorer.export import to_csv_zip

    with zipfile.ZipFile(io.BytesIO(to_csv_zip(tables, about))) as archive:
        assert sorted(archive.namelist()) == sorted([f"{t}.csv" for t in TABLES] + ["README.txt"])
        raw = archive.read("activities.csv")
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0][:4] == ["Mã kế hoạch", "Kế hoạch", "Mục", "Nội dung"]
        assert len(rows) - 1 == len(_db_rows(database, "activities", ["plan_id"]))
        assert "Chủ đề" in rows[0] and any("communication" in r[rows[0].index("Chủ đề")] for r in rows[1:])
        assert "Quảng Ngãi" in archive.read("README.txt").decode("utf-8")


def test_theme_and_agency_filters_narrow_the_rows(database):
    from explorer import export
    from explorer.data import run_uncached
    from explorer.filters import Filters

    out = export.frames(Filters(themes=["training"], agencies=["so-noi-vu"]).params(), run=run_uncached)
    assert len(out["activities"]) and all("training" in list(t) for t in out["activities"]["themes"])
    assert set(out["responsibilities"]["agency_id"]) == {"so-noi-vu"}
    expected = _db_rows(database, "plans", ["plan_id"],
                        "plan_id IN (SELECT plan_id FROM activities WHERE list_contains(themes, 'training')) "
                        "AND plan_id IN (SELECT plan_id FROM responsibilities WHERE agency_id = 'so-noi-vu')")
    assert sorted(out["plans"]["plan_id"]) == sorted(r[0] for r in expected) and len(expected) >= 1


def test_empty_filter_gives_empty_but_valid_files(database, tmp_path):
    from openpyxl import load_workbook

    from explorer import export
    from explorer.data import run_uncached
    from explorer.filters import Filters

    empty = export.frames(Filters(provinces=["Không tồn tại"]).params(), run=run_uncached)
    assert all(frame.empty for frame in empty.values())
    assert load_workbook(io.BytesIO(export.to_xlsx(empty))).sheetnames[0] == "Kế hoạch"
    with zipfile.ZipFile(io.BytesIO(export.to_parquet_zip(empty))) as archive:
        archive.extractall(tmp_path)
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/plans.parquet')").fetchall() == [(0,)]
    with zipfile.ZipFile(io.BytesIO(export.to_csv_zip(empty))) as archive:
        assert archive.read("plans.csv").decode("utf-8-sig").startswith("Mã kế hoạch,")


def test_document_text_never_becomes_a_formula():
    import pandas as pd
    from openpyxl import load_workbook

    from explorer import export

    frame = pd.DataFrame({"plan_id": ["x"], "quote": ["=HYPERLINK(\"http://evil\")"], "text": ["- gạch đầu dòng"]})
    sheet = load_workbook(io.BytesIO(export.to_xlsx({"activities": frame})))["Hoạt động"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")
    with zipfile.ZipFile(io.BytesIO(export.to_csv_zip({"activities": frame}))) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("activities.csv").decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")" and rows[1][2] == "'- gạch đầu dòng"
