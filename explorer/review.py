"""Rà soát / Review: turn the analyst's edits into corrections, and extend the reference lists.

Pure parts: `edits_to_corrections` (editor table before/after → correction rows, with the columns that must
follow: a merged agency's name and sector, an indicator's national target, a province's 2025 successor),
`merge_agency`, and the reference edits `add_alias`, `add_agency`, `add_theme_keyword` (CSV text in, CSV
text out). I/O parts: `append_corrections` (the shared data/corrections.csv, append-only, locked),
`write_reference` (data/reference/*.csv, atomic) and `save` (append, then rebuild the database so the
ingest re-applies every correction).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from explorer.messages import Message
from loaders import corrections
from loaders.textnorm import fold

try:
    import fcntl
except ImportError:  # Windows: a single dashboard process is assumed there
    fcntl = None

Rows = list[dict]


class ReviewError(ValueError):
    """An edit that cannot be made, with the message to show."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def _key(text: str) -> str:
    """As loaders.agencies matches names: folded, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", fold(text or ""))


def _blank(value) -> bool:
    return corrections.encode(value) == ""


# --- edits → corrections ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """Reference rows the follow-up columns come from (all keyed by id)."""

    agencies: Mapping[str, Mapping] | None = None       # agency_id → {name, sector, ...}
    indicators: Mapping[str, Mapping] | None = None     # indicator_key → {national_target_id, ...}
    successor_2025: Callable[[str], str | None] | None = None  # province after 01/07/2025


def _follow_ups(table: str, row: dict, column: str, value, ctx: Context) -> list[tuple[str, object]]:
    """Columns that must change with this one, so the row stays consistent."""
    out: list[tuple[str, object]] = []
    if table == "responsibilities" and column == "agency_id":
        agency = (ctx.agencies or {}).get(value) if value else None
        out += [("agency_name", agency["name"] if agency else row.get("agency_raw")),
                ("sector", agency["sector"] if agency else None)]
    elif table == "targets" and column == "indicator_key":
        indicator = (ctx.indicators or {}).get(value) if value else None
        out.append(("national_target_id", (indicator or {}).get("national_target_id") or None))
    elif table == "plans" and column == "province" and ctx.successor_2025 is not None:
        out.append(("province_2025", None if _blank(value) else ctx.successor_2025(str(value))))
    return out


def edits_to_corrections(table: str, before: pd.DataFrame, after: pd.DataFrame, *, by: str, reason: str = "",
                         ctx: Context | None = None) -> Rows:
    """One correction per changed editable cell (plus the columns that follow it), in row order."""
    ctx = ctx or Context()
    editable = [c for c in corrections.EDITABLE[table] if c in before.columns and c in after.columns]
    out: Rows = []
    for index, old in before.iterrows():
        if index not in after.index:
            continue
        new = after.loc[index]
        row = old.to_dict()
        changed = {c: new[c] for c in editable if corrections.encode(old[c]) != corrections.encode(new[c])}
        for column, value in changed.items():
            out.append(corrections.make(table, row, column, value, by=by, reason=reason))
            for follow, follow_value in _follow_ups(table, row | changed, column, value, ctx):
                if follow in changed or corrections.encode(row.get(follow)) == corrections.encode(follow_value):
                    continue
                out.append(corrections.make(table, row, follow, follow_value, by=by, reason=reason))
    return out


def merge_agency(rows: pd.DataFrame, agency_id: str, *, by: str, reason: str = "", ctx: Context) -> Rows:
    """Corrections giving every row of `rows` (responsibilities) the canonical agency `agency_id`."""
    after = rows.copy()
    after["agency_id"] = agency_id
    return edits_to_corrections("responsibilities", rows, after, by=by, reason=reason, ctx=ctx)


def check_who(by: str) -> str:
    by = (by or "").strip()
    if not by:
        raise ReviewError(Message("no_author", "Hãy nhập tên người sửa (ô “Người sửa”) trước khi lưu.",
                                  "Enter your name (“Corrected by”) before saving."))
    return by


# --- the corrections CSV --------------------------------------------------------------------------------------

def append_corrections(rows: Rows, path: Path) -> None:
    """Append to the shared CSV (header when new); locked, so two sessions never interleave lines."""
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab+") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        prefix = b""
        if size:
            fh.seek(size - 1)
            prefix = b"" if fh.read(1) == b"\n" else b"\n"
        fh.seek(0, os.SEEK_END)
        fh.write(prefix + corrections.to_csv(rows, header=size == 0).encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def save(rows: Rows, raw: Path, db: Path, csv_path: Path | None = None):
    """Store corrections durably, then rebuild the database (the ingest re-applies the whole CSV)."""
    from explorer.importing import rebuild

    append_corrections(rows, csv_path or corrections.csv_path())
    return rebuild(raw, db)


# --- reference lists (data/reference/*.csv) -------------------------------------------------------------------

def _read(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return list(reader.fieldnames or []), [dict(r) for r in reader]


def _write(fields: list[str], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _names(row: dict) -> list[str]:
    return [row["name"], row.get("short_name") or "", *(row.get("aliases") or "").split("|")]


def _owner(rows: list[dict], name: str) -> dict | None:
    """The agency a name already means (same folded key as any of its names), if any."""
    key = _key(name)
    return next((r for r in rows if any(_key(n) == key for n in _names(r) if n.strip())), None)


def add_alias(text: str, agency_id: str, alias: str) -> str:
    """agencies.csv with `alias` added to the agency's aliases; refused if it names another agency."""
    alias = " ".join((alias or "").split())
    if len(_key(alias)) < 3:
        raise ReviewError(Message("alias_short", "Tên gọi khác quá ngắn (cần ít nhất 3 chữ cái hoặc chữ số).",
                                  "The alias is too short (at least 3 letters or digits)."))
    fields, rows = _read(text)
    target = next((r for r in rows if r["agency_id"] == agency_id), None)
    if target is None:
        raise ReviewError(Message("agency_unknown", f"Không có cơ quan mã “{agency_id}” trong danh mục.",
                                  f"No agency “{agency_id}” in the reference list."))
    owner = _owner(rows, alias)
    if owner is not None and owner["agency_id"] == agency_id:
        raise ReviewError(Message("alias_exists", f"“{alias}” đã là tên của {target['name']}.",
                                  f"“{alias}” already names {target['name']}."))
    if owner is not None:
        raise ReviewError(Message("alias_taken", f"“{alias}” đã là tên của cơ quan khác: {owner['name']}.",
                                  f"“{alias}” already names another agency: {owner['name']}."))
    target["aliases"] = "|".join([a for a in (target.get("aliases") or "").split("|") if a] + [alias])
    return _write(fields, rows)


