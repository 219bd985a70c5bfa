"""Property-based and fuzz tests: readers and extractors on mutated, broken and adversarial Vietnamese text.

Every input either parses or is refused with LoaderError (never another exception), rows keep valid provenance,
and time grows linearly: ~1 MB of adversarial lines aimed at the regexes of the loaders takes at most
RATIO_LIMIT times as long as a normal plan of the same size.

Short by default (CI); RELIABILITY_LONG=1 runs many more examples and 1 MB inputs per adversarial token.
Run with --hypothesis-show-statistics to see how many inputs each test generated.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import time
import unicodedata
import zipfile

import pytest
from conftest import RAW, SEEDS
from docbuild import to_docx, to_pdf
from hostile import PLAN_TEXT, document_xml, paragraph, replace_part
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from loaders import memo
from loaders.clean import clean
from loaders.errors import LoaderError
from loaders.extract.activities import parse_activities
from loaders.extract.budget import parse_budget
from loaders.extract.citations import parse_citations
from loaders.extract.common import blocks as make_blocks
from loaders.extract.deadlines import parse_deadlines
from loaders.extract.initiatives import parse_initiatives
from loaders.extract.responsibilities import parse_responsibilities
from loaders.extract.targets import parse_targets
from loaders.metadata import parse_metadata
from loaders.outline import layout, parse_outline
from loaders.pipeline import parse_document
from loaders.readers import read_bytes
from loaders.readers.base import SourceText
from loaders.readers.docx import read_docx
from loaders.readers.html import read_html
from loaders.readers.pdf import read_pdf
from loaders.readers.text import read_text

LONG = os.environ.get("RELIABILITY_LONG") == "1"
RATIO_LIMIT = 10.0


def n(short: int, long: int) -> int:
    return long if LONG else short


FUZZ = dict(deadline=None, derandomize=not LONG, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])

SEED_TEXTS = [(RAW / f"{stem}.txt").read_text(encoding="utf-8") for stem in SEEDS]
SEED_LINES = sorted({line for text in SEED_TEXTS for line in text.split("\n") if line.strip()})
MARKERS = ("I.", "II. ", "IV.", "XIII.", "A.", "B) ", "1.", "1)", "12.", "1.1.", "2.3.4 ", "a)", "đ)", "- ", "– ", "+ ",
           "• ", "Phần I", "Phần thứ hai:", "Điều 1.", "Số:", "Số: /KH-UBND", "Số: 12/QĐ-UBND", "Số hiệu ",
           "ngày tháng năm", "Hà Nội, ngày 05 tháng 3 năm 2024", ", ngày  tháng  năm 2024", "KẾ HOẠCH", "QUYẾT ĐỊNH",
           "V/v ", "Về việc ", "Nơi nhận:", "Kính gửi:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
           "Căn cứ ", "Thực hiện ", "Trên đây là ", "[...]", "**", "# ", "*", "__", "Thời gian: ", "Quý I/2024",
           "Chủ trì", "phối hợp với ", "đề nghị ", "các Sở: ", "“", "”", "(", "Tháng hành động ")
# Characters that stress normalisation: combining marks, odd spaces, RTL marks, controls, astral symbols.
ODD_CHARS = ("\u0301", "\u0323", "\u0309", "\u00a0", "\u2009", "\u200b", "\u202e", "\ufeff", "\t", "\r", "\x0b", "\x0c",
             "\x00", "\x1b", "\u2028", "\u0110", "\u01b0\u0309", "\U0001f600", "\ufffd", "ǅ", "İ", "ß", "ﬁ")

unicode_text = st.lists(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from(ODD_CHARS),
              st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐ .,;:()-–/%“”\"'")),
    max_size=80).map("".join)


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).replace("đ", "d")


@st.composite
def mutated_plan(draw, max_ops: int = 10) -> str:
    """A seed plan with lines deleted, duplicated, shuffled, diacritics stripped, markers and odd text injected."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(("delete", "duplicate", "shuffle", "unicode", "strip", "marker", "seedline",
                                   "huge", "nesting", "headings", "nfd", "case", "join")))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        j = min(len(lines), i + draw(st.integers(1, 40)))
        if op == "delete":
            del lines[i:j]
        elif op == "duplicate":
            lines[i:i] = lines[i:j] * draw(st.integers(1, 5))
        elif op == "shuffle":
            window = lines[i:j]
            random.Random(draw(st.integers(0, 2**16))).shuffle(window)
            lines[i:j] = window
        elif op == "unicode":
            lines.insert(i, draw(unicode_text))
        elif op == "strip":
            lines[i:j] = [strip_diacritics(line) for line in lines[i:j]]
        elif op == "marker":
            lines[i:i + 1] = [draw(st.sampled_from(MARKERS)) + (lines[i] if i < len(lines) else "")]
        elif op == "seedline":
            lines.insert(i, draw(st.sampled_from(SEED_LINES)))
        elif op == "huge":
            token = draw(st.sampled_from(MARKERS + ("a ", "a,", "1% ", "Sở A ", "ngày 1/1 ")))
            lines.insert(i, token * draw(st.integers(100, n(2000, 20000))))
        elif op == "nesting":
            kinds = ("Phần I", "I.", "A.", "1.", "1.1.", "1.1.1.", "a)", "-", "+", "Điều 1.")
            depth = draw(st.integers(2, 60))
            lines[i:i] = [f"{kinds[k % len(kinds)]} Mục lồng cấp {k}" for k in range(depth)]
        elif op == "headings":
            marker = draw(st.sampled_from(("1.", "- ", "I.", "a)", "1.1.", "Điều 1.")))
            lines[i:i] = [f"{marker} Nội dung hoạt động {k}" for k in range(draw(st.integers(100, n(1500, 5000))))]
        elif op == "nfd":
            lines[i:j] = [unicodedata.normalize("NFD", line) for line in lines[i:j]]
        elif op == "case":
            lines[i:j] = [line.upper() if k % 2 else line.lower() for k, line in enumerate(lines[i:j])]
        elif op == "join" and lines:
            lines[i:j] = [" ".join(lines[i:j])]
    return "\n".join(lines)


