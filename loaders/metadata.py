"""Plan metadata from a cleaned document: type, number, issuer, unit, year, date, signer, title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from loaders import admin, vocab
from loaders.agencies import canonical
from loaders.clean import CleanText
from loaders.outline import Layout
from loaders.textnorm import fold

_NUMBER = re.compile(vocab.DOC_NUMBER)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_UNIT_LINE = re.compile(r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN\s+|UBND\s+)?(TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$")
# A department or office that issues in its own name under the unit line ("UBND TỈNH X" / "SỞ ...").
_AGENCY_LINE = re.compile(r"^(SỞ|PHÒNG|BAN|HỘI|CÔNG AN|TRUNG TÂM|VĂN PHÒNG|CỤC|CHI CỤC|LIÊN ĐOÀN)\b")
_NUMBER_TOKEN = re.compile(r"^Số(?!\s*hiệu)\s*:?\s*(\d*\s*/\s*\S+|\S+)")
_PORTAL = {k: re.compile(p) for k, p in vocab.PORTAL_FIELDS.items()}
_PROPOSAL = re.compile(vocab.PROPOSAL, re.I)
_NAME_WORDS = r"((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:[ ]+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"
_PROVINCE_MENTION = re.compile(r"\b(?:tỉnh|Tỉnh|TỈNH)[ ]+" + _NAME_WORDS)
_UNIT_MENTION = re.compile(r"\b(huyện|thị xã|thành phố|quận|tỉnh)[ ]+" + _NAME_WORDS)
_YEAR = re.compile(r"năm\s+(\d{4})", re.I)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class PlanMeta:
    """The `plans` row of one document (identity and file columns are added at ingest)."""

    doc_type: str = "other"
    doc_number: str | None = None
    doc_number_raw: str | None = None
    issuer: str | None = None
    level: str | None = None
    province: str | None = None
    district: str | None = None
    plan_year: int | None = None
    issue_date: date | None = None
    issue_date_precision: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    title: str | None = None
    proposing_agency: str | None = None
    proposing_agency_id: str | None = None
    recipients: list[str] = field(default_factory=list)
    truncated: bool = False
    place: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_number(line: str) -> tuple[str | None, str | None]:
    """("415/QĐ-UBND", code type) from "Số 415 /QĐ-UBND"; (None, type) for a blank number.

    The number ends at its first space after the slash, so a place and date printed on the same
    line ("Số: 45/KH-UBND Hà Nội, ngày ...") are not swallowed.
    """
    m = _NUMBER_TOKEN.match(line)
    if not m or "/" not in m.group(1):
        return None, None
    raw = re.sub(r"\s+", "", m.group(1))
    number, _, code = raw.partition("/")
    first = code.split("-")[0]
    doc_type = vocab.NUMBER_CODE_TYPES.get(first)
    if doc_type is None and first.upper().startswith(("UBND", "SLĐTBXH", "LĐTBXH", "SNV")):
        doc_type = "CV"  # letters are numbered "số/UBND-XX" with no type code
    return (raw if number else None), doc_type


def parse_date_line(line: str) -> tuple[str, date | None, str | None] | None:
    """(place, date, precision) from "Lạng Giang, ngày   tháng 02 năm 2024" (month precision)."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    year = int(m.group("y"))
    month = int(m.group("m")) if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    try:
        if month and day:
            return m.group("place").strip(), date(year, month, day), "day"
        if month:
            return m.group("place").strip(), date(year, month, 1), "month"
        return m.group("place").strip(), date(year, 1, 1), "year"
    except ValueError:
        return m.group("place").strip(), None, None


def parse_metadata(doc: CleanText, lay: Layout) -> PlanMeta:
    """Fill PlanMeta from the header, title, preamble and closing of a laid-out document."""
    lines = [line.text for line in doc.lines]
    meta = PlanMeta(truncated=doc.truncated)
    head_end = lay.preamble[0]
    portal = _portal_fields(lines[: max(head_end, 1)])
    number_type = None
    unit_line: tuple[str, str] | None = None
    issuing_agency: str | None = None
    for text in lines[:head_end]:
        rest = text
        if meta.doc_number_raw is None and _NUMBER.match(text) and "/" in text:
            meta.doc_number_raw = text
            meta.doc_number, number_type = parse_number(text)
            token = _NUMBER_TOKEN.match(text)
            rest = text[token.end():].strip() if token else ""
        if meta.place is None and rest and (parsed := parse_date_line(rest)):
            meta.place, meta.issue_date, meta.issue_date_precision = parsed
        if unit_line is None and text.isupper() and (u := _UNIT_LINE.match(text)):
            unit_line = (u.group(1), u.group(2))
        elif issuing_agency is None and text.isupper() and _AGENCY_LINE.match(text):
            issuing_agency = text
    if meta.doc_number is None and portal.get("doc_number") and meta.doc_number_raw is None:
        meta.doc_number = re.sub(r"\s+", "", portal["doc_number"])
    if meta.issue_date is None and portal.get("issue_date") and (d := _DMY.search(portal["issue_date"])):
        meta.issue_date = date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        meta.issue_date_precision = "day"

    meta.doc_type = _doc_type(lay, number_type, portal.get("doc_type"))
    meta.title = lay.title
    body_text = "\n".join(lines)
    _unit(meta, unit_line, portal.get("issuer"), lay, body_text)
    if issuing_agency and meta.issuer:
        agency = canonical(issuing_agency)
        name = agency.name if agency else issuing_agency.capitalize()
        meta.issuer = f"{name} {meta.issuer.removeprefix('UBND ')}"
    meta.plan_year = _plan_year(meta)
    meta.signer = lay.signer or portal.get("signer")
    meta.signer_title = " / ".join(lay.sign_titles) or None
    meta.recipients = lay.recipients
    meta.truncated = doc.truncated or (not lay.sign_titles and not lay.recipients)
    intro = lines[lay.decision[0]:lay.decision[1]] + lines[lay.preamble[0]:lay.preamble[1]]
    for text in intro:
        if m := _PROPOSAL.search(text):
            agency = canonical(m.group(1))
            meta.proposing_agency = agency.name if agency else m.group(1).strip()
            meta.proposing_agency_id = agency.agency_id if agency else None
            break
    if meta.plan_year is None:
        meta.warnings.append("no plan year found")
    if meta.province is None:
        meta.warnings.append("no province found")
    return meta


