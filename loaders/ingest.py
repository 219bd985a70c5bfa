"""The one module that does I/O: find files, parse them, and swap in a rebuilt database."""

from __future__ import annotations

import collections
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
import pyarrow as pa
import pyarrow.compute as pc

from loaders import corrections, db, marts
from loaders.errors import LoaderError
from loaders.pipeline import parse_document, plan_id_for, warm_up
from loaders.readers import SUPPORTED_SUFFIXES
from loaders.version import build_version

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW = PROJECT_ROOT / "data" / "raw"
DEFAULT_DB = PROJECT_ROOT / "data" / "plans.duckdb"
MAX_FILE_BYTES = 50 * 1024 * 1024
PARALLEL_FROM = 40  # below this many files a process pool costs more than it saves
CHUNK_FILES = 16  # files per task sent to a worker
WRITE_BATCH_PLANS = 250  # plans whose rows are written to DuckDB together (250: parent ~400 MB at 10,000 plans)
# DuckDB caches the pages it writes up to 80% of RAM by default; a build needs little: it spills past this.
BUILD_MEMORY_LIMIT = "128MB"


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
    return _shown(path.resolve())


def _shown(resolved: Path) -> str:
    try:
        return printable(resolved.relative_to(PROJECT_ROOT).as_posix())
    except ValueError:
        return printable(resolved.as_posix())


def printable(text: str) -> str:
    """`text` with every non-printable character escaped, so a file name cannot hide or forge terminal output."""
    if text.isprintable():  # nearly every name: no per-character work
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else ascii(ch)[1:-1]  # undecodable byte


def _outside(path: Path, resolved: Path, folders: dict[Path, Path]) -> bool:
    """A file found in a scanned folder whose real location (`resolved`) is outside it (a symbolic link out of
    the folder). `folders`: each scanned folder → its own real location, resolved once for all its files."""
    for root, real_root in folders.items():
        if path.is_relative_to(root):
            return not resolved.is_relative_to(real_root)
    return False


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
        con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY_LIMIT})
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
    pool = _start_pool(len(files) - len(known), workers)  # new files known now: workers warm up during the scan
    try:
        todo, seen_paths = _scan(files, roots, known, summary)
        if pool is None:  # many known files changed
            pool = _start_pool(len(todo), workers)
        _remove_old(con, roots, known, todo, seen_paths, summary)
        _parse_and_write(con, todo, summary, progress, pool, started_at)
    finally:
        if pool is not None:
            pool[0].shutdown(cancel_futures=True)


def _start_pool(new_files: int, workers: int | None) -> tuple[ProcessPoolExecutor, int] | None:
    """Worker processes for a batch of many new files, started before the folder scan so that they import and
    warm up (pipeline.warm_up) while the parent lists and checks the files. None: parse in this process."""
    processes = workers or os.cpu_count() or 1
    if new_files < PARALLEL_FROM or processes < 2:
        return None
    pool = ProcessPoolExecutor(max_workers=processes, initializer=warm_up)
    pool.submit(int)  # the first task starts every worker now
    return pool, processes


def _scan(files: list[Path], roots: list[Path], known: dict[str, tuple[str, str]],
          summary: IngestSummary) -> tuple[list[tuple[str, str, str]], set[str]]:
    """The files to parse, as (path as stored, path to read, suffix), and every path seen; the rest are
    recorded in `summary` (unreadable, too big, outside the folder, unchanged)."""
    # Once: 10,000 files named one by one must not cost 10,000² stats, nor each a resolve of its folder.
    folders = {r: r.resolve() for r in roots if r.is_dir()}

    todo: list[tuple[str, str, str]] = []  # (path as stored, path to read, suffix); workers read the files
    seen_paths: set[str] = set()
    for path in files:
        resolved = path.resolve()  # once per file: each resolve is a stat per component of the path
        if _outside(path, resolved, folders):
            summary.errors.append((f"{display_path(path.parent)}/{printable(path.name)}", "read",
                                   "symbolic link to a file outside the folder; not read"))
            continue
        shown = _shown(resolved)
        if shown in seen_paths:
            continue  # the same file named twice (a folder and a file in it)
        seen_paths.add(shown)
        try:
            if not path.exists():
                raise LoaderError("file not found", stage="read")
            _check_size(path)
            # Only a file ingested before needs hashing here: an unchanged one is skipped without parsing.
            if shown in known and known[shown][1] and known[shown][0] == plan_id_for(path.read_bytes())[1]:
                summary.unchanged += 1
                continue
        except LoaderError as err:
            summary.errors.append((shown, err.stage, err.message))
            continue
        except OSError as err:
            summary.errors.append((shown, "read", _read_error(err)))
            continue
        todo.append((shown, str(path), path.suffix))
    return todo, seen_paths


