"""Activities: leaf items of the content section, with themes, strategy objectives and timeframe."""

from __future__ import annotations

import re

from loaders import vocab
from loaders.extract.common import Block, folded, match_keywords
from loaders.memo import text_cache
from loaders.outline import Section

_TIME_ITEM = re.compile(vocab.TIMEFRAME_ITEM_FOLDED)
_TIMEFRAMES = [re.compile(p, re.I) for p in vocab.TIMEFRAME_PATTERNS]


_DIGIT = re.compile(r"\d")


@text_cache(maxsize=2048, max_chars=2000)  # a heading is asked again for each item below it
def find_timeframe(text: str) -> str | None:
    """The stated time of an item ("Quý I-IV/2024", "từ 15/11 đến 15/12"), as printed."""
    # Only the first two patterns can match without a digit ("Thời gian: ...", "Quý I").
    for pattern in _TIMEFRAMES if _DIGIT.search(text) else _TIMEFRAMES[:2]:
        if m := pattern.search(text):
            return m.group(1).strip(" ,.;()")
    return None


def themes_of(text: str) -> list[str]:
    """Theme ids whose keywords occur; ["other"] when none does."""
    return match_keywords(text, "themes", "theme_id") or ["other"]


def parse_activities(blocks: list[Block], sections: list[Section]) -> list[dict]:
    """One row per leaf node under a content section; "Thời gian:" items give their siblings' time."""
    by_path = {s.path: s for s in sections}
    time_items: dict[str | None, str] = {}
    for s in sections:
        if s.marker_kind == "dash" and _TIME_ITEM.match(folded(s.heading)):
            time_items[s.parent] = find_timeframe(s.text) or s.text.split(":", 1)[-1].strip()
    rows = []
    for block in blocks:
        node = block.node
        if node is None or node.kind != "content" or node.children:
            continue
        if node.marker_kind == "dash" and _TIME_ITEM.match(folded(node.heading)):
            continue
        timeframe = find_timeframe(block.text) or time_items.get(node.parent)
        parent = by_path.get(node.parent) if node.parent else None
        while timeframe is None and parent is not None:
            timeframe = find_timeframe(parent.heading)
            parent = by_path.get(parent.parent) if parent.parent else None
        # The heading above an item says what it is part of ("Tháng hành động", "Ban VSTBPN").
        context = " ".join(p.heading for p in _ancestors(node, by_path))
        rows.append({
            "text": block.text,
            "themes": themes_of(block.text + " " + context),
            "objectives": match_keywords(block.text, "strategy_objectives", "objective_id"),
            "timeframe": timeframe,
            **block.span().as_dict(),
        })
    return rows


def _ancestors(node: Section, by_path: dict[str, Section]) -> list[Section]:
    out = []
    parent = by_path.get(node.parent) if node.parent else None
    while parent is not None and parent.depth > 1:
        out.append(parent)
        parent = by_path.get(parent.parent) if parent.parent else None
    return out
