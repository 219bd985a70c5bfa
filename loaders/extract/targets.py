"""Targets (chỉ tiêu): quantified objectives with value, unit, comparator and indicator."""

from __future__ import annotations

import re

from loaders import vocab
from loaders.extract.common import Block, folded, match_keywords, sentences
from loaders.memo import text_cache
from loaders.reference import table

_VALUE = re.compile(
    r"(?<![\d/.,])(\d{1,3}(?:[.,]\d+)?)(?:\s*(?:-|–|đến)\s*(\d{1,3}(?:[.,]\d+)?))?\s*(%|phần trăm)(?:\s*(trở lên))?"
)
_COUNT = re.compile(
    r"(?<![\d/.,])(\d{1,5})\s+(" + "|".join(sorted(map(re.escape, vocab.TARGET_COUNT_UNITS), key=len, reverse=True))
    + r")(?!\w)"
)
_COMPARATORS = [(c, re.compile(p)) for c, p in vocab.COMPARATORS_FOLDED]
_CONTEXT = re.compile(vocab.TARGET_CONTEXT_FOLDED)
_YEAR = re.compile(r"(?:năm|đến|vào)\s+(20\d\d)")


def _national(indicator_key: str | None) -> str | None:
    for row in table("indicators"):
        if row["indicator_key"] == indicator_key:
            return row["national_target_id"] or None
    return None


def _comparator(before: str, after: str) -> str:
    window = folded(before[-25:] + " " + after[:15])
    for comparator, pattern in _COMPARATORS:
        if pattern.search(window):
            return comparator
    return "="


def parse_targets(blocks: list[Block], plan_year: int | None) -> list[dict]:
    """Targets from objective sections (any percentage) and elsewhere (percentages with "phấn đấu/chỉ tiêu/đạt")."""
    rows: list[dict] = []
    for block in blocks:
        if block.node is not None and block.node.children:
            continue  # a heading over target items is not itself a target
        in_objectives = block.kind == "objectives"
        for sentence in sentences(block.text):
            for found in _targets_in(sentence, in_objectives):
                rows.append({**found, "target_year": found["target_year"] or plan_year,
                             **block.span(sentence).as_dict()})
    return rows


@text_cache(maxsize=4096)
def _targets_in(sentence: str, in_objectives: bool) -> tuple[dict, ...]:
    """The targets one sentence states (target_year None when it names no year). Remembered: plans copy their
    targets' sentences. The dicts are shared, so callers copy them."""
    if not in_objectives and not _CONTEXT.search(folded(sentence)):
        return ()
    found = [(m, "%") for m in _VALUE.finditer(sentence)]
    if in_objectives and not found:
        found = [(m, m.group(2)) for m in _COUNT.finditer(sentence)]
    out = []
    for m, unit in found[:20]:  # a sentence states a few targets; bounded work on hostile text
        value = float(m.group(1).replace(",", "."))
        value_max = float(m.group(2).replace(",", ".")) if unit == "%" and m.group(2) else None
        indicator_text = (sentence[: m.start()] + sentence[m.end():]).strip(" -–:;.,")
        keys = match_keywords(indicator_text, "indicators", "indicator_key")
        key = keys[0] if keys else None
        year = _YEAR.search(sentence[m.end():]) or _YEAR.search(sentence)
        if value_max is not None:
            comparator = "range"
        elif unit == "%" and m.group(4):
            comparator = ">="
        else:
            comparator = _comparator(sentence[: m.start()], sentence[m.end():])
        out.append({
            "value": value,
            "value_max": value_max,
            "unit": unit,
            "comparator": comparator,
            "indicator_text": indicator_text,
            "indicator_key": key,
            "target_year": int(year.group(1)) if year else None,
            "national_target_id": _national(key),
        })
    return tuple(out)
