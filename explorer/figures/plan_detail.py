"""Views of the plan-detail page: the outline and the highlighted text, as HTML built by pure functions.

Every piece of document text goes through `explorer.search.escape_text` (html.escape plus Markdown characters), so
a plan containing <script> or [links](...) shows them as text. Labels are passed in already translated.
"""

from __future__ import annotations

import pandas as pd

from explorer.search import escape_text

# One colour per kind of extracted row (same order as the legend).
ITEM_COLORS = {
    "target": "#c2185b", "activity": "#1565c0", "responsibility": "#2e7d32", "citation": "#6a1b9a",
    "deadline": "#ef6c00", "budget": "#00838f", "initiative": "#8d6e63",
}
_LINE_TINT = "#fff8e1"


def _span(start, end) -> str:
    return f"{start}" if start == end else f"{start}–{end}"


def items_by_line(lines: pd.DataFrame, items: pd.DataFrame) -> dict[int, list[dict]]:
    """For each row position of `lines`, the `items` whose source span overlaps the line's span (in item order)."""
    out: dict[int, list[dict]] = {}
    if lines.empty or items.empty:
        return out
    records = items.to_dict("records")
    for pos, (start, end) in enumerate(zip(lines["line_start"], lines["line_end"], strict=True)):
        hits = [r for r in records if r["line_start"] <= end and r["line_end"] >= start]
        if hits:
            out[pos] = hits
    return out


def legend_html(names: dict[str, str]) -> str:
    """Coloured chips naming each kind of extracted row."""
    chips = "".join(
        f"<span style='display:inline-block;margin:2px 6px 2px 0;padding:1px 8px;border-radius:10px;"
        f"background:{ITEM_COLORS.get(kind, '#546e7a')};color:#fff;font-size:0.8em'>{escape_text(name)}</span>"
        for kind, name in names.items())
    return f"<div>{chips}</div>"


def text_html(lines: pd.DataFrame, items: pd.DataFrame, only_marked: bool = False) -> str:
    """The plan's lines with their source line span; lines that produced rows are tinted and carry one small label
    per row (column `label` of `items`, coloured by its `item` kind)."""
    marked = items_by_line(lines, items)
    rows = []
    for pos, (start, end, text) in enumerate(zip(lines["line_start"], lines["line_end"], lines["text"], strict=True)):
        hits = marked.get(pos, [])
        if only_marked and not hits:
            continue
        color = ITEM_COLORS.get(hits[0]["item"], "#546e7a") if hits else "transparent"
        chips = "".join(
            f"<span style='display:inline-block;margin:2px 4px 0 0;padding:0 6px;border-radius:3px;font-size:0.75em;"
            f"background:{ITEM_COLORS.get(h['item'], '#546e7a')};color:#fff'>{escape_text(h['label'])}</span>"
            for h in hits)
        rows.append(
            f"<div style='display:flex;gap:0.6em;padding:2px 6px;margin:1px 0;border-left:4px solid {color};"
            f"background:{_LINE_TINT if hits else 'transparent'}'>"
            f"<span style='flex:0 0 4.5em;color:#888;font-size:0.8em;text-align:right;padding-top:0.15em'>"
            f"{escape_text(_span(start, end))}</span>"
            f"<div style='flex:1'>{escape_text(text)}{'<br>' + chips if chips else ''}</div></div>")
    return "<div style='line-height:1.45'>" + "".join(rows) + "</div>"


def outline_html(sections: pd.DataFrame, lines_word: str) -> str:
    """The section tree indented by depth: path, heading, kind (column `kind_label`) and line span."""
    rows = []
    for row in sections.itertuples():
        depth = int(row.depth) if pd.notna(row.depth) else 1
        heading = row.heading if isinstance(row.heading, str) else ""
        if len(heading) > 160:
            heading = heading[:157] + "…"
        rows.append(
            f"<div style='padding:1px 0 1px {(depth - 1) * 1.4:.1f}em'>"
            f"<b>{escape_text(row.path)}</b> {escape_text(heading)} "
            f"<span style='color:#888;font-size:0.8em'>· {escape_text(row.kind_label)} · {escape_text(lines_word)} "
            f"{escape_text(_span(row.line_start, row.line_end))}</span></div>")
    return "<div>" + "".join(rows) + "</div>"
