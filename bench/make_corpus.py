"""Generate N realistic plan documents by varying the five real seeds in data/raw/, deterministically.

Each document is one seed with: another legacy province or district (offline admin units; the header, the
place in the date line and the text agree: "UBND huyện X" ... "tỉnh Y"), another plan year (2016–2025; the
dates of the plan year and the year before move with it), a document number (some blank "Số: /KH-UBND"),
an issue date (some with a blank day or month), a signer, other target values, reordered and dropped items,
other agency spellings ("Sở LĐ-TB&XH", "Sở Lao động-TB&XH"), page-break splits ("Kế\\n\\nhoạch"), markdown
bold, old-style tone marks ("Thanh Hoá") and, for some, the boilerplate of a legal-document portal.
Most are written as .txt; a share as .docx and .pdf. DIR/expected.jsonl holds the metadata each file
states, so `bench/accuracy.py DIR` can score the extractor at scale.

    python bench/make_corpus.py 1000 --seed 1 --out bench/out/corpus-1000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import json
import os
import random
import re
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

try:
    from common import ROOT
except ImportError:  # imported as bench.make_corpus
    from bench.common import ROOT

RAW = ROOT / "data" / "raw"
EXPECTED_NAME = "expected.jsonl"
MANIFEST_NAME = "corpus.json"
FORMATS = (".txt", ".docx", ".pdf")
FIELDS = ("doc_type", "doc_number", "level", "province", "district", "plan_year", "issue_date",
          "issue_date_precision", "signer")


# --- the seeds ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seed:
    """What a seed file is and where its own (re-generated) head ends."""

    key: str
    file: str
    doc_type: str              # KH, QD, CV
    level: str                 # tỉnh / huyện
    year: int                  # the seed's plan year (moved to the generated one)
    provinces: tuple[str, ...]     # spellings of the seed's province in the text
    districts: tuple[str, ...]     # spellings of the seed's district
    signer: str
    start: str                 # regex of the first line kept from the seed (the title marker)
    end: str | None = None     # regex of the last line kept (inclusive); None = to the end
    header: float = 1.0        # probability of an official header block (UBND / motto, number, date)
    numbered: float = 1.0      # without that block: probability of the number and date lines alone
    portal: float = 0.08       # probability of a legal-portal page around the document
    weight: float = 1.0


SEEDS = (
    Seed("bac-kan-qd", "bac-kan-2018-qd-415.txt", "QD", "tỉnh", 2018, ("Bắc Kạn",), (), "Phạm Duy Hưng",
         r"^QUYẾT ĐỊNH$", weight=0.8),
    Seed("lang-giang-kh", "lang-giang-2024-kh.txt", "KH", "huyện", 2024, ("Bắc Giang",), ("Lạng Giang",),
         "Nguyễn Văn Long", r"^KẾ HOẠCH$", header=0.5, weight=1.4),
    Seed("quang-ngai-kh", "quang-ngai-2025-kh-93.txt", "KH", "tỉnh", 2025, ("Quảng Ngãi",), (), "Trần Hoàng Tuấn",
         r"^KẾ HOẠCH$", end=r"^\[\.\.\.\]$", portal=1.0, weight=0.6),
    Seed("thua-thien-hue-kh", "thua-thien-hue-2024-kh.txt", "KH", "tỉnh", 2024, ("Thừa Thiên Huế",), (),
         "Nguyễn Thanh Bình", r"^KẾ HOẠCH$", header=0.5, numbered=0.0, weight=1.0),
    Seed("trieu-son-cv", "trieu-son-2022-cv.txt", "CV", "huyện", 2022, ("Thanh Hoá", "Thanh Hóa"), ("Triệu Sơn",),
         "Lê Quang Trung", r"^V/v ", weight=1.2),
)

KIND_WORDS = {"KH": "Kế hoạch", "QD": "Quyết định", "CV": "Công văn"}
NUMBER_CODES = {"KH": ("KH-UBND",), "QD": ("QĐ-UBND",), "CV": ("UBND-VX", "UBND-LĐTBXH", "UBND-LĐTBOXH", "UBND-VHXH")}
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"

# --- names ---------------------------------------------------------------------------------------------------

FAMILY = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2), ("Phan", 4),
          ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1),
          ("Lý", 1), ("Đinh", 1), ("Lương", 1), ("Hà", 1), ("Lò", 1), ("Triệu", 1))
MIDDLE_M = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Ngọc", "Công", "Duy", "Anh", "Tiến", "Mạnh")
MIDDLE_F = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim", "Thùy", "Hồng", "Diệu")
GIVEN_M = ("Hưng", "Long", "Trung", "Tuấn", "Dũng", "Hùng", "Sơn", "Hải", "Nam", "Bình", "Cường", "Thắng", "Phong",
           "Quân", "Khánh", "Tâm", "Lâm", "Đạt", "Hòa", "Vinh", "Thành", "Toàn", "Quý", "Lợi", "Thuận", "Kiên")
GIVEN_F = ("Hà", "Lan", "Hương", "Hằng", "Mai", "Thủy", "Nga", "Hoa", "Linh", "Yến", "Dung", "Hạnh", "Liên",
           "Nhung", "Phương", "Trang", "Thảo", "Huyền", "Oanh", "Vân")


def person(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILY], [w for _, w in FAMILY])[0]
    female = rng.random() < 0.3
    words = [family, rng.choice(MIDDLE_F if female else MIDDLE_M)]
    if rng.random() < 0.2:
        words.append(rng.choice(("Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Bảo")))
    words.append(rng.choice(GIVEN_F if female else GIVEN_M))
    return " ".join(words)


# --- reference data (offline) --------------------------------------------------------------------------------

@cache
def units() -> tuple[list, list]:
    """(provinces, districts) to draw from: legacy provinces called "Tỉnh …" (the text says "tỉnh X") and their
    "Huyện …" districts that the admin data resolves back to the same unit."""
    from loaders import admin

    provinces = sorted({u.short: u for u in admin.provinces().values() if u.name.startswith("Tỉnh ")}.values(),
                       key=lambda u: u.short)
    province_keys = {admin._key(u.short) for u in admin.provinces().values()}
    shorts = {u.short for u in provinces}
    districts = []
    for candidates in admin.districts().values():
        for d in candidates:
            if (d.name.startswith("Huyện ") and d.province_short in shorts and admin._key(d.short) not in province_keys
                    and admin.find_district(d.short, [d.province_short]) == d):
                districts.append(d)
    districts.sort(key=lambda u: (u.province_short, u.short))
    return provinces, districts


@cache
def agency_aliases() -> dict[str, list[str]]:
    """Spellings of a few agencies, from data/reference/agencies.csv (the forms the extractor knows)."""
    out: dict[str, list[str]] = {}
    with open(ROOT / "data" / "reference" / "agencies.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["agency_id"]] = [a for a in row["aliases"].split("|") if a]
    return out


@cache
def seed_text(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


@cache
def portal_footer() -> str:
    """The legal portal's footer as saved in the Quảng Ngãi seed (after its cut mark)."""
    lines = seed_text("quang-ngai-2025-kh-93.txt").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "[...]")
    return "\n".join(lines[cut + 1:]).strip("\n")


