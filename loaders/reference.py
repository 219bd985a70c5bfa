"""Reference tables shipped in data/reference/ (vocabulary as data), read once per process."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of data/reference/<name>.csv as dicts (NFC text, empty strings kept)."""
    with open(REFERENCE_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


def split_list(value: str | None) -> list[str]:
    """A pipe-separated cell as a list."""
    return [part.strip() for part in (value or "").split("|") if part.strip()]
