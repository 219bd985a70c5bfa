"""Every plan field against values read from the documents (tests/expected/*.json)."""

import pytest
from conftest import RAW, SEEDS, expected

from loaders.metadata import parse_date_line, parse_number
from loaders.pipeline import parse_document

FIELDS = ("doc_type", "doc_number", "issuer", "level", "province", "district", "plan_year",
          "issue_date_precision", "signer", "signer_title", "title", "truncated")


def _plan(stem):
    return parse_document((RAW / f"{stem}.txt").read_bytes(), ".txt")


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("field", FIELDS)
def test_plan_field(stem, field):
    want = expected(stem)["plan"][field]
    got = getattr(_plan(stem).meta, field)
    if isinstance(want, str) and isinstance(got, str):
        assert got.casefold() == want.casefold()
    else:
        assert got == want


@pytest.mark.parametrize("stem", SEEDS)
def test_issue_date_proposer_and_recipients(stem):
    want = expected(stem)["plan"]
    meta = _plan(stem).meta
    assert (meta.issue_date.isoformat() if meta.issue_date else None) == want["issue_date"]
    assert meta.proposing_agency_id == want["proposing_agency"]
    assert meta.recipients == want["recipients"]


@pytest.mark.parametrize(("line", "number", "doc_type"), [
    ("Số: /KH-UBND", None, "KH"),
    ("Số 415 /QĐ-UBND", "415/QĐ-UBND", "QD"),
    ("Số: 93/KH-UBND", "93/KH-UBND", "KH"),
    ("Số: /UBND-LĐTBOXH", None, "CV"),
    ("Số: 1234/UBND-VX", "1234/UBND-VX", "CV"),
    ("Số hiệu 93/KH-UBND", None, None),
])
def test_parse_number(line, number, doc_type):
    assert parse_number(line) == (number, doc_type)


@pytest.mark.parametrize(("line", "iso", "precision"), [
    ("Lạng Giang, ngày   tháng 02 năm 2024", "2024-02-01", "month"),
    ("Bắc Kạn, ngày 19 tháng 3 năm 2018", "2018-03-19", "day"),
    ("Triệu Sơn, ngày  tháng  năm 2022", "2022-01-01", "year"),
    ("Hà Nội, ngày 31 tháng 2 năm 2022", None, None),
])
def test_parse_date_line(line, iso, precision):
    _, when, got_precision = parse_date_line(line)
    assert (when.isoformat() if when else None, got_precision) == (iso, precision)
