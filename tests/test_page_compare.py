"""pages/compare.py in AppTest against a real database built from data/raw."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import pytest
from conftest import charts
from streamlit.testing.v1 import AppTest

from loaders.ingest import ingest

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "pages" / "compare.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("compare") / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw"], path)
    assert not summary.errors, summary.errors
    return path


@pytest.fixture(autouse=True)
def _database(db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")


def ids(db: Path) -> dict[str, str]:
    """plan_id by source file stem."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {Path(s).stem: p for p, s in con.execute("SELECT plan_id, source_path FROM plans").fetchall()}
    finally:
        con.close()


def run(**query_params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def test_default_compares_the_first_two_filtered_plans():
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    chosen = at.multiselect(key="cmp_plans").value
    assert len(chosen) == 2
    assert at.query_params["compare"] in (",".join(chosen), [",".join(chosen)])
    assert [s.value for s in at.subheader if s.value != "Bộ lọc"] == [
        "Thông tin", "Chỉ tiêu", "Cơ cấu chủ đề hoạt động", "Cơ quan chủ trì / phối hợp",
        "Văn bản dùng chung và nét riêng"]
    meta = at.dataframe[0].value
    assert meta.shape[1] == 3  # field + one column per plan
    assert len(charts(at)) == 3  # theme mix, agencies, reuse
    reused = [m for m in at.metric if m.label.startswith("Dùng chung")]
    assert len(reused) == 2 and all(m.value.endswith("%") for m in reused)
    assert len(at.tabs) == 2


def test_plans_from_the_url_side_by_side_with_targets_and_reuse(db):
    plans = ids(db)
    wanted = [plans["lang-giang-2024-kh"], plans["bac-kan-2018-qd-415"], plans["thua-thien-hue-2024-kh"]]
    at = run(compare=",".join(wanted))
    assert not at.exception
    assert at.multiselect(key="cmp_plans").value == wanted
    assert at.dataframe[0].value.shape[1] == 4
    targets = at.dataframe[1].value
    assert "ge_knowledge_population" not in " ".join(targets.iloc[:, 1])  # indicator names, not keys
    assert len(targets) >= 1
    assert len(at.tabs) == 3
    shared = [m for m in at.metric if m.label.startswith("Dùng chung")]
    assert len(shared) == 3
    page = html.unescape("\n".join(h.value for h in at.html))
    assert "giống " in page  # some paragraph is shared, with the plans it is shared with


def test_many_plans_are_chosen_by_unit_first(db, monkeypatch):
    """Above ui.MAX_OPTIONS plans the plans list offers the plans of the chosen issuing units (the URL's plans
    choose their units), not every plan."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_OPTIONS", 1)
    plans = ids(db)
    wanted = [plans["lang-giang-2024-kh"], plans["bac-kan-2018-qd-415"]]
    at = run(compare=",".join(wanted))
    assert not at.exception, [e.value for e in at.exception]
    units = at.multiselect(key="cmp_units")
    assert units.value == ["Bắc Giang / Lạng Giang", "Bắc Kạn"]
    box = at.multiselect(key="cmp_plans")
    assert box.value == wanted and len(box.options) == 2  # the plans of those two units
    units.select("Quảng Ngãi").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Quảng Ngãi" in o for o in at.multiselect(key="cmp_plans").options)
    at.multiselect(key="cmp_plans").select(plans["quang-ngai-2025-kh-93"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.tabs) == 3 and at.dataframe[0].value.shape[1] == 4


def test_one_plan_is_shown_with_a_hint():
    at = run(provinces="Bắc Kạn")
    assert not at.exception
    assert len(at.multiselect(key="cmp_plans").value) == 1
    assert any("một kế hoạch" in i.value for i in at.info)


def test_unknown_plans_in_the_url_are_ignored():
    at = run(compare="nope,'; DROP TABLE plans; --")
    assert not at.exception
    assert len(at.multiselect(key="cmp_plans").value) == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_filter_that_empties_the_data(lang):
    at = run(provinces="Không tồn tại", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info
    assert not charts(at)


def test_theme_and_agency_filters_restrict_rows():
    at = run(themes="training", agencies="so-noi-vu")
    assert not at.exception, [e.value for e in at.exception]


def test_english():
    at = run(lang="en")
    assert not at.exception
    assert at.multiselect(key="cmp_plans").label == "Plans to compare"
    assert any(s.value == "Shared text and what is local" for s in at.subheader)
