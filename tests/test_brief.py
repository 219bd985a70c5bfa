"""The printable brief (PDF): built from a real database, read back with pypdf, page 1 rendered with pdftoppm
into <pytest basetemp>/presentation/ (brief-quang-ngai-2025-1.png)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import pytest

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def bundle(seed_db):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_DB", str(seed_db))
        mp.setenv("PLANS_AUTOBUILD", "0")
        from explorer import deck
        from explorer.data import run_uncached
        from explorer.filters import Filters

        yield deck.collect(Filters().params(), run=run_uncached)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "presentation"
    folder.mkdir(exist_ok=True)
    return folder


def _ids(bundle, **where) -> list[str]:
    plans = bundle.plans
    for column, value in where.items():
        plans = plans[plans[column] == value]
    return plans["plan_id"].tolist()


def _text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def quang_ngai_pdf(bundle, artifacts):
    from explorer.brief import build_brief

    pdf = build_brief(bundle.subset(_ids(bundle, province="Quảng Ngãi", plan_year=2025)), today=TODAY)
    (artifacts / "brief-quang-ngai-2025.pdf").write_bytes(pdf)
    return pdf


def test_plan_brief_carries_number_date_and_vietnamese_text(quang_ngai_pdf):
    pages, text = _text(quang_ngai_pdf)
    assert 1 <= pages <= 2
    assert "93/KH-UBND" in text and "23/04/2025" in text  # filed by number and date
    flat = " ".join(text.split())
    assert unicodedata.normalize("NFC", text) == text
    for phrase in ("Kế hoạch số 93/KH-UBND ngày 23/04/2025 của UBND tỉnh Quảng Ngãi", "Cơ cấu chủ đề hoạt động",
                   "Cơ quan chủ trì", "Thời hạn và mốc thời gian", "Chỉ tiêu so với chỉ tiêu quốc gia",
                   "Sở Nội vụ", "Nghị định 25/2025/NĐ-CP", "Tháng hành động"):
        assert phrase in flat, phrase
    assert "?" not in text and "\ufffd" not in text  # no glyph fell back to a replacement character


def test_brief_embeds_dejavu_and_the_theme_chart(quang_ngai_pdf):
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(quang_ngai_pdf)).pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts)
    images = list(page.images)
    assert len(images) == 1 and images[0].image.width >= 1600


def test_brief_page_renders_to_png(quang_ngai_pdf, artifacts):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    source = artifacts / "brief-quang-ngai-2025.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(source),
                    str(artifacts / "brief-quang-ngai-2025")], check=True, timeout=60)
    rendered = sorted(artifacts.glob("brief-quang-ngai-2025-*.png"))
    assert rendered and rendered[0].stat().st_size > 20_000


@pytest.mark.parametrize("where", [{"province": "Thừa Thiên Huế"}, {"province": "Bắc Giang", "plan_year": 2024},
                                   {"province": "Bắc Kạn"}, {}])
def test_every_brief_fits_on_two_pages(bundle, where):
    from explorer.brief import build_brief

    part = bundle.subset(_ids(bundle, **where))
    pdf = build_brief(part, today=TODAY, chart=None)
    pages, text = _text(pdf)
    assert 1 <= pages <= 2, where
    for row in part.plans.itertuples():
        if isinstance(row.doc_number, str):
            assert row.doc_number in text


def test_province_year_brief_lists_its_plans(bundle):
    from explorer.brief import build_brief, heading_for

    part = bundle.subset(_ids(bundle, province="Thừa Thiên Huế") + _ids(bundle, province="Quảng Ngãi"))
    title, filing = heading_for(part)
    assert title.startswith("Quảng Ngãi, Thừa Thiên Huế — kế hoạch năm 2024, 2025")
    assert "KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)" in filing
    _, text = _text(build_brief(part, today=TODAY))
    assert "Thừa Thiên Huế 2024" in text and "93/KH-UBND" in text


def test_a_brief_needs_a_plan(bundle):
    from explorer.brief import build_brief

    with pytest.raises(ValueError):
        build_brief(bundle.subset([]))
