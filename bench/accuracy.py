"""Per-field accuracy of the plan metadata extracted from a generated corpus, against DIR/expected.jsonl.

    python bench/accuracy.py bench/out/corpus-1000            # ingest into a temporary database, then score
    python bench/accuracy.py DIR --db bench/out/plans-10000.duckdb   # score a database already built from DIR

A file that could not be ingested counts as wrong for every field. Breakdowns by file format and by the seed
each document was made from show where the extractor slips; --show N lists N mismatches per field.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

try:
    from common import ROOT, table
    from make_corpus import FIELDS, read_expected
except ImportError:  # imported as bench.accuracy
    from bench.common import ROOT, table
    from bench.make_corpus import FIELDS, read_expected


def _norm(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if value is not None and hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def extracted(folder: Path, db: Path | None = None, workers: int | None = None) -> tuple[dict[str, dict], dict[str, str]]:
    """({file: plan row}, {file: error}) for the files of `folder`, ingesting into a temporary database unless
    `db` (built from this folder) is given."""
    import duckdb

    folder = Path(folder).resolve()
    with tempfile.TemporaryDirectory(prefix="bench-accuracy-") as tmp:
        if db is None:
            from loaders.ingest import ingest

            db = Path(tmp) / "plans.duckdb"
            ingest([folder], db, workers=workers)
        con = duckdb.connect(str(db), read_only=True)
        try:
            cols = ", ".join(("source_path", *FIELDS))
            rows = con.execute(f"SELECT {cols} FROM plans").fetchall()
            errors = con.execute("SELECT source_path, status || ': ' || coalesce(message, '') FROM files WHERE status <> 'ok'").fetchall()
        finally:
            con.close()

    def key(source_path: str) -> str | None:
        path = Path(source_path)
        path = path if path.is_absolute() else ROOT / path
        try:
            return path.resolve().relative_to(folder).as_posix()
        except ValueError:
            return None

    plans = {}
    for row in rows:
        k = key(row[0])
        if k is not None:
            plans[k] = {f: _norm(v) for f, v in zip(FIELDS, row[1:], strict=True)}
    return plans, {k: msg for p, msg in errors if (k := key(p)) is not None}


def score(folder: Path, db: Path | None = None, workers: int | None = None) -> dict:
    """Accuracy per field overall, per format and per seed, with the mismatches."""
    expected = read_expected(folder)
    plans, errors = extracted(folder, db, workers)
    total: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
    by_format: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    by_seed: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    misses: dict[str, list[dict]] = {f: [] for f in FIELDS}
    for exp in expected:
        got = plans.get(exp["file"])
        fmt = Path(exp["file"]).suffix
        for f in FIELDS:
            ok = got is not None and got[f] == exp[f]
            for bucket in (total[f], by_format[fmt][f], by_seed[exp.get("seed", "?")][f]):
                bucket[0] += ok
                bucket[1] += 1
            if not ok:
                misses[f].append({"file": exp["file"], "expected": exp[f],
                                  "got": got[f] if got else f"(not ingested: {errors.get(exp['file'], 'missing')})"})
    acc = {f: (c / n if n else float("nan")) for f, (c, n) in total.items()}
    return {
        "files": len(expected), "ingested": sum(1 for e in expected if e["file"] in plans), "errors": errors,
        "accuracy": acc, "counts": total,
        "by_format": {k: {f: c / n for f, (c, n) in v.items()} for k, v in sorted(by_format.items())},
        "format_files": {k: v[FIELDS[0]][1] for k, v in sorted(by_format.items())},
        "by_seed": {k: {f: c / n for f, (c, n) in v.items()} for k, v in sorted(by_seed.items())},
        "seed_files": {k: v[FIELDS[0]][1] for k, v in sorted(by_seed.items())},
        "misses": misses,
    }


def report(result: dict, show: int = 3) -> str:
    fmts, seeds = list(result["by_format"]), list(result["by_seed"])
    rows = []
    for f in FIELDS:
        c, n = result["counts"][f]
        rows.append([f, c, n, f"{result['accuracy'][f]:.1%}",
                     *[f"{result['by_format'][k][f]:.1%}" for k in fmts]])
    out = [f"{result['files']:,} files, {result['ingested']:,} ingested, {len(result['errors']):,} not ingested", "",
           table(["field", "correct", "files", "accuracy", *[f"{k} ({result['format_files'][k]:,})" for k in fmts]],
                 rows, "lrrr" + "r" * len(fmts)), ""]
    seed_rows = [[f, *[f"{result['by_seed'][s][f]:.1%}" for s in seeds]] for f in FIELDS]
    out += ["By seed document:", "",
            table(["field", *[f"{s} ({result['seed_files'][s]:,})" for s in seeds]], seed_rows, "l" + "r" * len(seeds)),
            ""]
    if show:
        for f in FIELDS:
            if result["misses"][f]:
                out.append(f"{f}: {len(result['misses'][f]):,} wrong, e.g.")
                for m in result["misses"][f][:show]:
                    out.append(f"  {m['file']}: expected {m['expected']!r}, got {m['got']!r}")
        if result["errors"]:
            out.append("not ingested, e.g.")
            out += [f"  {k}: {v}" for k, v in list(result["errors"].items())[:show]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path, help="a corpus folder written by bench/make_corpus.py")
    parser.add_argument("--db", type=Path, default=None, help="score this database (built from DIR) instead of ingesting")
    parser.add_argument("--workers", type=int, default=None, help="parser processes for the ingest")
    parser.add_argument("--show", type=int, default=3, help="mismatches listed per field (default 3)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = score(args.dir, args.db, args.workers)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "misses"} | {
            "misses": {f: m[: args.show] for f, m in result["misses"].items()}}, ensure_ascii=False, indent=1))
    else:
        print(report(result, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
