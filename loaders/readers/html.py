"""Saved web pages via selectolax: keep the document body, drop page furniture."""

from __future__ import annotations

import re

from loaders.errors import LoaderError
from loaders.readers.base import SourceText
from loaders.readers.text import decode_text

DROP_TAGS = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, select, template"
BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "article", "blockquote", "pre", "ul", "ol", "td", "th",
}
# Content containers used by legal-document portals, most specific first.
CONTENT_SELECTORS = (
    "#divContentDoc", ".content1", "#toanvancontent", ".fulltext", ".the-document-body",
    "article", "main", "#content", ".content",
)


# The HTML parser checks the open elements on every block tag, so its time grows with depth x tags:
# 100,000 nested <div>s take minutes. Real pages stay under 100 levels.
MAX_DEPTH = 1000
# Markup left after scripts, styles and inline data are dropped (the parsed tree takes ~20x this in memory).
MAX_MARKUP_CHARS = 8 * 1024 * 1024


def read_html(data: bytes) -> SourceText:
    """Read a saved page; text from the portal's content block when there is one."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    raw = data.decode("utf-8", errors="replace") if data.lstrip()[:1] == b"<" else decode_text(data)
    raw = strip_inert(raw)
    if len(raw) > MAX_MARKUP_CHARS:
        raise LoaderError(f"the HTML page has more than {MAX_MARKUP_CHARS // 2**20} MB of markup besides scripts, "
                          "styles and images; refused", stage="read")
    if (depth := nesting_depth(raw, MAX_DEPTH)) > MAX_DEPTH:
        raise LoaderError(f"the HTML page nests elements more than {MAX_DEPTH} deep ({depth}+); refused",
                          stage="read")
    try:
        tree = HTMLParser(raw)
    except Exception as err:
        raise LoaderError(f"cannot parse HTML: {err}", stage="read") from None
    for node in tree.css(DROP_TAGS):
        node.decompose()
    root = _content_root(tree)
    if root is None:
        raise LoaderError("the HTML page has no body text", stage="read")
    lines: list[str] = []
    _walk(root, lines)
    lines = [line.strip() for line in "".join(lines).split("\n")]
    if not any(lines):
        raise LoaderError("the HTML page has no body text", stage="read")
    return SourceText.from_lines(lines, "html")


def _content_root(tree):
    for selector in CONTENT_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and len(node.text(strip=True)) > 200:
            return node
    return tree.body


def _walk(node, out: list[str]) -> None:
    """Depth-first text with newlines at block boundaries, iterative to survive deep nesting."""
    todo = [(node, False)]
    while todo:
        current, closing = todo.pop()
        tag = current.tag
        if closing:
            if tag in BLOCK_TAGS:
                out.append("\n\n" if tag in {"p", "div", "tr", "table", "h1", "h2", "h3", "h4", "li"} else "\n")
            continue
        if tag == "-text":
            out.append((current.text_content or "").replace("\n", " "))
            continue
        if tag == "br":
            out.append("\n")
            continue
        todo.append((current, True))
        children = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        todo.extend((c, False) for c in reversed(children))


# Elements DROP_TAGS removes anyway, whose content can be megabytes (inline scripts, styles, embedded frames).
_INERT_START = re.compile(r"<(script|style|template|noscript|iframe)\b", re.I)
_INERT_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "template", "noscript", "iframe")}
_INLINE_DATA = re.compile(r"data:[\w.+/-]{0,100};base64,[A-Za-z0-9+/=\s]{256,}", re.I)


def strip_inert(raw: str) -> str:
    """Drop scripts, styles, templates and inline base64 data: never text, and often most of a saved page.

    Linear: each search starts where the previous one ended (an unclosed <script> swallows the rest, as in a browser).
    """
    out: list[str] = []
    pos = 0
    while (m := _INERT_START.search(raw, pos)) is not None:
        out.append(raw[pos:m.start()])
        end = _INERT_END[m.group(1).lower()].search(raw, m.end())
        pos = len(raw) if end is None else end.end()
    out.append(raw[pos:])
    return _INLINE_DATA.sub("data:,", "".join(out))


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^<>]*)>|<!--")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VOID = _names("area base basefont bgsound br col embed frame hr image img input keygen link meta param source "
               "track wbr")
# Start tags that close an open <p> (HTML's "close a p element"); scope boundaries stop the search for it.
_CLOSES_P = _names("address article aside blockquote center details dialog dir div dl fieldset figcaption figure "
                   "footer form h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre search section "
                   "summary table ul")
_SCOPE = ("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button")
# HTML's "special" elements, which stop the search for an open <li>/<dd>/<dt> (address, div and p do not).
_SPECIAL = _names("applet area article aside base basefont bgsound blockquote body br button caption center col "
                  "colgroup dd details dir dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 "
                  "h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu "
                  "meta nav noembed noframes noscript object ol param plaintext pre script search section select "
                  "source style summary table tbody td template textarea tfoot th thead title tr track ul wbr "
                  "xmp")
_MARKERS = frozenset(("applet", "caption", "td", "th", "marquee", "object", "template"))
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
_TABLE_PARTS = frozenset(("caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th"))
_LIST_ITEMS = {"li": ("li",), "dd": ("dd", "dt"), "dt": ("dd", "dt")}


def nesting_depth(raw: str, limit: int) -> int:
    """Roughly how deep the parser's stack of open elements gets (stops counting past `limit`). Linear time.

    Follows the parts of HTML's tree construction that keep real pages shallow (implied end tags of list items,
    cells and rows; </p> closed by blocks; end tags closing what they enclose) and counts unclosed formatting tags
    (<b>, <font>) that the parser reopens after every block until the table cell holding them ends. It errs on
    the deep side.
    """
    stack: list[str] = []
    where: dict[str, list[int]] = {}
    specials: list[int] = []  # stack indexes of open special elements
    active = [0]  # unclosed formatting elements, per table cell (marker) level
    deepest = 0

    def last(names) -> int:
        return max((where[n][-1] for n in names if where.get(n)), default=-1)

    def pop_to(index: int) -> None:
        while len(stack) > index:
            name = stack.pop()
            where[name].pop()
            if specials and specials[-1] == len(stack):
                specials.pop()
            if name in _MARKERS and len(active) > 1:
                active.pop()

    pos = 0
    while (m := _TAG.search(raw, pos)) is not None:
        pos = m.end()
        if m.group(0) == "<!--":
            end = raw.find("-->", pos)
            pos = len(raw) if end < 0 else end + 3
            continue
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            if where.get(name):
                pop_to(where[name][-1])
            if name in _FORMATTING and active[-1]:
                active[-1] -= 1
            continue
        if name in _VOID or (rest.endswith("/") and (where.get("svg") or where.get("math"))):
            continue
        if name in _TABLE_PARTS:
            if not where.get("table"):
                continue  # a cell or row outside a table is ignored
            if name in ("td", "th") and (found := last(("td", "th"))) > last(("table", "tr")):
                pop_to(found)
            elif name not in ("td", "th"):
                table = where["table"][-1]
                open_parts = [where[n][-1] for n in _TABLE_PARTS if where.get(n) and where[n][-1] > table]
                if open_parts:
                    pop_to(min(open_parts))
        if name in _CLOSES_P and last(("p",)) > last(_SCOPE):
            pop_to(where["p"][-1])
        if name in _LIST_ITEMS and specials and stack[specials[-1]] in _LIST_ITEMS[name]:
            pop_to(specials[-1])
        if name in ("option", "optgroup") and stack and stack[-1] == "option":
            pop_to(len(stack) - 1)
        where.setdefault(name, []).append(len(stack))
        if name in _SPECIAL:
            specials.append(len(stack))
        stack.append(name)
        if name in _MARKERS:
            active.append(0)
        elif name in _FORMATTING:
            active[-1] += 1
        deepest = max(deepest, len(stack) + sum(active))
        if deepest > limit:
            break
    return deepest
