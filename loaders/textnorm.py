"""Vietnamese text helpers: NFC, diacritic folding (đ included) and collation keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
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
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ→d) and collapse white space: for matching and search."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.replace("đ", "d")).strip()


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
