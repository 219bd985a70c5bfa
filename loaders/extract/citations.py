"""Citations: referenced legal documents, one node per real document, with the citing relation."""

from __future__ import annotations

import re
from datetime import date

from loaders import vocab
from loaders.agencies import find_agencies
from loaders.extract.common import Block
from loaders.memo import text_cache
from loaders.textnorm import fold

_TYPES = "|".join(sorted(map(re.escape, vocab.CITED_TYPES), key=len, reverse=True))
_DOC = re.compile(
    rf"\b(?P<type>{_TYPES})\s+(?:số\s*)?(?P<num>\d+[\w.\-–]*/[\w&\-–/.]*[\wĐđ&])"
    rf"(?P<rest>(?:(?!\b(?:{_TYPES})\s+(?:số\s*)?\d)[^;]){{0,300}})",
)
_DATE = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))"
)
_ISSUER = re.compile(
    r"^\s*(?:[^,;]{0,40}?)\bcủa\s+(.+?)(?=\s+(?:về|phê duyệt|ban hành|hướng dẫn|quy định|triển khai|tại)\b|[,;.()]|$)"
)
# After the issuer (or the date): "về việc ..." / "về ..." / "ban hành ...", to the end of the clause.
_TITLE_START = re.compile(r"^\s*,?\s*(?:về việc|v/v|về)?\s*")
_TITLE_END = re.compile(rf"\s*(?:[;()]|\s(?:và|;)\s+(?:{_TYPES})\b|$)")
_LAW = re.compile(r"\bLuật\s+([A-ZĐÀ-Ỹa-zđ][^;.()“”]{3,80})")
_LAWS = [(re.compile(r"^" + p), name) for p, name in vocab.LAWS_FOLDED.items()]
_NOT_CITED = {"Tờ trình"}


def normalize_number(number: str) -> str:
    """One spelling per number: no spaces, en dashes as hyphens."""
    return re.sub(r"\s+", "", number).replace("–", "-").strip("-./")


def is_national(number: str) -> bool:
    """True when the number's code names a national body (TTg, CP, BNV, ...), not a local one."""
    code = number.split("/", 1)[-1]
    parts = re.split(r"[-&/]", code)
    return any(p in vocab.NATIONAL_CODES for p in parts) or any(
        p.startswith("B") and len(p) >= 3 and p.isupper() for p in parts[:1]
    )


def cited_doc_id(number: str, year: int | None, province: str | None) -> str:
    """Stable id: the number, plus year and province for local numbers that repeat across units."""
    number = normalize_number(number)
    if is_national(number) or re.search(r"/\d{4}/", number):
        return number
    return f"{number}|{year or ''}|{province or ''}"


def _relation(block: Block, sentence: str) -> str:
    if block.in_preamble:
        return "legal_basis" if fold(sentence).lstrip(" -").startswith("can cu") else "implements"
    return "guidance"


def parse_citations(blocks: list[Block], own_number: str | None, province: str | None) -> tuple[list[dict], list[dict]]:
    """(citation rows, cited-document rows) for one plan; the plan's own number is skipped."""
    citations: list[dict] = []
    documents: dict[str, dict] = {}
    own = normalize_number(own_number) if own_number else None
    for block in blocks:
        numbered, laws = _cited_in(block.text)
        for number, doc_type, issued, issuer, title, quote in numbered:
            if number == own:
                continue
            doc_id = cited_doc_id(number, issued.year if issued else _year_in(number), province)
            documents.setdefault(doc_id, {
                "cited_doc_id": doc_id, "doc_type": doc_type, "doc_number": number,
                "issue_date": issued, "issuer": issuer, "title": title,
            })
            citations.append({"cited_doc_id": doc_id, "relation": _relation(block, quote), **block.span(quote).as_dict()})
        for name, issued, quote in laws:
            doc_id = f"LUAT:{fold(name)}"
            documents.setdefault(doc_id, {
                "cited_doc_id": doc_id, "doc_type": "Luật", "doc_number": None,
                "issue_date": issued, "issuer": "Quốc hội", "title": name,
            })
            citations.append({"cited_doc_id": doc_id, "relation": _relation(block, quote), **block.span(quote).as_dict()})
    return citations, list(documents.values())


