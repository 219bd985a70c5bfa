"""Analysts' corrections of extracted rows, re-applied after every ingest. No file I/O.

The durable copy is a CSV (`data/corrections.csv`, committed and shared); `loaders.ingest` reads it and calls
`apply_corrections` at the end of every build, so rebuilding the database never loses a correction.

A correction names one cell. The row is identified by `table_name`, `plan_id`, `section_path`, `line_start`
and one stable key column of that table (`KEYS`: `agency_raw` for responsibilities, ...), the cell by
`column_name`. `old_value` is what the analyst saw: a correction is written only where the cell still holds it.
Otherwise it is reported in the `corrections` table (`status`), never applied elsewhere:

- `applied`  the cell held old_value and now holds new_value
- `already`  the cell already holds new_value (e.g. a new alias made the loader find the agency itself)
- `changed`  the row is there but the cell holds something else: not applied
- `missing`  no row has this identity any more (plan removed, or the document changed): not applied
- `invalid`  unknown table or column, or a value of the wrong type: not applied

Values are text in the CSV: empty means NULL, lists are `|`-separated (as in data/reference/), booleans
`true`/`false`, dates ISO. Each build first undoes the corrections the previous build applied to rows it kept
(unchanged plans are copied, not re-read), then applies the CSV in order, so an incremental build and a
rebuild from scratch give the same rows, even after a line is removed from the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

DEFAULT_CSV = Path(__file__).resolve().parent.parent / "data" / "corrections.csv"
ENV = "PLANS_CORRECTIONS"  # tests and other checkouts point this at their own file

FIELDS = ("corrected_at", "corrected_by", "table_name", "plan_id", "section_path", "line_start", "key_column",
          "key_value", "column_name", "old_value", "new_value", "reason")

# The stable key column of each correctable table (never itself correctable) and the correctable columns.
KEYS: dict[str, str | None] = {
    "plans": None,
    "responsibilities": "agency_raw",
    "activities": "text",
    "targets": "indicator_text",
}
EDITABLE: dict[str, tuple[str, ...]] = {
    "plans": ("plan_year", "province", "district", "province_2025", "level", "doc_type", "doc_number", "issue_date",
              "issuer", "signer", "title"),
    "responsibilities": ("agency_id", "agency_name", "sector", "role", "task"),
    "activities": ("themes", "objectives", "timeframe"),
    "targets": ("indicator_key", "national_target_id", "value", "value_max", "unit", "comparator", "target_year"),
}
NOT_APPLIED = ("changed", "missing", "invalid")


def csv_path() -> Path:
    """Where the durable corrections live: $PLANS_CORRECTIONS, else data/corrections.csv."""
    return Path(os.environ.get(ENV) or DEFAULT_CSV)


# --- values -------------------------------------------------------------------------------------------------

def encode(value) -> str:
    """A cell value as CSV text; equal values give equal text (70 and 70.0, NULL and [])."""
    if value is None:
        return ""
    if not isinstance(value, (str, list, tuple)) and _missing(value):  # NaN, NaT, pd.NA from a DataFrame
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "|".join(encode(v) for v in value)
    if hasattr(value, "tolist"):  # numpy arrays and scalars from pandas
        return encode(value.tolist())
    return str(value)


def _missing(value) -> bool:
    try:
        return bool(value != value) or str(value) in ("<NA>", "NaT")
    except (TypeError, ValueError):  # pd.NA refuses bool(); arrays compare element-wise
        return str(value) == "<NA>"


def decode(text: str | None, sql_type: str):
    """CSV text as a value of the column's DuckDB type; ValueError when it is not one."""
    text = "" if text is None else str(text)
    if sql_type.endswith("[]"):
        items = [part.strip() for part in text.split("|") if part.strip()]
        return items or None
    if text == "":
        return None
    base = sql_type.upper()
    if base in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"):
        number = float(text.replace(",", "."))
        if not number.is_integer():
            raise ValueError(f"not a whole number: {text}")
        return int(number)
    if base in ("DOUBLE", "FLOAT", "REAL") or base.startswith("DECIMAL"):
        return float(text.replace(",", "."))
    if base == "BOOLEAN":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError(f"not true/false: {text}")
    if base == "DATE":
        return dt.date.fromisoformat(text)
    if base.startswith("TIMESTAMP"):
        return dt.datetime.fromisoformat(text)
    return text


def _same(current, text: str, sql_type: str) -> bool:
    return encode(current) == encode(decode(text, sql_type))


# --- the CSV ------------------------------------------------------------------------------------------------

def parse_csv(text: str) -> list[dict]:
    """Rows of a corrections CSV (BOM tolerated, blank lines skipped, missing columns empty)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return []
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        out.append({name: (row.get(name) or "") for name in FIELDS})
    return out


def to_csv(rows: Iterable[dict], header: bool = True) -> str:
    """Rows as CSV text in FIELDS order (\\n line ends, so the committed file diffs cleanly)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n", extrasaction="ignore")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({name: encode(row.get(name)) if not isinstance(row.get(name), str) else row[name]
                         for name in FIELDS})
    return buffer.getvalue()


def make(table: str, row: dict, column: str, new_value, *, by: str, reason: str = "",
         at: dt.datetime | None = None) -> dict:
    """The correction of `column` in a row as read from the database (`row` holds the identity columns)."""
    if table not in KEYS or column not in EDITABLE[table]:
        raise ValueError(f"{table}.{column} cannot be corrected")
    key = KEYS[table]
    return {
        "corrected_at": (at or dt.datetime.now()).replace(microsecond=0).isoformat(),
        "corrected_by": by.strip(),
        "table_name": table,
        "plan_id": row["plan_id"],
        "section_path": "" if key is None else encode(row.get("section_path")),
        "line_start": "" if key is None else encode(row.get("line_start")),
        "key_column": key or "",
        "key_value": "" if key is None else encode(row.get(key)),
        "column_name": column,
        "old_value": encode(row.get(column)),
        "new_value": encode(new_value),
        "reason": reason.strip(),
    }


