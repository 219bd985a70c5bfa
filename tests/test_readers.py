"""Every format reads to the same plan: .docx, .pdf and .html versions are built here from the seeds."""

import codecs

import pytest
from conftest import RAW, SEEDS
from docbuild import image_only_pdf, to_docx, to_html, to_pdf

from loaders.errors import LoaderError
from loaders.pipeline import parse_document
from loaders.readers import read_bytes
from loaders.readers.text import decode_text

FIELDS = ("doc_type", "doc_number", "issuer", "level", "province", "district", "plan_year", "issue_date",
          "issue_date_precision", "signer", "signer_title", "title", "proposing_agency", "truncated")


def _summary(data: bytes, suffix: str) -> tuple[dict, list[tuple[str, str]]]:
    plan = parse_document(data, suffix)
    meta = {name: getattr(plan.meta, name) for name in FIELDS}
    outline = [(s["path"], s["kind"]) for s in plan.sections]
    return meta, outline


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize(("suffix", "build"), [(".docx", to_docx), (".pdf", to_pdf), (".html", to_html)])
def test_formats_ingest_like_the_text(stem, suffix, build):
    text = (RAW / f"{stem}.txt").read_text(encoding="utf-8")
    assert _summary(build(text), suffix) == _summary(text.encode("utf-8"), ".txt")


def test_docx_header_table_is_read():
    body = "KẾ HOẠCH\n\nThực hiện công tác bình đẳng giới năm 2023\n\nI. MỤC TIÊU\n\n1. Nâng cao nhận thức " * 3
    data = to_docx(body, header_table=("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    lines = read_bytes(data, ".docx").lines
    assert "TỈNH HÀ GIANG" in lines
    plan = parse_document(data, ".docx")
    assert plan.meta.province == "Hà Giang" and plan.meta.level == "tỉnh"


def test_html_drops_page_furniture():
    text = (RAW / "thua-thien-hue-2024-kh.txt").read_text(encoding="utf-8")
    lines = read_bytes(to_html(text), ".html").lines
    joined = "\n".join(lines)
    assert "Trang chủ" not in joined and "Đăng nhập" not in joined and "999/QĐ-TTg" not in joined
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines


@pytest.mark.parametrize("data", [
    "Kế hoạch bình đẳng giới".encode(),
    codecs.BOM_UTF8 + "Kế hoạch bình đẳng giới".encode(),
    "Kế hoạch bình đẳng giới".encode("utf-16"),
    "Kế hoạch bình đẳng giới".encode("utf-16-le"),
])
def test_text_encodings(data):
    assert decode_text(data) == "Kế hoạch bình đẳng giới"


def test_other_encoding_is_refused_with_a_clear_message():
    with pytest.raises(LoaderError, match="UTF-8"):
        # Letters Windows-1258 has precomposed (á, à, đ): their bytes are not valid UTF-8.
        decode_text("Tháng hành đông".encode("cp1258"))


def test_image_only_pdf_is_reported():
    with pytest.raises(LoaderError, match="no text layer"):
        read_bytes(image_only_pdf(), ".pdf")


@pytest.mark.parametrize(("data", "suffix", "message"), [
    (b"", ".txt", "empty"),
    (b"PK\x03\x04 not really a zip", ".docx", "not a valid .docx"),
    (b"%PDF-1.4 broken", ".pdf", "PDF"),
    (b"hello", ".xls", "unsupported file type"),
])
def test_bad_files_raise_loader_error(data, suffix, message):
    with pytest.raises(LoaderError, match=message):
        read_bytes(data, suffix)
