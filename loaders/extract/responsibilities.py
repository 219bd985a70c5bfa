"""Responsibilities: (agency, role, task) from the implementation section and "X chủ trì" sentences."""

from __future__ import annotations

import re

from loaders import vocab
from loaders.agencies import Mention, agencies, find_agencies
from loaders.extract.common import Block, sentences
from loaders.memo import text_cache
from loaders.outline import Section
from loaders.reference import table
from loaders.textnorm import fold

_LEAD = re.compile(r"^\W*" + vocab.ROLE_LEAD_FOLDED)
_COORD = re.compile(vocab.ROLE_COORDINATE_FOLDED)
_ADVISE = re.compile(vocab.ROLE_ADVISE_FOLDED)
_REQUEST = re.compile(r"\b" + vocab.ROLE_REQUEST_FOLDED + r"\s*$")
_ASSIGN = re.compile(r"\b" + vocab.ROLE_ASSIGN_FOLDED + r"\s*$")
_COORD_END = re.compile(vocab.ROLE_COORDINATE_FOLDED + r"\s*$")
_LIST_SEP = re.compile(r"^[\s,;]*(va|cung|voi)?[\s,;]*$")
# Between two listed agencies: commas, "và", and maybe the rest of a place name ("tỉnh Bắc Kạn và").
_LIST_GAP = re.compile(r"^(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}[\s,;]*(?:và|cùng|với)?[\s,;]*$")
# Outside the implementation section a mention gets a role only from one of these words in its sentence.
_ROLE_WORD = re.compile("|".join([vocab.ROLE_LEAD_FOLDED, vocab.ROLE_COORDINATE_FOLDED, vocab.ROLE_ADVISE_FOLDED,
                                  vocab.ROLE_REQUEST_FOLDED, vocab.ROLE_ASSIGN_FOLDED]))
_SO_LIST = re.compile(r"\bcác Sở\s*:\s*(.{1,400}?)(?=\s+(?:bám|chủ|phối|thực|triển|tổ|có|căn|xây)\b)", re.I)  # bounded


def _chain_start(text: str, mention: Mention, mentions: list[Mention]) -> int:
    """Start of the list a mention belongs to ("X, Y và Z"): the first mention chained by commas and "và"."""
    chain_start = mention.start
    earlier = [m for m in mentions if m.end <= mention.start]
    for other in reversed(earlier[-50:]):  # no list names 50 agencies; bounded work on hostile text
        if _LIST_GAP.match(text[other.end: chain_start]):
            chain_start = other.start
        else:
            break
    return chain_start


def _mention_role(text: str, mention: Mention, mentions: list[Mention]) -> str | None:
    """Role of one mention from the words around it in its sentence."""
    after = fold(text[mention.end: mention.end + 30])
    chain_start = _chain_start(text, mention, mentions)
    before = fold(text[max(0, chain_start - 200): chain_start]).rstrip(" ,:")  # only its end is read
    if _LEAD.match(after):
        return "lead"
    if _REQUEST.search(before[-12:]):
        return "requested"
    if _ASSIGN.search(before[-6:]):
        return "assigned"
    if _COORD_END.search(before):
        return "coordinate"
    if _ADVISE.match(after.strip(" ,")):
        return "advise"
    return None


def _expand_so_list(sentence: str) -> list[Mention]:
    """"các Sở: Nội vụ, Y tế, ..." names several departments in one phrase."""
    m = _SO_LIST.search(sentence)
    if not m:
        return []
    segment = fold(m.group(1))
    out: list[Mention] = []
    rows = sorted((r for r in table("agencies") if r["name"].startswith("Sở ")), key=lambda r: -len(r["name"]))
    for row in rows:
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a.startswith("Sở ")]
        for name in names:
            tail = fold(name[3:])
            if tail and re.search(r"(?<!\w)" + re.escape(tail) + r"(?!\w)", segment):
                segment = segment.replace(tail, " " * len(tail), 1)
                out.append(Mention(m.start(1), m.end(1), name, row["agency_id"]))
                break
    # "Công an" in such a list is the provincial police.
    if re.search(r"(?<!\w)cong an(?!\w)", segment):
        out.append(Mention(m.start(1), m.end(1), "Công an tỉnh", "cong-an-tinh"))
    return out


