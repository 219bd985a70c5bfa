"""Word .docx via python-docx, body paragraphs and table cells in document order."""

from __future__ import annotations

import io
import zipfile

from loaders.errors import LoaderError
from loaders.readers.base import SourceText

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse zip bombs before python-docx inflates them


def read_docx(data: bytes) -> SourceText:
    """Read a .docx; header tables (issuer | national motto) become ordinary lines."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
                raise LoaderError("the .docx expands to more than 200 MB; refused", stage="read")
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

    def add_paragraph(text: str) -> None:
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