@text_cache(maxsize=4096)
def _cited_in(text: str) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """The documents a block cites: (number, type, issue date, issuer, title, quote) of each numbered one and
    (name, issue date, quote) of each law. Remembered: plans repeat their legal bases word for word."""
    numbered = []
    # A document number has a "/" and a law is named "Luật": most blocks have neither and are not scanned.
    for m in _DOC.finditer(text) if "/" in text else ():
        if m.group("type") in _NOT_CITED:
            continue
        rest = m.group("rest")
        issuer = _ISSUER.match(rest)
        numbered.append((normalize_number(m.group("num")), m.group("type"), _date(rest),
                         _issuer_name(issuer.group(1)) if issuer else None, _title(rest, issuer, len(rest) >= 300),
                         _quote(text, m.start(), m.end())))
    laws = []
    for m in _LAW.finditer(text) if "Luật" in text else ():
        name = _law_name(m.group(1))
        if name is not None:
            laws.append((name, _date(text[m.end(): m.end() + 60]), _quote(text, m.start(), m.end())))
    return tuple(numbered), tuple(laws)


def _issuer_name(text: str) -> str:
    """The issuing body: a known agency name (with its place) when one starts the text."""
    found = find_agencies(text, include_unknown=False)
    if found and found[0].start <= 1:
        unit_word = r"" if re.search(r"(tỉnh|thành phố|huyện)$", text[: found[0].end]) else r"\s+(?:tỉnh|thành phố|huyện)"
        place = re.match(unit_word + r"\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?){1,4})", text[found[0].end:])
        return (text[: found[0].end] + (place.group(0).rstrip() if place else "")).strip()
    return text.strip()


def _title(rest: str, issuer: re.Match | None, cut: bool) -> str | None:
    """What the cited document is about: the words after its date and issuer, to the end of the clause."""
    tail = rest[issuer.end():] if issuer else _DATE.sub("", rest, count=1)
    if issuer and (known := find_agencies(issuer.group(1), include_unknown=False)) and known[0].start <= 1:
        # The issuer regex stops at "và"; a known agency name may continue past it ("Thương binh và Xã hội").
        tail = rest[issuer.start(1) + len(_issuer_name(issuer.group(1))):]
        tail = re.sub(r"^[^,;]*?(?=\s(?:về|phê duyệt|ban hành|hướng dẫn|quy định|triển khai)\b)", "", tail, count=1)
    if cut:
        tail = tail.rsplit(" ", 1)[0]  # the clause was cut at the length limit: drop the partial word
    tail = _TITLE_START.sub("", tail, count=1)
    end = _TITLE_END.search(tail)
    title = (tail[: end.start()] if end else tail).strip(" ,.:")
    title = re.sub(r"\s+(và|,)$", "", title)
    if len(title.split()) < 3 or title.startswith(("và ", "ngày ")):
        return None
    return title


def _law_name(raw: str) -> str | None:
    f = fold(raw)
    for pattern, name in _LAWS:
        if pattern.match(f):
            return name
    return None


def _date(text: str) -> date | None:
    m = _DATE.match(text)
    if not m:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _year_in(number: str) -> int | None:
    m = re.search(r"/(\d{4})/", number)
    return int(m.group(1)) if m else None


def _quote(text: str, start: int, end: int, reach: int = 600) -> str:
    """The sentence (or clause) around a match, at most `reach` characters on each side (linear on long text)."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    left = max(text.rfind(";", lo, start), text.rfind(". ", lo, start))
    left = left if left != -1 else lo - 1
    right_candidates = [i for i in (text.find(";", end, hi), text.find(". ", end, hi)) if i != -1]
    right = min(right_candidates) if right_candidates else hi - 1
    return text[left + 1: right + 1].strip()
