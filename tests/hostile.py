"""Builders of hostile and broken input files for the reliability tests (no I/O besides the returned bytes)."""

from __future__ import annotations

import io
import re
import zipfile

from docbuild import to_docx, to_pdf

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PLAN_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN\n"
    "Số: 12/KH-UBND\n"
    "Bắc Kạn, ngày 05 tháng 3 năm 2024\n"
    "KẾ HOẠCH\n"
    "Thực hiện công tác bình đẳng giới năm 2024\n"
    "I. MỤC TIÊU\n"
    "- Phấn đấu 80% cán bộ được tập huấn về bình đẳng giới.\n"
    "II. NỘI DUNG\n"
    "1. Tuyên truyền nâng cao nhận thức về bình đẳng giới trên địa bàn tỉnh.\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "1. Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch.\n"
)


def replace_part(docx_bytes: bytes, part: str, content: bytes, *, declared_size: int | None = None) -> bytes:
    """A copy of a .docx with one part replaced (deflated); `declared_size` lies about its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = content if info.filename == part else src.read(info.filename)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    raw = out.getvalue()
    if declared_size is None:
        return raw
    return _patch_sizes(raw, part, declared_size)


def _patch_sizes(raw: bytes, part: str, size: int) -> bytes:
    """Rewrite the uncompressed size of `part` in its local and central headers (a lying zip)."""
    buf = bytearray(raw)
    name = part.encode()
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        for m in re.finditer(re.escape(sig), bytes(buf)):
            start = m.start()
            n_len = int.from_bytes(buf[start + name_off - (4 if sig == b"PK\x03\x04" else 18):
                                       start + name_off - (2 if sig == b"PK\x03\x04" else 16)], "little")
            if bytes(buf[start + name_off: start + name_off + n_len]) == name:
                buf[start + size_off: start + size_off + 4] = size.to_bytes(4, "little")
    return bytes(buf)


def document_xml(body: str, doctype: str = "") -> bytes:
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>{doctype}"
            f"<w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>").encode()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def docx_bomb(expanded_bytes: int) -> bytes:
    """A .docx whose document.xml is `expanded_bytes` of one repeated paragraph (deflates ~1000:1)."""
    unit = paragraph("a" * 200)
    body = unit * (expanded_bytes // len(unit) + 1)
    return replace_part(to_docx(PLAN_TEXT), "word/document.xml", document_xml(body))


def docx_lying_bomb(expanded_bytes: int, declared: int = 2000) -> bytes:
    """A zip bomb whose central directory claims a small size for document.xml."""
    unit = paragraph("a" * 200)
    body = unit * (expanded_bytes // len(unit) + 1)
    return replace_part(to_docx(PLAN_TEXT), "word/document.xml", document_xml(body), declared_size=declared)


def docx_many_entries(n: int) -> bytes:
    """A .docx with `n` extra tiny archive members (a central-directory bomb)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_docx(PLAN_TEXT))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        for i in range(n):
            dst.writestr(f"customXml/x{i}.xml", b"")
    return out.getvalue()


def docx_with_doctype(doctype: str, body_text: str) -> bytes:
    """A .docx whose document.xml declares `doctype` and uses entities in `body_text`."""
    paragraphs = "".join(paragraph(line) for line in PLAN_TEXT.split("\n") if line)
    return replace_part(to_docx(PLAN_TEXT), "word/document.xml",
                        document_xml(paragraph(body_text) + paragraphs, doctype))


def docx_xxe(target: str = "/etc/passwd") -> bytes:
    """External entity pointing at a local file (XXE)."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
    return docx_with_doctype(doctype, "before &xxe; after")


def docx_billion_laughs(levels: int = 10) -> bytes:
    """Nested internal entities that expand to 10**levels copies of 'lol'."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)]
    doctype = f"<!DOCTYPE w:document [{''.join(ents)}]>"
    return docx_with_doctype(doctype, f"&lol{levels - 1};")


def docx_deep_xml(depth: int) -> bytes:
    """document.xml with `depth` nested unknown elements inside one paragraph."""
    inner = "<w:x>" * depth + "</w:x>" * depth
    paragraphs = "".join(paragraph(line) for line in PLAN_TEXT.split("\n") if line)
    return replace_part(to_docx(PLAN_TEXT), "word/document.xml",
                        document_xml(f"<w:p>{inner}</w:p>" + paragraphs))


