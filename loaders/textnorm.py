"""Vietnamese text helpers: NFC, diacritic folding (đ included) and collation keys."""

from __future__ import annotations

import re
import unicodedata

from loaders.memo import text_cache

_SPACE_SET = r" \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff"
# A run of two or more, or one odd space: a lone plain space (most of them) is left alone, not replaced.
_SPACES = re.compile(rf"[{_SPACE_SET}]{{2,}}|[{_SPACE_SET.replace(' ', '', 1)}]")
_WS = re.compile(r"\s+")

# Vietnamese alphabet order; a letter's tone only breaks ties (secondary key).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_SHAPE = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def nfc(text: str) -> str:
    """Unicode NFC: the one form stored, compared and shown."""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Turn non-breaking and odd spaces into plain spaces and collapse runs."""
    if text.isprintable() and "  " not in text:  # every odd space is unprintable: nothing to replace
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def fold_reference(text: str) -> str:
    """The definition of `fold`, one Unicode decomposition per call (slow; `fold` is checked against it)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.replace("đ", "d")).strip()


class _FoldTable(dict):
    """str.translate table: each character (after lower()) → itself without combining marks, đ → d.

    Filled on first sight of a character, so translate runs in C for every later one. Removing the combining
    marks of each character's own decomposition equals removing them after decomposing the whole string:
    canonical reordering only moves combining marks, and all of them are dropped.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


@text_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ→d) and collapse white space: for matching and search.

    The same line is folded by cleaning, layout, the extractors and the plan_lines table, and plans
    repeat each other's sentences, so short texts are remembered.
    """
    lowered = text.lower()
    if not lowered.isascii():
        lowered = lowered.translate(_FOLD_TABLE)
    return " ".join(lowered.split())  # str.split() and re's \s agree on what white space is


class _KeyTable(dict):
    """str.translate table for agency keys: each character → its folded ASCII letters and digits only."""

    def __missing__(self, code: int) -> str:
        key = "".join(c for c in fold_reference(chr(code)) if c.isascii() and c.isalnum())
        self[code] = key
        return key


KEY_TABLE = _KeyTable()


def sort_key(text: str | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Collation key ordering Vietnamese as a dictionary does: a < ă < â < b ... d < đ; tones break ties."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text or "").lower():
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE))
        tone = next((_TONE[c] for c in parts if c in _TONE), 0)
        rank = _RANK.get(base)
        if rank is not None:
            letters.append(100 + rank)
        elif base.isdigit():
            letters.append(50 + int(base) if base.isascii() else 60)
        else:  # white space and punctuation sort before letters
            letters.append(0 if not base.isalnum() else 200 + ord(base[0]))
        tones.append(tone)
    return tuple(letters), tuple(tones)