PORTAL_TOP = "Từ khóa gợi ý:\nKhông tìm thấy từ khóa phù hợp\nViệc làm có thể bạn quan tâm\nKhông tìm thấy việc làm phù hợp"


# --- one document --------------------------------------------------------------------------------------------

@dataclass
class Doc:
    file: str
    fmt: str
    seed: str
    head_left: str | None      # "ỦY BAN NHÂN DÂN\nTỈNH X" (None: no official header)
    head_right: str | None
    text: str                  # the whole document as plain text (markdown allowed)
    expected: dict


def _body(seed: Seed) -> str:
    lines = seed_text(seed.file).split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(seed.start, line.strip()))
    end = len(lines)
    if seed.end:
        end = next(i for i in range(start, len(lines)) if re.match(seed.end, lines[i].strip())) + 1
    return "\n".join(lines[start:end]).strip("\n")


def _move_years(text: str, y0: int, y: int) -> str:
    """The seed's plan year (and the year before) become the new ones in dates and "năm YYYY" (not "đến năm")."""
    mapping = {str(y0): str(y), str(y0 - 1): str(y - 1)}
    years = f"(?:{y0}|{y0 - 1})"
    text = re.sub(rf"(?i)(?<!đến )(năm\s+)({years})\b", lambda m: m.group(1) + mapping[m.group(2)], text)
    text = re.sub(rf"(\b\d{{1,2}}/\d{{1,2}}/|Quý [IV\-–]+/|tháng \d{{1,2}}/)({years})\b",
                  lambda m: m.group(1) + mapping[m.group(2)], text)
    return text


