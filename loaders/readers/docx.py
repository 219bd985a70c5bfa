"""Word .docx via python-docx, body paragraphs and table cells in document order."""

from __future__ import annotations

import io
import zipfile

from loaders.errors import LoaderError
from loaders.readers.base import MAX_TEXT_CHARS, SourceText, too_long_message

MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts inflated: refuse zip bombs before python-docx inflates them
MAX_XML_PART = 32 * 1024 * 1024       # one XML part inflated (lxml holds its whole tree in memory)
MAX_DIRECTORY = 2 * 1024 * 1024       # the zip's central directory (~40,000 entries; a real .docx has tens)


def read_docx(data: bytes) -> SourceText:
    """Read a .docx; header tables (issuer | national motto) become ordinary lines."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        _check_directory(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
                raise LoaderError(f"the .docx expands to more than {MAX_UNCOMPRESSED // 2**20} MB; refused (zip bomb?)",
                                  stage="read")
            if any(i.file_size > MAX_XML_PART for i in zf.infolist() if i.filename.endswith((".xml", ".rels"))):
                raise LoaderError(f"a part of the .docx expands to more than {MAX_XML_PART // 2**20} MB of XML; refused",
                                  stage="read")
            if "word/document.xml" not in zf.namelist():
                raise LoaderError("not a Word document (no word/document.xml)", stage="read")
        document = docx.Document(io.BytesIO(data))
    except LoaderError:
        raise
    except zipfile.BadZipFile:
        raise LoaderError("not a valid .docx (corrupt, or password-protected)", stage="read") from None
    except Exception as err:  # python-docx raises many types for broken packages
        raise LoaderError(f"cannot open .docx: {type(err).__name__}: {err}", stage="read") from None

    lines: list[str] = []
    chars = 0

    def add_paragraph(text: str) -> None:
        nonlocal chars
        chars += len(text)
        if chars > MAX_TEXT_CHARS:
            raise LoaderError(too_long_message(chars), stage="read")
        lines.extend(text.split("\n"))
        lines.append("")

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add_paragraph(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        add_paragraph(paragraph.text)
    return SourceText.from_lines(lines, "docx")


def _check_directory(data: bytes) -> None:
    """Refuse an archive whose central directory alone would take a lot of memory to list."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return  # zipfile reports the broken archive
    entries = int.from_bytes(data[end + 10:end + 12], "little")
    size = int.from_bytes(data[end + 12:end + 16], "little")
    if entries == 0xFFFF or size == 0xFFFFFFFF or size > MAX_DIRECTORY:
        raise LoaderError(f"the .docx lists too many files ({entries if entries != 0xFFFF else 'over 65,535'}); "
                          "refused", stage="read")
