"""Build .docx, .pdf and .html versions of a text document inside the test run."""

from __future__ import annotations

import html
import io
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def to_docx(text: str, header_table: tuple[str, str] | None = None) -> bytes:
    """One paragraph per non-empty line; optionally the official two-column header as a table."""
    import docx

    document = docx.Document()
    if header_table:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = header_table[0]
        table.rows[0].cells[1].text = header_table[1]
    for line in paragraphs(text):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("DejaVuSans.ttf not found: apt-get install fonts-dejavu-core")


def to_pdf(text: str) -> bytes:
    """A text-layer PDF in a Unicode font; long lines wrap as they would in a real document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", font_path()))
    style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=14, spaceAfter=10)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build([Paragraph(html.escape(line), style) for line in paragraphs(text)])
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A PDF page with a drawing and no text, as a scanned document has."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return buffer.getvalue()


def to_html(text: str) -> bytes:
    """A page as saved from a legal-document portal: menus, the document body, a footer."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in paragraphs(text))
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>Văn bản</title>
<script>var tracking = "Trang chủ";</script><style>p {{margin: 0}}</style></head><body>
<nav><a href="/">Trang chủ</a> | <a href="/dang-nhap">Đăng nhập</a> | Từ khóa gợi ý</nav>
<header>THƯ VIỆN PHÁP LUẬT</header>
<div class="content1">{body}</div>
<aside>Văn bản liên quan: Quyết định 999/QĐ-TTg</aside>
<footer>Mã số thuế: 0315459414 · Địa chỉ trụ sở: TP. HCM</footer></body></html>"""
    return page.encode("utf-8")
