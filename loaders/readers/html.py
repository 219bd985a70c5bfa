"""Saved web pages via selectolax: keep the document body, drop page furniture."""

from __future__ import annotations

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


def read_html(data: bytes) -> SourceText:
    """Read a saved page; text from the portal's content block when there is one."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    raw = data.decode("utf-8", errors="replace") if data.lstrip()[:1] == b"<" else decode_text(data)
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
