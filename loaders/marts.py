"""Pre-aggregated tables (mart_*) the dashboard's page queries read instead of scanning the big plan tables.

The definitions are SELECTs in loaders/sql/marts.sql. `build` turns each into a table; the ingest calls it at the
end of every build, after the analysts' corrections are applied, so a mart always holds what its plan tables hold
(a correction saved on the review page rebuilds the database, marts included). `views` gives the same SELECTs as
temporary views, for a database built before the marts existed (explorer.data defines them on such a database).
"""

from __future__ import annotations

import re
from functools import cache

import duckdb

from loaders.db import sql

_MART = re.compile(r"^-- mart: (mart_\w+)\s*$", re.MULTILINE)


@cache
def definitions() -> dict[str, str]:
    """mart name -> its SELECT, in build order."""
    parts = _MART.split(sql("marts"))
    return {name: body.strip().rstrip(";").strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def build(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build every mart from the plan tables, in the caller's transaction."""
    for name, select in definitions().items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {select}")


def missing(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Marts the database has no table for (built by loader code older than the marts)."""
    present = {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND table_name LIKE 'mart\\_%' ESCAPE '\\'"
    ).fetchall()}
    return [name for name in definitions() if name not in present]


def views(names: list[str]) -> str:
    """SQL defining the given marts as temporary views over the plan tables (computed on every read)."""
    return ";\n".join(f"CREATE OR REPLACE TEMP VIEW {name} AS {definitions()[name]}" for name in names)
