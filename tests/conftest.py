"""Shared fixtures: the shipped corpus, a real DuckDB file built from it, document builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
EXPECTED = Path(__file__).resolve().parent / "expected"
SEEDS = sorted(p.stem for p in RAW.glob("*.txt"))


def expected(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """A database built from data/raw by the real ingest, once per test session."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("db") / "plans.duckdb"
    summary = ingest([RAW], path)
    assert summary.ingested == len(SEEDS), summary.errors
    return path
