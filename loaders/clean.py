"""Cleaning: pure functions from reader lines to paragraph lines that keep their origins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders import vocab
from loaders.readers.base import SourceText
from loaders.textnorm import clean_spaces, fold, nfc


@dataclass(frozen=True)
class Line:
    """One cleaned line and the span of source positions it was built from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CleanText:
    """A cleaned document: its lines, and whether the source looked cut off."""

    lines: list[Line]
    truncated: bool
    removed: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_BOLD = re.compile(r"(\*\*|__)(.*?)\1", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_STRAY_MARKS = re.compile(r"\*{2,}|(?<!\w)_{2,}")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in vocab.BOILERPLATE_LINES_FOLDED))
_TRUNCATION = re.compile("|".join(f"(?:{p})" for p in vocab.TRUNCATION_MARKS_FOLDED))
_MARKER = re.compile("|".join(vocab.HEADING_PATTERNS.values()))
_HYPHEN_END = re.compile(r"[-–]$")


def strip_markdown(text: str) -> str:
    """Remove **bold**, *italic* and heading markers that documents pasted from the web carry."""
    text = _MD_HEADING.sub("", text)
    text = _BOLD.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    # Markers split across a page break leave halves such as "(*đặc biệt" and "sản*".
    text = re.sub(r"(?<=[(\s])\*(?=\w)|(?<=\w)\*(?=[\s).,;:]|$)", "", text)
    return _STRAY_MARKS.sub("", text)


def normalize_line(text: str) -> str:
    """NFC, plain spaces, no markdown."""
    return clean_spaces(strip_markdown(nfc(text)))


def is_boilerplate(text: str) -> bool:
    """A whole line of web-portal furniture (menus, company lines, cut marks)."""
    return bool(_BOILERPLATE.fullmatch(fold(text)))


def is_truncation_mark(text: str) -> bool:
    """A line that says the saved page cut the document off."""
    return bool(_TRUNCATION.fullmatch(fold(text)))


def continues(previous: str, following: str) -> str | None:
    """The joint text if `following` continues `previous` across a page break, else None."""
    if not previous or not following or _MARKER.match(following):
        return None
    if _HYPHEN_END.search(previous) and following[:1].isdigit():
        return previous + following  # "giai đoạn 2021-" + "2025"
    if following[:1].islower() and not previous.endswith((".", ":", ";", "!", "?", "./.")):
        return f"{previous} {following}"
    return None


def clean(source: SourceText) -> CleanText:
    """Normalize, drop boilerplate, re-join page-break splits; keep each line's source span."""
    out: list[Line] = []
    truncated = False
    removed = 0
    for raw, origin in zip(source.lines, source.origins, strict=False):
        text = normalize_line(raw)
        if not text:
            continue
        if is_truncation_mark(text):
            truncated = True
        if is_boilerplate(text):
            removed += 1
            continue
        if out:
            joint = continues(out[-1].text, text)
            if joint is not None:
                out[-1] = Line(joint, out[-1].start, origin)
                continue
        out.append(Line(text, origin, origin))
    return CleanText(out, truncated, removed)