def _portal_fields(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in lines:
        for key, pattern in _PORTAL.items():
            if key not in out and (m := pattern.match(text)):
                out[key] = m.group(1).strip()
    return out


def _doc_type(lay: Layout, number_type: str | None, portal_type: str | None) -> str:
    marker = lay.doc_type_marker
    if marker == "quyet dinh":
        return "QD" if lay.plan_at is not None or number_type == "QD" else "other"
    if marker == "v/v":
        return "CV"
    if marker in vocab.DOC_TYPE_TITLES_FOLDED:
        return vocab.DOC_TYPE_TITLES_FOLDED[marker]
    if number_type:
        return number_type
    if portal_type:
        return vocab.DOC_TYPE_TITLES_FOLDED.get(fold(portal_type), "other")
    return "other"


def _level_of(word: str) -> str:
    return vocab.LEVEL_WORDS.get(word.lower(), "tỉnh")


def _known_prefix(name: str, province: bool, hints: list[str]) -> str | None:
    """The longest leading run of words that names a known unit ("Thừa Thiên Huế Thực" → "Thừa Thiên Huế")."""
    words = name.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        unit = admin.find_province(candidate) if province else admin.find_district(candidate, hints)
        if unit:
            return candidate
    return None


def _province_hints(text: str) -> list[str]:
    hints: list[str] = []
    for m in _PROVINCE_MENTION.finditer(text):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            unit = admin.find_province(" ".join(words[:n]))
            if unit:
                if unit.short not in hints:
                    hints.append(unit.short)
                break
    return hints


def _unit(meta: PlanMeta, unit_line: tuple[str, str] | None, portal_issuer: str | None,
          lay: Layout, text: str) -> None:
    """Level, province and district: header first, then portal, date-line place, then the text."""
    hints = _province_hints(text)
    word = name = None
    if unit_line:
        word, name = unit_line[0].lower(), unit_line[1].title()
    elif portal_issuer and (u := _UNIT_LINE.match(portal_issuer.upper())):
        word, name = u.group(1).lower(), u.group(2).title()
    elif meta.place:
        word, name = _classify_place(meta.place, text, hints)
    else:
        scope = "\n".join(filter(None, [lay.title, *[line.text for line in lay.lines[lay.preamble[0]:lay.preamble[1]]]]))
        for m in _UNIT_MENTION.finditer(scope):
            word = m.group(1).lower()
            name = _known_prefix(m.group(2), province=(word == "tỉnh"), hints=hints)
            if name:
                break
    if not name:
        return
    meta.level = _level_of(word or "tỉnh")
    if word == "thành phố":
        # Hà Nội, Hải Phòng, Đà Nẵng, Cần Thơ, TP HCM, Huế are provinces; other cities are district-level.
        city = admin.find_province(name)
        meta.level = "tỉnh" if city and fold(city.name).startswith("thanh pho") else "huyện"
    if meta.level == "tỉnh":
        unit = admin.find_province(name)
        meta.province = unit.short if unit else name
        meta.issuer = f"UBND {word} {meta.province}"
    else:
        unit = admin.find_district(name, hints)
        meta.district = unit.short if unit else name
        meta.province = unit.province_short if unit else (hints[0] if hints else None)
        if meta.province == "Huế" and "Thừa Thiên Huế" in hints:
            meta.province = "Thừa Thiên Huế"
        meta.issuer = f"UBND {word} {meta.district}"


def _classify_place(place: str, text: str, hints: list[str]) -> tuple[str, str]:
    """Is the place in the date line a district or a province? The text says which it governs."""
    folded = fold(text)
    key = fold(place)
    for word in ("huyện", "thị xã", "quận", "thành phố", "xã", "phường", "thị trấn"):
        if f"ubnd {fold(word)} {key}" in folded or f"uy ban nhan dan {fold(word)} {key}" in folded:
            return word, place
    if admin.find_province(place) and (f"tinh {key}" in folded):
        return "tỉnh", place
    if admin.find_district(place, hints):
        return "huyện", place
    return "tỉnh", place


def _plan_year(meta: PlanMeta) -> int | None:
    if meta.title and (years := _YEAR.findall(meta.title)):
        return int(years[-1])
    if meta.title and (years := re.findall(r"\b(20\d\d)\b", meta.title)):
        return int(years[-1])
    return meta.issue_date.year if meta.issue_date else None
