"""Ingest speed and memory at N = 100, 1,000, 10,000 generated plans (a measurement, not a test).

    python bench/ingest.py                          # sizes 100,1000,10000; .txt-only and mixed corpora
    python bench/ingest.py --sizes 100,1000 --workers 2
    python bench/ingest.py --profile 1000           # pyinstrument, serial ingest of 1,000 .txt plans

Corpora are written once by bench/make_corpus.py into bench/out/ (git-ignored) and reused: corpus-txt (only
.txt, for the ".txt plans per second" target) and corpus-mixed (5% .docx, 5% .pdf). The first N documents of a
corpus are the N-document corpus, so one 10,000-document corpus serves every size. Each run is a fresh
process building a fresh database (bench/out/plans-N.duckdb for the mixed corpus, used by bench/queries.py and
bench/pages.py), and reports:

- seconds of `loaders.ingest.ingest()` (read, parse in a process pool, write, checkpoint, swap), plans/s, MB/s;
- peak RSS of the ingesting process (ru_maxrss RUSAGE_SELF) and of its largest pool worker (RUSAGE_CHILDREN);
- IngestSummary.stage_seconds: read/clean/extract are CPU seconds summed over the workers, write is wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from common import OUT, ROOT, machine, machine_line, save_json, table
    from make_corpus import EXPECTED_NAME, MANIFEST_NAME, generator_version, make_corpus, read_expected
except ImportError:  # imported as bench.ingest
    from bench.common import OUT, ROOT, machine, machine_line, save_json, table
    from bench.make_corpus import EXPECTED_NAME, MANIFEST_NAME, generator_version, make_corpus, read_expected

CORPORA = {"txt": (0.0, 0.0), "mixed": (0.05, 0.05)}  # name -> (docx share, pdf share)
TARGET_PLANS_PER_S = 300
TARGET_PEAK_MB = 1024


def corpus(kind: str, n: int, seed: int, workers: int | None) -> Path:
    """bench/out/corpus-<kind>: reused when it already holds at least n documents of this seed."""
    folder = OUT / f"corpus-{kind}"
    docx_share, pdf_share = CORPORA[kind]
    manifest = folder / MANIFEST_NAME
    if manifest.exists() and (folder / EXPECTED_NAME).exists():
        m = json.loads(manifest.read_text())
        if (m["n"] >= n and m["seed"] == seed and m["docx_share"] == docx_share and m["pdf_share"] == pdf_share
                and m.get("generator") == generator_version()):
            return folder
    print(f"writing {n:,} documents to {folder} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    make_corpus(n, folder, seed, docx_share, pdf_share, workers=workers, force=True, quiet=False)
    print(f"  {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return folder


def db_for(kind: str, n: int) -> Path:
    return OUT / (f"plans-{n}.duckdb" if kind == "mixed" else f"plans-{kind}-{n}.duckdb")


def run_child(files: list[Path], db: Path, workers: int | None, track: bool, memo_per_file: bool = False) -> dict:
    """One ingest in a fresh interpreter, so peak memory and caches belong to this run only."""
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as fh:
        fh.write("\n".join(str(p) for p in files))
        listing = fh.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", listing, "--db", str(db)]
    if workers:
        cmd += ["--workers", str(workers)]
    if track:
        cmd.append("--tracemalloc")
    if memo_per_file:
        cmd.append("--memo-per-file")
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    finally:
        os.unlink(listing)
    if done.returncode != 0:
        raise SystemExit(f"ingest child failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


def child(listing: Path, db: Path, workers: int | None, track: bool, memo_per_file: bool = False) -> None:
    """Runs inside the fresh process: ingest, then print one JSON line."""
    from loaders import ingest as ingest_module
    from loaders.ingest import ingest
    from loaders.version import build_version

    if memo_per_file:  # set before the pool forks, so every worker parses each file with empty memos
        from loaders import memo

        parse = ingest_module.parse_document

        def parse_forgetting(data: bytes, suffix: str):
            memo.clear()
            return parse(data, suffix)

        ingest_module.parse_document = parse_forgetting

    files = [Path(p) for p in listing.read_text().splitlines() if p]
    size = sum(p.stat().st_size for p in files)
    if track:
        import tracemalloc

        tracemalloc.start()
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    summary = ingest(files, db, workers=workers)
    seconds = time.perf_counter() - t0
    load_after = os.getloadavg()[0]
    traced = None
    if track:
        import tracemalloc

        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "files": len(files), "bytes": size, "seconds": seconds, "ingested": summary.ingested,
        "errors": len(summary.errors), "error_samples": summary.errors[:5], "plans": summary.plans,
        "sections": summary.sections, "stage_seconds": summary.stage_seconds,
        "maxrss_self_mb": me.ru_maxrss / 1024, "maxrss_children_mb": kids.ru_maxrss / 1024,
        "cpu_self_s": me.ru_utime + me.ru_stime, "cpu_children_s": kids.ru_utime + kids.ru_stime,
        "tracemalloc_peak_mb": traced / 2**20 if traced is not None else None,
        "db_mb": db.stat().st_size / 2**20 if db.exists() else None,
        "loadavg_before": load_before, "loadavg_after": load_after, "cpus": os.cpu_count(),
        "loaders_version": build_version(), "git": git_head(),
    }))


def git_head() -> str | None:
    """HEAD commit, with "+dirty" when the loaders/ or explorer/ code differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "loaders", "explorer"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def cpu_ms(r: dict) -> float:
    return (r["cpu_self_s"] + r["cpu_children_s"]) / max(1, r["ingested"]) * 1000


