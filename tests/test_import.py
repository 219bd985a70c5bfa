"""Nhập văn bản: uploads driven through the real page (AppTest file_uploader), the real loaders and DuckDB.

Good files are previewed, confirmed, stored under safe names and found by the overview; every bad file is
refused with its Vietnamese message and leaves the database file byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import RAW, ROOT
from docbuild import image_only_pdf, to_docx, to_pdf
from streamlit.testing.v1 import AppTest

from explorer.importing import import_files, inspect_upload, known_contents, mark_duplicates, safe_filename, store
from loaders.ingest import MAX_FILE_BYTES, ingest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def seed(stem: str) -> str:
    return (RAW / f"{stem}.txt").read_text(encoding="utf-8")


def new_docx() -> bytes:
    """Lạng Giang's plan, one target changed (so not a duplicate), as a Word file with the header table."""
    text = seed("lang-giang-2024-kh").replace("70% dân số", "75% dân số")
    return to_docx(text)


def new_pdf() -> bytes:
    """Quảng Ngãi's plan with an extra closing line, as a text-layer PDF."""
    return to_pdf(seed("quang-ngai-2025-kh-93") + "\nGhi chú: bản nhập thử từ bảng điều khiển.\n")


def locked_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt="mat-khau")
    c.drawString(72, 720, "Ke hoach cong tac binh dang gioi nam 2024 " * 3)
    c.showPage()
    c.save()
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # what Word writes for a password-protected .docx
BAD = {
    # name: (file name, bytes, message code, words of the Vietnamese message)
    "empty": ("trong.txt", b"", "empty", "Tệp rỗng"),
    "scanned": ("ban-quet.pdf", image_only_pdf(), "no_text_layer", "không có lớp chữ"),
    "pdf_password": ("co-mat-khau.pdf", locked_pdf(), "pdf_password", "đặt mật khẩu"),
    "pdf_corrupt": ("hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "pdf_broken", "bị hỏng"),
    "docx_password": ("co-mat-khau.docx", OLE + bytes(2048), "docx_password", "gỡ mật khẩu"),
    "docx_corrupt": ("hong.docx", b"PK\x03\x04" + bytes(100), "docx_broken", "bị hỏng"),
    "too_large": ("qua-lon.txt", b"a" * (MAX_FILE_BYTES + 1), "too_large", "Tệp quá lớn"),
    "unsupported": ("anh-chup.jpg", b"\xff\xd8\xff\xe0" + bytes(500), "unsupported", "Không hỗ trợ loại tệp"),
    "old_encoding": ("tcvn3.txt", ("Tháng hành đông " * 40).encode("cp1258"), "encoding", "UTF-8"),
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A copy of data/raw, its database and corrections file in a temp folder, named by the settings."""
    data = tmp_path / "data"
    shutil.copytree(RAW, data / "raw")
    db = data / "plans.duckdb"
    monkeypatch.setenv("PLANS_RAW", str(data / "raw"))
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_CORRECTIONS", str(data / "corrections.csv"))
    assert ingest([data / "raw"], db).ingested == 5
    return data


def import_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/import_documents.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.file_uploader[0].set_value(files)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# --- pure parts --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "stored"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("/tmp/../data/plans.duckdb", "plans.duckdb"),
    ("Kế hoạch 93 BĐG.DOCX", "ke-hoach-93-bdg.docx"),
    ("a\x00b\x1f\x7fc.txt", "abc.txt"),
    ("\u202etxt.exe", "txt.exe"),            # right-to-left override stripped
    (".hidden.txt", "hidden.txt"),
    ("..", "van-ban"),
    ("", "van-ban"),
    ("x" * 300 + ".pdf", "x" * 80 + ".pdf"),
])
def test_safe_filename(given, stored):
    assert safe_filename(given) == stored


def test_store_never_overwrites_and_stays_in_the_folder(tmp_path):
    folder = tmp_path / "raw"
    first = store(b"one", "../../ke-hoach.txt", folder)
    second = store(b"two", "ke-hoach.txt", folder)
    assert (first.name, second.name) == ("ke-hoach.txt", "ke-hoach-2.txt")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["ke-hoach-2.txt", "ke-hoach.txt"]


def test_preview_of_a_good_docx():
    p = inspect_upload(new_docx(), "Kế hoạch BĐG Lạng Giang.docx")
    assert p.accepted and p.stored_name == "ke-hoach-bdg-lang-giang.docx"
    assert p.meta["province"] == "Bắc Giang" and p.meta["plan_year"] == 2024 and p.meta["file_format"] == "docx"
    assert p.counts["targets"] == 5 and p.counts["responsibilities"] > 0 and p.counts["sections"] > 0


def test_warnings_are_shown_in_vietnamese():
    text = seed("lang-giang-2024-kh").replace("2. Phòng Tài chính- Kế hoạch\n\nChủ trì,",
                                              "2. Phòng Khoa học và Công nghệ huyện\n\nChủ trì,")
    p = inspect_upload(text.encode("utf-8"), "bien-the.txt")
    assert p.accepted
    assert [w.code for w in p.warnings] == ["unknown_agency"]
    assert p.warnings[0].vi.startswith("Cơ quan chưa có trong danh mục: “Phòng Khoa học và Công nghệ huyện”")
    no_targets = "\n\n".join(line for line in text.split("\n") if "%" not in line)
    assert "no_targets" in [w.code for w in inspect_upload(no_targets.encode("utf-8"), "x.txt").warnings]


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_inputs_are_refused_with_their_message(case):
    name, data, code, words = BAD[case]
    p = inspect_upload(data, name)
    assert p.status == "rejected" and p.message.code == code, (p.message, case)
    assert words in p.message.vi


def test_duplicates_by_content_in_the_database_the_folder_and_the_batch(workspace):
    seed_bytes = (RAW / "bac-kan-2018-qd-415.txt").read_bytes()
    con = duckdb.connect(str(workspace / "plans.duckdb"), read_only=True)
    db_rows = con.execute("SELECT sha256, source_path FROM files WHERE sha256 IS NOT NULL").fetchall()
    con.close()
    same_as_seed = inspect_upload(seed_bytes, "ten-khac.txt")
    fresh = inspect_upload(new_docx(), "moi.docx")
    again = inspect_upload(new_docx(), "moi-lan-2.docx")
    known = known_contents(workspace / "raw", db_rows, [same_as_seed.size, fresh.size])
    marked = mark_duplicates([same_as_seed, fresh, again], known)
    assert [p.status for p in marked] == ["duplicate", "ok", "duplicate"]
    assert "bac-kan-2018-qd-415.txt" in marked[0].message.vi and "moi.docx" in marked[2].message.vi
    # only in the folder (not yet ingested): still a duplicate
    (workspace / "raw" / "chua-nap.txt").write_bytes(seed("trieu-son-2022-cv").encode("utf-8") + b"\n\n")
    waiting = inspect_upload((workspace / "raw" / "chua-nap.txt").read_bytes(), "x.txt")
    assert mark_duplicates([waiting], known_contents(workspace / "raw", db_rows, [waiting.size]))[0].status == "duplicate"


def test_nothing_accepted_means_no_write(workspace):
    db = workspace / "plans.duckdb"
    before, listing = sha(db), sorted(p.name for p in (workspace / "raw").iterdir())
    items = [(inspect_upload(data, name), data) for name, data, _, _ in BAD.values()]
    result = import_files(items, workspace / "raw", db)
    assert not result.imported and not result.database_changed and len(result.refused) == len(BAD)
    assert sha(db) == before and sorted(p.name for p in (workspace / "raw").iterdir()) == listing


# --- the page -----------------------------------------------------------------------------------------------

def test_upload_preview_confirm_and_find_the_plans_in_the_overview(workspace):
    db = workspace / "plans.duckdb"
    before = sha(db)
    at = upload(import_page(), [("Kế hoạch Lạng Giang (sửa).docx", new_docx(), DOCX),
                                ("../KH 93 Quảng Ngãi.pdf", new_pdf(), "application/pdf")])
    assert not at.error, texts(at.error)
    assert len(at.expander) == 2
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert "Bắc Giang" in shown and "Quảng Ngãi" in shown and "2024" in shown  # metadata before confirming
    assert sha(db) == before, "a preview must not touch the database"
    confirm = at.button(key="import_confirm")
    assert not confirm.disabled and "2" in confirm.label
    confirm.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.success) == 2, texts(at.success) + texts(at.error)
    assert sha(db) != before
    stored = sorted(p.name for p in (workspace / "raw").iterdir())
    assert "ke-hoach-lang-giang-sua.docx" in stored and "kh-93-quang-ngai.pdf" in stored
    assert not list(workspace.parent.glob("*.pdf")), "the ../ in the name must not escape the folder"

    at.switch_page("pages/overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "7"
    con = duckdb.connect(str(db), read_only=True)
    formats = con.execute("SELECT file_format, province FROM plans WHERE source_path LIKE '%ke-hoach-lang-giang-sua.docx' "
                          "OR source_path LIKE '%kh-93-quang-ngai.pdf' ORDER BY file_format").fetchall()
    con.close()
    assert formats == [("docx", "Bắc Giang"), ("pdf", "Quảng Ngãi")]


@pytest.mark.parametrize("case", sorted(BAD))
def test_page_refuses_bad_input_and_leaves_the_database_unchanged(workspace, case):
    db = workspace / "plans.duckdb"
    before, listing = sha(db), sorted(p.name for p in (workspace / "raw").iterdir())
    name, data, _, words = BAD[case]
    at = upload(import_page(), [(name, data, "application/octet-stream")])
    assert any(words in e for e in texts(at.error)), texts(at.error)
    assert at.button(key="import_confirm").disabled
    at.run()  # AppTest, like a browser, cannot click a disabled button; a rerun writes nothing either
    assert not at.exception
    assert sha(db) == before
    assert sorted(p.name for p in (workspace / "raw").iterdir()) == listing


def test_page_flags_a_duplicate_and_imports_only_the_good_file(workspace):
    db = workspace / "plans.duckdb"
    before = sha(db)
    at = upload(import_page(), [("cu.txt", (RAW / "lang-giang-2024-kh.txt").read_bytes(), "text/plain"),
                                ("trong.txt", b"", "text/plain")])
    assert any("Trùng nội dung" in w for w in texts(at.warning)) and any("Tệp rỗng" in e for e in texts(at.error))
    assert at.button(key="import_confirm").disabled and sha(db) == before
    at.file_uploader[0].set_value([("cu.txt", (RAW / "lang-giang-2024-kh.txt").read_bytes(), "text/plain"),
                                   ("moi.docx", new_docx(), DOCX)])
    at.run()
    at.button(key="import_confirm").click().run()
    assert not at.exception and len(at.success) == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM plans").fetchall() == [(6,)]
    con.close()


def test_unticking_every_file_writes_nothing(workspace):
    db = workspace / "plans.duckdb"
    before = sha(db)
    at = upload(import_page(), [("moi.docx", new_docx(), DOCX)])
    at.checkbox[0].uncheck().run()
    assert at.button(key="import_confirm").disabled
    assert sha(db) == before and "moi.docx" not in {p.name for p in (workspace / "raw").iterdir()}
