"""The F1 gate: extraction quality on the hand-checked seeds may not fall below the pinned floors."""

import json
from pathlib import Path

import pytest

from loaders.evaluate import Score, run

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
TABLE_BAR = 0.95


@pytest.fixture(scope="module")
def report():
    return run()


def test_every_table_is_evaluated(report):
    assert set(BASELINE["tables"]) <= set(report.tables)


@pytest.mark.parametrize("table", sorted(BASELINE["tables"]))
def test_table_f1(report, table):
    floor = max(BASELINE["tables"][table], TABLE_BAR)
    assert report.tables[table].f1 >= floor, f"{table}: F1 {report.tables[table].f1:.3f} < {floor}"


@pytest.mark.parametrize("name", sorted(BASELINE["fields"]))
def test_field_f1(report, name):
    assert report.fields[name].f1 >= BASELINE["fields"][name]


def test_floors_are_never_below_the_bar():
    assert all(v >= TABLE_BAR for v in BASELINE["tables"].values())


@pytest.mark.parametrize(("tp", "fp", "fn", "f1"), [(1, 0, 0, 1.0), (0, 1, 1, 0.0), (2, 1, 1, 2 / 3)])
def test_score_arithmetic(tp, fp, fn, f1):
    assert Score(tp, fp, fn).f1 == pytest.approx(f1)