def _vary_targets(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        value = int(m.group(1))
        if value >= 100 and rng.random() < 0.7:
            return m.group(0)
        return f"{max(5, min(100, value + rng.choice((-20, -15, -10, -5, 5, 10, 15))))}%"
    return re.sub(r"(?<![\d,.])(\d{2,3})%", repl, text)


_ROMAN = re.compile(r"^(\*\*)?([IVX]+)\.(\s+\S)")
_ARABIC = re.compile(r"^(\*\*)?(\d{1,2})\.(\s+\S)")
_CLOSING = re.compile(r"^(\*\*)?(Trên đây là|Nơi nhận|Đề nghị các|TM\.|KT\.|\[\.\.\.\])")
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _shuffle_items(text: str, rng: random.Random, doc_type: str) -> str:
    """Reorder and drop numbered items of the content/implementation sections, drop a reporting or budget
    section now and then, and renumber, as plans of other units do."""
    blocks = re.split(r"\n(?:[ \t\u00a0]*\n)+", text)
    first = next((i for i, b in enumerate(blocks) if _ROMAN.match(b)), None)
    if first is None and doc_type == "CV":
        first = next((i for i, b in enumerate(blocks) if _ARABIC.match(b)), None)
    if first is None:
        return text
    end = next((i for i in range(first, len(blocks)) if _CLOSING.match(blocks[i])), len(blocks))
    head, body, tail = blocks[:first], blocks[first:end], blocks[end:]

    # [(heading block or None, [items: (heading or None, [blocks])])]
    romans: list[tuple[str | None, list[tuple[str | None, list[str]]]]] = []
    for b in body:
        if _ROMAN.match(b):
            romans.append((b, []))
        elif _ARABIC.match(b):
            if not romans:
                romans.append((None, []))
            romans[-1][1].append((b, []))
        else:
            if not romans:
                romans.append((None, []))
            if not romans[-1][1]:
                romans[-1][1].append((None, []))
            romans[-1][1][-1][1].append(b)

    from loaders.textnorm import fold

    def movable(heading: str | None) -> bool:
        return heading is None or bool(re.search(r"noi dung|to chuc thuc hien|nhiem vu|hoat dong", fold(heading)))

    if len(romans) > 2 and rng.random() < 0.15:
        droppable = [i for i, (h, _) in enumerate(romans) if h and re.search(r"bao cao|kinh phi", fold(h))]
        if droppable:
            del romans[rng.choice(droppable)]
    out: list[str] = []
    headed = 0
    for heading, items in romans:
        if heading is not None:
            numeral = _ROMANS[min(headed, 9)]
            headed += 1
            out.append(_ROMAN.sub(lambda m, numeral=numeral: f"{m.group(1) or ''}{numeral}.{m.group(3)}", heading))
        intro = [it for it in items if it[0] is None]
        numbered = [it for it in items if it[0] is not None]
        if movable(heading) and len(numbered) >= 3:
            if rng.random() < 0.35:
                rng.shuffle(numbered)
            if len(numbered) >= 4 and rng.random() < 0.3:
                for _ in range(1 if rng.random() < 0.8 else 2):
                    del numbered[rng.randrange(len(numbered))]
        for _, blocks_ in intro:
            out.extend(blocks_)
        for n, (item, blocks_) in enumerate(numbered, start=1):
            out.append(_ARABIC.sub(lambda m, n=n: f"{m.group(1) or ''}{n}.{m.group(3)}", item))
            out.extend(blocks_)
    return "\n\n".join(head + out + tail)


def _agency_spellings(text: str, rng: random.Random) -> str:
    aliases = agency_aliases()

    def variants(agency_id: str, keep: str, extra: tuple[str, ...] = ()) -> list[str]:
        forms = [a for a in aliases.get(agency_id, []) if a != keep] + list(extra)
        return [keep] * max(2, len(forms)) + forms

    rules = (
        (r"Sở Lao động\s*-\s*Thương binh và Xã hội", variants("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội")),
        (r"Bộ Lao động\s*-\s*Thương binh và Xã hội", variants("bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội")),
        (r"Phòng Lao động\s*-\s*TB&XH", variants("phong-ldtbxh", "Phòng Lao động - TB&XH")),
        (r"Sở Thông tin và Truyền thông", variants("so-tttt", "Sở Thông tin và Truyền thông")),
        (r"Sở Giáo dục và Đào tạo", variants("so-gddt", "Sở Giáo dục và Đào tạo")),
        (r"Hội Liên hiệp Phụ nữ", ["Hội Liên hiệp Phụ nữ"] * 3 + ["Hội LHPN"]),
    )
    for pattern, forms in rules:
        text = re.sub(pattern, lambda _m, forms=forms: rng.choice(forms), text)
    if rng.random() < 0.4:
        text = re.sub(r"Ủy ban nhân dân (tỉnh|huyện)", lambda m: "UBND " + m.group(1) if rng.random() < 0.5 else m.group(0),
                      text)
    return text


_OLD_TONES = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "úy": "uý", "ùy": "uỳ", "ủy": "uỷ",
              "ũy": "uỹ", "ụy": "uỵ", "Ủy": "Uỷ"}


