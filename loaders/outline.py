"""Document layout (header, title, preamble, body, closing) and the heading tree of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders import vocab
from loaders.clean import CleanText, Line
from loaders.memo import text_cache
from loaders.textnorm import fold

_HEADINGS = {kind: re.compile(p) for kind, p in vocab.HEADING_PATTERNS.items()}
_KINDS = [(kind, re.compile(p)) for kind, p in vocab.SECTION_KINDS_FOLDED]
_SIGN = re.compile(vocab.SIGN_TITLE_LINE)
_RECIPIENTS = re.compile("|".join(vocab.RECIPIENT_HEADS_FOLDED))
_TITLE_MARKERS = re.compile(r"^(ke hoach|quyet dinh|huong dan|cong van|chuong trinh)\s*:?$")
_PLAN_MARKER = re.compile(r"^ke hoach$")
_CLOSING = re.compile(r"^(tren day la|noi nhan|de nghi (cac|ubnd|uy ban).*(trien khai|thuc hien)\s*\./?\.?$)")
_VV = re.compile(r"^(V/v|Về việc)\s+", re.I)
_PREAMBLE_START = re.compile(r"^(thuc hien|can cu|theo|trien khai|nham|de|uy ban nhan dan|ubnd)\b")


@dataclass
class Section:
    """One node of the heading tree, with its span in cleaned lines and in the source."""

    path: str
    marker: str
    marker_kind: str
    heading: str
    body: list[str] = field(default_factory=list)
    kind: str = "other"
    depth: int = 1
    parent: str | None = None
    line_start: int = 0
    line_end: int = 0
    first: int = 0       # index of the heading line in CleanText.lines
    last: int = 0        # index of the last line that belongs to the node (children included)
    children: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join([self.heading, *self.body]).strip()


@dataclass
class Layout:
    """Where the parts of a document are, as indexes into CleanText.lines."""

    lines: list[Line]
    doc_type_marker: str | None = None   # folded marker line: "ke hoach", "quyet dinh", ...
    title_at: int | None = None          # index of the first title line (after the marker)
    title: str | None = None
    plan_at: int | None = None           # index of the "KẾ HOẠCH" line of a plan attached to a QĐ
    preamble: tuple[int, int] = (0, 0)   # [start, end) of the plan's own preamble
    decision: tuple[int, int] = (0, 0)   # [start, end) of a wrapping decision (Căn cứ ..., Điều ...)
    body: tuple[int, int] = (0, 0)
    closing_at: int = 0
    recipients: list[str] = field(default_factory=list)
    sign_titles: list[str] = field(default_factory=list)
    signer: str | None = None


@text_cache(maxsize=8192)  # layout and outline ask about the same lines, and plans share their headings
def heading_of(text: str) -> tuple[str, str, str] | None:
    """(marker kind, marker, heading text) when a line starts a heading or list item."""
    for kind, pattern in _HEADINGS.items():
        m = pattern.match(text)
        if m and m.group(1):
            if kind == "roman" and not re.fullmatch(r"[IVX]+", m.group(1)):
                continue
            return kind, m.group(1), m.group(2).strip()
    return None


def section_kind(heading: str) -> str:
    """Kind of a top-level section from the words in its heading."""
    folded = fold(heading)
    for kind, pattern in _KINDS:
        if pattern.search(folded):
            return kind
    return "other"


def layout(doc: CleanText) -> Layout:
    """Find title, preamble, body and closing of a document."""
    lines = doc.lines
    folded = [fold(line.text) for line in lines]
    lay = Layout(lines)
    n = len(lines)

    # Document-type marker: the first standalone "KẾ HOẠCH"/"QUYẾT ĐỊNH" line, or a "V/v" line.
    marker_at = None
    for i, f in enumerate(folded[: min(n, 60)]):
        if _TITLE_MARKERS.match(f) and lines[i].text.isupper():
            marker_at = i
            lay.doc_type_marker = _TITLE_MARKERS.match(f).group(1)
            break
        if _VV.match(lines[i].text):
            marker_at = i - 1
            lay.doc_type_marker = "v/v"
            break
    start = (marker_at + 1) if marker_at is not None else 0

    # Plan attached to a decision: a later standalone KẾ HOẠCH line.
    if lay.doc_type_marker == "quyet dinh":
        for i in range(start, n):
            if _PLAN_MARKER.match(folded[i]) and lines[i].text.isupper():
                lay.plan_at = i
                break

    title_from = (lay.plan_at + 1) if lay.plan_at is not None else start
    title_lines: list[str] = []
    i = title_from
    while i < n and marker_at is not None:
        text = lines[i].text
        if heading_of(text) or text.startswith("(") or _RECIPIENTS.match(folded[i]):
            break
        if title_lines and _PREAMBLE_START.match(folded[i]):
            break
        if title_lines and (text.endswith(":") or len(title_lines) >= 3):
            break
        title_lines.append(_VV.sub("", text))
        i += 1
    if title_lines:
        lay.title_at = title_from
        lay.title = " ".join(title_lines).strip()

    # Body: from the first heading after the title to the closing formula.
    first_heading = None
    j = i
    while j < n:
        found = heading_of(lines[j].text)
        if found and found[0] in ("part", "roman", "upper", "arabic"):
            first_heading = j
            break
        j += 1
    closing = n
    for k in range((first_heading or i), n):
        if _CLOSING.match(folded[k]) or _SIGN.match(lines[k].text):
            closing = k
            break
    lay.preamble = (i, first_heading if first_heading is not None else closing)
    if lay.plan_at is not None:
        lay.decision = (start, lay.plan_at)
    lay.body = (first_heading if first_heading is not None else closing, closing)
    lay.closing_at = closing
    _closing_parts(lay, folded, lay.body[0])
    return lay


def _closing_parts(lay: Layout, folded: list[str], body_start: int) -> None:
    """Recipients (Nơi nhận / Kính gửi), signing titles and signer from the whole document."""
    lines = lay.lines
    n = len(lines)
    recipients: list[str] = []
    for i, f in enumerate(folded):
        if _RECIPIENTS.match(f):
            head, _, rest = lines[i].text.partition(":")
            if rest.strip():
                recipients.append(_recipient(rest))
            k = i + 1
            while k < n and lines[k].text.startswith(("-", "–", "+", "•")):
                recipients.append(_recipient(lines[k].text[1:]))
                k += 1
    lay.recipients = [r for r in recipients if r]
    # The last block of signing-title lines, then the signer's name.
    last_block: list[int] = []
    block: list[int] = []
    for i in range(body_start, n):
        if _SIGN.match(lines[i].text):
            block.append(i)
        else:
            if block:
                last_block = block
            block = []
    if block:
        last_block = block
    if last_block:
        lay.sign_titles = [lines[i].text for i in last_block]
        for k in range(last_block[-1] + 1, min(n, last_block[-1] + 4)):
            if _looks_like_name(lines[k].text):
                lay.signer = lines[k].text
                break


def _recipient(text: str) -> str:
    return text.strip().rstrip(";.,").strip()


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


def parse_outline(doc: CleanText, lay: Layout | None = None) -> list[Section]:
    """The heading tree of the document body, with paths such as "II.3.b" and "II.2.-1"."""
    lay = lay or layout(doc)
    lines = doc.lines
    start, end = lay.body
    sections: list[Section] = []
    stack: list[Section] = []
    dash_counts: dict[str | None, int] = {}
    top_kind_default = "content" if lay.doc_type_marker in ("v/v", "cong van", "huong dan") else "other"

    for idx in range(start, end):
        text = lines[idx].text
        found = heading_of(text)
        if found is None:
            if stack:
                stack[-1].body.append(text)
                _extend(stack, idx, lines)
            continue
        marker_kind, marker, heading = found
        # A marker kind already open closes everything below it; a new kind nests deeper.
        level_kinds = [s.marker_kind for s in stack]
        if marker_kind in level_kinds:
            del stack[level_kinds.index(marker_kind):]
        elif marker_kind in ("part",) and stack:
            stack.clear()
        parent = stack[-1] if stack else None
        if marker_kind == "dash":
            key = parent.path if parent else None
            dash_counts[key] = dash_counts.get(key, 0) + 1
            segment = f"-{dash_counts[key]}"
        elif marker_kind == "article":
            segment = marker.replace("Điều", "Đ").replace(" ", "")
        elif marker_kind == "decimal":
            segment = marker.rsplit(".", 1)[-1]  # "1.2" under "1" is item 2
        elif marker_kind == "part":
            segment = "P" + marker.split()[-1]
        else:
            segment = marker
        path = f"{parent.path}.{segment}" if parent else segment
        node = Section(
            path=path, marker=marker, marker_kind=marker_kind, heading=heading,
            depth=len(stack) + 1, parent=parent.path if parent else None,
            line_start=lines[idx].start, line_end=lines[idx].end, first=idx, last=idx,
        )
        if parent is None:
            node.kind = section_kind(heading) if marker_kind != "arabic" or top_kind_default == "other" else top_kind_default
            if node.kind == "other" and top_kind_default != "other":
                node.kind = top_kind_default
        else:
            node.kind = parent.kind
            parent.children.append(path)
        sections.append(node)
        stack.append(node)
        _extend(stack, idx, lines)
    _dedupe_paths(sections)
    return sections


def _extend(stack: list[Section], idx: int, lines: list[Line]) -> None:
    for node in stack:
        node.last = idx
        node.line_end = max(node.line_end, lines[idx].end)


def _dedupe_paths(sections: list[Section]) -> None:
    """Documents sometimes repeat a number; keep paths unique with a suffix."""
    seen: dict[str, int] = {}
    for s in sections:
        if s.path in seen:
            seen[s.path] += 1
            s.path = f"{s.path}~{seen[s.path]}"
        else:
            seen[s.path] = 1


def preamble_text(doc: CleanText, lay: Layout) -> list[Line]:
    """Lines between the title and the first heading (the "Thực hiện ..."/"Căn cứ ..." part)."""
    a, b = lay.preamble
    return doc.lines[a:b]
