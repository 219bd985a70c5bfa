"""Budget: the funding sources a plan names (regular budget, programmes, mobilisation, TT 191)."""

from __future__ import annotations

import re

from loaders import vocab
from loaders.extract.common import Block, folded, sentences

_SOURCES = [(source, re.compile(p)) for source, p in vocab.BUDGET_SOURCES_FOLDED.items()]
_MONEY = re.compile(r"kinh phi|ngan sach|nguon luc|du toan|xa hoi hoa|191/2009|thong tu (so )?191|tai tro|vien tro")


def parse_budget(blocks: list[Block]) -> list[dict]:
    """One row per distinct source named anywhere in the plan, at its first mention."""
    rows: list[dict] = []
    seen: set[str] = set()
    for block in blocks:
        if block.in_decision:
            continue
        for sentence in sentences(block.text):
            f = folded(sentence)
            if not _MONEY.search(f) and block.kind != "budget":
                continue
            for source, pattern in _SOURCES:
                if source not in seen and pattern.search(f):
                    seen.add(source)
                    rows.append({"source": source, "text": sentence, **block.span(sentence).as_dict()})
    return rows