@st.composite
def encoded(draw, text_strategy=None) -> bytes:
    """Text as bytes in a valid, broken or mixed encoding."""
    text = draw(text_strategy if text_strategy is not None else mutated_plan())
    how = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "mixed",
                                "truncated", "garbage", "nul")))
    if how in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        return text.encode(how, errors="surrogatepass")
    if how == "cp1258":
        return text.encode("cp1258", errors="replace")
    raw = text.encode("utf-8", errors="surrogatepass")
    at = draw(st.integers(0, len(raw)))
    if how == "mixed":
        return raw[:at] + text[: 200].encode("cp1258", errors="replace") + raw[at:]
    if how == "truncated":
        return raw[:at] + "ệ".encode()[: draw(st.integers(1, 2))]  # cut inside a multi-byte character
    if how == "garbage":
        return raw[:at] + draw(st.binary(min_size=1, max_size=200)) + raw[at:]
    return raw[:at] + b"\x00" * draw(st.integers(1, 50)) + raw[at:]


def _check_plan(plan, data: bytes) -> None:
    """Invariants of a parsed plan: provenance spans, unique section paths, the id from the content."""
    assert plan.sha256 == hashlib.sha256(data).hexdigest() and plan.plan_id == plan.sha256[:16]
    paths = [s["path"] for s in plan.sections]
    assert len(paths) == len(set(paths))
    assert all(s["parent_path"] is None or s["parent_path"] in set(paths) for s in plan.sections)
    for line in plan.lines:
        assert 1 <= line["line_start"] <= line["line_end"]
        assert line["text"] == line["text"].strip() and line["text"]
    for name, rows in plan.tables.items():
        for row in rows:
            if "line_start" in row:
                assert 1 <= row["line_start"] <= row["line_end"], (name, row)
                assert isinstance(row["quote"], str) and row["quote"], (name, row)
                assert row["section_path"] is None or row["section_path"] == "preamble" or row["section_path"] in paths


