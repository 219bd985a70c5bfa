"""The admin-units library's answers checked against the 2025 reorganisation table."""

import csv
from pathlib import Path

import pytest

from loaders import admin

CHANGES = list(csv.DictReader(
    (Path(__file__).parent / "fixtures" / "admin_changes_2025.csv").read_text(encoding="utf-8").splitlines()))


def _short(name: str) -> str:
    for prefix in ("tỉnh ", "thành phố "):
        if name.lower().startswith(prefix):
            name = name[len(prefix):]
    return name.split(" (")[0]


PROVINCE_ROWS = [r for r in CHANGES if r["effective_date"] == "2025-07-01" and r["old_level"] != "huyện"
                 and not r["old_unit"].startswith("tất cả")]


@pytest.mark.parametrize("row", PROVINCE_ROWS, ids=lambda r: r["old_unit"])
def test_province_successors_2025(row):
    assert admin.successor_2025(_short(row["old_unit"])) == _short(row["new_unit"])


def test_thua_thien_hue_became_hue():
    assert admin.successor_2025("Thừa Thiên Huế") == "Huế"


@pytest.mark.parametrize(("district", "province", "successor"), [
    ("Lạng Giang", "Bắc Giang", "Bắc Ninh"),
    ("Triệu Sơn", "Thanh Hóa", "Thanh Hóa"),
])
def test_district_successors(district, province, successor):
    assert admin.find_district(district, [province]).province_short == province
    assert admin.successor_2025(province) == successor


def test_no_district_changed_province_in_2025():
    """Why successor_2025 needs only the province: the library places every legacy district, named with its
    province, in the province's own successor."""
    from vietnamadminunits import convert_address

    moved = []
    for units in admin.districts().values():
        for d in units:
            province = "Tỉnh Thừa Thiên Huế" if d.province_short == "Thừa Thiên Huế" else d.province
            try:
                new = convert_address(f"{d.name}, {province}").short_province
            except Exception:  # a name the library cannot place says nothing about moves
                continue
            if new != admin.successor_2025(d.province_short):
                moved.append((d.name, d.province_short, new))
    assert not moved


def test_province_spellings():
    assert admin.province_short("Thanh Hoá") == "Thanh Hóa"
    assert admin.find_province("tỉnh Bắc Kạn").short == "Bắc Kạn"
    assert len({u.short for u in admin.provinces().values()}) >= 63
