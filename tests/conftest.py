"""Shared fixtures: the shipped corpus, a real DuckDB file built from it, document builders."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
EXPECTED = Path(__file__).resolve().parent / "expected"
SEEDS = sorted(p.stem for p in RAW.glob("*.txt"))


class Chart(NamedTuple):
    key: str
    spec: dict  # the figure as plotly.js receives it


def charts(at) -> list[Chart]:
    """The charts an AppTest page drew through explorer.plotly_chart, in page order."""
    mounted = [c.proto for c in at.get("bidi_component") if c.proto.component_name == "explorer_plotly_chart"]
    return [Chart(c.id.rsplit("-", 1)[-1], json.loads(json.loads(c.json)["figure"])) for c in mounted]


def expected(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def _no_shared_corrections(tmp_path_factory):
    """Tests never read or write the analysts' data/corrections.csv: they get an empty file of their own."""
    import os

    path = tmp_path_factory.mktemp("corrections") / "corrections.csv"
    path.write_text("", encoding="utf-8")
    previous = os.environ.get("PLANS_CORRECTIONS")
    os.environ["PLANS_CORRECTIONS"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("PLANS_CORRECTIONS", None)
    else:
        os.environ["PLANS_CORRECTIONS"] = previous


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """A database built from data/raw by the real ingest, once per test session."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("db") / "plans.duckdb"
    summary = ingest([RAW], path)
    assert summary.ingested == len(SEEDS), summary.errors
    return path


@contextlib.contextmanager
def explorer_data_on(db: Path) -> Iterator:
    """explorer.data reading `db` (never building it), its caches and connection fresh before and after."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_DB", str(db))
        mp.setenv("PLANS_AUTOBUILD", "0")
        from explorer import data

        data.refresh()
        yield data
        data.refresh()


def copy_with_unknown_unit(db: Path, folder: Path, which_plan: str) -> Path:
    """A copy of `db` in `folder` where the plan `which_plan` (a SELECT of one plan_id) has no province or
    district: pages must handle a plan whose unit is unknown."""
    import shutil

    import duckdb

    path = folder / "plans.duckdb"
    shutil.copy(db, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE plans SET province = NULL, district = NULL, province_2025 = NULL "
                f"WHERE plan_id = ({which_plan})")
    con.close()
    return path