def _parse_or_refuse(data: bytes, suffix: str):
    try:
        plan = parse_document(data, suffix)
    except LoaderError as err:
        assert err.message and err.stage in ("read", "clean", "extract")
        return None
    _check_plan(plan, data)
    return plan


# --- parse_document on mutated and broken text ------------------------------------------------------------------


@settings(max_examples=n(60, 2000), **FUZZ)
@given(data=encoded(), suffix=st.sampled_from((".txt", ".md")))
def test_parse_document_on_mutated_text_only_raises_loader_error(data, suffix):
    _parse_or_refuse(data, suffix)


@settings(max_examples=n(40, 1500), **FUZZ)
@given(data=st.binary(max_size=4000), suffix=st.sampled_from((".txt", ".md", ".docx", ".pdf", ".html", ".htm",
                                                              ".TXT", ".doc", "", ".exe")))
def test_binary_garbage_in_every_reader(data, suffix):
    try:
        parse_document(data, suffix)
    except LoaderError as err:
        assert err.message


@settings(max_examples=n(25, 600), **FUZZ)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_random_unicode_text(text):
    data = text.encode("utf-8")
    _parse_or_refuse(data, ".txt")
    try:
        source = read_text(data)
    except LoaderError:
        return
    assert "\r" not in "".join(source.lines)  # line ends normalised
    assert source.origins == list(range(1, len(source.lines) + 1))


# --- readers ----------------------------------------------------------------------------------------------------


@settings(max_examples=n(40, 1500), **FUZZ)
@given(data=encoded())
def test_text_reader_decodes_or_refuses(data):
    try:
        source = read_text(data)
    except LoaderError as err:
        assert "UTF" in err.message or "binary" in err.message
        return
    assert all("\n" not in line for line in source.lines)


TAGS = ("div", "p", "span", "b", "i", "font", "li", "ul", "table", "tr", "td", "section", "a", "select", "option",
        "script", "style", "noscript", "svg", "template", "br", "h1", "blockquote", "iframe", "nav", "footer", "form")