def add_agency(text: str, name: str, short_name: str, sector: str, level: str) -> tuple[str, str]:
    """agencies.csv with a new canonical agency; returns (text, new agency_id)."""
    name = " ".join((name or "").split())
    short_name = " ".join((short_name or "").split()) or name
    if len(_key(name)) < 3:
        raise ReviewError(Message("agency_short", "Tên cơ quan quá ngắn.", "The agency name is too short."))
    fields, rows = _read(text)
    owner = _owner(rows, name)
    if owner is not None:
        raise ReviewError(Message("agency_exists", f"“{name}” đã có trong danh mục: {owner['name']} ({owner['agency_id']}).",
                                  f"“{name}” is already listed: {owner['name']} ({owner['agency_id']})."))
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:48].strip("-")
    ids = {r["agency_id"] for r in rows}
    agency_id = base
    n = 2
    while agency_id in ids:
        agency_id, n = f"{base}-{n}", n + 1
    rows.append({f: "" for f in fields} | {"agency_id": agency_id, "name": name, "short_name": short_name,
                                           "sector": sector, "level": level, "aliases": name})
    return _write(fields, rows), agency_id


def add_theme_keyword(text: str, theme_id: str, keyword: str) -> str:
    """themes.csv with `keyword` added to the theme's keywords (matched without diacritics)."""
    keyword = " ".join((keyword or "").split())
    if len(fold(keyword)) < 3:
        raise ReviewError(Message("keyword_short", "Từ khóa quá ngắn (cần ít nhất 3 ký tự).",
                                  "The keyword is too short (at least 3 characters)."))
    if "|" in keyword:
        raise ReviewError(Message("keyword_pipe", "Từ khóa không được chứa dấu “|”.", "A keyword cannot contain “|”."))
    fields, rows = _read(text)
    target = next((r for r in rows if r["theme_id"] == theme_id), None)
    if target is None:
        raise ReviewError(Message("theme_unknown", f"Không có chủ đề “{theme_id}”.", f"No theme “{theme_id}”."))
    words = [w for w in (target.get("keywords") or "").split("|") if w]
    if fold(keyword) in {fold(w) for w in words}:
        raise ReviewError(Message("keyword_exists", f"“{keyword}” đã là từ khóa của chủ đề này.",
                                  f"“{keyword}” is already a keyword of this theme."))
    target["keywords"] = "|".join([*words, keyword])
    return _write(fields, rows)


def reference_dir() -> Path:
    from loaders import reference

    return reference.REFERENCE_DIR


def read_reference(name: str) -> str:
    return (reference_dir() / f"{name}.csv").read_text(encoding="utf-8")


def write_reference(name: str, text: str) -> None:
    """Replace data/reference/<name>.csv atomically and make every cached copy of it stale.

    The reference tables are part of the loader fingerprint (loaders/version.py): the next build re-reads
    every document, which is what makes a new alias or keyword apply to all plans.
    """
    path = reference_dir() / f"{name}.csv"
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, path)
    reload_reference()


def reload_reference() -> None:
    """Forget every in-process copy of the reference tables and of the loader fingerprint."""
    from explorer import labels
    from loaders import agencies, memo, reference, version
    from loaders.extract import common

    memo.clear()  # agencies found and keywords matched in remembered sentences depend on the tables

    for cached in (reference.table, agencies.agencies, agencies._alias_index, agencies._alias_regex,
                   common.keyword_sets, version.build_version, labels._themes, labels._objectives, labels._agencies,
                   labels._indicators):
        cached.cache_clear()
