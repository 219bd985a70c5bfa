"""Diacritic-insensitive search: parse a query, match it in Vietnamese text, rank and highlight. Pure functions.

Matching works on folded text (lower case, no diacritics, đ→d; see `loaders.textnorm.fold`). A query term matches
at the start of a word ("tuyen" finds "tuyên truyền", "binh dang gioi" finds "Bình đẳng giới"); a "d" in a
query also matches "dd", and "dd" typed the Telex way means "đ" (so "dd", "d" and "đ" all find "đ").
Text shown to the user is always HTML-escaped before matches are wrapped in <mark>.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from loaders.textnorm import fold

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
_EDGE_PUNCT = string.punctuation + "“”‘’«»…–—•·"
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')
# html.escape's entities, plus numeric entities for what Markdown (and Streamlit's extensions: $math$, :red[...])
# would interpret, so escaped text stays text even inside st.markdown(..., unsafe_allow_html=True). One pass.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "\n": "<br>",
                          **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-!|~$:^="}})


@dataclass(frozen=True)
class Score:
    """How well a text matches a query; compare with `rank_key`."""

    matched_terms: int = 0  # distinct query terms found
    phrase: bool = False  # the whole query found as one phrase (only for queries of several terms)
    whole_words: int = 0  # hits that are whole words, not just word starts
    hits: int = 0  # all hits of all terms (term frequency)

    def rank_key(self) -> tuple[int, int, int, int]:
        """Sort ascending on this for best first."""
        return (-self.matched_terms, -int(self.phrase), -self.whole_words, -self.hits)


def _fold_term(term: str) -> str:
    folded = fold(term).strip(_EDGE_PUNCT + " ")
    # Telex: "dd" is how "đ" is typed; a "d" in a term matches "d" or "dd" in the text (see term_pattern).
    while "dd" in folded:
        folded = folded.replace("dd", "d")
    return folded


def parse_query(query: str | None) -> list[str]:
    """Folded search terms: words, or "quoted phrases" kept whole; punctuation at the edges dropped, no repeats."""
    terms: list[str] = []
    for match in _QUOTED.finditer((query or "")[:MAX_QUERY_CHARS]):
        raw = next(group for group in match.groups() if group is not None)
        term = _fold_term(raw)
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _char_pattern(ch: str) -> str:
    return "dd?" if ch == "d" else re.escape(ch)


def term_pattern(term: str) -> str:
    """Regex (Python syntax) for one folded term in folded text: at a word start, "d" also matching "dd"."""
    words = [w for w in term.split(" ") if w]
    body = r"\s+".join("".join(_char_pattern(ch) for ch in word) for word in words)
    return (r"(?<!\w)" if term[:1].isalnum() else "") + body


@lru_cache(maxsize=256)
def _compiled(term: str) -> re.Pattern[str]:
    return re.compile(term_pattern(term))


def prefilter_pattern(terms: Iterable[str]) -> str | None:
    """An RE2 regex (DuckDB's regexp_matches) that every folded text matching any term also matches.

    Looser than the Python match (no word-start anchor, which RE2 lacks), so a prefilter never loses a hit.
    None when there is nothing to search for.
    """
    parts = []
    for term in terms:
        words = [w for w in term.split(" ") if w]
        if words:
            parts.append(r"\s+".join("".join(_char_pattern(ch) for ch in word) for word in words))
    return "|".join(f"(?:{p})" for p in parts) or None


# White space as Python's str.split() sees it (what `fold` collapses), in RE2 syntax.
_RE2_SPACE = r"[\s\pZ\x{0B}\x{1C}-\x{1F}\x{85}]+"


def _re2_literal(word: str) -> str:
    return "".join(ch if ch.isascii() and ch.isalnum() else f"\\x{{{ord(ch):X}}}" for ch in word)


def needle_regex(needle: str | None) -> str | None:
    """For a folded needle of several words ("bao luc"), an RE2 regex finding it in folded text whose words are
    separated by any white space (the fold of the whole text collapses it to one space); None for one word or
    nothing, which SQL finds with contains(). Every character but ASCII letters and digits is written as \\x{..}."""
    words = (needle or "").split(" ")
    if len(words) < 2:
        return None
    return _RE2_SPACE.join(_re2_literal(w) for w in words)


class _FoldTable(dict):
    """str.translate table folding one character at a time (filled on first use of each character)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c))
        self[code] = folded.replace("đ", "d")
        return self[code]


_FOLD = _FoldTable()


