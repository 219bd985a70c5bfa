"""Agency names → canonical agencies from data/reference/agencies.csv, found in running text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from loaders.memo import text_cache
from loaders.reference import split_list, table
from loaders.textnorm import KEY_TABLE, fold
from loaders.trie import trie_pattern

_TITLES = re.compile(r"^(giam doc|pho giam doc|truong|pho truong|chanh van phong|chu tich|thu truong)\s+")
_UNKNOWN_HEAD = re.compile(
    r"\b(Sở|Phòng|Ban|Hội|Công an|Trung tâm|Đài|Báo|Ủy ban|UBND|Liên đoàn|Tỉnh đoàn|Huyện đoàn|Cục|Chi cục|Viện|Văn phòng)\s+"
)
# Words that end an agency name in running text (the verb or preposition that follows it).
_NAME_STOP = frozenset(
    ["chủ", "phối", "tham", "thực", "triển", "tổ", "có", "để", "trong", "theo", "với", "tích", "đẩy", "chịu", "căn", "hướng", "xây", "lồng", "bám", "phát", "kiểm", "là", "được", "các", "tại", "nhằm", "cung", "tăng", "tiếp", "đề", "chỉ", "đôn", "báo", "cân", "trình", "thông", "hàng", "làm", "tuyên"]
)
# Heads that start ordinary words, not agencies ("Báo cáo", "Ban hành", "Hội thảo").
_NOT_AGENCY = re.compile(r"^(Báo cáo|Ban hành|Ban soạn thảo|Hội thi|Hội nghị|Hội thảo|Hội đồng thi|Phòng chống|Phòng ngừa|Phòng, chống)", re.I)


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    short_name: str
    sector: str
    level: str


def agency_key(text: str) -> str:
    """Fold and drop everything but letters and digits: "Sở LĐ-TB&XH" == "Sở LĐTBXH"."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


@cache
def agencies() -> dict[str, Agency]:
    """Canonical agencies by id."""
    return {
        r["agency_id"]: Agency(r["agency_id"], r["name"], r["short_name"], r["sector"], r["level"])
        for r in table("agencies")
    }


@cache
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in table("agencies"):
        # A group's short name ("Đoàn thể") is a label, too generic to find in running text.
        names = [row["name"], *split_list(row["aliases"])]
        if row["sector"] != "multi":
            names.append(row["short_name"])
        for alias in names:
            key = agency_key(alias)
            if len(key) >= 3:
                index.setdefault(key, row["agency_id"])
    return index


@cache
def _alias_regex() -> re.Pattern[str]:
    return re.compile(trie_pattern(list(_alias_index())))  # longest alias first at each position


def canonical(name: str) -> Agency | None:
    """The agency a name refers to (exact alias after folding, then a close fuzzy match)."""
    key = agency_key(_TITLES.sub("", fold(name)))
    index = _alias_index()
    if key in index:
        return agencies()[index[key]]
    from rapidfuzz import fuzz, process

    hit = process.extractOne(key, index.keys(), scorer=fuzz.ratio, score_cutoff=92)
    return agencies()[index[hit[0]]] if hit else None


@dataclass(frozen=True)
class Mention:
    """An agency named in a text: where, as printed, and its canonical id (None if unknown)."""

    start: int
    end: int
    raw: str
    agency_id: str | None


_LUT_SIZE = 0x3000  # Latin, Vietnamese, punctuation, symbols: all but rare scripts and emoji


@cache
def _key_lengths() -> np.ndarray:
    """For each code point below _LUT_SIZE, how many key characters it yields (0 or 1, rarely more)."""
    return np.array([len(KEY_TABLE[code]) for code in range(_LUT_SIZE)], dtype=np.int64)


def _offsets(text: str) -> list[int]:
    """For each character of `text`'s agency key, its offset in `text`."""
    return [i for i, ch in enumerate(text) for _ in KEY_TABLE[ord(ch)]]


def _char_positions(text: str, key_indices: list[int]) -> list[int]:
    """The offset in `text` of each given character of its agency key (as `_offsets(text)[k]` for each k).

    Numpy counts key characters per character and bisects, so a long sentence costs no Python loop.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codes) < 48 or int(codes.max()) >= _LUT_SIZE:  # short, or a character beyond the table: in Python
        offsets = _offsets(text)
        return [offsets[k] for k in key_indices]
    counted = np.cumsum(_key_lengths()[codes])  # key characters up to and including each character
    return np.searchsorted(counted, np.asarray(key_indices), side="right").tolist()


def find_agencies(text: str, include_unknown: bool = True) -> list[Mention]:
    """Every agency mentioned in `text`, longest alias first, known and (optionally) unknown.

    Plans copy each other's sentences ("Phòng Lao động - TB&XH chủ trì, phối hợp ...") and several extractors
    ask about the same sentence: the mentions are remembered (Mention is immutable; each caller gets a list).
    """
    return list(_find(text, include_unknown))


@text_cache(maxsize=8192)
def _find(text: str, include_unknown: bool) -> tuple[Mention, ...]:
    matches = list(_alias_regex().finditer(text.translate(KEY_TABLE)))
    # Where each match starts and ends in `text` (most sentences name no agency: nothing to map).
    ends = _char_positions(text, [k for m in matches for k in (m.start(), m.end() - 1)]) if matches else []
    index = _alias_index()
    found: list[Mention] = []
    taken = bytearray(len(text))  # 1 where a mention was found (allocated and searched in C)
    for j, m in enumerate(matches):
        a, b = ends[2 * j], ends[2 * j + 1] + 1
        if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            continue  # inside a longer word
        if taken.find(1, a, b) != -1:
            continue
        taken[a:b] = b"\x01" * (b - a)
        found.append(Mention(a, b, text[a:b], index[m.group(0)]))
    if include_unknown:
        for m in _UNKNOWN_HEAD.finditer(text):
            a = m.start()
            if taken.find(1, a, m.end()) != -1:
                continue
            raw = _unknown_name(text[a:a + 400])  # a name is at most 10 words: no copy of the whole rest
            if raw is None:
                continue
            agency = canonical(raw)
            found.append(Mention(a, a + len(raw), raw, agency.agency_id if agency else None))
    return tuple(sorted(found, key=lambda x: x.start))


def _unknown_name(text: str) -> str | None:
    """An agency name at the start of `text`: the head and the words before a verb or punctuation."""
    if _NOT_AGENCY.match(text):
        return None
    words = re.match(r"[^,;:.()\n“”\"]*", text).group(0).split()
    name: list[str] = []
    for i, word in enumerate(words[:10]):
        if i >= 2 and word.lower() in _NAME_STOP:
            break
        name.append(word)
    if len(name) < 2:
        return None
    while name and name[-1].lower() in {"và", "của", "các", "với", "-", "–"}:
        name.pop()
    return " ".join(name) if len(name) >= 2 else None
