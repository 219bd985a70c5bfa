"""What the loaders say (English, technical) as analysts read it: Vietnamese first, saying what to do.

The one place that maps `LoaderError` (stage, message), ingest errors and extractor warnings to text. Pure:
pages show `t(m.vi, m.en)`. A message the table does not know still gets a Vietnamese sentence naming the
stage, with the loader's own words kept for whoever debugs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.errors import LoaderError

SUPPORTED = ".docx, .pdf (có lớp chữ), .txt, .md, .html, .htm"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and old .doc
SUPPORTED_EN = ".docx, .pdf (with a text layer), .txt, .md, .html, .htm"


@dataclass(frozen=True)
class Message:
    code: str      # stable id, for tests and logs
    vi: str
    en: str


# (code, stage or None for any, pattern on the loader's message, Vietnamese, English). First match wins;
# {1}, {2}... are the pattern's groups.
_ERRORS: tuple[tuple[str, str | None, str, str, str], ...] = (
    ("too_large", "read", r"file is ([\d.]+) MB; the limit is (\d+) MB",
     "Tệp quá lớn ({1} MB; giới hạn {2} MB). Hãy tách văn bản thành nhiều tệp nhỏ hơn, hoặc lưu lại dưới dạng .docx "
     "hoặc PDF không kèm ảnh, rồi nhập lại.",
     "The file is too large ({1} MB; the limit is {2} MB). Split it or save it without images, then import it again."),
    ("empty", "read", r"the file is empty",
     "Tệp rỗng, không có nội dung. Hãy kiểm tra lại tệp gốc và tải lên bản đầy đủ.",
     "The file is empty. Check the original and upload the complete file."),
    ("unsupported", "read", r"unsupported file type '([^']*)'",
     "Không hỗ trợ loại tệp “{1}”. Hãy lưu văn bản dưới dạng " + SUPPORTED + " rồi nhập lại "
     "(tệp .doc cũ: mở bằng Word và chọn Lưu thành .docx; ảnh chụp: nhận dạng chữ (OCR) thành PDF có lớp chữ).",
     "Unsupported file type “{1}”. Save the document as " + SUPPORTED_EN + " and import it again "
     "(old .doc: open in Word and save as .docx; photos: OCR them into a PDF with a text layer)."),
    ("no_text_layer", "read", r"no text layer",
     "PDF chỉ chứa ảnh quét, không có lớp chữ nên không đọc được nội dung. Hãy nhận dạng chữ (OCR, ví dụ bằng "
     "Adobe Acrobat hoặc ABBYY FineReader) để có PDF có lớp chữ, hoặc dùng bản .docx gốc, rồi nhập lại.",
     "The PDF is a scanned image without a text layer. Run OCR on it (or use the original .docx) and import it again."),
    ("pdf_password", "read", r"the PDF is password-protected",
     "PDF được đặt mật khẩu. Hãy mở bằng mật khẩu và lưu lại một bản không mật khẩu, rồi nhập lại.",
     "The PDF is password-protected. Save a copy without a password and import that."),
    ("pdf_pages", "read", r"the PDF has (\d+) pages \(limit (\d+)\)",
     "PDF có {1} trang, vượt giới hạn {2} trang. Hãy tách riêng phần kế hoạch rồi nhập lại.",
     "The PDF has {1} pages (limit {2}). Extract the plan itself and import that."),
    ("pdf_broken", "read", r"cannot read PDF",
     "Không đọc được tệp PDF: tệp bị hỏng, tải về chưa trọn vẹn hoặc được đặt mật khẩu. Hãy tải lại bản gốc, hoặc "
     "mở và in/lưu lại thành PDF không mật khẩu, rồi nhập lại.",
     "The PDF cannot be read: it is corrupt, incomplete or password-protected. Download it again, or re-save it "
     "as a PDF without a password."),
    ("docx_zip_bomb", "read", r"expands to more than",
     "Tệp .docx giải nén ra quá 200 MB (thường do ảnh nhúng) nên bị từ chối. Hãy xóa ảnh hoặc lưu lại văn bản "
     "không kèm ảnh, rồi nhập lại.",
     "The .docx expands to more than 200 MB (usually embedded images). Remove the images and import it again."),
    ("docx_not_word", "read", r"not a Word document",
     "Tệp không phải văn bản Word .docx. Nếu là tệp .doc cũ hoặc đã bị đổi đuôi, hãy mở bằng Word và chọn "
     "Lưu thành .docx, rồi nhập lại.",
     "This is not a Word .docx file. If it is an old .doc or was renamed, open it in Word and save it as .docx."),
    ("docx_broken", "read", r"not a valid \.docx|cannot open \.docx",
     "Tệp .docx bị hỏng hoặc được đặt mật khẩu. Hãy gỡ mật khẩu (Word: Tệp → Thông tin → Bảo vệ tài liệu) "
     "hoặc mở và lưu lại tệp từ Word, rồi nhập lại.",
     "The .docx is corrupt or password-protected. Remove the password (File → Info → Protect Document) or "
     "re-save it from Word, then import it again."),
    ("binary_text", "read", r"binary data",
     "Tệp có đuôi .txt/.md nhưng không phải văn bản thuần (dữ liệu nhị phân). Hãy kiểm tra đuôi tệp: có thể đây là "
     ".docx hoặc .pdf bị đổi tên.",
     "The .txt/.md file holds binary data. Check its extension: it may be a renamed .docx or .pdf."),
    ("encoding", "read", r"not valid (UTF-\S+) text",
     "Tệp văn bản không ở bảng mã Unicode ({1}). Văn bản gõ bằng TCVN3/VNI/Windows-1258 cần được chuyển mã sang "
     "Unicode UTF-8 trước (ví dụ bằng công cụ chuyển mã của Unikey), rồi nhập lại.",
     "The text file is not valid {1}. Convert TCVN3/VNI/Windows-1258 text to Unicode UTF-8 first (e.g. Unikey's "
     "converter) and import it again."),
    ("html_empty", "read", r"HTML page has no body text|cannot parse HTML",
     "Trang HTML không có nội dung văn bản. Hãy lưu lại trang đầy đủ (Ctrl+S, “Trang web, hoàn chỉnh”) hoặc tải "
     "bản .docx/.pdf của văn bản, rồi nhập lại.",
     "The HTML page has no document text. Save the complete page again, or download the .docx/.pdf instead."),
    ("not_found", "read", r"file not found|cannot read file",
     "Không đọc được tệp trên máy chủ. Hãy tải lên lại.",
     "The file could not be read on the server. Upload it again."),
    ("too_little_text", "clean", r"too little text",
     "Tệp có quá ít chữ (dưới 200 ký tự) để là một kế hoạch. Hãy kiểm tra đây có đúng là văn bản kế hoạch đầy đủ "
     "không; nếu là bản quét, hãy nhận dạng chữ (OCR) trước.",
     "Too little text (under 200 characters) to be a plan. Check that this is the complete plan; OCR scans first."),
    ("too_nested", "extract", r"too deeply nested",
     "Cấu trúc đề mục của văn bản lồng nhau quá sâu, không trích xuất được. Hãy kiểm tra định dạng đề mục "
     "(I., 1., a), -) rồi nhập lại.",
     "The heading structure is nested too deeply to extract. Check the heading markers and import it again."),
    ("duplicate", "duplicate", r"same content as (.+?); not ingested twice",
     "Trùng nội dung với tệp đã có: {1}. Không nhập lần thứ hai.",
     "Same content as {1}, which is already there; not imported twice."),
)

_STAGES = {"read": ("đọc tệp", "reading the file"), "clean": ("làm sạch văn bản", "cleaning the text"),
           "extract": ("trích xuất dữ liệu", "extracting data"), "duplicate": ("kiểm tra trùng", "duplicate check"),
           "correction": ("áp dụng sửa đổi", "applying corrections")}

_WARNINGS: tuple[tuple[str, str, str, str], ...] = (
    ("no_targets", r"no targets found",
     "Không tìm thấy chỉ tiêu định lượng nào (các dòng dạng “70% …”). Kiểm tra lại mục Mục tiêu/Chỉ tiêu.",
     "No quantified targets found (lines like “70% …”). Check the objectives section."),
    ("unknown_agency", r"unknown agency: (.+)",
     "Cơ quan chưa có trong danh mục: “{1}”. Có thể gộp vào cơ quan chuẩn ở trang Rà soát.",
     "Agency not in the reference list: “{1}”. Merge it into a canonical agency on the Review page."),
    ("truncated", r"document looks truncated",
     "Văn bản có vẻ bị cắt (không có phần ký và Nơi nhận). Hãy kiểm tra bản gốc có đầy đủ không.",
     "The document looks cut off (no signature, no recipients). Check that the original is complete."),
    ("no_headings", r"no headings found",
     "Không nhận ra đề mục nào (I., 1., a)…): văn bản có thể không theo thể thức kế hoạch; các bảng sẽ ít dữ liệu.",
     "No headings recognised (I., 1., a)…): the document may not follow the plan layout; tables will be sparse."),
    ("no_year", r"no plan year found",
     "Không xác định được năm kế hoạch. Có thể bổ sung ở trang Rà soát.",
     "No plan year found. Fill it in on the Review page."),
    ("no_province", r"no province found",
     "Không xác định được tỉnh/thành ban hành. Có thể bổ sung ở trang Rà soát.",
     "No province found. Fill it in on the Review page."),
)


def _fill(template: str, match: re.Match[str]) -> str:
    return re.sub(r"\{(\d)\}", lambda m: match.group(int(m.group(1))) or "", template)


def explain_error(stage: str, message: str) -> Message:
    """A loader error (stage, English message) as a Message saying what went wrong and what to do."""
    for code, want, pattern, vi, en in _ERRORS:
        if want is not None and want != stage:
            continue
        found = re.search(pattern, message)
        if found:
            return Message(code, _fill(vi, found), _fill(en, found))
    where_vi, where_en = _STAGES.get(stage, (stage, stage))
    return Message("other", f"Không nhập được tệp (lỗi khi {where_vi}: {message}). Hãy kiểm tra tệp gốc, lưu lại "
                            f"dưới dạng .docx hoặc PDF có lớp chữ rồi thử lại.",
                   f"The file could not be imported (error while {where_en}: {message}). Check the original, save it "
                   f"as .docx or a text-layer PDF and try again.")


def explain(err: LoaderError, data: bytes | None = None, suffix: str = "") -> Message:
    """`explain_error`, sharpened by the file's bytes when the loader could not tell why."""
    message = explain_error(err.stage, err.message)
    if data is not None and message.code == "pdf_broken" and b"/Encrypt" in data[-65536:] + data[:65536]:
        # pdfplumber wraps PDFPasswordIncorrect in a PdfminerException the reader does not recognise.
        return explain_error("read", "the PDF is password-protected")
    if data is not None and message.code == "docx_broken" and data.startswith(OLE_MAGIC):
        return Message("docx_password", "Tệp .docx được đặt mật khẩu (hoặc là tệp .doc cũ đổi đuôi). Hãy mở bằng "
                       "Word, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) và lưu thành .docx, rồi nhập lại.",
                       "The .docx is password-protected (or an old .doc renamed). Open it in Word, remove the "
                       "password and save it as .docx, then import it again.")
    return message


def explain_warning(warning: str) -> Message:
    """An extractor warning ("no targets found", "unknown agency: …") for the analyst."""
    for code, pattern, vi, en in _WARNINGS:
        found = re.fullmatch(pattern, warning.strip())
        if found:
            return Message(code, _fill(vi, found), _fill(en, found))
    return Message("other", f"Cảnh báo của bộ trích xuất: {warning}", f"Extractor warning: {warning}")


# Statuses of the corrections table (loaders/corrections.py).
CORRECTION_STATUS = {
    "applied": ("Đã áp dụng", "Applied"),
    "already": ("Đã đúng sẵn (không cần sửa)", "Already correct"),
    "changed": ("Không áp dụng: dòng dữ liệu đã thay đổi", "Not applied: the row changed"),
    "missing": ("Không áp dụng: không còn dòng này", "Not applied: row no longer exists"),
    "invalid": ("Không áp dụng: sửa đổi không hợp lệ", "Not applied: invalid correction"),
}
