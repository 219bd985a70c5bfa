"""Hostile files: zip and decompression bombs, XXE, huge or broken PDFs, deeply nested and huge HTML, and file
names that try to leave the folder or forge terminal output. Each is refused with a clear message or read
safely, in bounded time and memory (peak RSS of a child process that parses only that file)."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import hostile
import pytest
from conftest import RAW, ROOT

from loaders.errors import LoaderError
from loaders.ingest import MAX_FILE_BYTES, ingest
from loaders.pipeline import parse_document
from loaders.readers import read_bytes
from loaders.readers.base import MAX_TEXT_CHARS
from loaders.readers.docx import MAX_UNCOMPRESSED, MAX_XML_PART
from loaders.readers.html import MAX_DEPTH, MAX_MARKUP_CHARS
from loaders.readers.pdf import MAX_INFLATED_BYTES, MAX_PAGES, MAX_STREAM_BYTES

LONG = os.environ.get("RELIABILITY_LONG") == "1"
MEMORY_LIMIT_MB = 256  # peak memory one hostile file may add to the process that reads it (VmHWM)
TIME_LIMIT_S = 30

PROBE = r"""
import json, sys, time
sys.path[:0] = [sys.argv[3]]
import docx, pdfplumber, pdfminer.pdftypes, selectolax.lexbor  # libraries loaded before the baseline
from loaders.errors import LoaderError
from loaders.pipeline import parse_document


def status_kib(field):  # this process's own memory (ru_maxrss would include the parent's, inherited at fork)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


data = open(sys.argv[1], "rb").read()
base = status_kib("VmRSS")
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak (VmHWM) to the current size
except OSError:
    pass  # then the peak includes the imports: a conservative measure
start = time.perf_counter()
try:
    plan = parse_document(data, sys.argv[2])
    outcome, detail = "read", "\n".join(line["text"] for line in plan.lines)
except LoaderError as err:
    outcome, detail = "refused", err.message
seconds = time.perf_counter() - start
added = max(0, status_kib("VmHWM") - base) / 1024
print(json.dumps({"outcome": outcome, "detail": detail, "seconds": seconds, "added_mb": added}))
"""


def probe(tmp_path: Path, data: bytes, suffix: str) -> dict:
    """Parse `data` in a fresh process; its outcome, time and the peak memory it added."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), suffix, str(ROOT)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["added_mb"] < MEMORY_LIMIT_MB, result | {"detail": result["detail"][:200]}
    assert result["seconds"] < TIME_LIMIT_S, result | {"detail": result["detail"][:200]}
    return result


# --- .docx ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "expected"), [
    (lambda: hostile.docx_bomb(MAX_UNCOMPRESSED + 2**20), "expands to more than"),
    (lambda: hostile.docx_bomb(MAX_XML_PART + 2**20), "MB of XML"),
    (lambda: hostile.docx_bomb(24 * 2**20), "characters of text"),
    (lambda: hostile.docx_lying_bomb(40 * 2**20), "not a valid .docx"),
    (lambda: hostile.docx_many_entries(70_000), "too many files"),
], ids=["zip-bomb", "xml-part-bomb", "text-bomb", "lying-sizes", "central-directory-bomb"])
def test_docx_bombs_are_refused_in_bounded_memory(tmp_path, build, expected):
    data = build()
    assert len(data) < MAX_FILE_BYTES  # small on disk: the danger is in what it expands to
    result = probe(tmp_path, data, ".docx")
    assert result["outcome"] == "refused" and expected in result["detail"], result


def _secret_file(tmp_path: Path) -> tuple[Path, str]:
    secret = "SECRET-" + os.urandom(6).hex()
    path = tmp_path / "secret.txt"
    path.write_text(f"{secret}\n" * 50, encoding="utf-8")
    return path, secret


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"FETCHED-OVER-HTTP")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_recorder():
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    server.shutdown()


def test_docx_external_entities_are_never_resolved(tmp_path, http_recorder):
    url, hits = http_recorder
    secret_path, secret = _secret_file(tmp_path)
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()[:1] if Path("/etc/passwd").exists() else []
    cases = [
        hostile.docx_xxe("/etc/passwd"),
        hostile.docx_xxe(str(secret_path)),
        hostile.docx_with_doctype(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}/entity">]>', "a &xxe; b"),
        hostile.docx_with_doctype(f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{url}/param"> %p;]>', "a"),
        hostile.docx_with_doctype(f'<!DOCTYPE w:document SYSTEM "{url}/dtd">', "a"),
        hostile.docx_with_doctype(f'<!DOCTYPE w:document SYSTEM "file://{secret_path}">', "a"),
        hostile.docx_with_doctype(f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret_path}">'
                                  '<!ENTITY y "&x;&x;">]>', "&y;"),
    ]
    for data in cases:
        try:
            text = "\n".join(read_bytes(data, ".docx").lines)
        except LoaderError as err:
            text = err.message
        assert secret not in text and "FETCHED-OVER-HTTP" not in text
        assert not any(line and line in text for line in passwd)
        assert "root:" not in text
    assert hits == []  # nothing was fetched over the network