def pdf_many_pages(pages: int) -> bytes:
    """A minimal hand-written PDF with `pages` empty pages (fast to build, valid xref)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for i in range(pages):
        kids.append(f"{3 + i} 0 R")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    return _assemble_pdf(objects)


def _assemble_pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_broken_xref() -> bytes:
    """A real text PDF whose xref offsets and startxref point at garbage."""
    data = bytearray(to_pdf(PLAN_TEXT))
    xref = data.rfind(b"startxref")
    data[xref:] = b"startxref\n999999999\n%%EOF\n"
    table = data.find(b"\nxref")
    if table != -1:
        data[table + 1: table + 60] = b"X" * 59
    return bytes(data)


def pdf_truncated() -> bytes:
    data = to_pdf(PLAN_TEXT)
    return data[: len(data) // 2]


def pdf_self_referencing_pages() -> bytes:
    """A page tree whose /Kids contains its own parent (a cycle)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    return _assemble_pdf(objects)


def html_deep(depth: int, text: str = PLAN_TEXT) -> bytes:
    """`depth` nested divs with the plan inside the innermost one."""
    body = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    return f"<!doctype html><html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>".encode()


def html_unclosed(depth: int) -> bytes:
    """`depth` unclosed inline tags (the parser must not recurse on them)."""
    body = "".join(f"<p>{line}</p>" for line in PLAN_TEXT.split("\n") if line)
    return f"<html><body>{'<b><i>' * depth}{body}".encode()


def html_scripts(text: str = PLAN_TEXT) -> bytes:
    """Scripts, handlers and styles around the plan; none of it may become document text."""
    body = "".join(f"<p onclick=\"alert('p')\">{line}</p>" for line in text.split("\n") if line)
    return (
        "<html><head><script>alert('head')</script><style>body{color:red}</style></head><body>"
        "<script>document.write('INJECTED-SCRIPT-TEXT')</script>"
        "<noscript>INJECTED-NOSCRIPT</noscript><iframe src='javascript:alert(1)'>INJECTED-IFRAME</iframe>"
        f"<div class='content1'>{body}<script type='module'>INJECTED-MODULE</script>"
        "<svg><script>INJECTED-SVG</script></svg><template>INJECTED-TEMPLATE</template></div>"
        "</body></html>"
    ).encode()


def html_large(megabytes: int) -> bytes:
    """A page of about `megabytes` MB: the plan repeated in paragraphs with inline tags."""
    chunk = "".join(f"<p><span>{line}</span> <b>x</b></p>" for line in PLAN_TEXT.split("\n") if line)
    repeat = megabytes * 1024 * 1024 // len(chunk.encode()) + 1
    return f"<html><body><div class='content1'>{chunk * repeat}</div></body></html>".encode()


def pdf_flate_bomb(megabytes: int, streams: int = 1) -> bytes:
    """Pages whose content streams inflate to `megabytes` MB of blanks each (a PDF decompression bomb)."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return _pdf_with_streams(packed, "/FlateDecode", streams)


def pdf_runlength_bomb(megabytes: int) -> bytes:
    """RunLengthDecode: every 2 bytes repeat a blank 128 times."""
    return _pdf_with_streams(bytes((129, 32)) * (megabytes * 1024 * 1024 // 128) + b"\x80", "/RunLengthDecode", 1)


def pdf_lzw_bomb(megabytes: int) -> bytes:
    """LZWDecode of blanks: each code stands for one blank more than the last, ~1000:1 per table."""
    codes: list[int] = []
    total = 0
    while total < megabytes * 1024 * 1024:
        codes += [256, 32]
        total += 1
        for k in range(258, 4094):  # code k is k - 256 blanks long
            codes.append(k)
            total += k - 256
    codes.append(257)
    bits, nbits, width, table = 0, 0, 9, 258
    out = bytearray()
    for code in codes:
        bits = (bits << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1
        if code == 256:
            width, table = 9, 258
        elif code not in (32, 257):
            table += 1
            width = 10 if table >= 511 else width
            width = 11 if table >= 1023 else width
            width = 12 if table >= 2047 else width
        elif code == 32:
            pass
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return _pdf_with_streams(bytes(out), "/LZWDecode", 1)


def _pdf_with_streams(packed: bytes, filter_name: str, streams: int) -> bytes:
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for i in range(streams):
        page, content = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents {content} 0 R >>".encode())
        objects.append(f"<< /Length {len(packed)} /Filter {filter_name} >>\nstream\n".encode() + packed
                       + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {streams} >>".encode()
    return _assemble_pdf(objects)


def html_base64_page(megabytes: int, text: str = PLAN_TEXT) -> bytes:
    """A page saved "as one file": a huge inline image, big scripts and styles, and the plan."""
    import base64

    image = base64.b64encode(bytes(range(256)) * (megabytes * 1024 * 1024 // 2 // 256 + 1)).decode()
    script = "var x = '<div>" + "a" * (megabytes * 1024 * 1024 // 4) + "';"
    body = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    return (f"<html><head><style>{'p{color:red}' * 1000}</style><script>{script}</script></head><body>"
            f"<img src=\"data:image/png;base64,{image}\"><div class='content1'>{body}</div></body></html>").encode()
