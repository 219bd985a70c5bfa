"""The presentation deck: the slide sequence from a real database, and the .pptx read back with python-pptx.

Charts are rendered by the real kaleido + Chromium (one browser for the whole run). The chart images of the
"Thừa Thiên Huế 2024 vs Quảng Ngãi 2025" deck are written to <pytest basetemp>/presentation/ and, when
LibreOffice is installed, a slide is rendered to PNG there too (skipped otherwise: CI has no LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata

import pandas as pd
import pytest

TODAY = dt.date(2026, 11, 25)
EXPECTED_TITLES = [
    "Công tác bình đẳng giới và vì sự tiến bộ của phụ nữ",
    "Những con số chính",
    "Chỉ tiêu so với chỉ tiêu quốc gia",
    "Cơ cấu chủ đề hoạt động",
    "Cơ quan chủ trì",
    "Cơ quan đầu mối: từ Sở LĐ-TB&XH sang Sở Nội vụ",
    "Thời hạn và mốc thời gian",
    "Văn bản mỗi kế hoạch viện dẫn",
    "Nguồn",
]


@pytest.fixture(scope="module")
def database(seed_db):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_DB", str(seed_db))
        mp.setenv("PLANS_AUTOBUILD", "0")
        yield seed_db


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "presentation"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def hue_vs_quang_ngai(database):
    from explorer import deck
    from explorer.data import run_uncached
    from explorer.filters import Filters

    bundle = deck.collect(Filters().params(), units=["Thừa Thiên Huế", "Quảng Ngãi"], years=[2024, 2025],
                          run=run_uncached)
    return bundle, deck.build_slides(bundle, today=TODAY)


@pytest.fixture(scope="module")
def pptx_bytes(hue_vs_quang_ngai):
    from explorer import deck

    _, slides = hue_vs_quang_ngai
    return deck.build_deck(slides)  # one click on the page runs exactly this


def test_the_two_plans_are_chosen_and_named_as_sources(hue_vs_quang_ngai):
    bundle, slides = hue_vs_quang_ngai
    assert sorted(bundle.plans["province"]) == ["Quảng Ngãi", "Thừa Thiên Huế"]
    assert sorted(bundle.plans["plan_year"]) == [2024, 2025]
    assert [s.title for s in slides] == EXPECTED_TITLES
    assert slides[0].subtitle == "Thừa Thiên Huế 2024 · Quảng Ngãi 2025 ⚠"  # ⚠: the Quảng Ngãi text is cut off
    assert "KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)" in slides[1].footer
    assert "KH không số (Thừa Thiên Huế, 2024)" in slides[1].footer
    assert all(s.footer.startswith("Nguồn: ") for s in slides[:-1])
    # neither plan states a quantified target: one key message instead of an empty chart
    assert slides[2].kind == "message" and "không nêu chỉ tiêu" in slides[2].subtitle
    # the 2025 move to Home Affairs: Huế 2024 led by labour, Quảng Ngãi 2025 proposed by Sở Nội vụ
    shift = slides[5]
    assert shift.kind == "chart" and "Nghị định 25/2025/NĐ-CP" in shift.subtitle
    assert "Quảng Ngãi 2025 ⚠: Sở Nội vụ" in shift.subtitle
    assert "Thừa Thiên Huế 2024: Sở Lao động - Thương binh và Xã hội" in shift.subtitle
    # on 25/11 the Action Month (15/11–15/12) of both plans is running
    assert "Đang diễn ra: Tháng hành động 15/11–15/12 (Thừa Thiên Huế 2024, Quảng Ngãi 2025 ⚠)" in slides[6].subtitle
    numbers = slides[1].table
    assert list(numbers["Kế hoạch"]) == ["Thừa Thiên Huế 2024", "Quảng Ngãi 2025 ⚠"]
    assert list(numbers["Hoạt động"]) == ["26", "13"]


def test_pptx_has_the_slides_titles_and_real_16_9_pictures(pptx_bytes, hue_vs_quang_ngai, artifacts):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from explorer.images import png_size

    _, slides = hue_vs_quang_ngai
    (artifacts / "hue-2024-vs-quang-ngai-2025.pptx").write_bytes(pptx_bytes)
    prs = Presentation(io.BytesIO(pptx_bytes))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    assert len(prs.slides) == len(slides) == 9
    assert [s.shapes.title.text for s in prs.slides] == EXPECTED_TITLES
    pictures = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures.append((number, shape.image.blob))
                assert shape.image.content_type == "image/png"
    assert [n for n, _ in pictures] == [i for i, s in enumerate(slides, 1) if s.kind == "chart"]
    for number, blob in pictures:
        width, height = png_size(blob)  # from the IHDR chunk: a real PNG, not a placeholder
        assert width >= 1600 and height >= 900 and abs(width / height - 16 / 9) < 0.01
        (artifacts / f"slide-{number}-chart.png").write_bytes(blob)
    footers = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert all("Nguồn: " in text for text in footers[:-1])
    # a slide names the plans its data comes from: no lead was extracted from the cut-off Quảng Ngãi text
    assert "Quảng Ngãi" not in footers[4].split("Nguồn: ")[1] and "Thừa Thiên Huế, 2024" in footers[4]
    assert all("KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)" in footers[i] for i in (0, 1, 2, 3, 5, 6, 7))


def test_every_run_is_dejavu_sans_and_text_is_nfc(pptx_bytes):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(pptx_bytes))
    runs = []
    for slide in prs.slides:
        shapes = list(slide.shapes) + (list(slide.notes_slide.shapes) if slide.has_notes_slide else [])
        for shape in shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if getattr(shape, "has_table", False) and shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            runs += [run for frame in frames for p in frame.paragraphs for run in p.runs]
    assert len(runs) > 50
    assert {run.font.name for run in runs} == {"DejaVu Sans"}
    text = "".join(run.text for run in runs)
    assert unicodedata.normalize("NFC", text) == text
    assert "\ufffd" not in text and "?" not in text
    assert "Công tác bình đẳng giới" in text and "Quảng Ngãi" in text


def test_a_slide_renders_in_libreoffice(pptx_bytes, artifacts):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice is not installed (the chart images of the deck are checked above)")
    source = artifacts / "deck.pptx"
    source.write_bytes(pptx_bytes)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(artifacts), str(source)],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "6", "-l", "6", str(artifacts / "deck.pdf"),
                    str(artifacts / "deck-slide")], check=True, timeout=60)
    rendered = sorted(artifacts.glob("deck-slide*.png"))
    assert rendered and rendered[0].stat().st_size > 10_000


def test_labels_name_plans_the_way_they_are_filed():
    from explorer.deck import source_label

    row = pd.DataFrame([{"doc_type": "KH", "doc_number": "93/KH-UBND", "province": "Quảng Ngãi", "district": None,
                         "issue_date": pd.Timestamp(2025, 4, 23), "issue_date_precision": "day", "plan_year": 2025}])
    assert source_label(next(row.itertuples())) == "KH 93/KH-UBND (Quảng Ngãi, 23/04/2025)"
    row = row.assign(doc_type="QD", doc_number=None, district="Lạng Giang", province="Bắc Giang",
                     issue_date_precision="month", plan_year=2024, issue_date=pd.Timestamp(2024, 2, 1))
    assert source_label(next(row.itertuples())) == "QĐ không số (Lạng Giang, Bắc Giang, 02/2024)"
    row = row.assign(issue_date=pd.NaT, issue_date_precision=None)
    assert source_label(next(row.itertuples())).endswith("(Lạng Giang, Bắc Giang, 2024)")


def test_no_plan_no_slides(database):
    from pptx import Presentation

    from explorer import deck
    from explorer.data import run_uncached
    from explorer.filters import Filters

    bundle = deck.collect(Filters(provinces=["Không tồn tại"]).params(), run=run_uncached)
    assert bundle.plans.empty and deck.build_slides(bundle, today=TODAY) == []
    assert len(Presentation(io.BytesIO(deck.build_deck([]))).slides) == 0


def test_every_shipped_plan_gets_a_full_deck_sequence(database):
    from explorer import deck
    from explorer.data import run_uncached
    from explorer.filters import Filters

    bundle = deck.collect(Filters().params(), run=run_uncached)
    slides = deck.build_slides(bundle, today=TODAY)
    assert len(slides) == 9 and len(bundle.plans) == 5
    targets = slides[2]  # Lạng Giang 2024 states five targets, four in % against a national target
    assert targets.kind == "chart" and "5 chỉ tiêu định lượng" in targets.subtitle


def test_page_chart_png_is_projector_sized(database):
    from explorer.figures.overview import fig_coverage
    from explorer.images import png_size, projector_png

    frame = pd.DataFrame({"unit": ["Quảng Ngãi", "Thừa Thiên Huế"], "plan_year": [2025, 2024], "plans": [1, 1],
                          "documents": ["93/KH-UBND", "KH"], "level": ["tỉnh", "tỉnh"]})
    assert png_size(projector_png(fig_coverage(frame, "Độ phủ", "Số kế hoạch"))) == (1920, 1080)
