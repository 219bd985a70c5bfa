"""Cleaning: pure functions from reader lines to paragraph lines that keep their origins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders import vocab
from loaders.memo import text_cache
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


def strip_markdown(text: str) -> str:
    """Remove **bold**, *italic* and heading markers that documents pasted from the web carry."""
    if "*" not in text and "_" not in text and "#" not in text:
        return text  # every pattern below needs one of these
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


@text_cache(maxsize=16384)  # plans share most of their lines (headings, boilerplate, copied sentences)
def _read_line(raw: str) -> tuple[str, bool, bool]:
    """A source line normalized, and whether it is a truncation mark or boilerplate."""
    text = normalize_line(raw)
    return text, bool(text) and is_truncation_mark(text), bool(text) and is_boilerplate(text)


def _separator(previous: str, following: str) -> str | None:
    """What joins `following` to `previous` across a page break ("" or " "), None when it starts a new line.

    Only the end of `previous` is read, so a line re-joined thousands of times costs linear time.
    """
    if not previous or not following or _MARKER.match(following):
        return None
    if previous.endswith(("-", "–")) and following[:1].isdigit():
        return ""  # "giai đoạn 2021-" + "2025"
    if following[:1].islower() and not previous.endswith((".", ":", ";", "!", "?", "./.")):
        return " "
    return None


def continues(previous: str, following: str) -> str | None:
    """The joint text if `following` continues `previous` across a page break, else None."""
    separator = _separator(previous, following)
    return None if separator is None else previous + separator + following


def clean(source: SourceText) -> CleanText:
    """Normalize, drop boilerplate, re-join page-break splits; keep each line's source span."""
    pieces: list[tuple[list[str], int, int]] = []  # parts of each output line (joined once, at the end), span
    truncated = False
    removed = 0
    for raw, origin in zip(source.lines, source.origins, strict=False):
        text, truncation, boilerplate = _read_line(raw)
        if not text:
            continue
        truncated = truncated or truncation
        if boilerplate:
            removed += 1
            continue
        if pieces:
            parts, start, _ = pieces[-1]
            separator = _separator(parts[-1], text)
            if separator is not None:
                parts.extend((separator, text))
                pieces[-1] = (parts, start, origin)
                continue
        pieces.append(([text], origin, origin))
    out = [Line("".join(parts), start, end) for parts, start, end in pieces]
    return CleanText(out, truncated, removed)
