"""Readers turn file bytes into `SourceText`: lines of text plus where each line came from."""

from __future__ import annotations

from loaders.errors import LoaderError
from loaders.readers.base import MAX_TEXT_CHARS, SourceText, too_long_message
from loaders.readers.docx import read_docx
from loaders.readers.html import read_html
from loaders.readers.pdf import read_pdf
from loaders.readers.text import read_text

READERS = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_bytes(data: bytes, suffix: str) -> SourceText:
    """Dispatch on the file suffix; unknown suffixes are refused with a clear message."""
    reader = READERS.get(suffix.lower())
    if reader is None:
        raise LoaderError(
            f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})",
            stage="read",
        )
    if not data.strip():
        raise LoaderError("the file is empty", stage="read")
    source = reader(data)
    chars = sum(len(line) for line in source.lines)
    if chars > MAX_TEXT_CHARS:
        raise LoaderError(too_long_message(chars), stage="read")
    return source


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "SourceText", "read_bytes"]
