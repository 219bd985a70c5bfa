"""Named initiatives: models, projects, campaigns and events named in quotes or after "mô hình"."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from loaders import vocab
from loaders.extract.common import Block
from loaders.memo import text_cache
from loaders.textnorm import fold

_QUOTED = re.compile(r"[“\"]([^”\"]{6,200})[”\"]")
_NAMED = re.compile(r"\b(?:" + "|".join(vocab.INITIATIVE_PREFIXES) + r")\s+([^,;.:()“”\"]{5,120})")
_STANDALONE = [re.compile(p) for p in vocab.INITIATIVE_PATTERNS]
_STOP = re.compile(r"\s+(?:" + "|".join(vocab.INITIATIVE_STOPWORDS) + r")\b.*$")
_CANON = [(re.compile(p), name) for p, name in vocab.INITIATIVE_CANON_FOLDED.items()]


def initiative_key(name: str) -> str:
    """Folded, punctuation-free key so spellings of one initiative collapse."""
    f = fold(name)
    for pattern, canonical in _CANON:
        if pattern.search(f):
            return re.sub(r"[^a-z0-9]+", " ", fold(canonical)).strip()
    return re.sub(r"[^a-z0-9]+", " ", f).strip()


def parse_initiatives(blocks: list[Block]) -> list[dict]:
    """One row per distinct initiative in the plan, at its first mention."""
    rows: list[dict] = []
    seen: set[str] = set()
    for block in blocks:
        if block.in_decision:
            continue
        for canonical, key in _named_in(block.text):
            if key in seen or len(seen) >= 500 or process.extractOne(key, seen, scorer=fuzz.ratio, score_cutoff=88):
                continue  # bounded; a spelling close to one already seen is the same initiative
            seen.add(key)
            rows.append({"name": canonical, "initiative_key": key, **block.span().as_dict()})
    return rows


@text_cache(maxsize=4096)
def _named_in(text: str) -> tuple[tuple[str, str], ...]:
    """(name, key) of each initiative a text names, in order (names of one word are not initiatives)."""
    names = [m.group(1) for m in _QUOTED.finditer(text)]
    names += [_STOP.sub("", m.group(1)) for m in _NAMED.finditer(text)
              if m.group(1)[:1].isupper() or any(p.search(fold(m.group(1))) for p, _ in _CANON)]
    names += [_STOP.sub("", m.group(0)) for p in _STANDALONE for m in p.finditer(text)]
    out = []
    for raw in names:
        name = raw.strip(" -–,;.")
        if len(name.split()) >= 2:
            out.append((next((c for p, c in _CANON if p.search(fold(name))), name), initiative_key(name)))
    return tuple(out)
