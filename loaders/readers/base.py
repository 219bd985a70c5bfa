"""The shape every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field


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