def fold_chars(text: str) -> str:
    """`loaders.textnorm.fold` without collapsing white space, so positions stay comparable; fast (str.translate)."""
    return text.translate(_FOLD)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold_chars(text)` with the index in `text` of every folded character."""
    offsets: list[int] = []
    for i, ch in enumerate(text):
        n = len(_FOLD[ord(ch)])
        if n == 1:
            offsets.append(i)
        elif n:
            offsets.extend([i] * n)
    return fold_chars(text), offsets


def _to_original(text: str, offsets: list[int], start: int, end: int) -> tuple[int, int]:
    o_start = offsets[start]
    o_end = offsets[end - 1] + 1
    while o_end < len(text) and unicodedata.combining(text[o_end]):  # keep a letter and its marks together
        o_end += 1
    return o_start, o_end


def find_matches(terms: list[str], text: str | None) -> list[tuple[int, int, int]]:
    """Every hit as (start, end, term index), positions in the original `text`, in text order."""
    if not text or not terms:
        return []
    folded, offsets = fold_with_offsets(text)
    hits = []
    for k, term in enumerate(terms):
        for m in _compiled(term).finditer(folded):
            if m.end() > m.start():
                start, end = _to_original(text, offsets, m.start(), m.end())
                hits.append((start, end, k))
    return sorted(hits)


def score(terms: list[str], text: str | None) -> Score:
    """Matched terms, phrase bonus, whole-word hits and term frequency of `terms` in `text`."""
    if not text or not terms:
        return Score()
    folded = fold_chars(text)
    matched = whole = hits = 0
    for term in terms:
        found = list(_compiled(term).finditer(folded))
        if found:
            matched += 1
        hits += len(found)
        whole += sum(1 for m in found if m.end() == len(folded) or not folded[m.end()].isalnum())
    phrase = len(terms) > 1 and _compiled(" ".join(terms)).search(folded) is not None
    return Score(matched, phrase, whole, hits)


def escape_text(text: str | None) -> str:
    """Document text made safe for HTML and for Markdown: shown exactly as written, never interpreted."""
    return str(text or "").translate(_ESCAPES)


_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:<>^=&])")


def escape_markdown(text: str | None) -> str:
    """Text for places that read Markdown but not HTML (metric and tab labels): specials backslash-escaped."""
    return _MD_SPECIALS.sub(r"\\\1", str(text or "")).replace("\n", " ")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight(text: str | None, terms: list[str]) -> str:
    """`text` escaped, with each match wrapped in <mark>."""
    text = str(text or "")
    spans = merge_spans((s, e) for s, e, _ in find_matches(terms, text))
    out, pos = [], 0
    for start, end in spans:
        out.append(escape_text(text[pos:start]))
        out.append(f"<mark>{escape_text(text[start:end])}</mark>")
        pos = end
    out.append(escape_text(text[pos:]))
    return "".join(out)


def rank(rows: list[dict], terms: list[str], text_key: str = "text", require_all: bool = False) -> list[dict]:
    """Rows whose `text_key` matches, best first, each with its `score` added; ties keep the given order."""
    scored = []
    for i, row in enumerate(rows):
        s = score(terms, row.get(text_key))
        if s.matched_terms == 0 or (require_all and s.matched_terms < len(terms)):
            continue
        scored.append((s.rank_key(), i, {**row, "score": s}))
    return [row for _, _, row in sorted(scored, key=lambda item: (item[0], item[1]))]


def score_texts(ids: Iterable[int], texts: Iterable[str], terms: list[str], require_all: bool = False) -> dict[str, list]:
    """The candidate texts (search_texts: text_id, text) that match, scored once each, as the bound parameters of
    the search_* queries: ids, ranks (the dense rank of `Score.rank_key`, 0 best), matched (terms matched) and hits.
    The rows carrying them ordered by rank, then in their own order, are what `rank` gives for those rows (a score
    depends on the text alone)."""
    kept: list[tuple[int, Score]] = []
    for text_id, text in zip(ids, texts, strict=True):
        s = score(terms, text)
        if s.matched_terms and not (require_all and s.matched_terms < len(terms)):
            kept.append((int(text_id), s))
    dense = {key: i for i, key in enumerate(sorted({s.rank_key() for _, s in kept}))}
    return {"ids": [i for i, _ in kept], "ranks": [dense[s.rank_key()] for _, s in kept],
            "matched": [s.matched_terms for _, s in kept], "hits": [s.hits for _, s in kept]}