def _old_tones(text: str) -> str:
    """Old-style tone placement ("Thanh Hoá", "Uỷ ban"), as many offices still type."""
    return re.sub("|".join(_OLD_TONES), lambda m: _OLD_TONES[m.group(0)], text)


def _page_breaks(text: str, rng: random.Random, count: int) -> str:
    """Split some long paragraphs mid-sentence before a lower-case word, as a page break in a copied PDF does."""
    blocks = text.split("\n\n")
    long = [i for i, b in enumerate(blocks) if len(b) > 160 and "\n" not in b and not b.startswith(("**", "#"))]
    for i in sorted(rng.sample(long, min(count, len(long))), reverse=True):
        b = blocks[i]
        cuts = [m.start() for m in re.finditer(r"(?<=[^\s.:;!?]) (?=[a-zà-ỹđ][a-zà-ỹđ]+[ ,])", b[40:-40])]
        if not cuts:
            continue
        at = 40 + rng.choice(cuts)
        page = f"\n\n{rng.randint(2, 12)}" if rng.random() < 0.3 else ""
        blocks[i] = b[:at] + page + "\n\n" + b[at + 1:]
    return "\n\n".join(blocks)


def _bold(text: str, rng: random.Random) -> str:
    if rng.random() < 0.35:
        text = re.sub(r"(?m)^([IVX]+\.\s+[^\n*]+)$", r"**\1**", text)
    if rng.random() < 0.3:
        text = re.sub(r"(trước ngày )(\d{1,2}/\d{1,2}(?:/\d{4})?)", r"\1**\2**", text)
    return text


