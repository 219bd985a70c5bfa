"""Helpers shared by the extractors: abbreviation expansion, keyword sets, provenance."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from loaders import vocab
from loaders.clean import CleanText
from loaders.memo import text_cache
from loaders.outline import Layout, Section
from loaders.reference import split_list, table
from loaders.textnorm import fold

_ABBR = re.compile(r"\b(" + "|".join(map(re.escape, vocab.ABBREVIATIONS)) + r")\b")


def expand(text: str) -> str:
    """Spell out abbreviations (BĐG, BDG, VSTBPN, ...) so keywords match either form."""
    return _ABBR.sub(lambda m: vocab.ABBREVIATIONS[m.group(1)], text)


@text_cache(maxsize=8192)
def folded(text: str) -> str:
    """Expanded and folded text, for keyword matching."""
    return fold(expand(text))


class KeywordIndex:
    """Every folded keyword of a reference table in one Aho–Corasick automaton: one pass over a text finds
    all of them (overlapping ones too), instead of one regular-expression search per row of the table."""

    def __init__(self, rows: list[tuple[str, list[str]]]):
        self.order = {key: i for i, (key, _) in enumerate(rows)}
        ids_by_word: dict[str, list[str]] = {}
        for key, words in rows:
            for word in words:
                if word and key not in ids_by_word.setdefault(word, []):
                    ids_by_word[word].append(key)
        self.automaton = ahocorasick.Automaton()
        for word, ids in ids_by_word.items():
            self.automaton.add_word(word, (len(word), tuple(ids)))
        self.empty = not ids_by_word
        if not self.empty:
            self.automaton.make_automaton()

    def ids(self, text: str) -> list[str]:
        """Ids whose keywords occur in `text` as whole words (no letter, digit or _ on either side)."""
        if self.empty:
            return []
        found: set[str] = set()
        last = len(text) - 1
        for end, (length, ids) in self.automaton.iter(text):
            start = end - length + 1
            if start > 0:
                ch = text[start - 1]
                if ch.isalnum() or ch == "_":  # what the regular expression \w matches
                    continue
            if end < last:
                ch = text[end + 1]
                if ch.isalnum() or ch == "_":
                    continue
            found.update(ids)
        return sorted(found, key=self.order.__getitem__)


@cache
def keyword_sets(name: str, id_column: str) -> KeywordIndex:
    """The folded keywords of each row of a reference table, ready to search."""
    return KeywordIndex([(row[id_column], [fold(w) for w in split_list(row["keywords"])]) for row in table(name)])


def match_keywords(text: str, name: str, id_column: str) -> list[str]:
    """Ids of reference rows whose keywords occur in `text` (folded, word-bounded), in the table's order."""
    return list(_matched_keywords(text, name, id_column))


@text_cache(maxsize=8192)
def _matched_keywords(text: str, name: str, id_column: str) -> tuple[str, ...]:
    return tuple(keyword_sets(name, id_column).ids(folded(text)))


@dataclass(frozen=True)
class Span:
    """Where a row comes from: section path, source line span and the quoted sentence."""

    section_path: str | None
    line_start: int
    line_end: int
    quote: str

    def as_dict(self) -> dict:
        return {"section_path": self.section_path, "line_start": self.line_start,
                "line_end": self.line_end, "quote": self.quote}


@dataclass(frozen=True)
class Block:
    """A run of text to extract from: a section node's own lines, or the preamble."""

    path: str | None
    kind: str
    text: str
    line_start: int
    line_end: int
    in_decision: bool = False
    in_preamble: bool = False
    node: Section | None = None

    def span(self, quote: str | None = None) -> Span:
        return Span(self.path, self.line_start, self.line_end, quote or self.text)


def blocks(doc: CleanText, lay: Layout, sections: list[Section]) -> list[Block]:
    """The document as blocks: decision part, preamble, then each node's heading and body."""
    out: list[Block] = []
    lines = doc.lines
    for (a, b), in_decision in ((lay.decision, True), (lay.preamble, False)):
        for line in lines[a:b]:
            out.append(Block("preamble", "preamble", line.text, line.start, line.end,
                             in_decision=in_decision, in_preamble=True))
    child_firsts: dict[str | None, list[int]] = {}
    for s in sections:
        child_firsts.setdefault(s.parent, []).append(s.first)
    for node in sections:
        # The node's own lines end before its first child's heading (one lookup, not a scan of all sections).
        firsts = sorted(child_firsts.get(node.path, ()))
        at = bisect.bisect_right(firsts, node.first)
        own_last = firsts[at] - 1 if at < len(firsts) and firsts[at] <= node.last else node.last
        out.append(Block(node.path, node.kind, node.text, lines[node.first].start,
                         lines[own_last].end, node=node))
    return out


MAX_SENTENCE_CHARS = 2000  # real sentences stay under ~600; longer runs are cut at a space so work per sentence is bounded


def sentences(text: str) -> list[str]:
    """Split at sentence ends and semicolons, keeping abbreviations such as "TP." intact."""
    return list(_sentences(text))  # several extractors split the same block: remembered


@text_cache(maxsize=4096, max_chars=MAX_SENTENCE_CHARS)
def _sentences(text: str) -> tuple[str, ...]:
    parts = re.split(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-–(“\"])|;\s+", text)
    out = []
    for part in parts:
        while len(part) > MAX_SENTENCE_CHARS:
            cut = part.rfind(" ", MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)
            cut = cut if cut > 0 else MAX_SENTENCE_CHARS
            out.append(part[:cut])
            part = part[cut:]
        out.append(part)
    return tuple(p.strip() for p in out if p.strip())