def profile(n: int, seed: int, workers: int | None, depth: int) -> str:
    """pyinstrument over a serial (workers=1) ingest of n .txt plans: the call tree and the top functions."""
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    from loaders.ingest import ingest

    folder = corpus("txt", n, seed, workers)
    files = [folder / e["file"] for e in read_expected(folder)[:n]]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        profiler = Profiler(interval=0.001)
        profiler.start()
        t0 = time.perf_counter()
        summary = ingest(files, Path(tmp) / "plans.duckdb", workers=1)
        seconds = time.perf_counter() - t0
        profiler.stop()
    session = profiler.last_session
    tree = ConsoleRenderer(unicode=False, color=False, time="percent_of_total",
                           processor_options={"filter_threshold": 0.01}).render(session)
    own, inclusive = function_times(session.root_frame())
    total = session.duration
    flat = table(["function", "own %", "own s"], [[k, f"{v / total:.1%}", v] for k, v in own[:25]], "lrr")
    incl = table(["function", "inclusive %", "s"], [[k, f"{v / total:.1%}", v] for k, v in inclusive[:30]], "lrr")
    text = (f"Serial ingest of {n:,} .txt plans (workers=1): {seconds:.1f} s wall, {session.cpu_time:.1f} s CPU "
            f"({summary.ingested / session.cpu_time:.1f} plans per CPU-second), "
            f"stages {', '.join(f'{k} {v:.1f} s' for k, v in summary.stage_seconds.items())}\n\n"
            + "\n".join(tree.splitlines()[: depth + 6]) + "\n\nTop functions by own time (excluding callees):\n\n"
            + flat + "\n\nTop functions by inclusive time (callees included, recursion counted once):\n\n" + incl)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"profile-ingest-{n}.txt").write_text(text + "\n\nFull tree:\n\n" + tree, encoding="utf-8")
    profiler.write_html(str(OUT / f"profile-ingest-{n}.html"))
    return text


