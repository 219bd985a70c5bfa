"""The presentation and export pages in Streamlit's AppTest against a real database."""

from __future__ import annotations

import html

import pytest
from conftest import ROOT, charts
from streamlit.testing.v1 import AppTest

PAGES = ["pages/presentation.py", "pages/export.py"]


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(autouse=True)
def _database(seed_db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(seed_db))


def _open(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _slide(at: AppTest) -> str:
    value = at.query_params["slide"]
    return value[0] if isinstance(value, list) else value


def _text(at: AppTest) -> str:
    """What the slide area shows (st.html blocks, unescaped)."""
    return " ".join(html.unescape(str(e.value)) for e in at.get("html"))


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_runs_with_default_and_emptying_filters(page, lang):
    _open(page, lang=lang)
    at = _open(page, lang=lang, provinces="Không tồn tại")
    assert at.info, "an empty selection explains itself instead of failing"


def test_slides_move_with_the_buttons_and_live_in_the_url():
    at = _open("pages/presentation.py", pres_units="Thừa Thiên Huế,Quảng Ngãi", pres_years="2024,2025")
    assert _slide(at) == "1"
    assert _button(at, "pres_prev").disabled
    markdown = _text(at)
    assert "Công tác bình đẳng giới và vì sự tiến bộ của phụ nữ" in markdown
    assert "Thừa Thiên Huế 2024 · Quảng Ngãi 2025" in markdown
    _button(at, "pres_next").click().run()
    assert not at.exception and _slide(at) == "2"
    markdown = _text(at)
    assert "Những con số chính" in markdown and "Nguồn: KH không số (Thừa Thiên Huế, 2024); KH 93/KH-UBND" in markdown
    _button(at, "pres_prev").click().run()
    assert _slide(at) == "1"


def test_a_link_opens_the_slide_it_names_and_clamps_out_of_range():
    at = _open("pages/presentation.py", pres_units="Thừa Thiên Huế,Quảng Ngãi", pres_years="2024,2025", slide="4")
    assert "Cơ cấu chủ đề hoạt động" in _text(at)
    assert len(charts(at)) == 1  # the slide area holds its one chart
    at = _open("pages/presentation.py", slide="99")
    assert _slide(at) == "9" and _button(at, "pres_next").disabled
    assert "Nguồn" in _text(at) and "Tệp: data/raw/quang-ngai-2025-kh-93.txt" in _text(at)


def test_more_plans_than_a_presentation_holds_ask_for_a_choice(monkeypatch):
    """Above ui.MAX_DECK_PLANS plans no slides are built: the page says why and how many plans each province has;
    choosing units brings the slides back."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_DECK_PLANS", 2)
    at = _open("pages/presentation.py")
    assert any("quá nhiều cho một bài trình chiếu" in i.value for i in at.info)
    counts = at.dataframe[0].value
    assert counts.drop(columns="Tỉnh/thành").to_numpy().sum() == 5 and not at.get("download_button")
    at = _open("pages/presentation.py", pres_units="Thừa Thiên Huế,Quảng Ngãi")
    assert _slide(at) == "1" and {d.key for d in at.get("download_button")} >= {"pres_pptx"}


def test_downloads_are_offered_on_the_presentation_page():
    at = _open("pages/presentation.py")
    keys = {d.key for d in at.get("download_button")}
    assert {"pres_pptx", "pres_brief"} <= keys
    assert _button(at, "pres_next").proto.shortcut and _button(at, "pres_prev").proto.shortcut  # ← / →
    options = at.selectbox(key="pres_brief_pick").options
    assert "Kế hoạch: KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)" in options
    assert any(o.startswith("Tỉnh – năm: Bắc Giang 2024") for o in options)


def test_export_page_counts_rows_and_offers_three_formats():
    at = _open("pages/export.py", provinces="Quảng Ngãi")
    counts = at.dataframe[0].value
    assert list(counts.iloc[:, 1]) == ["1", "0", "13", "0", "2", "1"]
    assert {d.key for d in at.get("download_button")} >= {"export_xlsx", "export_csv", "export_parquet"}


def test_every_chart_offers_a_png():
    at = _open("pages/overview.py")
    assert any(d.key == "png_coverage" for d in at.get("download_button"))
