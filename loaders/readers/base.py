"""The shape every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# Characters of text a document may have (a long plan has ~100,000; extraction time grows with the text).
MAX_TEXT_CHARS = 2_000_000


def too_long_message(chars: int) -> str:
    return (f"the document has more than {MAX_TEXT_CHARS:,} characters of text (a long plan has about 100,000); "
            "refused, split it")


@dataclass(frozen=True)
class SourceText:
    """Text lines of a document and, for each, its 1-based position in the source.

    For .txt the position is the file's line number; for .docx the paragraph (or table
    cell) number; for .pdf the running line number across pages; for .html the block number.
    """

    lines: list[str]
    origins: list[int]
    fmt: str
    info: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: list[str], fmt: str, info: dict[str, str] | None = None) -> SourceText:
        """Number lines 1..n, the common case."""
        return cls(lines, list(range(1, len(lines) + 1)), fmt, info or {})

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