def function_times(root) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(own time, inclusive time) per function of a pyinstrument frame tree, largest first."""
    own: dict[str, float] = {}
    inclusive: dict[str, float] = {}

    def name(frame) -> str:
        return f"{frame.function}  {frame.file_path_short}:{frame.line_no}"

    def walk(frame, ancestors: frozenset) -> None:
        if frame.is_synthetic:
            return
        key = name(frame)
        children = [c for c in frame.children if not c.is_synthetic]
        own[key] = own.get(key, 0.0) + frame.time - sum(c.time for c in children)
        if key not in ancestors:
            inclusive[key] = inclusive.get(key, 0.0) + frame.time
        for child in children:
            walk(child, ancestors | {key})

    if root is not None:
        walk(root, frozenset())
    return (sorted(own.items(), key=lambda kv: -kv[1]), sorted(inclusive.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated N (default 100,1000,10000)")
    parser.add_argument("--corpora", default="txt,mixed", help="txt (only .txt) and/or mixed (5%% .docx, 5%% .pdf)")
    parser.add_argument("--workers", type=int, default=None, help="parser processes (default: loaders' default, CPUs)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations of the parent (slower)")
    parser.add_argument("--profile", type=int, metavar="N", default=None,
                        help="instead: profile a serial ingest of N .txt plans with pyinstrument")
    parser.add_argument("--profile-depth", type=int, default=60, help="lines of the call tree printed")
    parser.add_argument("--memo-per-file", action="store_true",
                        help="empty loaders.memo before each file: the cost of a corpus whose plans share no sentence "
                             "(the generated one repeats the seeds' sentences, which the memos answer)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child(args.child, args.db, args.workers, args.tracemalloc, args.memo_per_file)
        return 0
    if args.profile:
        print(profile(args.profile, args.seed, args.workers, args.profile_depth))
        return 0

    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s)
    kinds = [k.strip() for k in args.corpora.split(",") if k.strip()]
    info = machine()
    print(machine_line(info), file=sys.stderr)
    runs = []
    for kind in kinds:
        folder = corpus(kind, max(sizes), args.seed, args.workers)
        entries = read_expected(folder)
        for n in sizes:
            files = [folder / e["file"] for e in entries[:n]]
            print(f"ingesting {len(files):,} plans ({kind}) ...", file=sys.stderr, flush=True)
            r = run_child(files, db_for(kind, n), args.workers, args.tracemalloc, args.memo_per_file)
            r.update(kind=kind, n=n, db=str(db_for(kind, n).relative_to(ROOT)))
            runs.append(r)
            print(f"  {r['seconds']:.1f} s, {r['ingested'] / r['seconds']:.1f} plans/s, "
                  f"peak {r['maxrss_self_mb']:.0f} MB (+ workers {r['maxrss_children_mb']:.0f} MB)", file=sys.stderr)
            if kind == "mixed" and n != max(sizes):
                db_for(kind, n).unlink(missing_ok=True)

    rows = []
    for r in runs:
        st = r["stage_seconds"]
        rows.append([r["kind"], r["n"], r["ingested"], r["errors"], r["seconds"], r["ingested"] / r["seconds"],
                     r["bytes"] / 1e6 / r["seconds"], r["maxrss_self_mb"], r["maxrss_children_mb"],
                     st.get("read", 0.0), st.get("clean", 0.0), st.get("extract", 0.0), st.get("write", 0.0),
                     r["db_mb"], cpu_ms(r), f"{r['loadavg_before']:.1f}/{r['loadavg_after']:.1f}"])
    print(f"\n{machine_line(info)}; workers={args.workers or 'default'}"
          f"{'; memos emptied before each file (--memo-per-file)' if args.memo_per_file else ''}\n")
    print(table(["corpus", "N", "ingested", "errors", "seconds", "plans/s", "MB/s", "peak RSS MB", "worker RSS MB",
                 "read s*", "clean s*", "extract s*", "write s", "db MB", "CPU ms/plan", "load avg"], rows,
                "lrrrrrrrrrrrrrrr"))
    print("\n* read/clean/extract: seconds summed over the parser processes (wall time inside each worker, so they "
          "include time a worker waited for a CPU); write: wall seconds in the parent. CPU ms/plan: user+sys CPU of "
          "the ingest process and its workers per plan (insensitive to other load). load avg: 1-minute load "
          "before/after the run (other processes on the machine).")
    lin = []
    for kind in kinds:
        mine = [r for r in runs if r["kind"] == kind]
        base = mine[0]["seconds"] / mine[0]["n"]
        for r in mine:
            per = r["seconds"] / r["n"]
            lin.append([kind, r["n"], r["seconds"], per * 1000, per / base,
                        r["stage_seconds"].get("write", 0.0) / r["n"] * 1000])
    print("\nN vs seconds (linear cost = constant ms/plan, ratio ≈ 1):\n")
    print(table(["corpus", "N", "seconds", "ms/plan", "ratio to smallest N", "write ms/plan"], lin, "lrrrrr"))
    txt = [r for r in runs if r["kind"] == "txt"]
    if txt:
        big = txt[-1]
        rate = big["ingested"] / big["seconds"]
        cpu_rate = (os.cpu_count() or 1) * 1000 / cpu_ms(big)
        peak = big["maxrss_self_mb"] + (os.cpu_count() or 1) * big["maxrss_children_mb"]
        print(f"\nTarget ≥ {TARGET_PLANS_PER_S} .txt plans/s: {rate:.1f} plans/s at N={big['n']:,} "
              f"({'met' if rate >= TARGET_PLANS_PER_S else f'missed, {TARGET_PLANS_PER_S / rate:.1f}x too slow'}); "
              f"10,000 plans would take {10_000 / rate:.0f} s (target < 35 s). From CPU time alone, with all "
              f"{os.cpu_count()} CPUs free: {cpu_rate:.1f} plans/s.")
        print(f"Target peak memory < {TARGET_PEAK_MB} MB: parent {big['maxrss_self_mb']:.0f} MB, "
              f"parent + {os.cpu_count()} workers ≤ {peak:.0f} MB "
              f"({'met' if peak < TARGET_PEAK_MB else 'missed'}).")
    path = save_json("ingest", {"machine": info, "workers": args.workers, "argv": sys.argv, "runs": runs})
    print(f"\nresults: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
