"""Plain text and Markdown: UTF-8 (with or without BOM) or UTF-16; anything else is refused."""

from __future__ import annotations

import codecs

from loaders.errors import LoaderError
from loaders.readers.base import SourceText


def decode_text(data: bytes) -> str:
    """Decode UTF-8/UTF-16 strictly; refuse other encodings rather than store mojibake."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    elif len(data) >= 4 and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        return _strict(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    if b"\x00" in data:
        raise LoaderError("binary data: this is not a text file", stage="read")
    return _strict(data, "utf-8")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise LoaderError(
            f"not valid {encoding.upper()} text (byte {err.start}); save the file as UTF-8 "
            "(TCVN3/VNI/Windows-1258 files must be converted first)",
            stage="read",
        ) from None


def read_text(data: bytes) -> SourceText:
    """Read .txt/.md bytes; lines keep their file line numbers."""
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    return SourceText.from_lines(text.split("\n"), "txt")
