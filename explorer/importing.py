"""Nhập văn bản / Import: uploaded bytes → a preview the analyst checks → (confirmed) stored and ingested.

`inspect_upload(bytes, filename)` and `mark_duplicates` are pure: they read and extract the document with
`loaders.pipeline.parse_document`, exactly as the ingest will, and say in Vietnamese why a file is refused.
Only `import_files` writes: the confirmed files go to the documents folder (PLANS_RAW) under safe names,
never over an existing file, then the folder is ingested into the dashboard's database (PLANS_DB) with
`loaders.ingest.ingest` (built aside, swapped in atomically) and the caches are dropped. When nothing is
confirmed, or every file is refused, the database file is not touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from explorer.messages import Message, explain, explain_error, explain_warning
from loaders import ingest as ingest_module
from loaders.errors import LoaderError
from loaders.pipeline import parse_document
from loaders.readers import SUPPORTED_SUFFIXES
from loaders.textnorm import fold

MB = 1024 * 1024
COUNTED = ("sections", "targets", "activities", "initiatives", "responsibilities", "citations", "deadlines",
           "budget_sources")
META = ("doc_type", "doc_number", "issuer", "level", "province", "district", "plan_year", "issue_date", "title",
        "signer")


@dataclass
class Preview:
    """What one uploaded file would become, before anything is written."""

    filename: str                  # as uploaded (may hold a path or anything a browser sends)
    stored_name: str               # safe name it is stored under (a -2, -3... suffix if taken)
    suffix: str
    size: int
    sha256: str
    plan_id: str | None = None
    status: str = "ok"             # ok, rejected, duplicate
    message: Message | None = None
    meta: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status == "ok"


def safe_filename(name: str) -> str:
    """A name that is safe to store: no directories, no control characters, ASCII, never hidden or empty.

    "../../etc/passwd" → "passwd"; "C:\\x\\Kế hoạch 93.docx" → "ke-hoach-93.docx"; "\\x00.pdf" → "van-ban.pdf".
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")  # controls, bidi overrides, NUL
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:80].strip("-") or "van-ban"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10]
    return f"{slug}.{ext}" if ext else slug


def _suffix(filename: str) -> str:
    base = safe_filename(filename)
    return "." + base.rsplit(".", 1)[1] if "." in base else ""


def inspect_upload(data: bytes, filename: str) -> Preview:
    """Read and extract one uploaded file as the ingest would; a refusal carries its Vietnamese message."""
    suffix = _suffix(filename)
    preview = Preview(filename=filename, stored_name=safe_filename(filename), suffix=suffix, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest())
    limit = ingest_module.MAX_FILE_BYTES
    if len(data) > limit:  # before parsing: never spend minutes on a file the ingest refuses anyway
        return _rejected(preview, explain_error("read", f"file is {len(data) / MB:.1f} MB; the limit is {limit // MB} MB"))
    if suffix not in SUPPORTED_SUFFIXES:
        return _rejected(preview, explain_error("read", f"unsupported file type '{suffix or filename}'"))
    try:
        plan = parse_document(data, suffix)
    except LoaderError as err:
        return _rejected(preview, explain(err, data, suffix))
    except Exception as err:  # a bug in one extractor: refuse this file, say so, keep the page alive
        return _rejected(preview, explain_error("extract", f"unexpected {type(err).__name__}: {err}"))
    row = plan.plan_row()
    preview.plan_id = plan.plan_id
    preview.meta = {key: row.get(key) for key in META} | {"file_format": plan.file_format}
    preview.counts = {"sections": len(plan.sections)} | {k: len(plan.tables.get(k, [])) for k in COUNTED[1:]}
    preview.warnings = [explain_warning(w) for w in plan.meta.warnings]
    return preview


def _rejected(preview: Preview, message: Message) -> Preview:
    preview.status, preview.message = "rejected", message
    return preview


