"""Every registered page runs in Streamlit's AppTest against a real database, filtered and emptied."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT, charts
from streamlit.testing.v1 import AppTest


def registered_pages() -> list[tuple]:
    spec = importlib.util.spec_from_file_location("dashboard_module", ROOT / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines PAGES; run() only happens under __main__
    return module.PAGES


PAGES = registered_pages()


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(autouse=True)
def _database(seed_db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(seed_db))


def test_every_page_file_is_registered():
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")}
    assert files == {path for path, *_ in PAGES}


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_page_runs_with_default_filters(page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_runs_when_filters_empty_the_data(page, lang):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["provinces"] = "Không tồn tại"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


def test_overview_shows_the_five_plans():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception
    assert at.metric[0].value == "5"
    plans = at.dataframe[-2].value if len(at.dataframe) > 1 else at.dataframe[0].value
    assert len(plans) == 5


def test_overview_coverage_per_province_when_units_are_many(monkeypatch):
    """Above ui.MAX_UNITS_DRAWN issuing units the coverage matrix has a row per province, every plan counted; the
    Data table keeps every unit × year."""

    from explorer import ui

    monkeypatch.setattr(ui, "MAX_UNITS_DRAWN", 0)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Độ phủ: tỉnh × năm" in [s.value for s in at.subheader]
    heat = charts(at)[0].spec["data"][0]
    assert sum(int(v) for row in heat["text"] for v in row if v) == 5
    units = at.dataframe[0].value  # the Dữ liệu table behind the chart: unit × year
    assert {"unit", "plan_year", "plans"} <= set(units.columns) and units["plans"].sum() == 5
    plans = at.dataframe[-2].value
    assert plans["Ngày ban hành"].str.match(r"^(–|(\d{2}/)?(\d{2}/)?\d{4})$").all()


def test_filters_live_in_the_url():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["provinces"] = "Bắc Kạn"
    at.run()
    assert not at.exception
    assert at.metric[0].value == "1"
    assert at.query_params["provinces"] in ("Bắc Kạn", ["Bắc Kạn"])


def test_injection_in_filters_changes_nothing(seed_db):
    import duckdb

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["provinces"] = "'; DROP TABLE plans; --"
    at.query_params["agencies"] = "x' OR '1'='1"
    at.run()
    assert not at.exception
    assert at.metric[0].value == "0"
    con = duckdb.connect(str(seed_db), read_only=True)
    assert con.execute("SELECT count(*) FROM plans").fetchall()[0][0] == 5
    con.close()


def test_page_modules_exist():
    for path, *_ in PAGES:
        assert Path(ROOT / path).exists()
