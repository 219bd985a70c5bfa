"""PDF text layer via pdfplumber (MIT); an image-only PDF is reported, not ingested empty."""

from __future__ import annotations

import contextvars
import io
import itertools
import re
import zlib

from loaders.errors import LoaderError
from loaders.readers.base import SourceText

MAX_PAGES = 500
# Compressed streams are inflated by pdfminer in one piece; a 300 KB file can hold gigabytes of zeros.
MAX_STREAM_BYTES = 32 * 1024 * 1024    # one inflated stream (page contents, an embedded font)
MAX_INFLATED_BYTES = 128 * 1024 * 1024  # all streams of one document together
# A wrapped line never starts a new heading or list item.
HEADING_START = re.compile(r"^([IVX]+\.|\d{1,2}\.|[a-zđ]\)|[-–+•] )")


def read_pdf(data: bytes) -> SourceText:
    """Read a PDF's text layer; paragraphs are rebuilt from vertical gaps between lines."""
    import pdfplumber

    _install_bounded_zlib()
    lines: list[str] = []
    try:
        token = _budget.set([MAX_INFLATED_BYTES])
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                _check_page_count(pdf)
                for page in pdf.pages:
                    lines.extend(_page_lines(page))
                    page.flush_cache()
        finally:
            _budget.reset(token)
    except LoaderError:
        raise
    except Exception as err:  # pdfminer raises many types for broken or encrypted files
        if (bomb := _too_large(err)) is not None:
            raise LoaderError(str(bomb), stage="read") from None
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


def _check_page_count(pdf) -> None:
    """Count pages without building them all: a page tree can list hundreds of thousands."""
    from pdfminer.pdfpage import PDFPage

    count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if count > MAX_PAGES:
        raise LoaderError(f"the PDF has more than {MAX_PAGES} pages (limit {MAX_PAGES}); split it", stage="read")


class _TooLarge(Exception):
    """A compressed stream inflates past the limits (not a pdfminer error, so pdfminer does not retry it)."""


def _too_large(err: BaseException | None) -> _TooLarge | None:
    """The _TooLarge behind an error (pdfplumber wraps pdfminer's errors)."""
    seen = 0
    while err is not None and seen < 10:
        if isinstance(err, _TooLarge):
            return err
        err = err.__cause__ or err.__context__
        seen += 1
    return None


# Bytes the document being read may still inflate; None outside read_pdf (then only the per-stream limit).
_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("pdf_inflate_budget", default=None)


def _spend(size: int) -> None:
    budget = _budget.get()
    if size > MAX_STREAM_BYTES:
        raise _TooLarge(f"a compressed stream of the PDF inflates past {MAX_STREAM_BYTES // 2**20} MB "
                        "(a decompression bomb?); refused")
    if budget is not None:
        budget[0] -= size
        if budget[0] < 0:
            raise _TooLarge(f"the PDF's compressed streams inflate past {MAX_INFLATED_BYTES // 2**20} MB; refused")


class _Decompressor:
    """zlib.decompressobj that stops at the limits instead of filling memory."""

    def __init__(self, *args) -> None:
        self._inner = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, MAX_STREAM_BYTES + 1)
        _spend(len(out))
        if self._inner.unconsumed_tail:
            raise _TooLarge(f"a compressed stream of the PDF inflates past {MAX_STREAM_BYTES // 2**20} MB; refused")
        return out

    def flush(self, *args) -> bytes:
        out = self._inner.flush(*args)
        _spend(len(out))
        return out

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


class _BoundedZlib:
    """The `zlib` pdfminer sees: same API for what it uses, with inflation bounded."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        inner = zlib.decompressobj(wbits)
        out = inner.decompress(data, MAX_STREAM_BYTES + 1)
        _spend(len(out))
        if inner.unconsumed_tail:
            raise _TooLarge(f"a compressed stream of the PDF inflates past {MAX_STREAM_BYTES // 2**20} MB; refused")
        if not inner.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    decompressobj = _Decompressor

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def _bounded_lzwdecode(data: bytes) -> bytes:
    """LZW inflates ~1000:1 too; stop at the limits instead of joining everything first."""
    from pdfminer.lzw import LZWDecoder

    out: list[bytes] = []
    total = 0
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        total += len(chunk)
        if total > MAX_STREAM_BYTES:
            raise _TooLarge(f"a compressed stream of the PDF inflates past {MAX_STREAM_BYTES // 2**20} MB; refused")
        out.append(chunk)
    _spend(total)
    return b"".join(out)


def _bounded_rldecode(data: bytes) -> bytes:
    """RunLengthDecode: the decoded size is known from the run headers, so check it before decoding."""
    from pdfminer.runlength import rldecode

    size = i = 0
    while i < len(data) and data[i] != 128:
        size += data[i] + 1 if data[i] < 128 else 257 - data[i]
        i += data[i] + 2 if data[i] < 128 else 2
    _spend(size)
    return rldecode(data)


def _install_bounded_zlib() -> None:
    """pdfminer inflates with zlib.decompress, LZW and RunLength decoders and no size limit; give it bounded ones."""
    import pdfminer.pdftypes

    if not isinstance(pdfminer.pdftypes.zlib, _BoundedZlib):
        pdfminer.pdftypes.zlib = _BoundedZlib()
        pdfminer.pdftypes.lzwdecode = _bounded_lzwdecode
        pdfminer.pdftypes.rldecode = _bounded_rldecode


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
