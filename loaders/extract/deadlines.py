"""Deadlines and events: reports due, plans due, the Action Month, commemorative days."""

from __future__ import annotations

import re
from datetime import date

from loaders import vocab
from loaders.agencies import find_agencies
from loaders.extract.common import Block, folded
from loaders.memo import text_cache
from loaders.textnorm import fold

_BEFORE = re.compile(
    r"trước ngày\s+(?:(\d{1,2})/(\d{1,2})(?:/(\d{4}))?|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?)", re.I
)
_RANGE = re.compile(
    r"(?:từ\s+)?(?:ngày\s+)?(\d{1,2})(?:/|\s+tháng\s+)(\d{1,2})(?:(?:/|\s+năm\s+)(\d{4}))?\s*(?:đến|[-–])\s*"
    r"(?:ngày\s+)?(\d{1,2})(?:/|\s+tháng\s+)(\d{1,2})(?:(?:/|\s+năm\s+)(\d{4}))?",
    re.I,
)
_DAY = re.compile(r"\b(Ngày\s+[A-ZĐÀ-Ỹ][^,;.()0-9]{3,60}?)\s+(\d{1,2}/\d{1,2})(?![/\d])")
_MONTH_EVENT = re.compile(r"(Tháng hành động[^();]{0,80}?)\s*\(\s*tháng\s+(\d{1,2})/(\d{4})\s*\)", re.I)
_ACTION_MONTH = re.compile(vocab.ACTION_MONTH_FOLDED)
_NOT_SUBJECT = re.compile(r"(bao cao|ve|gui|thong qua|qua|cua|cho|voi|tai)\s*$")
_LIST_GAP = re.compile(r"^[\s,;]*(?:và)?[\s,;]*$")
_DIGIT = re.compile(r"\d")  # every date pattern above needs one: blocks without digits are skipped


def _date(day: str, month: str, year: str | None, default_year: int | None) -> date | None:
    y = int(year) if year else default_year
    if y is None:
        return None
    try:
        return date(y, int(month), int(day))
    except ValueError:
        return None


def _kind(text: str, start: int, end: int) -> str:
    after = folded(re.split(r"[;(]", text[end: end + 45])[0])
    if "bao cao" in after:
        return "report"
    if "ke hoach" in after:
        return "plan"
    before = folded(text[max(0, start - 110): start])
    report, plan = before.rfind("bao cao"), before.rfind("ke hoach")
    return "plan" if plan > report else "report"


def _agency(text: str, start: int) -> str | None:
    """The agency the sentence makes responsible: the first one named as its subject.

    Agencies that receive the report ("báo cáo UBND tỉnh, Bộ ...", "thông qua Sở ...") are not
    subjects, nor is anything listed right after them. Falls back to the start of the block.
    """
    lo = max(0, start - 1000)  # windows of 1,000 characters keep the work per deadline bounded on long text
    found = max(text.rfind(". ", lo, start), text.rfind("; ", lo, start))
    sentence_start = found + 1 if found != -1 else lo
    for scope in (text[sentence_start:start], text[:min(start, 1000)]):
        skipped_end = None
        for mention in find_agencies(scope, include_unknown=False):
            before = fold(scope[max(0, mention.start - 60): mention.start])
            chained = skipped_end is not None and _LIST_GAP.match(scope[skipped_end: mention.start])
            if chained or _NOT_SUBJECT.search(before[-15:]):
                skipped_end = mention.end
                continue
            return mention.agency_id
    return None


def parse_deadlines(blocks: list[Block], plan_year: int | None) -> list[dict]:
    """One row per distinct (date, kind), at its first mention."""
    rows: list[dict] = []
    seen: set[tuple] = set()

    def add(due: date | None, end: date | None, precision: str, kind: str, text: str, agency: str | None,
            block: Block, quote: str) -> None:
        if due is None or (due, kind) in seen:
            return
        seen.add((due, kind))
        rows.append({"due_date": due, "end_date": end, "date_precision": precision, "kind": kind,
                     "text": text, "agency_id": agency, **block.span(quote).as_dict()})

    for block in blocks:
        if block.in_decision:
            continue
        text = block.text
        befores, ranges, days, month_events = _date_matches(text)
        for m in befores:
            g = m.groups()
            day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
            kind = _kind(text, m.start(), m.end())
            due = _date(day, month, year, plan_year)
            if due is None or (due, kind) in seen:
                continue  # only the first mention is kept: skip the agency and clause look-ups
            add(due, None, "day", kind, m.group(0), _agency(text, m.start()), block, _clause(text, m.start(), m.end()))
        block_is_action_month = None
        heading = folded(block.node.heading if block.node else "")
        for m in ranges:
            window = fold(text[max(0, m.start() - 160): m.start()]) + " " + heading
            if not _ACTION_MONTH.search(window):
                if block_is_action_month is None:  # fold the whole block once, not once per date range
                    block_is_action_month = bool(_ACTION_MONTH.search(folded(text)))
                if not block_is_action_month:
                    continue
            d1, m1, y1, d2, m2, y2 = m.groups()
            year = y1 or y2
            add(_date(d1, m1, year, plan_year), _date(d2, m2, year, plan_year), "day", "action_month",
                m.group(0), None, block, _clause(text, m.start(), m.end()))
        for m in days:
            day, month = m.group(2).split("/")
            if f"{int(day)}/{int(month)}" not in vocab.COMMEMORATIVE_DAYS:
                continue
            add(_date(day, month, None, plan_year), None, "day", "commemorative_day", m.group(0), None, block,
                m.group(0))
        for m in month_events:
            add(_date("1", m.group(2), m.group(3), plan_year), None, "month", "event", m.group(0), None, block,
                m.group(0))
    return rows


@text_cache(maxsize=2048)
def _date_matches(text: str) -> tuple[tuple[re.Match[str], ...], ...]:
    """The matches of each date pattern in a block (plans repeat their blocks: the scans are remembered)."""
    if not _DIGIT.search(text):
        return (), (), (), ()
    return tuple(tuple(p.finditer(text)) for p in (_BEFORE, _RANGE, _DAY, _MONTH_EVENT))


def _clause(text: str, start: int, end: int, reach: int = 600) -> str:
    lo, hi = max(0, start - reach), min(len(text), end + reach)  # bounded: linear on long text
    left = max(text.rfind(";", lo, start), text.rfind(". ", lo, start))
    left = left if left != -1 else lo - 1
    rights = [i for i in (text.find(";", end, hi), text.find(". ", end, hi)) if i != -1]
    return text[left + 1: (min(rights) if rights else hi - 1) + 1].strip()