def test_docx_billion_laughs_and_deep_xml(tmp_path):
    for data in (hostile.docx_billion_laughs(10), hostile.docx_deep_xml(100_000)):
        result = probe(tmp_path, data, ".docx")
        assert "lol" * 1000 not in result["detail"]


# --- .pdf -------------------------------------------------------------------------------------------------------


def test_pdf_with_thousands_of_pages_is_refused_before_reading_them(tmp_path):
    result = probe(tmp_path, hostile.pdf_many_pages(20_000 if LONG else 5_000), ".pdf")
    assert result["outcome"] == "refused" and f"more than {MAX_PAGES} pages" in result["detail"], result
    assert result["seconds"] < 10


@pytest.mark.parametrize(("build", "expected"), [
    (lambda: hostile.pdf_flate_bomb(MAX_STREAM_BYTES // 2**20 * 8), "decompression bomb"),
    (lambda: hostile.pdf_flate_bomb(MAX_STREAM_BYTES // 2**20 - 4, streams=MAX_INFLATED_BYTES // MAX_STREAM_BYTES + 3),
     f"inflate past {MAX_INFLATED_BYTES // 2**20} MB"),
    (lambda: hostile.pdf_lzw_bomb(300), f"inflates past {MAX_STREAM_BYTES // 2**20} MB"),
    (lambda: hostile.pdf_runlength_bomb(100), f"inflates past {MAX_STREAM_BYTES // 2**20} MB"),
], ids=["flate-one-stream", "flate-many-streams", "lzw", "runlength"])
def test_pdf_decompression_bombs_are_refused_in_bounded_memory(tmp_path, build, expected):
    result = probe(tmp_path, build(), ".pdf")
    assert result["outcome"] == "refused" and expected in result["detail"], result


def test_broken_pdfs_are_read_or_refused_clearly():
    data = hostile.pdf_broken_xref()
    plan = parse_document(data, ".pdf")  # pdfminer rebuilds a broken xref by scanning the objects
    assert plan.meta.title == "Thực hiện công tác bình đẳng giới năm 2024"
    for data, expected in ((hostile.pdf_truncated(), "cannot read PDF"),
                           (hostile.pdf_self_referencing_pages(), "no text layer"),
                           (b"%PDF-1.4\n" + os.urandom(2000), "cannot read PDF")):
        with pytest.raises(LoaderError, match=expected):
            read_bytes(data, ".pdf")


# --- .html ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [lambda: hostile.html_deep(100_000), lambda: hostile.html_unclosed(100_000),
                                   lambda: b"<html><body>" + b"<ul><li>" * 100_000 + hostile.PLAN_TEXT.encode()],
                         ids=["nested-divs", "unclosed-inline", "nested-lists"])
def test_deeply_nested_html_is_refused_quickly(tmp_path, build):
    result = probe(tmp_path, build(), ".html")
    assert result["outcome"] == "refused" and f"more than {MAX_DEPTH} deep" in result["detail"], result
    assert result["seconds"] < 5


def test_moderately_nested_html_is_read():
    source = read_bytes(hostile.html_deep(MAX_DEPTH // 2), ".html")
    assert "Số: 12/KH-UBND" in source.lines


def test_scripts_and_handlers_never_become_text():
    plan = parse_document(hostile.html_scripts(), ".html")
    text = "\n".join(line["text"] for line in plan.lines)
    assert "INJECTED" not in text and "alert" not in text
    assert plan.meta.title == "Thực hiện công tác bình đẳng giới năm 2024"


def test_large_html_page_with_inline_data_is_read_in_bounded_memory(tmp_path):
    data = hostile.html_base64_page(40 if LONG else 30)
    assert len(data) > 25 * 2**20
    result = probe(tmp_path, data, ".html")
    assert result["outcome"] == "read" and "Thực hiện công tác bình đẳng giới năm 2024" in result["detail"], result


def test_large_dense_html_page_is_refused_in_bounded_memory(tmp_path):
    result = probe(tmp_path, hostile.html_large(40 if LONG else 20), ".html")
    assert result["outcome"] == "refused", result
    assert f"more than {MAX_MARKUP_CHARS // 2**20} MB of markup" in result["detail"], result


def test_text_over_the_limit_is_refused_in_every_format():
    line = "Tuyên truyền về bình đẳng giới trên địa bàn tỉnh. "
    for suffix, data in ((".txt", (line * (MAX_TEXT_CHARS // len(line) + 10)).encode()),
                         (".html", hostile.html_large(7))):
        with pytest.raises(LoaderError, match="characters of text"):
            read_bytes(data, suffix)


# --- file names and the folder being ingested ----------------------------------------------------------------------

HOSTILE_NAMES = [
    "x..\\..\\..\\etc\\passwd.txt",   # backslashes are ordinary characters on Linux
    "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.txt",
    "ctrl\x1b[31mred\x1b[0m.txt",       # an ANSI escape: would recolour a terminal
    "new\nline.txt",
    "tab\tand\rcr.txt",
    "bell\x07\x08.txt",
    "rtl\u202etxt.exe.txt",             # right-to-left override
    "zero\u200bwidth.txt",
    "Kế hoạch bình đẳng giới.txt",      # ordinary Vietnamese name: kept as is
]


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    seed = (RAW / "lang-giang-2024-kh.txt").read_text(encoding="utf-8")
    for i, name in enumerate(HOSTILE_NAMES):
        (folder / name).write_text(seed + f"\nBản sao {i}.\n", encoding="utf-8")
    os.symlink("/etc/passwd", folder / "passwd-link.txt")
    secret_path, _ = _secret_file(tmp_path)
    os.symlink(secret_path, folder / "secret-link.txt")
    os.symlink(tmp_path, folder / "parent-dir-link")
    (folder / "sub").mkdir()
    os.symlink("../../secret.txt", folder / "sub" / "relative-link.txt")
    os.mkfifo(folder / "fifo.txt")  # reading it would block forever
    bad = os.fsencode(folder) + b"/latin1-\xe9t\xe9.txt"
    with open(bad, "wb") as handle:
        handle.write((seed + "\nBản sao bytes.\n").encode("utf-8"))
    with open(folder / "huge.txt", "wb") as handle:  # sparse: over the limit without using the disk
        handle.truncate(MAX_FILE_BYTES + 1)
    return folder


def test_ingest_of_hostile_names_stays_in_the_folder(hostile_folder, tmp_path):
    db_path = tmp_path / "plans.duckdb"
    started = time.perf_counter()
    summary = ingest([hostile_folder], db_path)
    assert time.perf_counter() - started < 60  # the FIFO was not opened
    assert summary.ingested == len(HOSTILE_NAMES) + 1
    errors = {Path(p).name: message for p, _, message in summary.errors}
    assert "outside the folder" in errors["passwd-link.txt"] and "outside the folder" in errors["secret-link.txt"]
    assert "outside the folder" in errors["relative-link.txt"]
    assert "limit is 50 MB" in errors["huge.txt"]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        stored = [row[0] for table in ("files", "plans", "ingest_errors")
                  for row in con.execute(f"SELECT source_path FROM {table}").fetchall()]
        text = "\n".join(row[0] for row in con.execute("SELECT text FROM plan_lines").fetchall())
    finally:
        con.close()
    folder = hostile_folder.resolve().as_posix()
    for path in stored:
        assert path.isprintable(), repr(path)
        assert path.startswith(folder + "/"), path
        assert "/../" not in path and not path.endswith("/..")
    assert f"{folder}/ctrl\\x1b[31mred\\x1b[0m.txt" in stored
    assert f"{folder}/latin1-\\xe9t\\xe9.txt" in stored
    assert f"{folder}/Kế hoạch bình đẳng giới.txt" in stored
    assert "root:" not in text and "SECRET-" not in text


def test_cli_prints_only_printable_names(hostile_folder, tmp_path):
    done = subprocess.run([sys.executable, "-m", "loaders", "ingest", str(hostile_folder), "--db",
                           str(tmp_path / "cli.duckdb"), "--quiet"], cwd=ROOT, capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream and b"\r" not in stream


def test_same_file_named_twice_is_ingested_once(tmp_path):
    db_path = tmp_path / "plans.duckdb"
    summary = ingest([RAW, RAW / "lang-giang-2024-kh.txt"], db_path)
    assert summary.ingested == len(list(RAW.glob("*.txt"))) and not summary.errors


# --- the limits are documented ------------------------------------------------------------------------------------


def test_readme_documents_the_limits():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### Limits" in readme
    section = readme.split("### Limits", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    for value in (f"{MAX_FILE_BYTES // 2**20} MB", f"{MAX_TEXT_CHARS:,}", f"{MAX_UNCOMPRESSED // 2**20} MB",
                  f"{MAX_XML_PART // 2**20} MB", f"{MAX_PAGES}", f"{MAX_STREAM_BYTES // 2**20} MB",
                  f"{MAX_INFLATED_BYTES // 2**20} MB", f"{MAX_DEPTH:,}", f"{MAX_MARKUP_CHARS // 2**20} MB",
                  f"{MEMORY_LIMIT_MB} MB"):
        assert value in section, value
