"""The one module that does I/O: find files, parse them, and swap in a rebuilt database."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders import corrections, db
from loaders.errors import LoaderError
from loaders.pipeline import ParsedPlan, parse_document, plan_id_for
from loaders.readers import SUPPORTED_SUFFIXES
from loaders.version import build_version

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW = PROJECT_ROOT / "data" / "raw"
DEFAULT_DB = PROJECT_ROOT / "data" / "plans.duckdb"
MAX_FILE_BYTES = 50 * 1024 * 1024
PARALLEL_FROM = 40  # below this many files a process pool costs more than it saves


@dataclass
class IngestSummary:
    """What one ingest run did; printed by the CLI and stored in ingest_runs."""

    files: int = 0
    ingested: int = 0
    unchanged: int = 0
    removed: int = 0
    plans: int = 0
    sections: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)


def find_files(paths: list[Path]) -> list[Path]:
    """Files to ingest: given files as they are, folders searched recursively for supported types."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                              and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def display_path(path: Path) -> str:
    """Path as stored: relative to the project when inside it, so databases move with the clone.

    Characters that are not printable (control characters, bytes that are not UTF-8) are escaped as \\xNN.
    """
    resolved = path.resolve()
    try:
        return printable(resolved.relative_to(PROJECT_ROOT).as_posix())
    except ValueError:
        return printable(resolved.as_posix())


def printable(text: str) -> str:
    """`text` with every non-printable character escaped, so a file name cannot hide or forge terminal output."""
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else ascii(ch)[1:-1]  # undecodable byte


def _outside(path: Path, roots: list[Path]) -> bool:
    """A file found in a scanned folder whose real location is outside it (a symbolic link out of the folder)."""
    for root in roots:
        if root.is_dir() and path.is_relative_to(root):
            return not path.resolve().is_relative_to(root.resolve())
    return False


def _parse_one(args: tuple[str, bytes, str]) -> tuple[str, ParsedPlan | None, tuple[str, str] | None]:
    path, data, suffix = args
    try:
        return path, parse_document(data, suffix), None
    except LoaderError as err:
        return path, None, (err.stage, err.message)
    except Exception as err:  # a bug in one extractor must not abort the batch
        return path, None, ("extract", f"unexpected {type(err).__name__}: {err}")


