"""A fingerprint of the extractor: code, schema and reference tables. A database built by another
version is rebuilt from scratch, so a change in the loaders never leaves stale rows behind."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from loaders.reference import REFERENCE_DIR

PACKAGE = Path(__file__).resolve().parent


@cache
def build_version() -> str:
    digest = hashlib.sha256()
    files = sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.sql"), *REFERENCE_DIR.glob("*.csv")])
    for path in files:
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
