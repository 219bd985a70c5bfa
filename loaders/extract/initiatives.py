"""Named initiatives: models, projects, campaigns and events named in quotes or after "mô hình"."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from loaders import vocab
from loaders.extract.common import Block
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
        names = [m.group(1) for m in _QUOTED.finditer(block.text)]
        names += [_STOP.sub("", m.group(1)) for m in _NAMED.finditer(block.text)
                  if m.group(1)[:1].isupper() or any(p.search(fold(m.group(1))) for p, _ in _CANON)]
        names += [_STOP.sub("", m.group(0)) for p in _STANDALONE for m in p.finditer(block.text)]
        for raw in names:
            name = raw.strip(" -–,;.")
            if len(name.split()) < 2:
                continue
            key = initiative_key(name)
            if key in seen or len(seen) >= 500 or any(fuzz.ratio(key, other) >= 88 for other in seen):  # bounded
                continue
            seen.add(key)
            canonical = next((c for p, c in _CANON if p.search(fold(name))), name)
            rows.append({"name": canonical, "initiative_key": key, **block.span().as_dict()})
    return rows
