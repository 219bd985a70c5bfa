"""PDF text layer via pdfplumber (MIT); an image-only PDF is reported, not ingested empty."""

from __future__ import annotations

import io
import re

from loaders.errors import LoaderError
from loaders.readers.base import SourceText

MAX_PAGES = 500
# A wrapped line never starts a new heading or list item.
HEADING_START = re.compile(r"^([IVX]+\.|\d{1,2}\.|[a-zđ]\)|[-–+•] )")


def read_pdf(data: bytes) -> SourceText:
    """Read a PDF's text layer; paragraphs are rebuilt from vertical gaps between lines."""
    import pdfplumber

    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise LoaderError(f"the PDF has {len(pdf.pages)} pages (limit {MAX_PAGES})", stage="read")
            for page in pdf.pages:
                lines.extend(_page_lines(page))
                page.flush_cache()
    except LoaderError:
        raise
    except Exception as err:  # pdfminer raises many types for broken or encrypted files
        name = type(err).__name__
        cause = err.__cause__ or err.__context__
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect with an empty message; the trailer says /Encrypt.
        if "Password" in name or "Password" in type(cause).__name__ or b"/Encrypt" in data:
            raise LoaderError("the PDF is password-protected", stage="read") from None
        raise LoaderError(f"cannot read PDF: {name}: {err}", stage="read") from None
    if not any(line.strip() for line in lines):
        raise LoaderError(
            "the PDF has no text layer (scanned image); run OCR first, then import it again",
            stage="read",
        )
    return SourceText.from_lines(lines, "pdf")


def _page_lines(page) -> list[str]:
    """Join wrapped lines into paragraphs; a gap wider than half a line height is a break."""
    rows = page.extract_text_lines(layout=False, strip=True, return_chars=False)
    out: list[str] = []
    previous = None
    for row in rows:
        text = row["text"]
        height = max(row["bottom"] - row["top"], 1.0)
        wrapped = previous is not None and (row["top"] - previous["bottom"]) < 0.5 * height
        if wrapped and out and out[-1] and not HEADING_START.match(text):
            out[-1] = f"{out[-1]} {text}"
        else:
            if previous is not None:
                out.append("")
            out.append(text)
        previous = row
    out.append("")
    return out