def _remove_old(con: duckdb.DuckDBPyConnection, roots: list[Path], known: dict[str, tuple[str, str]],
                todo: list[tuple[str, str, str]], seen_paths: set[str], summary: IngestSummary) -> None:
    """Files that disappeared from a scanned folder take their plans with them; changed files replace theirs."""
    scanned = [display_path(r) for r in roots if r.is_dir()]
    gone = [p for p in known if p not in seen_paths and any(p == s or p.startswith(s.rstrip("/") + "/") for s in scanned)]
    old_ids = [known[p][1] for p in gone if known[p][1]]
    changed = [shown for shown, _, _ in todo]
    old_ids += [known[p][1] for p in changed if p in known and known[p][1]]
    db.delete_plans(con, old_ids)
    stale = [p for p in gone + changed if p in known]  # a fresh build has none: no statement per file
    if stale:
        con.register("_stale", pa.table({"source_path": pa.array(stale, type=pa.string())}))
        try:
            con.execute("DELETE FROM files WHERE source_path IN (SELECT source_path FROM _stale)")
        finally:
            con.unregister("_stale")
    summary.removed = len(gone)


def _parse_and_write(con: duckdb.DuckDBPyConnection, todo: list[tuple[str, str, str]], summary: IngestSummary,
                     progress: bool, pool: tuple[ProcessPoolExecutor, int] | None, started_at: dt.datetime) -> None:
    """Parse the files (on the pool when there is one) and write their rows in batches, then the documents they
    cite, the files table, the analysts' corrections and the marts."""
    present = {row[0]: row[1] for row in con.execute("SELECT plan_id, source_path FROM plans").fetchall()}
    batch = _Batch()
    cited: dict[str, dict] = {}
    file_rows: list[dict] = []
    write_seconds = 0.0
    for chunk in _parse_all(todo, progress, pool):
        dropped: set[int] = set()
        for i, done in enumerate(chunk.files):
            path = done.path
            if done.error is not None:
                summary.errors.append((path, *done.error))
                file_rows.append({"source_path": path, "sha256": None, "plan_id": None, "status": "error",
                                  "message": done.error[1], "ingested_at": started_at})
                continue
            if done.plan_id in present:
                dropped.add(i)
                message = f"same content as {present[done.plan_id]}; not ingested twice"
                summary.errors.append((path, "duplicate", message))
                file_rows.append({"source_path": path, "sha256": done.sha256, "plan_id": None, "status": "duplicate",
                                  "message": message, "ingested_at": started_at})
                continue
            present[done.plan_id] = path
            for doc in done.cited_documents:
                cited.setdefault(doc["cited_doc_id"], doc)
            file_rows.append({"source_path": path, "sha256": done.sha256, "bytes": done.bytes,
                              "plan_id": done.plan_id, "status": "ok", "message": None, "ingested_at": started_at})
            summary.ingested += 1
            for stage, seconds in done.seconds.items():
                summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds
        batch.add(chunk.rows(dropped, started_at), len(chunk.files) - len(dropped))
        if batch.plans >= WRITE_BATCH_PLANS:  # bounded memory: rows go to DuckDB as they arrive
            t0 = time.perf_counter()
            batch.write(con)
            write_seconds += time.perf_counter() - t0

    t0 = time.perf_counter()
    batch.write(con)
    existing = {r[0] for r in con.execute("SELECT cited_doc_id FROM cited_documents").fetchall()}
    db.insert(con, "cited_documents", [d for k, d in cited.items() if k not in existing])
    con.execute("DELETE FROM cited_documents WHERE cited_doc_id NOT IN (SELECT cited_doc_id FROM citations)")
    db.insert(con, "files", file_rows)
    # Analysts' corrections (data/corrections.csv) are re-applied on every build, to unchanged plans too.
    fixes = corrections.csv_path()
    corrections.apply_corrections(con, corrections.parse_csv(fixes.read_text(encoding="utf-8") if fixes.exists() else ""))
    marts.build(con)  # the dashboard's pre-aggregated mart_* tables, after the corrections
    summary.stage_seconds["write"] = write_seconds + time.perf_counter() - t0
    summary.plans = con.execute("SELECT count(*) FROM plans").fetchall()[0][0]
    summary.sections = con.execute("SELECT count(*) FROM sections").fetchall()[0][0]


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LoaderError(f"file is {size // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB",
                          stage="read")


def _read_error(err: OSError) -> str:
    return f"cannot read file: {err.strerror or err}"


