"""Corrections survive every rebuild: stored in a CSV, re-applied by the real ingest, conflicts reported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import RAW

from explorer.review import append_corrections
from loaders import corrections
from loaders.corrections import apply_corrections, decode, encode, make, parse_csv, to_csv
from loaders.ingest import ingest

UNKNOWN = "Phòng Khoa học và Công nghệ huyện"


def variant_text() -> str:
    """A seed plan changed so it names an agency missing from the reference list (and is no duplicate)."""
    text = (RAW / "lang-giang-2024-kh.txt").read_text(encoding="utf-8")
    changed = text.replace("2. Phòng Tài chính- Kế hoạch\n\nChủ trì,", f"2. {UNKNOWN}\n\nChủ trì,")
    assert changed != text
    return changed


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """data/raw copied (plus the variant), a temp database and corrections CSV; nothing under the repository."""
    data = tmp_path / "data"
    shutil.copytree(RAW, data / "raw")
    (data / "raw" / "variant-kh.txt").write_text(variant_text(), encoding="utf-8")
    db, fixes = data / "plans.duckdb", data / "corrections.csv"
    monkeypatch.setenv("PLANS_RAW", str(data / "raw"))
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_CORRECTIONS", str(fixes))
    summary = ingest([data / "raw"], db)
    assert not summary.errors
    return data


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def unknown_row(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("SELECT * FROM responsibilities WHERE agency_raw = ?", [UNKNOWN])
        names = [d[0] for d in cur.description]
        found = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    assert len(found) == 1, found
    return found[0]


def merge_fix(row: dict, **kw) -> dict:
    return make("responsibilities", row, "agency_id", "phong-tckh", by="Lan (test)", reason="đối chiếu bản gốc", **kw)


def test_encode_decode_round_trip():
    assert encode(None) == encode([]) == encode(float("nan")) == ""
    assert encode(70.0) == "70" and encode(72.5) == "72.5" and encode(True) == "true"
    assert encode(["communication", "training"]) == "communication|training"
    assert encode(dt.date(2024, 2, 1)) == "2024-02-01"
    assert decode("communication|training", "VARCHAR[]") == ["communication", "training"]
    assert decode("", "VARCHAR[]") is None and decode("", "INTEGER") is None
    assert decode("2024", "INTEGER") == 2024 and decode("2024.0", "INTEGER") == 2024
    assert decode("72,5", "DOUBLE") == 72.5
    with pytest.raises(ValueError):
        decode("hai nghìn", "INTEGER")


def test_csv_round_trip_keeps_vietnamese_and_commas():
    fix = {**dict.fromkeys(corrections.FIELDS, ""), "table_name": "plans", "plan_id": "abc",
           "column_name": "title", "old_value": "", "new_value": 'Kế hoạch "BĐG", năm 2024', "reason": "thiếu, bổ sung"}
    text = to_csv([fix])
    assert parse_csv("\ufeff" + text) == [fix]
    assert parse_csv("") == [] and parse_csv(to_csv([])) == []


def test_correction_is_applied_and_survives_a_rebuild_from_scratch(workspace):
    db = workspace / "plans.duckdb"
    before = unknown_row(db)
    assert before["agency_id"] is None
    append_corrections([merge_fix(before)], workspace / "corrections.csv")

    ingest([workspace / "raw"], db)  # incremental: every plan unchanged, the correction still applies
    assert unknown_row(db)["agency_id"] == "phong-tckh"
    status = rows(db, "SELECT status, rows_changed, corrected_by, reason, old_value, new_value FROM corrections")
    assert status == [("applied", 1, "Lan (test)", "đối chiếu bản gốc", "", "phong-tckh")]

    db.unlink()  # rebuild from scratch
    summary = ingest([workspace / "raw"], db)
    assert summary.ingested == 6 and not summary.errors
    assert unknown_row(db)["agency_id"] == "phong-tckh"
    assert rows(db, "SELECT status FROM corrections") == [("applied",)]

    again = ingest([workspace / "raw"], db)  # and once more, incremental: undone, re-applied, same rows
    assert again.unchanged == 6
    assert unknown_row(db)["agency_id"] == "phong-tckh"


def test_removing_a_correction_undoes_it_even_on_an_incremental_build(workspace):
    db, fixes = workspace / "plans.duckdb", workspace / "corrections.csv"
    original = unknown_row(db)
    append_corrections([merge_fix(original)], fixes)
    ingest([workspace / "raw"], db)
    assert unknown_row(db)["agency_id"] == "phong-tckh"
    fixes.write_text(to_csv([]), encoding="utf-8")
    ingest([workspace / "raw"], db)
    assert unknown_row(db) == {**original, "agency_id": None} and rows(db, "SELECT count(*) FROM corrections") == [(0,)]


def test_a_correction_whose_row_changed_is_reported_not_applied(workspace):
    db, fixes = workspace / "plans.duckdb", workspace / "corrections.csv"
    row = unknown_row(db)
    stale = merge_fix({**row, "agency_id": "phong-noi-vu"})  # the analyst saw another value than the row holds
    other_plan = merge_fix({**row, "plan_id": "0000000000000000"})
    other_line = merge_fix({**row, "line_start": row["line_start"] + 1})
    append_corrections([stale, other_plan, other_line], fixes)
    ingest([workspace / "raw"], db)
    assert unknown_row(db)["agency_id"] is None
    assert rows(db, "SELECT status, rows_changed FROM corrections ORDER BY seq") == [
        ("changed", 0), ("missing", 0), ("missing", 0)]
    assert "phong-noi-vu" in rows(db, "SELECT message FROM corrections WHERE seq = 1")[0][0]


def test_editing_the_document_reports_its_corrections_as_missing(workspace):
    db, fixes = workspace / "plans.duckdb", workspace / "corrections.csv"
    append_corrections([merge_fix(unknown_row(db))], fixes)
    ingest([workspace / "raw"], db)
    path = workspace / "raw" / "variant-kh.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nGhi chú: bản sửa.\n", encoding="utf-8")
    ingest([workspace / "raw"], db)
    assert unknown_row(db)["agency_id"] is None  # new content, new plan_id: nothing applied elsewhere
    assert rows(db, "SELECT status FROM corrections") == [("missing",)]


def test_values_and_names_from_the_csv_are_never_sql(workspace):
    db, fixes = workspace / "plans.duckdb", workspace / "corrections.csv"
    row = unknown_row(db)
    evil_value = make("responsibilities", row, "task", "x'); DROP TABLE plans; --", by="t")
    evil_column = {**evil_value, "column_name": "task = 'x'; DROP TABLE plans; --"}
    evil_table = {**evil_value, "table_name": "plans; DROP TABLE plans"}
    not_editable = {**evil_value, "column_name": "plan_id"}
    bad_type = make("plans", {"plan_id": row["plan_id"], "plan_year": 2024}, "plan_year", "2025", by="t")
    bad_type["new_value"] = "năm sau"
    append_corrections([evil_value, evil_column, evil_table, not_editable, bad_type], fixes)
    ingest([workspace / "raw"], db)
    assert rows(db, "SELECT count(*) FROM plans") == [(6,)]
    assert unknown_row(db)["task"] == "x'); DROP TABLE plans; --"
    assert [s for (s,) in rows(db, "SELECT status FROM corrections ORDER BY seq")] == [
        "applied", "invalid", "invalid", "invalid", "invalid"]


def test_list_and_number_cells(workspace):
    db = workspace / "plans.duckdb"
    con = duckdb.connect(str(db))
    try:
        cur = con.execute("SELECT * FROM activities WHERE plan_id = (SELECT plan_id FROM plans WHERE source_path "
                          "LIKE '%variant-kh.txt') ORDER BY line_start LIMIT 1")
        names = [d[0] for d in cur.description]
        activity = dict(zip(names, cur.fetchone(), strict=True))
        cur = con.execute("SELECT * FROM targets WHERE value = 70 AND plan_id = ?", [activity["plan_id"]])
        target = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
        fixes = [make("activities", activity, "themes", ["communication", "digital"], by="t"),
                 make("targets", target, "value", 75, by="t"),
                 make("targets", target, "value", 80, by="t")]  # a second edit of the same cell, made after the first
        fixes[2]["old_value"] = "75"
        con.execute("BEGIN TRANSACTION")
        results = apply_corrections(con, parse_csv(to_csv(fixes)))
        con.execute("COMMIT")
        assert [r["status"] for r in results] == ["applied", "applied", "applied"]
        assert con.execute("SELECT themes FROM activities WHERE plan_id = ? AND line_start = ?",
                           [activity["plan_id"], activity["line_start"]]).fetchall() == [(["communication", "digital"],)]
        assert con.execute("SELECT value FROM targets WHERE plan_id = ? AND line_start = ?",
                           [target["plan_id"], target["line_start"]]).fetchall() == [(80.0,)]
    finally:
        con.close()


def test_the_shipped_corrections_file_is_valid():
    shipped = corrections.DEFAULT_CSV
    assert shipped.exists()
    header = shipped.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(corrections.FIELDS)
    for fix in parse_csv(shipped.read_text(encoding="utf-8")):
        assert fix["table_name"] in corrections.KEYS and fix["column_name"] in corrections.EDITABLE[fix["table_name"]]
