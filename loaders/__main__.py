"""Command line: `python -m loaders ingest [PATHS...] [--db FILE]`, `python -m loaders evaluate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.ingest import DEFAULT_DB, DEFAULT_RAW, IngestSummary, ingest


def _print_summary(summary: IngestSummary) -> None:
    rows = [
        ("files", summary.files), ("ingested", summary.ingested), ("unchanged", summary.unchanged),
        ("removed", summary.removed), ("plans", summary.plans), ("sections", summary.sections),
        ("errors", len(summary.errors)), ("seconds", f"{summary.seconds:.2f}"),
    ]
    width = max(len(k) for k, _ in rows)
    print("-" * (width + 14))
    for key, value in rows:
        print(f"{key:<{width}}  {value:>10}")
    print("-" * (width + 14))
    for path, stage, message in summary.errors:
        print(f"ERROR [{stage}] {path}: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_ingest = sub.add_parser("ingest", help="read documents and (re)build the DuckDB database")
    p_ingest.add_argument("paths", nargs="*", type=Path, help=f"files or folders (default {DEFAULT_RAW})")
    p_ingest.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database file (default {DEFAULT_DB})")
    p_ingest.add_argument("--workers", type=int, default=None, help="parallel parser processes")
    p_ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    p_eval = sub.add_parser("evaluate", help="precision/recall/F1 against tests/expected/*.json")
    p_eval.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)

    if args.command == "ingest":
        summary = ingest(args.paths or None, args.db, progress=not args.quiet, workers=args.workers)
        _print_summary(summary)
        nothing = summary.ingested == 0 and summary.unchanged == 0 and summary.files > 0
        return 1 if nothing or (summary.files == 0) else 0
    if args.command == "evaluate":
        from loaders.evaluate import main as evaluate_main

        return evaluate_main(as_json=args.json)
    return 2


if __name__ == "__main__":
    sys.exit(main())