def make_doc(index: int, seed: int, docx_share: float, pdf_share: float) -> Doc:
    """Document `index` of the corpus for `seed`: the same inputs always give the same text and metadata."""
    rng = random.Random(f"bench-corpus:{seed}:{index}")
    src = rng.choices(SEEDS, [s.weight for s in SEEDS])[0]
    provinces, districts = units()
    if src.level == "huyện":
        unit = rng.choice(districts)
        prov, dist = unit.province_short, unit.short
    else:
        prov, dist = rng.choice(provinces).short, None
    year = rng.randint(2016, 2025)
    signer = person(rng)
    doc_type = src.doc_type

    # Issue date: early in the plan year, sometimes late in the year before; day or month may be left blank.
    if rng.random() < 0.1:
        issued = dt.date(year - 1, 12, rng.randint(1, 28))
    else:
        issued = dt.date(year, rng.choices((1, 2, 3, 4, 5), (3, 4, 3, 2, 1))[0], rng.randint(1, 28))
    precision = rng.choices(("day", "month", "year"), (70, 20, 10))[0]
    code = rng.choice(NUMBER_CODES[doc_type])
    number = None if rng.random() < 0.25 else rng.randint(1, 3000 if doc_type == "QD" else 450)

    has_header = rng.random() < src.header
    portal = rng.random() < src.portal
    number_text = f"{number}/{code}" if number else None
    if number:
        number_line = rng.choices((f"Số: {number}/{code}", f"Số {number}/{code}", f"Số **{number}** /{code}",
                                   f"Số: {number} /{code}"), (60, 15, 10, 15))[0]
    else:
        number_line = rng.choice((f"Số: /{code}", f"Số:      /{code}", f"Số:  /{code}"))
    place = dist or prov
    day = f"{issued.day:02d}" if rng.random() < 0.5 else str(issued.day)
    month = f"{issued.month:02d}" if rng.random() < 0.5 else str(issued.month)
    if precision == "day":
        day_text = f"**{day}**" if rng.random() < 0.1 else day
        date_line = f"{place}, ngày {day_text} tháng {month} năm {issued.year}"
    elif precision == "month":
        date_line = f"{place}, ngày {rng.choice(('', '  ', '   '))} tháng {month} năm {issued.year}"
    else:
        date_line = f"{place}, ngày {rng.choice(('', '   '))} tháng {rng.choice(('', '   '))} năm {issued.year}"

    # The seed's own text from its title on, moved to the new unit, year and signer.
    body = _body(src)
    if src.key == "bac-kan-qd":
        ref_number = number_text or f"     /{code}"
        ref_date = {"day": f"{issued.day}/{issued.month}/{issued.year}", "month": f"   /{issued.month}/{issued.year}",
                    "year": f"   /   /{issued.year}"}[precision]
        body = re.sub(r"Quyết định số 415/QĐ-UBND ngày 19/3/2018", f"Quyết định số {ref_number} ngày {ref_date}", body)
    if src.key == "thua-thien-hue-kh":
        body = body.replace("UBND thành phố Huế, các thị xã và các huyện", "UBND các huyện, thị xã, thành phố")
    body = _move_years(body, src.year, year)
    for spelling in src.provinces:
        body = body.replace(spelling.upper(), prov.upper()).replace(spelling, prov)
    for spelling in src.districts:
        body = body.replace(spelling.upper(), dist.upper()).replace(spelling, dist)
    body = body.replace(src.signer, signer)
    if rng.random() < 0.25:
        body = body.replace("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "CHỦ TỊCH")
    body = _vary_targets(body, rng)
    body = _shuffle_items(body, rng, doc_type)
    body = _agency_spellings(body, rng)
    body = _page_breaks(body, rng, rng.choice((0, 1, 1, 2, 3)))
    body = _bold(body, rng)

    truncated = src.end is not None
    if portal and not truncated and rng.random() < 0.2:  # the page was cut by the portal
        blocks = body.split("\n\n")
        keep = max(8, int(len(blocks) * rng.uniform(0.4, 0.8)))
        body = "\n\n".join(blocks[:keep] + ["[...]"])
        truncated = True

    head: list[str] = []
    unit_word = "TỈNH" if src.level == "tỉnh" else "HUYỆN"
    head_left = head_right = None
    if has_header:
        ubnd = rng.choices(("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"), (85, 15))[0]
        rule = rng.choice(("", "\n-------", "\n-----", "\n_______"))
        head_left = f"{ubnd}\n{unit_word} {place.upper()}{rule}"
        head_right = MOTTO + rng.choice(("", "\n---------------", "\n_______________________"))
        if rng.random() < 0.3:
            head.append(f"**{head_left}**\n\n**{head_right}**")
        else:
            head.append(f"{head_left}\n\n{head_right}")
    if has_header or rng.random() < src.numbered:
        head += [number_line, date_line]
        shown_number, shown_date, shown_precision = number_text, issued, precision
    else:
        shown_number = shown_date = shown_precision = None

    text = "\n\n".join([*head, body])
    if portal:
        kind = KIND_WORDS[doc_type]
        unit_phrase = f"huyện {dist}, tỉnh {prov}" if dist else f"tỉnh {prov}"
        fields = [f"{kind} {number_text + ' ' if number_text else ''}về công tác bình đẳng giới năm {year} "
                  f"trên địa bàn {unit_phrase}", ""]
        if number_text:
            fields.append(f"Số hiệu {number_text}")
        if precision == "day":
            fields += [f"Ngày ban hành {issued:%d/%m/%Y}", f"Ngày có hiệu lực {issued:%d/%m/%Y}"]
        fields += [f"Loại văn bản {kind}", f"Cơ quan ban hành {'Huyện ' + dist if dist else 'Tỉnh ' + prov}",
                   f"Người ký {signer}", "Lĩnh vực Văn hóa - Xã hội"]
        text = f"{PORTAL_TOP}\n\n" + "\n".join(fields) + "\n\n" + text + "\n\n" + portal_footer()
        # A page without the printed number or date still shows the portal's fields.
        if shown_number is None and number_text:
            shown_number = number_text
        if shown_date is None and precision == "day":
            shown_date, shown_precision = issued, "day"
    if rng.random() < 0.15:
        text = _old_tones(text)
        signer = _old_tones(signer)  # names are stored as printed
    text = "\n\n" + text.strip("\n") + "\n"

    if shown_date is not None and shown_precision != "day":  # a blank day (month) is stored as the 1st
        shown_date = shown_date.replace(day=1, month=shown_date.month if shown_precision == "month" else 1)
    expected = {
        "doc_type": doc_type, "doc_number": shown_number, "level": src.level, "province": prov, "district": dist,
        "plan_year": year, "issue_date": shown_date.isoformat() if shown_date else None,
        "issue_date_precision": shown_precision if shown_date else None, "signer": signer,
    }
    fmt = _format_of(index, docx_share, pdf_share)
    from loaders.textnorm import fold

    slug = re.sub(r"[^a-z0-9]+", "-", fold(dist or prov)).strip("-")
    name = f"{index:05d}-{src.key}-{slug}-{year}{fmt}"
    return Doc(name, fmt, src.key, head_left, head_right, text, {"file": name, **expected, "seed": src.key,
                                                                  "truncated": truncated})


def _format_of(index: int, docx_share: float, pdf_share: float) -> str:
    """Evenly spread shares that do not depend on N: the first n documents of a big corpus are a small one."""
    def hit(share: float, phase: float) -> bool:
        return share > 0 and int((index + 1) * share + phase) > int(index * share + phase)
    if hit(pdf_share, 0.5):
        return ".pdf"
    if hit(docx_share, 0.25):
        return ".docx"
    return ".txt"


# --- file formats --------------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    return re.sub(r"\*\*", "", text)


def to_docx(doc: Doc) -> bytes:
    """One paragraph per non-empty line; the official header as a two-column table, as offices lay it out."""
    import docx

    document = docx.Document()
    text = _plain(doc.text)
    if doc.head_left and doc.head_right:
        left, right = _plain(doc.head_left), _plain(doc.head_right)
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = left
        table.rows[0].cells[1].text = right
        text = text.replace(f"{left}\n\n{right}", "", 1)
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; fix them so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf")


def to_pdf(doc: Doc) -> bytes:
    """A text-layer PDF in a Unicode font (DejaVu Sans); long lines wrap as in a real document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        font = next((p for p in FONT_CANDIDATES if Path(p).exists()), None)
        if font is None:
            raise FileNotFoundError("DejaVuSans.ttf not found: apt-get install fonts-dejavu-core")
        pdfmetrics.registerFont(TTFont("DejaVuSans", font))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=14, spaceAfter=10)
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title="", author="", creator="", producer="")
    pdf.build([Paragraph(html.escape(line), style) for line in _plain(doc.text).split("\n") if line.strip()])
    return buffer.getvalue()


def render(doc: Doc) -> bytes:
    if doc.fmt == ".docx":
        return to_docx(doc)
    if doc.fmt == ".pdf":
        return to_pdf(doc)
    return doc.text.encode("utf-8")


def _build(args: tuple[int, int, int, float, float]) -> list[tuple[str, bytes, dict]]:
    start, stop, seed, docx_share, pdf_share = args
    out = []
    for i in range(start, stop):
        doc = make_doc(i, seed, docx_share, pdf_share)
        out.append((doc.file, render(doc), doc.expected))
    return out


# --- the corpus ----------------------------------------------------------------------------------------------

def _clear(out: Path, force: bool) -> None:
    """Remove a previous corpus from `out` (only files it listed); refuse to write into a folder of other files."""
    expected = out / EXPECTED_NAME
    if expected.exists():
        for line in expected.read_text(encoding="utf-8").splitlines():
            if line.strip():
                (out / json.loads(line)["file"]).unlink(missing_ok=True)
        expected.unlink()
        (out / MANIFEST_NAME).unlink(missing_ok=True)
    elif out.exists() and any(out.iterdir()) and not force:
        raise SystemExit(f"{out} is not empty and holds no {EXPECTED_NAME}; use --force to write into it anyway")


def make_corpus(n: int, out: Path, seed: int = 1, docx_share: float = 0.05, pdf_share: float = 0.05,
                workers: int | None = None, force: bool = False, quiet: bool = True) -> dict:
    """Write n documents and DIR/expected.jsonl; returns the manifest (also written as DIR/corpus.json)."""
    out = Path(out)
    _clear(out, force)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    workers = workers or min(os.cpu_count() or 1, 8)
    chunk = 50
    jobs = [(a, min(n, a + chunk), seed, docx_share, pdf_share) for a in range(0, n, chunk)]
    counts = {f: 0 for f in FORMATS}
    total_bytes = 0
    with open(out / EXPECTED_NAME, "w", encoding="utf-8") as expected:
        results = (map(_build, jobs) if workers == 1 or n <= chunk
                   else ProcessPoolExecutor(max_workers=workers).map(_build, jobs))
        done = 0
        for batch in results:
            for name, data, meta in batch:
                (out / name).write_bytes(data)
                expected.write(json.dumps(meta, ensure_ascii=False) + "\n")
                counts[Path(name).suffix] += 1
                total_bytes += len(data)
            done += len(batch)
            if not quiet and (done == n or done % max(chunk, n // 10 // chunk * chunk) == 0):
                print(f"  {done:,}/{n:,} documents", file=sys.stderr, flush=True)
    manifest = {"n": n, "seed": seed, "generator": generator_version(), "docx_share": docx_share, "pdf_share": pdf_share, "formats": counts,
                "bytes": total_bytes, "seconds": round(time.perf_counter() - started, 2)}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def generator_version() -> str:
    """Changes when this script, the seeds or the agency list change (a stored corpus is then rewritten)."""
    import hashlib

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for seed in SEEDS:
        digest.update((RAW / seed.file).read_bytes())
    digest.update((ROOT / "data" / "reference" / "agencies.csv").read_bytes())
    return digest.hexdigest()[:12]


def read_expected(folder: Path) -> list[dict]:
    lines = (Path(folder) / EXPECTED_NAME).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed and N = same files)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (a previous corpus in it is replaced)")
    parser.add_argument("--docx-share", type=float, default=0.05, help="share written as .docx (default 0.05)")
    parser.add_argument("--pdf-share", type=float, default=0.05, help="share written as .pdf (default 0.05)")
    parser.add_argument("--workers", type=int, default=None, help="generator processes (default: CPUs)")
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder without a corpus")
    args = parser.parse_args(argv)
    manifest = make_corpus(args.n, args.out, args.seed, args.docx_share, args.pdf_share, args.workers, args.force,
                           quiet=False)
    formats = ", ".join(f"{v:,} {k}" for k, v in manifest["formats"].items())
    print(f"{manifest['n']:,} documents ({formats}; {manifest['bytes'] / 1e6:.1f} MB) in {args.out} "
          f"in {manifest['seconds']:.1f} s; expected metadata in {args.out / EXPECTED_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
