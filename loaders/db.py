"""DuckDB helpers: schema, reference tables, bulk writes. SQL lives in loaders/sql/."""

from __future__ import annotations

import operator
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from loaders.reference import table

# Tables whose rows belong to one plan (deleted and rewritten when its file changes).
PLAN_TABLES = (
    "plans", "plan_lines", "sections", "targets", "activities", "initiatives", "responsibilities",
    "citations", "deadlines", "budget_sources",
)
REFERENCE_TABLES = ("themes", "strategy_objectives", "indicators", "national_targets", "function_transfers")


def sql(name: str) -> str:
    """The text of loaders/sql/<name>.sql."""
    return (resources.files("loaders") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet."""
    con.execute(sql("schema"))


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the reference tables with the CSVs in data/reference/."""
    for name in REFERENCE_TABLES:
        con.execute(f"DELETE FROM {name}")
        # Empty CSV cells are unknown values, not empty strings.
        insert(con, name, [{k: (v if v != "" else None) for k, v in r.items()} for r in table(name)])
    con.execute("DELETE FROM agencies")
    insert(con, "agencies", [{k: r[k] for k in ("agency_id", "name", "short_name", "sector", "level")}
                             for r in table("agencies")])


def insert(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict]) -> None:
    """Bulk insert by column name; DuckDB casts each column to the table's type."""
    if not rows:
        return
    insert_columns(con, name, columns_of(rows))


def columns_of(rows: list[dict]) -> dict[str, list]:
    """Rows as columns (every key of any row; a missing key is NULL), the form Arrow is built from."""
    names = dict.fromkeys(rows[0]) if rows else {}
    uniform = True
    for row in rows:
        if row.keys() != names.keys():
            uniform = False
            names.update(dict.fromkeys(row))
    if uniform:
        return {key: list(map(operator.itemgetter(key), rows)) for key in names}
    return {key: [row.get(key) for row in rows] for key in names}


def insert_columns(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list]) -> None:
    """Insert columns of equal length through Arrow (no per-row Python work in DuckDB's scan)."""
    if columns and next(iter(columns.values())):
        insert_arrow(con, name, arrow_table(columns, name))


_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()),
}


def arrow_types(name: str) -> dict[str, pa.DataType]:
    """Column types of a table in loaders/sql/schema.sql, as Arrow types."""
    return _schema_arrow_types().get(name, {})


@cache
def _schema_arrow_types() -> dict[str, dict[str, pa.DataType]]:
    con = duckdb.connect()  # the schema applied to an in-memory database, once per process
    try:
        apply_schema(con)
        found = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
    finally:
        con.close()
    out: dict[str, dict[str, pa.DataType]] = {}
    for table_name, column, kind in found:
        if kind in _ARROW_TYPES:
            out.setdefault(table_name, {})[column] = _ARROW_TYPES[kind]
    return out


def arrow_table(columns: dict[str, list], name: str | None = None) -> pa.Table:
    """Columns as an Arrow table, typed as table `name` declares them (inferring a type from Python strings
    costs 30 times the conversion). A column whose values do not fit goes with an inferred type, or as text,
    and DuckDB casts it to the column's type on insert."""
    types = arrow_types(name) if name else {}
    arrays = {}
    for key, values in columns.items():
        for kind in (types.get(key), None):
            try:
                arrays[key] = pa.array(values, type=kind)
                break
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                continue
        else:
            arrays[key] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    return pa.table(arrays)


def insert_arrow(con: duckdb.DuckDBPyConnection, name: str, frame: pa.Table) -> None:
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def delete_plans(con: duckdb.DuckDBPyConnection, plan_ids: list[str]) -> None:
    """Remove every row of these plans from the plan tables."""
    if not plan_ids:
        return
    con.register("_gone", pa.table({"plan_id": pa.array(plan_ids, type=pa.string())}))
    try:
        for name in PLAN_TABLES:
            con.execute(f"DELETE FROM {name} WHERE plan_id IN (SELECT plan_id FROM _gone)")
    finally:
        con.unregister("_gone")


def stored_version(db_path: Path) -> str | None:
    """The extractor version a database was built with (None if unreadable or unknown)."""
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        found = con.execute("SELECT value FROM build_info WHERE key = 'version'").fetchall()
        return found[0][0] if found else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def set_version(con: duckdb.DuckDBPyConnection, version: str) -> None:
    con.execute("DELETE FROM build_info WHERE key = 'version'")
    con.execute("INSERT INTO build_info VALUES ('version', ?)", [version])


def database_is_stale(db_path: Path, raw_dir: Path) -> bool:
    """True when the database is missing, built by other loader code, or older than a document."""
    from loaders.version import build_version

    if not db_path.exists() or stored_version(db_path) != build_version():
        return True
    built = db_path.stat().st_mtime
    from loaders.corrections import csv_path

    corrections = csv_path()
    if corrections.exists() and corrections.stat().st_mtime > built:
        return True
    watched = [raw_dir, raw_dir.parent / "reference"]
    for folder in watched:
        if not folder.exists():
            continue
        if folder.stat().st_mtime > built:
            return True
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_mtime > built:
                return True
    return False