def mark_duplicates(previews: list[Preview], known: dict[str, str]) -> list[Preview]:
    """Files whose content is already there (`known`: sha256 → where) or earlier in this batch: duplicates."""
    seen = dict(known)
    out = []
    for p in previews:
        if p.accepted and p.sha256 in seen:
            p = replace(p, status="duplicate",
                        message=explain_error("duplicate", f"same content as {seen[p.sha256]}; not ingested twice"))
        elif p.accepted:
            seen[p.sha256] = p.filename
        out.append(p)
    return out


def known_contents(raw: Path, db_rows: Iterable[tuple[str, str]], sizes: Iterable[int] = ()) -> dict[str, str]:
    """sha256 → where, from the database (files and plans tables) and the documents folder.

    Only folder files of an uploaded size are hashed, so a large folder costs a directory listing.
    """
    known = {sha: path for sha, path in db_rows if sha}
    wanted = set(sizes)
    if raw.is_dir() and wanted:
        for path in ingest_module.find_files([raw]):
            try:
                if path.stat().st_size in wanted:
                    known.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), ingest_module.display_path(path))
            except OSError:
                continue
    return known


def store(data: bytes, name: str, folder: Path) -> Path:
    """Write `data` as folder/name (or name-2, name-3, ... when taken) without ever replacing a file."""
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_filename(name)  # again: callers may pass anything
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    temp = folder / f".{name}.{os.getpid()}.part"  # hidden: the ingest skips it
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        for i in range(1, 1000):
            candidate = folder / (name if i == 1 else f"{stem}-{i}{dot}{ext}")
            if candidate.resolve().parent != folder.resolve():
                raise ValueError(f"unsafe file name: {name}")
            try:
                os.link(temp, candidate)  # atomic, and fails if the name exists: never overwrites
            except FileExistsError:
                continue
            return candidate
        raise FileExistsError(f"no free name for {name} in {folder}")
    finally:
        temp.unlink(missing_ok=True)


@dataclass
class ImportResult:
    imported: list[tuple[Preview, str]] = field(default_factory=list)    # (preview, stored path)
    refused: list[tuple[Preview, Message]] = field(default_factory=list)
    summary: ingest_module.IngestSummary | None = None

    @property
    def database_changed(self) -> bool:
        return self.summary is not None


def import_files(items: list[tuple[Preview, bytes]], raw: Path, db: Path,
                 db_rows: Iterable[tuple[str, str]] = ()) -> ImportResult:
    """Store the accepted files in `raw` and ingest the folder into `db`. Nothing is written when none is left."""
    result = ImportResult()
    previews = [p for p, _ in items]
    data_of = {id(p): data for p, data in items}
    # Check again: the folder or the database may have changed since the preview.
    known = known_contents(raw, db_rows, [p.size for p in previews if p.accepted])
    checked = mark_duplicates([replace(p) if p.accepted else p for p in previews], known)
    stored: list[tuple[Preview, Path]] = []
    for original, p in zip(previews, checked, strict=True):
        if not p.accepted:
            result.refused.append((p, p.message))
            continue
        stored.append((p, store(data_of[id(original)], p.stored_name, raw)))
    if not stored:
        return result
    result.summary = rebuild(raw, db)
    errors = {path: (stage, message) for path, stage, message in result.summary.errors}
    for p, path in stored:
        shown = ingest_module.display_path(path)
        if shown in errors:  # refused by the ingest after all (a race): take the file back out
            path.unlink(missing_ok=True)
            result.refused.append((p, explain_error(*errors[shown])))
        else:
            result.imported.append((replace(p, stored_name=path.name), shown))
    return result


def rebuild(raw: Path, db: Path) -> ingest_module.IngestSummary:
    """Ingest the documents folder into `db` (one build at a time in this process), then drop stale caches."""
    from explorer import data

    with data.BUILD_LOCK:
        summary = ingest_module.ingest([raw], db)
        data.refresh()
    return summary
