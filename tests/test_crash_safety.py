"""Crash safety: an ingest killed (SIGKILL, whole process group) at random moments leaves the dashboard's database
either the previous complete one or the new complete one (never partial, always openable read-only), and never
changes the corrections CSV. Delays come from random.Random with a fixed seed; RELIABILITY_LONG=1 kills many more
runs of a larger batch."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import RAW, ROOT, SEEDS

from loaders.db import PLAN_TABLES

LONG = os.environ.get("RELIABILITY_LONG") == "1"
KILLS = 30 if LONG else 4
VARIANTS = 300 if LONG else 42  # above loaders.ingest.PARALLEL_FROM, so the process pool is killed too
SEED = 20250701
REPO_CORRECTIONS = ROOT / "data" / "corrections.csv"


def file_state(path: Path) -> tuple | None:
    """What must not change: content hash, size and modification time (None when the file does not exist)."""
    if not path.exists():
        return None
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


def signature(db: Path) -> tuple:
    """The complete content of the plan tables as counts, plus the set of plans; opened read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in PLAN_TABLES)
        plans = tuple(r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall())
        files = con.execute("SELECT count(*) FROM files").fetchall()[0][0]
        version = con.execute("SELECT value FROM build_info WHERE key = 'version'").fetchall()
        # Every plan has its lines and sections: a plan row without them would be a partial write.
        orphans = con.execute("SELECT count(*) FROM plans p WHERE NOT EXISTS "
                              "(SELECT 1 FROM plan_lines l WHERE l.plan_id = p.plan_id)").fetchall()[0][0]
    finally:
        con.close()
    assert version and orphans == 0
    return counts, plans, files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("crash")
    old = base / "old"
    shutil.copytree(RAW, old)
    new = base / "new"
    new.mkdir()
    texts = [(RAW / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    for i in range(VARIANTS):
        (new / f"plan-{i:04d}.txt").write_text(texts[i % len(texts)] + f"\n\nGhi chú bản sao số {i}.\n",
                                               encoding="utf-8")
    corrections = base / "corrections.csv"
    if REPO_CORRECTIONS.exists():
        shutil.copy2(REPO_CORRECTIONS, corrections)
    else:
        corrections.write_text("corrected_at,corrected_by,table_name,plan_id,section_path,line_start,key_column,"
                               "key_value,column_name,old_value,new_value,reason\n", encoding="utf-8")
    return {"base": base, "old": old, "new": new, "corrections": corrections}


def ingest_process(corpus: dict[str, Path], db: Path, *folders: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANS_CORRECTIONS": str(corpus["corrections"])}
    return subprocess.Popen([sys.executable, "-m", "loaders", "ingest", *map(str, folders), "--db", str(db), "--quiet",
                             "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


@pytest.fixture(scope="module")
def references(corpus) -> dict:
    """The old database (seeds) and the new one (seeds + variants), each built by an uninterrupted ingest."""
    old_db = corpus["base"] / "ref-old" / "plans.duckdb"
    new_db = corpus["base"] / "ref-new" / "plans.duckdb"
    old_db.parent.mkdir()
    new_db.parent.mkdir()
    assert ingest_process(corpus, old_db, corpus["old"]).wait(timeout=300) == 0
    shutil.copy2(old_db, new_db)
    started = time.perf_counter()
    proc = ingest_process(corpus, new_db, corpus["old"], corpus["new"])
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()[-2000:]
    seconds = time.perf_counter() - started
    return {"old_db": old_db, "old": signature(old_db), "new": signature(new_db), "seconds": seconds}


def test_killed_ingests_leave_a_complete_database(corpus, references, tmp_path):
    old, new = references["old"], references["new"]
    assert len(old[1]) == len(SEEDS) and len(new[1]) == len(SEEDS) + VARIANTS
    corrections_before = file_state(corpus["corrections"])
    repo_corrections_before = file_state(REPO_CORRECTIONS)
    rng = random.Random(SEED)
    db = tmp_path / "plans.duckdb"
    outcomes = []
    for attempt in range(KILLS):
        shutil.copy2(references["old_db"], db)
        delay = rng.uniform(0.0, 1.1 * references["seconds"])
        proc = ingest_process(corpus, db, corpus["old"], corpus["new"])
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        state = signature(db)  # opens read-only: fails if the file is not a complete database
        assert state in (old, new), f"attempt {attempt} after {delay:.2f}s: partial database {state[0]}"
        outcomes.append("new" if state == new else "old")
        assert not db.with_name(db.name + ".wal").exists()
        assert file_state(corpus["corrections"]) == corrections_before
        assert file_state(REPO_CORRECTIONS) == repo_corrections_before
    assert "old" in outcomes, outcomes  # some kills landed in the middle of a build
    print(f"\n{KILLS} ingests killed: {outcomes.count('old')} left the previous database, "
          f"{outcomes.count('new')} had already swapped in the new one")
    # The next ingest removes what the killed ones left behind and finishes the job.
    proc = ingest_process(corpus, db, corpus["old"], corpus["new"])
    assert proc.wait(timeout=600) == 0
    assert signature(db) == new
    assert not list(tmp_path.glob(f".{db.name}.building-*"))
    assert file_state(corpus["corrections"]) == corrections_before
    assert file_state(REPO_CORRECTIONS) == repo_corrections_before


def test_kill_during_a_from_scratch_build(corpus, references, tmp_path):
    """No database yet (first start of the dashboard): a killed build leaves none, never a partial one."""
    rng = random.Random(SEED + 1)
    db = tmp_path / "fresh.duckdb"
    for _ in range(1 if not LONG else 10):
        proc = ingest_process(corpus, db, corpus["old"], corpus["new"])
        time.sleep(rng.uniform(0.0, 0.9 * references["seconds"]))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        if db.exists():
            assert signature(db) == references["new"]
            db.unlink()
