"""The heading tree against the hand-read outline, and heading detection rules."""

import pytest
from conftest import RAW, SEEDS, expected

from loaders.outline import heading_of, section_kind
from loaders.pipeline import parse_document


@pytest.mark.parametrize("stem", SEEDS)
def test_outline_matches_the_document(stem):
    plan = parse_document((RAW / f"{stem}.txt").read_bytes(), ".txt")
    got = [(s["path"], s["kind"]) for s in plan.sections]
    want = [(s["path"], s["kind"]) for s in expected(stem)["sections"]]
    assert got == want


@pytest.mark.parametrize(("line", "marker"), [
    ("I. MỤC ĐÍCH, YÊU CẦU", ("roman", "I")),
    ("IV. TỔ CHỨC THỰC HIỆN", ("roman", "IV")),
    ("12. Báo Thừa Thiên Huế", ("arabic", "12")),
    ("đ) Phối hợp với các đơn vị", ("letter", "đ")),
    ("- Thời gian: Quý I-IV/2024.", ("dash", "-")),
    ("+ Nội dung", ("dash", "+")),
    ("V/v hướng dẫn triển khai", None),
    ("2025 và Kế hoạch thực hiện", None),
    ("Điều 1. Ban hành kèm theo", ("article", "Điều 1")),
])
def test_heading_markers(line, marker):
    found = heading_of(line)
    assert (found[:2] if found else None) == marker


@pytest.mark.parametrize(("heading", "kind"), [
    ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
    ("MỤC TIÊU", "objectives"),
    ("NỘI DUNG HOẠT ĐỘNG", "content"),
    ("NHIỆM VỤ VÀ GIẢI PHÁP", "content"),
    ("KINH PHÍ THỰC HIỆN", "budget"),
    ("TỔ CHỨC THỰC HIỆN", "implementation"),
    ("CHẾ ĐỘ BÁO CÁO", "reporting"),
])
def test_section_kinds(heading, kind):
    assert section_kind(heading) == kind
