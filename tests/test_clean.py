import pytest

from loaders.clean import clean, continues, is_boilerplate, normalize_line, strip_markdown
from loaders.readers.base import SourceText


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("**KT. CHỦ TỊCH**", "KT. CHỦ TỊCH"),
    ("Số **415** /QĐ-UBND", "Số 415 /QĐ-UBND"),
    ("(*Qua Phòng Lao động- TB&XH*)", "(Qua Phòng Lao động- TB&XH)"),
    ("(*đặc biệt là các sản*", "(đặc biệt là các sản"),
    ("trước ngày **31/01/2024**;", "trước ngày 31/01/2024;"),
    ("## KẾ HOẠCH", "KẾ HOẠCH"),
    ("5 * 3 = 15", "5 * 3 = 15"),
])
def test_strip_markdown(raw, cleaned):
    assert strip_markdown(raw) == cleaned


def test_normalize_line_nfc_and_spaces():
    assert normalize_line("Bi\u0300nh\u00a0\u00a0đẳng ") == "Bình đẳng"


@pytest.mark.parametrize(("previous", "following", "joined"), [
    ("Kế", "hoạch số 212/KH-UBND", "Kế hoạch số 212/KH-UBND"),
    ("giai đoạn 2021-", "2025 và Kế hoạch", "giai đoạn 2021-2025 và Kế hoạch"),
    ("các cơ", "quan nhà nước", "các cơ quan nhà nước"),
    ("(đặc biệt là các sản", "phẩm truyền thông bằng tiếng dân tộc).", "(đặc biệt là các sản phẩm truyền thông bằng tiếng dân tộc)."),
    ("I. MỤC TIÊU", "1. Mục tiêu chung", None),
    ("Tăng cường phối hợp.", "a) Rà soát", None),
    ("nội dung sau:", "- Tuyên truyền", None),
    ("Kết thúc câu.", "tiếp theo viết thường", None),
    ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", None),
])
def test_page_break_joins(previous, following, joined):
    assert continues(previous, following) == joined


@pytest.mark.parametrize(("line", "drop"), [
    ("THƯ VIỆN PHÁP LUẬT", True),
    ("Từ khóa gợi ý:", True),
    ("Mã số thuế: 0315459414, cấp ngày: 04/01/2019", True),
    ("[...]", True),
    ("-------", True),
    ("0", True),
    ("I. MỤC ĐÍCH, YÊU CẦU", False),
    ("Số: 93/KH-UBND", False),
    ("Thực hiện Công văn số 739/BNV-CTTN&BĐG", False),
])
def test_boilerplate_lines(line, drop):
    assert is_boilerplate(line) is drop


def test_clean_keeps_line_map_and_flags_truncation():
    source = SourceText.from_lines(
        ["Kế", "", "hoạch số 212/KH-UBND", "", "[...]", "THƯ VIỆN PHÁP LUẬT"], "txt")
    doc = clean(source)
    assert [(line.text, line.start, line.end) for line in doc.lines] == [("Kế hoạch số 212/KH-UBND", 1, 3)]
    assert doc.truncated is True
