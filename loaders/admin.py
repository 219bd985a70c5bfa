"""Administrative units from the vietnamadminunits package (offline): legacy names, 2025 successors, centroids."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from loaders.textnorm import fold

_PREFIX = re.compile(r"^(tinh|thanh pho|huyen|thi xa|quan|thi tran|xa|phuong|tp\.?)\s+")


@dataclass(frozen=True)
class Unit:
    """A province or district as it was before the 2025 reorganisation."""

    name: str          # full name with type, e.g. "Huyện Lạng Giang"
    short: str         # "Lạng Giang"
    province: str      # full province name, e.g. "Tỉnh Bắc Giang"
    province_short: str
    lat: float
    lon: float


def _key(name: str) -> str:
    return _PREFIX.sub("", fold(name)).replace(" ", "")


@cache
def _legacy() -> dict:
    path = resources.files("vietnamadminunits") / "data" / "parser_legacy.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def provinces() -> dict[str, Unit]:
    """Legacy provinces (63) keyed by folded short name without spaces."""
    out: dict[str, Unit] = {}
    for item in _legacy()["DICT_PROVINCE"].values():
        unit = Unit(item["province"], item["provinceShort"], item["province"], item["provinceShort"],
                    item["provinceLat"], item["provinceLon"])
        out[_key(item["provinceShort"])] = unit
    # Thừa Thiên Huế became Thành phố Huế on 01/01/2025; plans issued before carry the old name.
    if "hue" in out and "thuathienhue" not in out:
        hue = out["hue"]
        out["thuathienhue"] = Unit("Tỉnh Thừa Thiên Huế", "Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế",
                                   "Thừa Thiên Huế", hue.lat, hue.lon)
    return out


@cache
def districts() -> dict[str, list[Unit]]:
    """Legacy districts keyed by folded short name; a name can exist in several provinces."""
    out: dict[str, list[Unit]] = {}
    by_province = {k: v for k, v in _legacy()["DICT_PROVINCE"].items()}
    for province_key, items in _legacy()["DICT_PROVINCE_DISTRICT"].items():
        province = by_province[province_key]
        for item in items.values():
            unit = Unit(item["district"], item["districtShort"], province["province"],
                        province["provinceShort"], item["districtLat"], item["districtLon"])
            out.setdefault(_key(item["districtShort"]), []).append(unit)
    return out


def find_province(name: str) -> Unit | None:
    """The province called `name` (with or without "tỉnh"/"thành phố"), any spelling of marks."""
    return provinces().get(_key(name))


def find_district(name: str, province_hints: list[str] | tuple[str, ...] = ()) -> Unit | None:
    """The district called `name`, disambiguated by provinces the document mentions."""
    candidates = districts().get(_key(name), [])
    hints = {_key(h) for h in province_hints}
    for unit in candidates:
        if _key(unit.province_short) in hints:
            return unit
    return candidates[0] if len(candidates) == 1 else None


def province_short(name: str) -> str:
    """Canonical short spelling of a province, e.g. "Thanh Hoá" → "Thanh Hóa"."""
    unit = find_province(name)
    return unit.short if unit else name


@cache
def successor_2025(province: str) -> str | None:
    """The province a legacy unit belongs to after 01/07/2025 (34 provinces), offline.

    Provinces merged whole (Nghị quyết 202/2025/QH15): no district changed province, so the province alone
    decides (tests/test_admin.py checks every legacy district against the library). That keeps this to 63
    look-ups per process; the library's address parser costs ~10 ms a call on a cold regex cache.
    """
    from vietnamadminunits import convert_address

    unit = find_province(province)
    if unit is None:
        return None
    address = "Tỉnh Thừa Thiên Huế" if fold(unit.short) == "thua thien hue" else unit.name
    try:
        return convert_address(address).short_province
    except Exception:  # the library raises plain exceptions for names it cannot place
        return None
