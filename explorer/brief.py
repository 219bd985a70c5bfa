"""A printable one- or two-page brief (PDF, A4) per plan or per province-year, to file or hand out.

`build_brief(bundle)` lays out what `explorer.deck.collect` gathered for the plans of the brief: the document
number and date on every page (so the sheet can be filed), metadata, key numbers, targets against the national
targets, the theme mix (a kaleido PNG of the same kind of Plotly chart as the dashboard), lead agencies and the
deadlines. Text is set in DejaVu Sans, which has every Vietnamese diacritic. Long lists are cut (with a note
saying how many rows were left out) so the brief never runs past two pages.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import plotly.graph_objects as go

from explorer.deck import (
    APP_NAME,
    Bundle,
    _blank,
    doc_label,
    focal_lines,
    indicator_names,
    issued_text,
    short_labels,
    source_label,
    theme_names,
    transfer_text,
    unit_name,
    upcoming,
    vi,
    vi_date,
    vi_int,
    vi_num,
)
from explorer.figures.activities import theme_shares
from explorer.figures.presentation import fig_theme_share
from explorer.figures.targets import national_gaps, target_text

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
BRAND = "#c2185b"
MAX_PAGES = 2


@cache
def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold) with reportlab once; raises when the font is not installed."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            for italic in (0, 1):
                addMapping(FONT, 0, italic, FONT)
                addMapping(FONT, 1, italic, FONT_BOLD)
            return FONT
    raise FileNotFoundError("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")


def _p(text) -> str:
    """Document text as Paragraph markup: NFC, escaped (a plan's text is never interpreted as markup)."""
    return escape(unicodedata.normalize("NFC", "" if _blank(text) else str(text)))


def heading_for(bundle: Bundle) -> tuple[str, str]:
    """(title, filing line) of a brief: one plan → its citation; several → the unit(s) and year(s)."""
    plans = bundle.plans
    if len(plans) == 1:
        row = next(plans.itertuples())
        kind = vi("doc_type", row.doc_type)
        number = f" số {row.doc_number}" if not _blank(row.doc_number) else " (không số)"
        issuer = "" if _blank(row.issuer) else f" của {row.issuer}"
        return (f"{kind}{number} {issued_phrase(row)}{issuer}", source_label(row))
    provinces = sorted({str(p) for p in plans["province"].dropna()})
    years = sorted({int(y) for y in plans["plan_year"].dropna()})
    place = ", ".join(provinces) or "Nhiều đơn vị"
    when = ", ".join(str(y) for y in years)
    return (f"{place} — kế hoạch năm {when}", "; ".join(source_label(r) for r in plans.itertuples()))


def issued_phrase(row) -> str:
    """"ngày 23/04/2025", "tháng 02/2024" or "năm 2024", as much as the document prints."""
    precision = getattr(row, "issue_date_precision", None)
    if _blank(getattr(row, "issue_date", None)) or precision == "year":
        return f"năm {issued_text(row)}"
    return f"{'tháng' if precision == 'month' else 'ngày'} {issued_text(row)}"


def theme_chart(bundle: Bundle) -> go.Figure | None:
    """The brief's theme chart: share of activities carrying each theme, per plan."""
    if bundle.mix.empty:
        return None
    labels = short_labels(bundle.plans)
    mix = theme_shares(bundle.mix.assign(plan_label=bundle.mix["plan_id"].map(labels)))
    plans = mix["plan_id"].nunique()
    fig = fig_theme_share(mix, theme_names(), "Tỷ lệ hoạt động có chủ đề", None, top=8 if plans <= 2 else 5)
    fig.update_layout(font={"size": 14}, margin={"l": 10, "r": 30, "t": 30, "b": 10}, paper_bgcolor="white",
                      plot_bgcolor="white", height=min(560, int(fig.layout.height or 300)))
    return fig


def build_brief(bundle: Bundle, today: dt.date | None = None, chart: bytes | None = None,
                image: Callable[[go.Figure, int, int, float], bytes] | None = None) -> bytes:
    """The brief as PDF bytes (A4, 1–2 pages). `chart`: a ready PNG of the theme chart; else it is rendered
    with `image(fig, width, height, scale)` (default explorer.images.png, kaleido)."""
    if bundle.plans.empty:
        raise ValueError("a brief needs at least one plan")
    register_fonts()
    today = today or dt.date.today()
    if chart is None:
        fig = theme_chart(bundle)
        if fig is not None:
            if image is None:
                from explorer.images import png as image
            chart = image(fig, 800, max(300, int(fig.layout.height or 300)), 2.5)
    last = b""
    for limit in (12, 7, 4, 2):
        last, pages = _render(bundle, today, chart, limit)
        if pages <= MAX_PAGES:
            return last
    return last


def _render(bundle: Bundle, today: dt.date, chart: bytes | None, limit: int) -> tuple[bytes, int]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    title, filing = heading_for(bundle)
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName=FONT_BOLD)
    h1 = ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19,
                        textColor=colors.HexColor(BRAND), spaceAfter=3)
    h2 = ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8,
                        spaceAfter=3, textColor=colors.HexColor("#212121"))
    width = A4[0] - 3 * cm
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bdbdbd")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#fce4ec")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])

    def table(header: list[str], rows: list[list], widths: list[float], left_out: int = 0) -> list:
        data = [[Paragraph(_p(h), cell_bold) for h in header]]
        data += [[Paragraph(_p(v), cell) for v in row] for row in rows]
        out = [Table(data, colWidths=[w * width for w in widths], repeatRows=1, style=grid)]
        if left_out:
            out.append(Paragraph(_p(f"… và {vi_int(left_out)} dòng khác (xem trang Xuất dữ liệu của "
                                    f"{APP_NAME})."), small))
        return out

    b = bundle
    labels = short_labels(b.plans)
    many = len(b.plans) > 1
    story: list = [Paragraph(_p(title), h1)]

    # --- metadata
    if not many:
        row = next(b.plans.itertuples())
        if not _blank(row.title):
            story.append(Paragraph(f"<b>{_p('Trích yếu:')}</b> {_p(row.title)}", base))
        meta = [
            ["Số hiệu", "" if _blank(row.doc_number) else row.doc_number, "Ngày ban hành", issued_text(row)],
            ["Loại văn bản", vi("doc_type", row.doc_type), "Cơ quan ban hành", row.issuer],
            ["Địa bàn", unit_name(row), "Tỉnh (sau 01/07/2025)", row.province_2025],
            ["Năm kế hoạch", "" if _blank(row.plan_year) else str(int(row.plan_year)), "Người ký",
             " ".join(filter(None, ["" if _blank(row.signer_title) else
                                    str(row.signer_title).split(" / ")[-1].capitalize(),
                                    "" if _blank(row.signer) else str(row.signer)]))],
            ["Cơ quan trình", "" if _blank(row.proposing_agency) else row.proposing_agency,
             "Nguồn kinh phí", ", ".join(vi("budget", code) for code in _items(row.budget_sources))],
        ]
        if bool(row.truncated):
            meta.append(["Lưu ý", "Văn bản bị cắt (không đầy đủ): số liệu dưới đây có thể thiếu.", "Tệp",
                         row.source_path])
        else:
            meta.append(["Tệp", row.source_path, "Mã kế hoạch", row.plan_id])
        data = [[Paragraph(_p(a), cell_bold), Paragraph(_p(v1), cell), Paragraph(_p(c), cell_bold),
                 Paragraph(_p(v2), cell)] for a, v1, c, v2 in meta]
        meta_style = TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bdbdbd")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#fce4ec")),
            ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#fce4ec")),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
        story += [Spacer(1, 4), Table(data, colWidths=[w * width for w in (0.16, 0.34, 0.18, 0.32)],
                                      style=meta_style)]
    else:
        rows = [[labels[r.plan_id], doc_label(r), issued_text(r), "" if _blank(r.issuer) else r.issuer,
                 ("⚠ bị cắt. " if bool(r.truncated) else "") + ("" if _blank(r.title) else str(r.title))]
                for r in b.plans.itertuples()]
        story.append(Paragraph(_p("Các văn bản"), h2))
        story += table(["Kế hoạch", "Số hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu"], rows[:limit],
                       [0.17, 0.17, 0.11, 0.2, 0.35], max(0, len(rows) - limit))

    totals = b.plans[["activities", "targets", "lead_agencies", "deadlines", "cited_documents"]].sum()
    story.append(Spacer(1, 5))
    story.append(Paragraph(_p(
        f"{vi_int(totals['activities'])} hoạt động · {vi_int(totals['targets'])} chỉ tiêu định lượng · "
        f"{vi_int(totals['lead_agencies'])} cơ quan chủ trì · {vi_int(totals['deadlines'])} mốc thời gian · "
        f"{vi_int(totals['cited_documents'])} văn bản căn cứ"), ParagraphStyle("kpi", parent=base, fontName=FONT_BOLD,
                                                                          fontSize=10.5, leading=14)))

    # --- targets
    story.append(Paragraph(_p("Chỉ tiêu so với chỉ tiêu quốc gia"), h2))
    if b.targets.empty:
        story.append(Paragraph(_p("Không nêu chỉ tiêu định lượng."), base))
    else:
        names = indicator_names()
        t = national_gaps(b.targets)
        status = {"above": "cao hơn", "equal": "bằng", "below": "thấp hơn", "incomparable": "khác đơn vị",
                  "no_national": "–"}
        rows = []
        for r in t.itertuples():
            national = "" if _blank(r.national_text) else (
                target_text(r.national_value, None, r.national_comparator, r.national_unit, vi_num)
                + (f" ({int(r.national_year)})" if not _blank(r.national_year) else ""))
            rows.append(([labels[r.plan_id]] if many else [])
                        + [names.get(r.indicator_key, r.indicator_text) if not _blank(r.indicator_key) else r.indicator_text,
                           target_text(r.value, r.value_max, r.comparator, r.unit, vi_num), national,
                           status.get(r.status, r.status), "" if _blank(r.national_target_id) else r.national_target_id])
        header = (["Kế hoạch"] if many else []) + ["Chỉ tiêu", "Kế hoạch đặt", "Quốc gia", "So sánh", "Mã"]
        widths = ([0.15] if many else []) + ([0.38, 0.13, 0.15, 0.1, 0.09] if many else [0.45, 0.15, 0.16, 0.12, 0.12])
        story += table(header, rows[:limit], widths, max(0, len(rows) - limit))

    # --- theme mix
    story.append(Paragraph(_p("Cơ cấu chủ đề hoạt động"), h2))
    if chart:
        from explorer.images import png_size

        w_px, h_px = png_size(chart)
        max_h = (8.5 if limit >= 7 else 6.0) * cm
        img_w = min(width * 0.85, max_h * w_px / h_px)
        story.append(Image(io.BytesIO(chart), width=img_w, height=img_w * h_px / w_px))
    else:
        story.append(Paragraph(_p("Không trích được hoạt động nào."), base))

    # --- lead agencies
    block = [Paragraph(_p("Cơ quan chủ trì"), h2)]
    _, transfer_note = transfer_text(b)
    if b.leads.empty:
        block.append(Paragraph(_p("Không trích được phân công chủ trì (văn bản không có hoặc bị cắt mất phần "
                                  "Tổ chức thực hiện)."), base))
    else:
        leads = b.leads.sort_values(["tasks", "agency_short"], ascending=[False, True])
        rows = [([labels[r.plan_id]] if many else []) + [r.agency_name, vi_int(r.tasks)] for r in leads.itertuples()]
        header = (["Kế hoạch"] if many else []) + ["Cơ quan", "Số nhiệm vụ chủ trì"]
        block += table(header, rows[:limit], ([0.22, 0.58, 0.2] if many else [0.75, 0.25]),
                       max(0, len(rows) - limit))
    lines = focal_lines(b, labels, sector=True)
    block.append(Paragraph(_p("Cơ quan đầu mối về bình đẳng giới — " + "; ".join(lines)), base))
    if transfer_note:
        block.append(Paragraph(_p(transfer_note), small))
    story.append(KeepTogether(block))

    # --- deadlines
    block = [Paragraph(_p("Thời hạn và mốc thời gian"), h2)]
    if b.deadlines.empty:
        block.append(Paragraph(_p("Không nêu thời hạn có ngày cụ thể."), base))
    else:
        soon = upcoming(b.deadlines, labels, today)
        if soon:
            block.append(Paragraph(_p("Theo lịch hằng năm — " + "; ".join(soon)), base))
        now = pd.Timestamp(today)
        rows = []
        for r in b.deadlines.itertuples():
            when = vi_date(r.due_date, r.date_precision) + (
                f"–{vi_date(r.end_date)}" if not _blank(r.end_date) else "")
            state = "đã qua" if pd.Timestamp(r.end_date if not _blank(r.end_date) else r.due_date) < now else "sắp tới"
            rows.append(([labels[r.plan_id]] if many else [])
                        + [when, vi("kind", r.kind), r.text, "" if _blank(r.agency) else r.agency, state])
        header = (["Kế hoạch"] if many else []) + ["Ngày", "Loại", "Nội dung", "Cơ quan", "Trạng thái"]
        widths = ([0.17, 0.17, 0.15, 0.27, 0.13, 0.11] if many else [0.2, 0.18, 0.35, 0.15, 0.12])
        block += table(header, rows[:limit], widths, max(0, len(rows) - limit))
    story.append(KeepTogether(block))

    sources = "Nguồn: " + "; ".join(source_label(r) for r in b.plans.itertuples())
    story += [Spacer(1, 8), Paragraph(_p(sources + f". Số liệu trích tự động bằng {APP_NAME}; mỗi số liệu dẫn về "
                                          "câu gốc trong văn bản."), small)]

    buffer = io.BytesIO()
    pages = {"n": 0}

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#616161"))
        top = A4[1] - 1.0 * cm
        canvas.drawString(1.5 * cm, top, _clip(f"Bản tóm tắt · {filing}", 120))
        canvas.drawRightString(A4[0] - 1.5 * cm, 0.9 * cm, f"Trang {doc.page} · in ngày {vi_date(today)}")
        canvas.drawString(1.5 * cm, 0.9 * cm, _clip(APP_NAME, 60))
        canvas.setStrokeColor(colors.HexColor(BRAND))
        canvas.setLineWidth(1.2)
        canvas.line(1.5 * cm, top - 0.15 * cm, A4[0] - 1.5 * cm, top - 0.15 * cm)
        canvas.restoreState()
        pages["n"] = doc.page

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm,
                            bottomMargin=1.4 * cm, title=unicodedata.normalize("NFC", title), author=APP_NAME,
                            subject=unicodedata.normalize("NFC", filing), lang="vi-VN")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue(), pages["n"]


def _items(value) -> list:
    """A list cell from DuckDB (list, numpy array, or NULL) as a Python list."""
    if value is None or isinstance(value, float | str) or value is pd.NA:
        return []
    try:
        return list(value)
    except TypeError:
        return []


def _clip(text: str, n: int) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= n else text[: n - 1] + "…"