def _row(mention: Mention, role: str, task: str, block: Block, quote: str) -> dict:
    agency = agencies().get(mention.agency_id) if mention.agency_id else None
    return {
        "agency_raw": mention.raw,
        "agency_id": mention.agency_id,
        "agency_name": agency.name if agency else mention.raw,
        "sector": agency.sector if agency else None,
        "role": role,
        "task": task,
        **block.span(quote).as_dict(),
    }


def _heading_agencies(node: Section) -> list[Mention]:
    """The agencies a node of the implementation section is about ("12. Báo X, Đài Y")."""
    heading = node.heading
    if len(heading) > 160:
        return []
    folded_heading = fold(heading)
    skip = len(re.match(r"^((de nghi|giao)\s+)?", folded_heading).group(0))
    found = find_agencies(heading)
    if not found or found[0].start > skip + 1:
        return []
    owners = [found[0]]
    for mention in found[1:]:
        if _LIST_SEP.match(fold(heading[owners[-1].end: mention.start])):
            owners.append(mention)
        else:
            break
    rest = fold(heading[owners[-1].end:]).strip(" .:;,")
    if len(rest.split()) > 8 or re.search(r"chu tri|phoi hop|tham muu", rest):
        return []  # a sentence that assigns a task, not a heading that names agencies
    return owners


def parse_responsibilities(blocks: list[Block], sections: list[Section], level: str | None = None) -> list[dict]:
    """Rows of (agency, role, task); one agency can hold several roles."""
    by_path = {s.path: s for s in sections}
    heading_agencies: dict[str, list[Mention]] = {}
    rows: list[dict] = []
    for block in blocks:
        node = block.node
        if block.in_decision or (node is not None and node.kind not in ("implementation", "content", "budget")):
            continue
        in_impl = node is not None and node.kind == "implementation"
        owner = _owner(node, by_path, heading_agencies) if in_impl else None
        if owner and owner[0] is node:
            requested = fold(node.heading).startswith("de nghi")
            if requested:
                rows.extend(_row(o, "requested", node.heading, block, node.heading) for o in owner[1])
            if node.body:
                rows.extend(_task_rows(" ".join(node.body), owner[1], block, requested))
            continue
        if owner:
            rows.extend(_task_rows(block.text, owner[1], block, fold(owner[0].heading).startswith("de nghi")))
            continue
        for sentence in sentences(block.text):
            for mention, role in _sentence_roles(sentence, in_impl):
                if not block.in_preamble or role in ("requested", "lead"):
                    rows.append(_row(mention, role, sentence, block, sentence))
    return _dedupe([_at_level(r, level) for r in rows])


@text_cache(maxsize=8192)
def _sentence_roles(sentence: str, in_impl: bool) -> tuple[tuple[Mention, str], ...]:
    """The agencies of a sentence that have a role in it, with the role (in the implementation section a named
    subject is "assigned"). Remembered: plans copy these sentences from each other."""
    if not in_impl and not _ROLE_WORD.search(fold(sentence)):
        return ()  # no role word: no mention in it can have a role (see _mention_role)
    mentions = find_agencies(sentence, include_unknown=in_impl) + _expand_so_list(sentence)
    out = []
    for mention in mentions:
        role = _mention_role(sentence, mention, mentions)
        if role is None and in_impl and _is_subject(sentence, mention, mentions):
            role = "assigned"
        if role:
            out.append((mention, role))
    return tuple(out)


