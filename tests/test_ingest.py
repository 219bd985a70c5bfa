"""Ingest into a real DuckDB file: idempotent, replaces changed files, records bad ones, atomic."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import RAW, ROOT, SEEDS
from docbuild import image_only_pdf

from loaders.__main__ import main as cli
from loaders.ingest import ingest

TABLES = ("plans", "sections", "targets", "activities", "responsibilities", "citations", "cited_documents",
          "deadlines", "budget_sources", "initiatives", "plan_lines")


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    finally:
        con.close()


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    return folder


def test_seed_database_has_every_table_filled(seed_db):
    c = counts(seed_db)
    assert c["plans"] == len(SEEDS)
    assert all(c[t] > 0 for t in TABLES), c
    # every plan has rows in the tables its text supports
    per_plan = rows(seed_db, "SELECT count(DISTINCT plan_id) FROM activities")[0][0]
    assert per_plan == len(SEEDS)


def test_every_row_keeps_provenance(seed_db):
    for table in ("targets", "activities", "responsibilities", "citations", "deadlines", "budget_sources"):
        missing = rows(seed_db, f"SELECT count(*) FROM {table} WHERE plan_id IS NULL OR line_start IS NULL "
                                f"OR line_end < line_start OR quote IS NULL OR section_path IS NULL")[0][0]
        assert missing == 0, table


def test_ingest_is_idempotent(corpus, tmp_path):
    db = tmp_path / "p.duckdb"
    first = ingest([corpus], db)
    before = rows(db, "SELECT * FROM plans ORDER BY plan_id")
    second = ingest([corpus], db)
    assert (first.ingested, second.ingested, second.unchanged) == (len(SEEDS), 0, len(SEEDS))
    assert rows(db, "SELECT * FROM plans ORDER BY plan_id") == before
    assert counts(db)["plans"] == len(SEEDS)


def test_changed_file_replaces_its_rows_and_removed_file_leaves(corpus, tmp_path):
    db = tmp_path / "p.duckdb"
    ingest([corpus], db)
    target = corpus / "lang-giang-2024-kh.txt"
    old_id = rows(db, "SELECT plan_id FROM plans WHERE source_path LIKE '%lang-giang%'")[0][0]
    target.write_text(target.read_text(encoding="utf-8").replace("70% dân số", "75% dân số"), encoding="utf-8")
    summary = ingest([corpus], db)
    assert (summary.ingested, summary.unchanged) == (1, len(SEEDS) - 1)
    assert rows(db, f"SELECT count(*) FROM targets WHERE plan_id = '{old_id}'")[0][0] == 0
    assert rows(db, "SELECT count(*) FROM targets WHERE value = 75")[0][0] == 1
    assert counts(db)["plans"] == len(SEEDS)
    (corpus / "trieu-son-2022-cv.txt").unlink()
    summary = ingest([corpus], db)
    assert summary.removed == 1 and counts(db)["plans"] == len(SEEDS) - 1


def test_bad_files_are_recorded_and_never_abort_the_batch(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    (corpus / "scan.pdf").write_bytes(image_only_pdf())
    (corpus / "old-encoding.txt").write_bytes(("Tháng hành đông " * 40).encode("cp1258"))
    (corpus / "zz-copy.txt").write_bytes((corpus / "lang-giang-2024-kh.txt").read_bytes())
    db = tmp_path / "p.duckdb"
    summary = ingest([corpus], db)
    assert summary.ingested == len(SEEDS)
    errors = dict((Path(p).name, (stage, msg)) for p, stage, msg in summary.errors)
    assert set(errors) == {"empty.txt", "broken.docx", "scan.pdf", "old-encoding.txt", "zz-copy.txt"}
    assert "empty" in errors["empty.txt"][1]
    assert "no text layer" in errors["scan.pdf"][1]
    assert "UTF-8" in errors["old-encoding.txt"][1]
    assert errors["zz-copy.txt"][0] == "duplicate"
    recorded = rows(db, "SELECT count(*) FROM ingest_errors")[0][0]
    assert recorded == 5


def test_cli_exit_codes(corpus, tmp_path, capsys):
    assert cli(["ingest", str(corpus), "--db", str(tmp_path / "a.duckdb"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "plans" in out and "errors" in out
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"")
    assert cli(["ingest", str(bad), "--db", str(tmp_path / "b.duckdb"), "--quiet"]) == 1


def test_unknown_agency_is_kept_verbatim_and_reported(tmp_path):
    text = (RAW / "lang-giang-2024-kh.txt").read_text(encoding="utf-8").replace(
        "2. Phòng Tài chính- Kế hoạch\n\nChủ trì,",
        "2. Phòng Khoa học và Công nghệ huyện\n\nChủ trì,")
    path = tmp_path / "new-plan.txt"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "p.duckdb"
    ingest([path], db)
    found = rows(db, "SELECT agency_id, agency_name, role FROM responsibilities WHERE agency_raw LIKE 'Phòng Khoa học%'")
    assert found == [(None, "Phòng Khoa học và Công nghệ huyện", "lead")]
    warnings = rows(db, "SELECT warnings FROM plans")[0][0]
    assert "unknown agency: Phòng Khoa học và Công nghệ huyện" in warnings


def _variants(folder: Path, n: int) -> None:
    """n distinct plans made from the seeds (different years), so the ingest takes a while."""
    folder.mkdir()
    texts = [(RAW / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    for i in range(n):
        text = texts[i % len(texts)] + f"\n\nGhi chú bản sao số {i}.\n"
        (folder / f"plan-{i:04d}.txt").write_text(text, encoding="utf-8")


def test_killed_ingest_leaves_the_previous_database_intact(tmp_path):
    db = tmp_path / "plans.duckdb"
    ingest([RAW], db)
    before = rows(db, "SELECT plan_id, doc_number, province FROM plans ORDER BY plan_id")
    big = tmp_path / "big"
    _variants(big, 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for attempt_delay in (0.2, 1.0, 2.5):
        proc = subprocess.Popen([sys.executable, "-m", "loaders", "ingest", str(RAW), str(big), "--db", str(db),
                                 "--quiet", "--workers", "2"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline and not list(tmp_path.glob(".plans.duckdb.building-*")):
            time.sleep(0.02)
        time.sleep(attempt_delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        # The dashboard's file is either untouched or the complete new one, never partial.
        current = rows(db, "SELECT plan_id, doc_number, province FROM plans ORDER BY plan_id")
        assert current == before or len(current) == len(SEEDS) + 400
    summary = ingest([RAW, big], db)
    assert not list(tmp_path.glob(".plans.duckdb.building-*"))
    assert counts(db)["plans"] == len(SEEDS) + 400 and not summary.errors