# --- applying -----------------------------------------------------------------------------------------------

def _types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                            [table]).fetchall())


def _identity(c: dict) -> tuple[str, list]:
    """WHERE clause (identifiers from KEYS only) and bound values for the row a correction names."""
    key = KEYS[c["table_name"]]
    if key is None:
        return "plan_id = ?", [c["plan_id"]]
    line = c["line_start"].strip()
    return (f"plan_id = ? AND section_path IS NOT DISTINCT FROM ? AND line_start IS NOT DISTINCT FROM ? "
            f"AND {key} IS NOT DISTINCT FROM ?",
            [c["plan_id"], c["section_path"] or None, int(line) if line else None, c["key_value"] or None])


def _problem(c: dict, types: dict[str, dict[str, str]]) -> str | None:
    table, column = c.get("table_name", ""), c.get("column_name", "")
    if table not in KEYS:
        return f"unknown table '{table}'"
    if column not in EDITABLE[table]:
        return f"column '{column}' of {table} cannot be corrected"
    if c.get("key_column", "") != (KEYS[table] or ""):
        return f"key column of {table} is {KEYS[table] or '(none)'}, not '{c.get('key_column')}'"
    if not c.get("plan_id"):
        return "no plan_id"
    if KEYS[table] is not None and c.get("line_start", "").strip() and not c["line_start"].strip().lstrip("-").isdigit():
        return f"line_start is not a number: {c['line_start']}"
    sql_type = types[table][column]
    for name in ("old_value", "new_value"):
        try:
            decode(c.get(name, ""), sql_type)
        except ValueError as err:
            return f"{name} is not a {sql_type}: {err}"
    return None


def _rewrite(con: duckdb.DuckDBPyConnection, c: dict, sql_type: str, src: str, dst: str) -> tuple[int, int]:
    """Set the cell from `src` to `dst` in the rows with this identity: (rows found, rows changed)."""
    table, column = c["table_name"], c["column_name"]  # validated against KEYS/EDITABLE
    where, params = _identity(c)
    found = con.execute(f"SELECT rowid, {column} FROM {table} WHERE {where}", params).fetchall()
    hits = [rowid for rowid, current in found if _same(current, src, sql_type)]
    if hits:
        # Fresh rowids, used at once: DuckDB may move a row when a list column is updated.
        con.execute(f"UPDATE {table} SET {column} = ? WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
                    [decode(dst, sql_type), hits])
    return len(found), len(hits)


def _undo_previous(con: duckdb.DuckDBPyConnection, types: dict[str, dict[str, str]]) -> None:
    """Undo what the previous build applied (newest first), on the rows it kept and that still hold it."""
    previous = con.execute(f"SELECT {', '.join(FIELDS)} FROM corrections WHERE status = 'applied' "
                           "ORDER BY seq DESC").fetchall()
    for values in previous:
        c = {name: encode(v) for name, v in zip(FIELDS, values, strict=True)}
        if _problem(c, types) is None:
            _rewrite(con, c, types[c["table_name"]][c["column_name"]], c["new_value"], c["old_value"])


def apply_corrections(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> list[dict]:
    """Apply corrections in order and rebuild the `corrections` table with each one's status; return them.

    Runs inside the ingest's transaction; the `corrections` table must exist (loaders/sql/schema.sql).
    """
    types = {table: _types(con, table) for table in KEYS}
    _undo_previous(con, types)
    con.execute("DELETE FROM corrections")
    results = []
    for seq, raw in enumerate(rows, start=1):
        c = {name: (raw.get(name) if isinstance(raw.get(name), str) else encode(raw.get(name))) for name in FIELDS}
        problem = _problem(c, types)
        found = changed = 0
        if problem is not None:
            status, message = "invalid", problem
        else:
            sql_type = types[c["table_name"]][c["column_name"]]
            found, changed = _rewrite(con, c, sql_type, c["old_value"], c["new_value"])
            if changed:
                status, message = "applied", None
            elif not found:
                status, message = "missing", "no row with this identity (plan removed or document changed)"
            else:
                where, params = _identity(c)
                values = [v for (v,) in con.execute(f"SELECT {c['column_name']} FROM {c['table_name']} WHERE {where}",
                                                    params).fetchall()]
                if any(_same(v, c["new_value"], sql_type) for v in values):
                    status, message = "already", None
                else:
                    status = "changed"
                    message = f"the cell now holds {' / '.join(encode(v) or '(empty)' for v in values)}, " \
                              f"not {c['old_value'] or '(empty)'}"
        results.append({"seq": seq, **c, "status": status, "rows_changed": changed, "message": message})
    if results:
        _insert(con, results)
    return results


def _insert(con: duckdb.DuckDBPyConnection, results: list[dict]) -> None:
    for r in results:
        con.execute(
            "INSERT INTO corrections (seq, corrected_at, corrected_by, table_name, plan_id, section_path, line_start, "
            "key_column, key_value, column_name, old_value, new_value, reason, status, rows_changed, message) "
            "VALUES (?, TRY_CAST(? AS TIMESTAMP), ?, ?, ?, ?, TRY_CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [r["seq"], r["corrected_at"] or None, r["corrected_by"], r["table_name"], r["plan_id"],
             r["section_path"] or None, r["line_start"] or None, r["key_column"] or None, r["key_value"],
             r["column_name"], r["old_value"], r["new_value"], r["reason"], r["status"], r["rows_changed"],
             r["message"]])