def ingest(paths: list[Path] | None = None, db_path: Path = DEFAULT_DB, *, progress: bool = False,
           workers: int | None = None) -> IngestSummary:
    """Ingest files into `db_path`, building a copy aside and swapping it in atomically."""
    started = time.perf_counter()
    started_at = dt.datetime.now()
    roots = [Path(p) for p in (paths or [DEFAULT_RAW])]
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    with _exclusive(db_path):
        _remove_stale_builds(db_path)
        building = db_path.with_name(f".{db_path.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        # Start from the current database unless other loader code built it (then every file is re-read).
        if db_path.exists() and db.stored_version(db_path) == build_version():
            shutil.copy2(db_path, building)
        _build_and_swap(building, db_path, roots, summary, progress, workers, started, started_at)
    return summary


@contextlib.contextmanager
def _exclusive(db_path: Path):
    """One ingest at a time per database file, across processes: later ones wait for the lock."""
    lock_path = db_path.with_name(f".{db_path.name}.lock")
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_and_swap(building: Path, db_path: Path, roots: list[Path], summary: IngestSummary, progress: bool,
                    workers: int | None, started: float, started_at: dt.datetime) -> None:
    try:
        con = duckdb.connect(str(building))
        try:
            _build(con, roots, summary, progress, workers, started_at)
            summary.seconds = time.perf_counter() - started
            _record_run(con, summary, started_at)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(building, db_path)
        _fsync_dir(db_path.parent)
    finally:
        for leftover in (building, building.with_name(building.name + ".wal")):
            if leftover.exists():
                leftover.unlink()


def _remove_stale_builds(db_path: Path) -> None:
    """A killed ingest leaves its half-built copy behind; it is never read, so delete it."""
    # Called under the file lock, so no other build of this database is running: every copy is stale.
    for leftover in db_path.parent.glob(f".{db_path.name}.building-*"):
        leftover.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build(con: duckdb.DuckDBPyConnection, roots: list[Path], summary: IngestSummary, progress: bool,
           workers: int | None, started_at: dt.datetime) -> None:
    db.apply_schema(con)
    con.execute("BEGIN TRANSACTION")
    db.load_reference(con)
    db.set_version(con, build_version())
    known = {row[0]: (row[1], row[2]) for row in con.execute("SELECT source_path, sha256, plan_id FROM files").fetchall()}
    files = find_files(roots)
    summary.files = len(files)

    todo: list[tuple[str, bytes, str]] = []
    seen_paths: set[str] = set()
    for path in files:
        if _outside(path, roots):
            summary.errors.append((f"{display_path(path.parent)}/{printable(path.name)}", "read",
                                   "symbolic link to a file outside the folder; not read"))
            continue
        shown = display_path(path)
        if shown in seen_paths:
            continue  # the same file named twice (a folder and a file in it)
        seen_paths.add(shown)
        try:
            if not path.exists():
                raise LoaderError("file not found", stage="read")
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise LoaderError(f"file is {size // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB",
                                  stage="read")
            data = path.read_bytes()
        except LoaderError as err:
            summary.errors.append((shown, err.stage, err.message))
            continue
        except OSError as err:
            summary.errors.append((shown, "read", f"cannot read file: {err.strerror or err}"))
            continue
        _, digest = plan_id_for(data)
        if shown in known and known[shown][0] == digest and known[shown][1]:
            summary.unchanged += 1
            continue
        todo.append((shown, data, path.suffix))

    parsed = _parse_all(todo, progress, workers)

    # Files that disappeared from a scanned folder take their plans with them.
    scanned = [display_path(r) for r in roots if r.is_dir()]
    gone = [p for p in known if p not in seen_paths and any(p == s or p.startswith(s.rstrip("/") + "/") for s in scanned)]
    old_ids = [known[p][1] for p in gone if known[p][1]]
    changed = [path for path, _, _ in todo]
    old_ids += [known[p][1] for p in changed if p in known and known[p][1]]
    db.delete_plans(con, old_ids)
    for p in gone + changed:
        con.execute("DELETE FROM files WHERE source_path = ?", [p])
    summary.removed = len(gone)

    present = {row[0]: row[1] for row in con.execute("SELECT plan_id, source_path FROM plans").fetchall()}
    rows: dict[str, list[dict]] = {name: [] for name in db.PLAN_TABLES}
    cited: dict[str, dict] = {}
    file_rows: list[dict] = []
    for path, plan, error in parsed:
        if error is not None:
            summary.errors.append((path, *error))
            file_rows.append({"source_path": path, "sha256": None, "plan_id": None, "status": "error",
                              "message": error[1], "ingested_at": started_at})
            continue
        assert plan is not None
        if plan.plan_id in present:
            message = f"same content as {present[plan.plan_id]}; not ingested twice"
            summary.errors.append((path, "duplicate", message))
            file_rows.append({"source_path": path, "sha256": plan.sha256, "plan_id": None, "status": "duplicate",
                              "message": message, "ingested_at": started_at})
            continue
        present[plan.plan_id] = path
        _collect(plan, path, started_at, rows, cited)
        file_rows.append({"source_path": path, "sha256": plan.sha256, "bytes": plan.bytes, "plan_id": plan.plan_id,
                          "status": "ok", "message": None, "ingested_at": started_at})
        summary.ingested += 1
        for stage, seconds in plan.seconds.items():
            summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds

    t0 = time.perf_counter()
    for name, table_rows in rows.items():
        db.insert(con, name, table_rows)
    existing = {r[0] for r in con.execute("SELECT cited_doc_id FROM cited_documents").fetchall()}
    db.insert(con, "cited_documents", [d for k, d in cited.items() if k not in existing])
    con.execute("DELETE FROM cited_documents WHERE cited_doc_id NOT IN (SELECT cited_doc_id FROM citations)")
    db.insert(con, "files", file_rows)
    # Analysts' corrections (data/corrections.csv) are re-applied on every build, to unchanged plans too.
    fixes = corrections.csv_path()
    corrections.apply_corrections(con, corrections.parse_csv(fixes.read_text(encoding="utf-8") if fixes.exists() else ""))
    summary.stage_seconds["write"] = time.perf_counter() - t0
    summary.plans = con.execute("SELECT count(*) FROM plans").fetchall()[0][0]
    summary.sections = con.execute("SELECT count(*) FROM sections").fetchall()[0][0]


def _parse_all(todo: list[tuple[str, bytes, str]], progress: bool, workers: int | None):
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="file", desc="Đọc văn bản", file=sys.stderr)
    results = []
    try:
        if len(todo) >= PARALLEL_FROM and (workers or os.cpu_count() or 1) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in pool.map(_parse_one, todo, chunksize=16):
                    results.append(result)
                    if bar:
                        bar.update()
        else:
            for item in todo:
                results.append(_parse_one(item))
                if bar:
                    bar.update()
    finally:
        if bar:
            bar.close()
    return results


def _collect(plan: ParsedPlan, path: str, started_at: dt.datetime, rows: dict[str, list[dict]],
             cited: dict[str, dict]) -> None:
    pid = plan.plan_id
    plan_row = plan.plan_row()
    plan_row.update(source_path=path, ingested_at=started_at)
    rows["plans"].append(plan_row)
    rows["plan_lines"].extend({"plan_id": pid, **r} for r in plan.lines)
    rows["sections"].extend({"plan_id": pid, **r} for r in plan.sections)
    for name in ("targets", "activities", "initiatives", "responsibilities", "citations", "deadlines", "budget_sources"):
        rows[name].extend({"plan_id": pid, **r} for r in plan.tables[name])
    for doc in plan.tables["cited_documents"]:
        cited.setdefault(doc["cited_doc_id"], doc)


def _record_run(con: duckdb.DuckDBPyConnection, summary: IngestSummary, started_at: dt.datetime) -> None:
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchall()[0][0]
    db.insert(con, "ingest_runs", [{
        "run_id": run_id, "started_at": started_at, "finished_at": dt.datetime.now(), "files": summary.files,
        "ingested": summary.ingested, "unchanged": summary.unchanged, "removed": summary.removed,
        "plans": summary.plans, "sections": summary.sections, "errors": len(summary.errors),
        "seconds": summary.seconds,
    }])
    db.insert(con, "ingest_errors", [
        {"run_id": run_id, "source_path": p, "stage": s, "message": m, "recorded_at": started_at} for p, s, m in summary.errors
    ])
    con.execute("COMMIT")