@dataclass
class _Done:
    """One file's outcome, as a worker reports it (its rows travel in the chunk's tables)."""

    path: str
    error: tuple[str, str] | None = None
    plan_id: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    cited_documents: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Chunk:
    """What a worker sends back for a chunk of files: outcomes, and the rows of all its plans as one Arrow
    table per database table (they pickle as buffers, so the parent, which alone writes to DuckDB, does no
    per-row work). Column `_file` says which file of the chunk a row comes from."""

    files: list[_Done]
    tables: dict[str, pa.Table]

    def rows(self, dropped: set[int], started_at: dt.datetime) -> dict[str, pa.Table]:
        """The tables without the rows of `dropped` files (duplicates), ready to insert."""
        out = {}
        for name, table in self.tables.items():
            if dropped:
                keep = pc.invert(pc.is_in(table["_file"], value_set=pa.array(sorted(dropped), type=pa.int64())))
                table = table.filter(keep)
            table = table.drop_columns(["_file"])
            if name == "plans":
                table = table.append_column("ingested_at", pa.array([started_at] * table.num_rows, pa.timestamp("us")))
            if table.num_rows:
                out[name] = table
        return out


class _Batch:
    """Arrow tables of many chunks, per table, written to DuckDB in one insert per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[pa.Table]] = {}
        self.plans = 0

    def add(self, tables: dict[str, pa.Table], plans: int) -> None:
        for name, table in tables.items():
            self.tables.setdefault(name, []).append(table)
        self.plans += plans

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        for name in db.PLAN_TABLES:  # plans first, as the loaders always wrote them
            if self.tables.get(name):
                # A column that is empty in one chunk (NULL type) takes its type from the others.
                frame = pa.concat_tables(self.tables[name], promote_options="permissive").combine_chunks()
                db.insert_arrow(con, name, frame)
        self.tables, self.plans = {}, 0
        # DuckDB keeps the inserted Arrow buffers alive until the transaction ends; committing here keeps memory
        # flat. The database being built is a copy aside, swapped in only when complete, so this is safe.
        con.execute("COMMIT")
        con.execute("BEGIN TRANSACTION")


def _parse_chunk(chunk: list[tuple[str, str, str]]) -> _Chunk:
    """Parse files (in a worker); their rows, per table, become one Arrow table for the chunk."""
    files: list[_Done] = []
    parts: dict[str, list[tuple[int, str, list[dict]]]] = {}  # table -> (file index, plan_id, rows) per plan
    for i, (shown, path, suffix) in enumerate(chunk):
        try:
            plan = parse_document(Path(path).read_bytes(), suffix)
        except OSError as err:
            files.append(_Done(shown, ("read", _read_error(err))))
            continue
        except LoaderError as err:
            files.append(_Done(shown, (err.stage, err.message)))
            continue
        except Exception as err:  # a bug in one extractor must not abort the batch
            files.append(_Done(shown, ("extract", f"unexpected {type(err).__name__}: {err}")))
            continue
        files.append(_Done(shown, None, plan.plan_id, plan.sha256, plan.bytes, plan.tables["cited_documents"],
                           plan.seconds))
        for name, rows in (("plans", [{**plan.plan_row(), "source_path": shown}]), ("plan_lines", plan.lines),
                           ("sections", plan.sections), *((n, plan.tables[n]) for n in _ROW_TABLES)):
            if rows:
                parts.setdefault(name, []).append((i, plan.plan_id, rows))
    tables = {}
    for name, plans in parts.items():
        rows = [row for _, _, plan_rows in plans for row in plan_rows]
        tables[name] = db.arrow_table({
            "_file": [i for i, _, plan_rows in plans for _ in plan_rows],
            "plan_id": [pid for _, pid, plan_rows in plans for _ in plan_rows],
            **db.columns_of(rows),
        }, name)
    return _Chunk(files, tables)


_ROW_TABLES = ("targets", "activities", "initiatives", "responsibilities", "citations", "deadlines", "budget_sources")


def _parse_all(todo: list[tuple[str, str, str]], progress: bool, pool: tuple[ProcessPoolExecutor, int] | None):
    """Parsed chunks in the order of `todo`, as they are ready (on the pool, with its number of processes, when
    there is one)."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="file", desc="Đọc văn bản", file=sys.stderr)
    try:
        if pool is not None:
            chunks = [todo[i:i + CHUNK_FILES] for i in range(0, len(todo), CHUNK_FILES)]
            for chunk in _bounded_map(pool[0], chunks, ahead=4 * pool[1]):
                yield chunk
                if bar:
                    bar.update(len(chunk.files))
        else:  # few files: one at a time, so the progress bar moves with each
            for item in todo:
                chunk = _parse_chunk([item])
                yield chunk
                if bar:
                    bar.update(len(chunk.files))
    finally:
        if bar:
            bar.close()


def _bounded_map(pool: ProcessPoolExecutor, chunks: list[list[tuple[str, str, str]]], ahead: int):
    """Chunks parsed by the pool, in order, with at most `ahead` in flight, so results never pile up in memory."""
    pending: collections.deque = collections.deque()
    for chunk in chunks:
        pending.append(pool.submit(_parse_chunk, chunk))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


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