def _is_subject(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """A mention that names who acts, not whom a report goes to ("của Bộ Tài chính", "báo cáo UBND")."""
    chain_start = _chain_start(text, mention, mentions)
    before = fold(text[max(0, chain_start - 200): chain_start]).rstrip(" ,:")  # only its end is read
    return not _NOT_SUBJECT_END.search(before)


_NOT_SUBJECT_END = re.compile(r"\b(cua|theo|ve|cho|voi|qua|thong qua|bao cao|tham muu|gui|tai|den|tu)$")


def _at_level(row: dict, level: str | None) -> dict:
    """A level-less agency ("Ban Vì sự tiến bộ của phụ nữ") is the one at the plan's own level."""
    agency = agencies().get(row["agency_id"]) if row["agency_id"] else None
    if agency is None or agency.level or not level:
        return row
    suffix = {"tỉnh": "tinh", "huyện": "huyen", "xã": "xa"}.get(level)
    leveled = agencies().get(f"{row['agency_id']}-{suffix}")
    if leveled is None:
        return row
    return {**row, "agency_id": leveled.agency_id, "agency_name": leveled.name}


def _owner(node: Section, by_path: dict[str, Section],
           memo: dict[str, list[Mention]] | None = None) -> tuple[Section, list[Mention]] | None:
    """The nearest ancestor-or-self node of the implementation section headed by agency names.

    `memo` keeps each heading's agencies for the plan: every item below a heading asks about it again.
    """
    memo = {} if memo is None else memo
    current: Section | None = node
    while current is not None and current.depth >= 2:
        if current.marker_kind in ("arabic", "letter", "roman"):
            if current.path not in memo:
                memo[current.path] = _heading_agencies(current)
            owners = memo[current.path]
            if owners:
                return current, owners
        current = by_path.get(current.parent) if current.parent else None
    return None


def task_role(text: str, requested: bool = False) -> list[str]:
    """Roles of the agency a task is listed under: the first clause that starts with a role word decides."""
    for raw in _CLAUSE_SPLIT.split(sentences(text)[0] if text else ""):  # folded one by one: the first often decides
        clause = fold(raw).strip(" -–")
        if _TASK_LEAD.match(clause):
            return ["lead", "advise"] if _TASK_LEAD_ADVISE.match(clause) else ["lead"]
        if _TASK_COORDINATE.match(clause):
            return ["coordinate"]
        if _TASK_ADVISE.match(clause):
            return ["advise"]
    return ["requested" if requested else "assigned"]


_CLAUSE_SPLIT = re.compile(r"[,;:]")
_TASK_LEAD = re.compile(r"(chu dong\s+)?" + vocab.ROLE_LEAD_FOLDED)
_TASK_LEAD_ADVISE = re.compile(r"chu tri\s+" + vocab.ROLE_ADVISE_FOLDED)
_TASK_COORDINATE = re.compile(r"(chu dong\s+)?" + vocab.ROLE_COORDINATE_FOLDED)
_TASK_ADVISE = re.compile(r"(chu dong\s+)?" + vocab.ROLE_ADVISE_FOLDED)


def _task_rows(text: str, owners: list[Mention], block: Block, requested: bool) -> list[dict]:
    rows: list[dict] = []
    for role in task_role(text, requested):
        rows.extend(_row(owner, role, text, block, text) for owner in owners)
    for sentence in sentences(text):
        rows.extend(_row(mention, other, sentence, block, sentence) for mention, other in _other_roles(sentence))
    return rows


@text_cache(maxsize=4096)
def _other_roles(sentence: str) -> tuple[tuple[Mention, str], ...]:
    """Agencies other than a task's owners that a sentence gives a role ("phối hợp với Sở Y tế")."""
    if not _ROLE_WORD.search(fold(sentence)):
        return ()  # no role word: _mention_role gives no mention a role
    mentions = find_agencies(sentence)
    return tuple((m, role) for m in mentions if (role := _mention_role(sentence, m, mentions)))


def _dedupe(rows: list[dict]) -> list[dict]:
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = (row["agency_id"] or fold(row["agency_raw"]), row["role"], row["section_path"])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