@st.composite
def tag_soup(draw) -> str:
    """Random HTML: tags (some unclosed, some stray end tags), attributes, comments, seed text and entities."""
    parts = []
    for _ in range(draw(st.integers(0, 120))):
        kind = draw(st.sampled_from(("open", "close", "text", "comment", "entity", "attr")))
        tag = draw(st.sampled_from(TAGS))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "text":
            parts.append(draw(st.sampled_from(SEED_LINES)))
        elif kind == "comment":
            parts.append("<!-- " + draw(st.sampled_from(("x", "<div>", "-->", "<!--"))))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(("&amp;", "&lt;script&gt;", "&#0;", "&#x110000;", "&", "&nbsp;",
                                               "&#xD800;", "<", ">", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"))))
        else:
            parts.append(f"<{tag} class='content1' id=\"divContentDoc\" onload=\"alert(1)\" src=data:x;base64,AAAA>")
    return "".join(parts)


@settings(max_examples=n(60, 2000), **FUZZ)
@given(html=tag_soup(), wrap=st.booleans())
def test_html_reader_on_tag_soup(html, wrap):
    data = (f"<html><body>{html}</body></html>" if wrap else html).encode("utf-8")
    try:
        source = read_html(data)
    except LoaderError as err:
        assert err.message
        return
    text = "\n".join(source.lines)
    assert "alert(1)" not in text and "root:x:0:0" not in text


@settings(max_examples=n(20, 500), **FUZZ)
@given(text=mutated_plan(max_ops=4), cut=st.floats(0, 1), flips=st.lists(st.integers(0, 2**31), max_size=8))
def test_html_reader_on_mutated_pages(text, cut, flips):
    from docbuild import to_html

    data = bytearray(to_html(text))
    for f in flips:
        data[f % len(data)] = (data[f % len(data)] + 1 + f % 255) % 256
    data = bytes(data[: max(1, int(len(data) * cut))]) if cut < 0.95 else bytes(data)
    with contextlib.suppress(LoaderError):
        read_html(data)
    _parse_or_refuse(data, ".html")


_DOCX = to_docx(PLAN_TEXT)


@st.composite
def mutated_docx(draw) -> bytes:
    """A .docx with mutated XML in document.xml, or with flipped and cut archive bytes."""
    if draw(st.booleans()):
        body = []
        for _ in range(draw(st.integers(0, 30))):
            kind = draw(st.sampled_from(("para", "raw", "deep", "entity", "table")))
            if kind == "para":
                body.append(paragraph(draw(st.sampled_from(SEED_LINES))))
            elif kind == "raw":
                body.append(draw(st.sampled_from(("<w:p>", "</w:p>", "<w:r>", "<w:t>", "</w:t>", "<w:tbl>", "<w:tc>",
                                                  "<w:br/>", "<w:tab/>", "<x:y/>", "&amp;", "&#0;", "<", "]]>"))))
            elif kind == "deep":
                d = draw(st.integers(1, 300))
                body.append("<w:p>" + "<w:r>" * d + "<w:t>sâu</w:t>" + "</w:r>" * d + "</w:p>")
            elif kind == "entity":
                body.append(paragraph(draw(st.sampled_from(("&xxe;", "&lol9;", "&#x1F600;", "&#1;", "a&b")))))
            else:
                cells = "".join(f"<w:tc>{paragraph(draw(st.sampled_from(SEED_LINES)))}</w:tc>" for _ in range(3))
                body.append(f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>")
        doctype = draw(st.sampled_from(("", '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')))
        return replace_part(_DOCX, "word/document.xml", document_xml("".join(body), doctype))
    data = bytearray(_DOCX)
    for f in draw(st.lists(st.integers(0, 2**31), max_size=6)):
        data[f % len(data)] ^= 1 + f % 255
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)


@settings(max_examples=n(40, 1000), **FUZZ)
@given(data=mutated_docx())
def test_docx_reader_on_mutated_documents(data):
    try:
        source = read_docx(data)
    except LoaderError as err:
        assert err.message
        return
    assert "root:x:0:0" not in "\n".join(source.lines)
    _parse_or_refuse(data, ".docx")


_PDF = to_pdf(PLAN_TEXT)


@settings(max_examples=n(20, 400), **FUZZ)
@given(flips=st.lists(st.tuples(st.integers(0, 2**31), st.integers(1, 255)), max_size=10),
       cut=st.floats(0.05, 1.0), splice=st.binary(max_size=64))
def test_pdf_reader_on_mutated_files(flips, cut, splice):
    data = bytearray(_PDF)
    for at, delta in flips:
        data[at % len(data)] = (data[at % len(data)] + delta) % 256
    if splice:
        at = flips[0][0] % len(data) if flips else len(data) // 2
        data[at:at] = splice
    data = bytes(data[: max(1, int(len(data) * cut))]) if cut < 0.98 else bytes(data)
    try:
        read_pdf(data)
    except LoaderError as err:
        assert err.message


@settings(max_examples=n(4, 60), **FUZZ)
@given(text=mutated_plan(max_ops=3))
def test_pdf_of_mutated_plan_reads_or_refuses(text):
    assume(text.strip())
    _parse_or_refuse(to_pdf(text[:20000]), ".pdf")


# --- each extractor on its own ----------------------------------------------------------------------------------


@settings(max_examples=n(40, 1500), **FUZZ)
@given(text=mutated_plan(), year=st.one_of(st.none(), st.integers(1900, 2100)),
       level=st.sampled_from((None, "tỉnh", "huyện", "xã")))
def test_every_extractor_on_mutated_plans(text, year, level):
    source = SourceText.from_lines(text.split("\n"), "txt")
    doc = clean(source)
    lay = layout(doc)
    sections = parse_outline(doc, lay)
    meta = parse_metadata(doc, lay)
    assert meta.doc_type in ("KH", "QD", "CV", "other")
    assert meta.plan_year is None or 1000 <= meta.plan_year <= 9999
    paths = [s.path for s in sections]
    assert len(paths) == len(set(paths))
    for s in sections:
        assert s.first <= s.last and s.line_start <= s.line_end
    bl = make_blocks(doc, lay, sections)
    n_lines = len(source.lines)
    results = {
        "targets": parse_targets(bl, year),
        "activities": parse_activities(bl, sections),
        "initiatives": parse_initiatives(bl),
        "responsibilities": parse_responsibilities(bl, sections, level),
        "citations": parse_citations(bl, meta.doc_number, meta.province)[0],
        "deadlines": parse_deadlines(bl, year),
        "budget_sources": parse_budget(bl),
    }
    for name, rows in results.items():
        for row in rows:
            assert 1 <= row["line_start"] <= row["line_end"] <= n_lines, (name, row)
            assert row["quote"].strip(), (name, row)


@settings(max_examples=n(30, 1000), **FUZZ)
@given(lines=st.lists(st.one_of(unicode_text, st.sampled_from(SEED_LINES), st.sampled_from(MARKERS)), max_size=60))
def test_clean_keeps_source_spans(lines):
    source = SourceText.from_lines(lines, "txt")
    doc = clean(source)
    previous_end = 0
    for line in doc.lines:
        assert line.text and line.text == line.text.strip()
        assert previous_end < line.start <= line.end <= len(lines)
        previous_end = line.end


# --- time is linear in the input size -----------------------------------------------------------------------------

SIZE = n(128 * 1024, 1024 * 1024)
HEAD = ("ỦY BAN NHÂN DÂN\nHUYỆN LẠNG GIANG\nSố: 12/KH-UBND\nLạng Giang, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\n"
        "Thực hiện công tác bình đẳng giới năm 2024\n")
# Tokens aimed at the patterns of loaders/vocab.py, clean.py, metadata.py, agencies.py and extract/*.py.
ADVERSARIAL = (
    "a ", "a,", "a, ", "aaaa", "*a", "**a", "a*", "__", "... ", "[ ", "đăng nhập ", "dang nhap ", "nội dung ",
    "theo đề nghị của ", "xét đề nghị của Sở A tại ", "các Sở: ", "các Sở: Nội vụ, ", "“", "“a ", '"a', "Mô hình A ",
    "mô hình ", "Đề án ", "Tháng hành động vì bình đẳng giới ", "Tháng hành động (tháng ", "Dự án 1 - A", "Hội thi ",
    "Quyết định 1/a ", "Quyết định số 1/QĐ-UBND của ", "Kế hoạch số 1/KH ", "về ", "về việc a ", "Luật A",
    "Luật Bình đẳng giới ", "ngày 1/1 ", "từ ngày 1 tháng 1 đến ", "1/1 - ", "trước ngày 1/1 ",
    "Sở Y tế báo cáo UBND tỉnh trước ngày 15/12 ", "Ngày A ", "Ngày Phụ nữ Việt Nam 20/10 ", "Sở A ", "Sở ",
    "Phòng Ban ", "UBND tỉnh ", "Sở Nội vụ, ", "Sở A chủ trì ", "chủ trì, phối hợp với ", "báo cáo UBND tỉnh ",
    "1% ", "đạt 1% ", "phấn đấu 50% ", "50 phần trăm ", "kinh phí ngân sách ", "Thời gian: ", "Quý I ",
    "trong năm 2024 ", "tỉnh A ", "tỉnh Bắc Giang ", "huyện A ", "BĐG ", "Số: 1/", "Số ", "1111", "1.1.", "1/1/",
    "a\u0301", "\u0301", "ngày tháng năm ", "I.", "a) ", "- ", "Căn cứ ", "Điều 1. ", "Phần I ", "giao ", "đề nghị ",
    "TP. ", "V/v ", "(", ";", ". A", "-", "–",
)
# The ones that were quadratic before the fixes, run at full size in the short run too.
WORST = ("các Sở: ", "theo đề nghị của ", "đăng nhập ", "Tháng hành động vì bình đẳng giới ", "Quyết định 1/a ",
         "1/1 - ", "Sở A ", "đạt 1% ", "trước ngày 1/1 ", "“", "Luật Bình đẳng giới ", "Mô hình A ")


def adversarial_document(token: str, size: int, mode: str = "line") -> bytes:
    """`token` repeated to `size` bytes: in four huge lines (preamble, objectives, content, implementation) or in
    200-character lines under one heading."""
    if mode == "line":
        blob = token * (size // 4 // len(token.encode()) + 1)
        parts = [HEAD, "Căn cứ " + blob, "I. MỤC TIÊU", "- Phấn đấu " + blob, "II. NỘI DUNG", "1. Tuyên truyền " + blob,
                 "III. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ", "Chủ trì " + blob]
    else:
        line = (token * (200 // len(token) + 1))[:200]
        parts = [HEAD, "I. MỤC TIÊU", "II. NỘI DUNG"] + [line] * (size // len(line.encode()) + 1)
    parts += ["Nơi nhận:", "- UBND tỉnh;", "CHỦ TỊCH", "Nguyễn Văn A"]
    return "\n".join(parts).encode("utf-8")


def distinct_document(template: str, size: int) -> bytes:
    """Thousands of distinct items ("Mô hình A17", "Quyết định 17/a"): defeats de-duplication by key."""
    items, total, k = [], 0, 0
    while total < size:
        item = template.format(k=k, d=k % 28 + 1, m=k % 12 + 1)
        items.append(item)
        total += len(item.encode())
        k += 1
    third = len(items) // 3
    parts = [HEAD, "Căn cứ " + "".join(items[:third]), "II. NỘI DUNG", "1. Tuyên truyền " + "".join(items[third:2 * third]),
             "III. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ", "Chủ trì " + "".join(items[2 * third:]),
             "Nơi nhận:", "- UBND tỉnh;", "CHỦ TỊCH", "Nguyễn Văn A"]
    return "\n".join(parts).encode("utf-8")


def normal_document(size: int) -> bytes:
    """A normal plan of about `size` bytes: a seed's body repeated (thousands of real headings and items), each
    copy's lines numbered apart, so no line is parsed twice (loaders.memo would answer a repeated one for free)."""
    text = (RAW / "lang-giang-2024-kh.txt").read_text(encoding="utf-8")
    doc = clean(SourceText.from_lines(text.split("\n"), "txt"))
    lay = layout(doc)
    raw = text.split("\n")
    b0, b1 = doc.lines[lay.body[0]].start - 1, doc.lines[lay.body[1]].start - 1
    out, total = raw[:b0], 0
    copy = 0
    while total < size:
        copy += 1
        body = [line.replace(" ", f" {copy} ", 1) for line in raw[b0:b1]]
        out += body
        total += len("\n".join(body).encode())
    return "\n".join(out + raw[b1:]).encode("utf-8")


def _seconds(data: bytes) -> float:
    """Seconds to parse `data` from scratch: remembered sentences (loaders.memo) would hide the work measured."""
    memo.clear()
    start = time.perf_counter()
    with contextlib.suppress(LoaderError):
        parse_document(data, ".txt")
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def normal_seconds() -> dict[int, float]:
    """Time of a normal plan per size (best of two, to damp noise)."""
    _seconds(SEED_TEXTS[0].encode())  # warm caches (reference tables, compiled patterns)
    cache: dict[int, float] = {}

    def get(size: int) -> float:
        if size not in cache:
            data = normal_document(size)
            cache[size] = min(_seconds(data) for _ in range(2 if size >= 2**20 else 3))
        return cache[size]

    return get


def _ratio_ok(seconds: float, normal: float) -> bool:
    return seconds <= RATIO_LIMIT * normal + 0.05


def test_normal_plans_scale_linearly(normal_seconds):
    small, large = normal_seconds(SIZE // 4), normal_seconds(SIZE)
    # 4x the text: about 4x the time; quadratic work would be 16x. 10x leaves room for a loaded CI machine.
    assert large <= 10 * small + 0.1, (small, large)


def test_one_megabyte_of_mixed_adversarial_lines(normal_seconds):
    """~1 MB: one long line per adversarial token, in every part of a plan."""
    size = 1024 * 1024
    per = size // len(ADVERSARIAL)
    parts = [HEAD]
    for i, token in enumerate(ADVERSARIAL):
        blob = token * (per // len(token.encode()) + 1)
        parts += [("I. MỤC TIÊU", "II. NỘI DUNG", "1. Nội dung", "III. TỔ CHỨC THỰC HIỆN", "Căn cứ ")[i % 5], blob]
    data = "\n".join(parts + ["Nơi nhận:", "CHỦ TỊCH", "Nguyễn Văn A"]).encode("utf-8")
    seconds = _seconds(data)
    assert _ratio_ok(seconds, normal_seconds(size)), (seconds, normal_seconds(size))


# Short run: the worst tokens in one huge line each, and lowercase lines re-joined thousands of times
# (clean.py's page-break joining was quadratic).
CASES = ([(token, mode) for mode in ("line", "lines") for token in ADVERSARIAL] if LONG
         else [(token, "line") for token in WORST] + [("a, ", "lines"), ("đạt 1% ", "lines")])


@pytest.mark.parametrize(("token", "mode"), CASES)
def test_adversarial_lines_take_linear_time(token, mode, normal_seconds):
    seconds = _seconds(adversarial_document(token, SIZE, mode))
    assert _ratio_ok(seconds, normal_seconds(SIZE)), f"{token!r} {mode}: {seconds:.2f}s vs {normal_seconds(SIZE):.2f}s"


@pytest.mark.parametrize("template", (
    "Mô hình Điểm{k} ", "Quyết định {k}/QĐ-UBND; ", "Sở Phòng{k} chủ trì, ", "trước ngày {d}/{m} báo cáo; ",
    "“Sáng kiến số {k} về bình đẳng giới” ", "Căn cứ Kế hoạch số {k}/KH-UBND ngày {d}/{m}/2024 của UBND tỉnh; ",
))
def test_thousands_of_distinct_items_take_linear_time(template, normal_seconds):
    seconds = _seconds(distinct_document(template, SIZE))
    assert _ratio_ok(seconds, normal_seconds(SIZE)), f"{template!r}: {seconds:.2f}s vs {normal_seconds(SIZE):.2f}s"


def test_thousands_of_headings_and_deep_nesting(normal_seconds):
    kinds = ("Phần I", "I.", "A.", "1.", "1.1.", "a)", "-", "+", "Điều 1.")
    lines = [HEAD]
    total = 0
    k = 0
    while total < SIZE:
        line = f"{kinds[k % len(kinds)]} Mục {k} tuyên truyền về bình đẳng giới, Sở Nội vụ chủ trì"
        lines.append(line)
        total += len(line.encode()) + 1
        k += 1
    data = "\n".join(lines).encode("utf-8")
    plan = parse_document(data, ".txt")
    assert len(plan.sections) > 1000
    seconds = _seconds(data)
    assert _ratio_ok(seconds, normal_seconds(SIZE)), (seconds, normal_seconds(SIZE))


def test_text_limit_is_refused_quickly():
    from loaders.readers.base import MAX_TEXT_CHARS

    data = ("Tuyên truyền bình đẳng giới. " * (MAX_TEXT_CHARS // 25)).encode()
    start = time.perf_counter()
    with pytest.raises(LoaderError, match="characters of text"):
        parse_document(data, ".txt")
    assert time.perf_counter() - start < 5


def test_docx_zip_in_memory_helpers_are_valid():
    """The builders the fuzzers start from are valid documents (so mutations test the readers, not the builders)."""
    assert zipfile.ZipFile(io.BytesIO(_DOCX)).testzip() is None
    assert read_bytes(_DOCX, ".docx").lines and read_bytes(_PDF, ".pdf").lines
