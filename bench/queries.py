"""Every named page query (explorer/sql/*.sql, except the filtered_plans macro) timed on a big database.

    python bench/queries.py                                  # bench/out/plans-10000.duckdb (bench/ingest.py)
    python bench/queries.py --db data/plans.duckdb --repeat 30 --only overview_kpis,map_units

Queries are found at run time, so new ones are picked up; their parameters are read from the SQL text ($name,
comments ignored) and bound to defaults: NULL for the sidebar filters (the pages' default view) and, for
queries about one plan, unit or search, real values taken from the database (see `defaults()`).

cold: the first run of the query on a new read-only connection (a fresh DuckDB instance, so its buffer pool is
empty; the OS page cache is not dropped); warm: repeated runs on one connection. Both include fetching the
result as a pandas DataFrame with explorer.data.fetch, as the pages do. Median and p95 in ms; target p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

try:
    from common import OUT, ROOT, machine, machine_line, percentile, save_json, table
except ImportError:  # imported as bench.queries
    from bench.common import OUT, ROOT, machine, machine_line, percentile, save_json, table

from explorer.data import COUNT_SQL, fetch, page_sql, setup_sql, unordered, wrap  # as the pages set up, fetch, page
from explorer.ui import LIST_ROWS
from loaders.marts import missing as missing_marts

SQL_DIR = ROOT / "explorer" / "sql"
MACRO = "filtered_plans"
FILTERS = ("provs", "provs25", "levels", "y0", "y1", "dtypes", "theme_ids", "agency_ids")
TARGET_MS = 100.0
SEARCH_TEXT = "bạo lực gia đình"


def queries(only: list[str] | None = None) -> dict[str, str]:
    """name -> SQL text of every query file, the filter macro excepted."""
    out = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SQL_DIR.glob("*.sql")) if p.stem != MACRO}
    return {k: v for k, v in out.items() if not only or k in only}


def is_paged(sql: str) -> bool:
    """Lists the pages read one page at a time (explorer.ui.paged / explorer.data.query_page) say so on their
    first line (`-- paged: ...`)."""
    return "paged" in (sql.lstrip().splitlines() or [""])[0]


def as_run(sql: str) -> list[str]:
    """The statements a page runs for one query: the query itself, or for a paged list its count and its first
    page (LIST_ROWS rows), as explorer.data runs them."""
    return [wrap(unordered(sql), COUNT_SQL), page_sql(sql)] if is_paged(sql) else [sql]


def timed_fetch(con, sql: str, params: dict) -> int:
    """Run a query as the page does; its rows (for a paged list: every row it pages through)."""
    if not is_paged(sql):
        return len(fetch(con, sql, params))
    count, page = as_run(sql)
    total = int(con.execute(count, params).fetchall()[0][0])
    fetch(con, page, paging(page, params))
    return total


def last_page_ms(con, sql: str, params: dict, rows: int, repeat: int) -> list[float]:
    """Warm timings of a paged list's last page (the deepest OFFSET a user can pick), as the page reads it."""
    stmt = page_sql(sql)
    page = {**params, "page_limit": LIST_ROWS, "page_offset": max(0, (rows - 1) // LIST_ROWS * LIST_ROWS)}
    fetch(con, stmt, page)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fetch(con, stmt, page)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def paging(stmt: str, params: dict) -> dict:
    """params, plus the first page's LIMIT/OFFSET when `stmt` is a page of a list."""
    return {**params, "page_limit": LIST_ROWS, "page_offset": 0} if "$page_limit" in stmt else params


def parameters(sql: str) -> list[str]:
    """$names used by the query (outside -- comments and string literals)."""
    code = re.sub(r"--[^\n]*", "", sql)
    code = re.sub(r"'(?:[^']|'')*'", "''", code)
    return sorted(set(re.findall(r"\$([A-Za-z_]\w*)", code)))


def defaults(con) -> tuple[dict, dict[str, str]]:
    """Values for non-filter parameters, from the database: the province with most plans (a unit profile, map
    bubble or presentation of that province), its richest plan (one-plan queries), that plan's most frequent
    objective, theme and agency. Returns (values, how each was chosen)."""
    one = lambda q, *a: ((con.execute(q, list(a)).fetchall() or [[None]])[0])[0]  # noqa: E731
    prov = one("SELECT province FROM plans WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    plan_ids = one("SELECT list(plan_id ORDER BY plan_year, plan_id) FROM plans WHERE province = ?", prov) or []
    plan_id = one("""SELECT p.plan_id FROM plans p
                     LEFT JOIN (SELECT plan_id, count(*) n FROM activities GROUP BY 1) a USING (plan_id)
                     LEFT JOIN (SELECT plan_id, count(*) n FROM targets GROUP BY 1) t USING (plan_id)
                     WHERE p.province = ? ORDER BY coalesce(a.n, 0) + coalesce(t.n, 0) DESC, p.plan_id LIMIT 1""", prov)
    objective = one("""SELECT o FROM (SELECT unnest(objectives) AS o FROM activities WHERE plan_id = ?)
                       GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", plan_id) or "NQ28-M1"
    theme = one("""SELECT th FROM (SELECT unnest(themes) AS th FROM activities WHERE plan_id = ?)
                   GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", plan_id)
    agency = one("""SELECT coalesce(agency_id, agency_raw) FROM responsibilities WHERE plan_id = ?
                    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", plan_id)
    sectors = one("SELECT list(DISTINCT sector ORDER BY sector) FROM agencies WHERE sector IS NOT NULL")
    try:
        from explorer.search import parse_query, prefilter_pattern

        pattern = prefilter_pattern(parse_query(SEARCH_TEXT))
    except Exception:  # the search module is optional for this script
        pattern = r"bao\s+luc\s+gia\s+dinh"
    try:
        from explorer.reuse import MIN_CHARS as min_chars
    except Exception:
        min_chars = 60
    extra, extra_how = page_computed(con, pattern, plan_ids, min_chars)
    values = {**extra, "prov": prov, "dist": None, "plan_id": plan_id, "plan_ids": plan_ids, "objective_id": objective,
              "theme_id": theme, "agency_key": agency, "sectors": sectors, "pattern": pattern, "min_chars": min_chars,
              "group": "unit", "what": "activities", "kinds": None, "units": None, "years": None}
    how = {"prov": f"province with most plans ({prov})", "dist": "NULL (the whole province)",
           "plan_id": f"richest plan of {prov} ({plan_id})", "plan_ids": f"the {len(plan_ids)} plans of {prov}",
           "objective_id": objective, "theme_id": str(theme), "agency_key": str(agency), "sectors": "every sector",
           "pattern": f"search for “{SEARCH_TEXT}”", "min_chars": str(min_chars), "group": "unit",
           "what": "activities", "kinds": "NULL", "units": "NULL", "years": "NULL", **extra_how}
    return values, how


# Parameters the pages compute in Python before a query (search scores, reuse candidates, labels), per query name:
# bound from page_computed() instead of the generic defaults, so those queries are timed as the pages run them.
PER_QUERY: dict[str, dict[str, str]] = {
    "search_counts": {"plan_ids": "search_all_plans"},
    "search_results": {"plan_ids": "search_all_plans"},
    "search_top": {"plan_ids": "search_top_plans"},
    "activities_sources": {"source_plans": "no_plans", "source_theme": "theme_id"},
    "citations_periods": {"outdated_only": "true"},  # the paged list of outdated frameworks; the rest on a click
}

# Queries the pages run only when the filters leave at most explorer.ui.MAX_PLANS_DRAWN plans (a chart with a mark
# per plan; above that the page draws SQL aggregates instead), or on a click (the deck): timed for such a filter,
# the default province's plans of one year (see few_plans()).
FEW_PLANS_ONLY = {"agencies_responsibilities", "citations_edges", "activities_theme_mix"}
# Queries no page view runs for the default parameters: read when a button is clicked (a download), timed but
# reported apart from the page-view target. search_results is read on a view only when a search finds at most
# explorer.ui.LIST_ROWS results; "bạo lực gia đình" finds 211,000, whose file is built on the download click.
ON_CLICK = {"search_results"}


def few_plans(con) -> tuple[dict, str]:
    """Sidebar filters leaving the most plans not above MAX_PLANS_DRAWN: one province and one plan year."""
    from explorer.ui import MAX_PLANS_DRAWN

    rows = con.execute("""SELECT province, plan_year, count(*) AS n FROM plans
                          WHERE province IS NOT NULL AND plan_year IS NOT NULL GROUP BY 1, 2
                          HAVING count(*) <= ? ORDER BY n DESC, 1, 2 LIMIT 1""", [MAX_PLANS_DRAWN]).fetchall()
    if not rows:
        return {}, "every plan (no province-year with few enough plans)"
    prov, year, n = rows[0]
    return {"provs": [prov], "y0": year, "y1": year}, f"{prov} {year}: {n} plans (≤ {MAX_PLANS_DRAWN})"


def page_computed(con, pattern: str, plan_ids: list[str], min_chars: int) -> tuple[dict, dict[str, str]]:
    """Values a page computes in Python between queries, computed the same way: the search page's scores of the
    candidate texts for SEARCH_TEXT (explorer.search.score_texts) and its 30 best plans; the compare page's
    reuse queries for the default province's first plan (explorer.reuse.reuse_of_plans, recorded as it runs);
    the activities page's labels. Missing modules leave these NULL."""
    values: dict = {"true": True, "search_all_plans": None, "no_plans": None, "unknown_unit": "Không rõ đơn vị ", "cut_off": "bị cắt",
                    "n_terms": None, "per_plan": 30, "list_themes": None, "needle": None, "needle_re": None,
                    "source_year": None}
    how = {"ids": "search scores (score_texts)", "per_plan": "30", "texts": "the compare page's candidates",
           "unknown_unit": "page label", "cut_off": "page label"}
    try:
        from explorer.search import parse_query, score_texts

        terms = parse_query(SEARCH_TEXT)
        texts = fetch(con, (SQL_DIR / "search_texts.sql").read_text(encoding="utf-8"), {"pattern": pattern})
        scores = score_texts(texts["text_id"], texts["text"], list(terms))
        values.update(scores, n_terms=len(terms))
        counts = fetch(con, (SQL_DIR / "search_counts.sql").read_text(encoding="utf-8"),
                       {**dict.fromkeys(FILTERS), **scores, "pattern": pattern, "kinds": None, "plan_ids": None,
                        "n_terms": len(terms)})
        best = counts.groupby("plan_id")["best"].min().reset_index().sort_values(["best", "plan_id"])
        values["search_top_plans"] = best["plan_id"].head(30).tolist()
    except Exception as err:  # an older page layout: those queries are timed with NULLs
        how["ids"] = f"NULL ({type(err).__name__})"
    try:
        from explorer.reuse import reuse_of_plans

        def record(name: str, **params):
            values.update({k: v for k, v in params.items() if k not in ("plan_ids", "min_chars")})
            return fetch(con, (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"), params)

        reuse_of_plans(plan_ids[:1], record)
    except Exception as err:
        how["texts"] = f"NULL ({type(err).__name__})"
    return values, how


def bind(names: list[str], values: dict, query: str = "") -> tuple[dict, list[str]]:
    """Parameters for one query; unknown names are bound to NULL (listed so the defaults can be extended)."""
    params, unknown = {}, []
    for name in names:
        if name in PER_QUERY.get(query, {}):
            params[name] = values.get(PER_QUERY[query][name])
        elif name in FILTERS:
            params[name] = None
        elif name in values:
            params[name] = values[name]
        elif "plan" in name and name.endswith("ids"):
            params[name] = values["plan_ids"]
        elif "plan" in name:
            params[name] = values["plan_id"]
        else:
            params[name] = None
            unknown.append(name)
    return params, unknown


def _connect(db: Path):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    con.execute(setup_sql(con))  # the filter macro (and the marts as views on a database built without them)
    return con


def run(db: Path, repeat: int, cold_runs: int, only: list[str] | None, explain: bool, split: bool = False) -> dict:
    qs = queries(only)
    con = _connect(db)
    values, how = defaults(con)
    plans = con.execute("SELECT count(*) FROM plans").fetchall()[0][0]
    no_marts = missing_marts(con)
    few, how["few plans"] = few_plans(con)
    con.close()
    bound = {name: bind(parameters(sql), values, name) for name, sql in qs.items()}
    for name in FEW_PLANS_ONLY & set(bound):
        bound[name][0].update({k: v for k, v in few.items() if k in bound[name][0]})

    results: dict[str, dict] = {name: {"params": sorted(p), "unknown": u, "cold": [], "warm": [], "connect": [],
                                       "warm_cpu": []}
                                for name, (p, u) in bound.items()}
    # Cold: one connection (one DuckDB instance) per run, nothing else open on the file.
    for name, sql in qs.items():
        for _ in range(cold_runs):
            t0 = time.perf_counter()
            con = _connect(db)
            t1 = time.perf_counter()
            try:
                rows = timed_fetch(con, sql, bound[name][0])
                results[name]["cold"].append((time.perf_counter() - t1) * 1000)
                results[name]["rows"] = rows
                results[name]["paged"] = is_paged(sql)
            except Exception as err:
                results[name]["error"] = f"{type(err).__name__}: {err}".splitlines()[0]
                break
            finally:
                con.close()
            results[name]["connect"].append((t1 - t0) * 1000)
    # Warm: one connection, one untimed run, then `repeat` timed runs.
    con = _connect(db)
    for name, sql in qs.items():
        if "error" in results[name]:
            continue
        timed_fetch(con, sql, bound[name][0])
        for _ in range(repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            timed_fetch(con, sql, bound[name][0])
            results[name]["warm"].append((time.perf_counter() - t0) * 1000)
            results[name]["warm_cpu"].append((time.process_time() - c0) * 1000)
        if results[name].get("paged") and not name.startswith("export_"):  # the export page previews page 1 only
            results[name]["last_page"] = last_page_ms(con, sql, bound[name][0], results[name]["rows"], repeat)
    if split:  # the same query fetched as Arrow: execution cost without the conversion to pandas
        for name, sql in qs.items():
            r = results[name]
            if r["warm"] and percentile(r["warm"], 95) >= TARGET_MS:
                times = []
                for _ in range(max(3, repeat // 4)):
                    t0 = time.perf_counter()
                    for stmt in as_run(sql):
                        con.sql(stmt, params=paging(stmt, bound[name][0])).to_arrow_table()
                    times.append((time.perf_counter() - t0) * 1000)
                r["arrow_median"] = statistics.median(times)
    if explain:
        OUT.mkdir(parents=True, exist_ok=True)
        for name, sql in qs.items():
            r = results[name]
            if r["warm"] and percentile(r["warm"], 95) >= TARGET_MS:
                stmt = as_run(sql)[-1]
                plan = con.execute("EXPLAIN ANALYZE " + stmt, paging(stmt, bound[name][0])).fetchall()
                (OUT / f"explain-{name}.txt").write_text("\n".join(str(row[-1]) for row in plan), encoding="utf-8")
    con.close()
    for r in results.values():
        for key in ("cold", "warm", "connect", "warm_cpu", "last_page"):
            values_ = r.get(key, [])
            r[f"{key}_median"] = statistics.median(values_) if values_ else None
            r[f"{key}_p95"] = percentile(values_, 95) if values_ else None
    return {"db": str(db), "plans": plans, "marts_missing": no_marts, "defaults": how, "repeat": repeat,
            "cold_runs": cold_runs,
            "queries": results, "loadavg": os.getloadavg()[0]}


def report(res: dict) -> str:
    rows = []
    order = sorted(res["queries"].items(), key=lambda kv: -(kv[1].get("warm_p95") or kv[1].get("cold_p95") or 1e9))
    for name, r in order:
        if "error" in r:
            rows.append([name, "–", "–", "–", "–", "–", "–", f"error: {r['error'][:80]}"])
            continue
        ok = r["warm_p95"] < TARGET_MS
        verdict = "on click (not a page view)" if name in ON_CLICK else \
            "ok" if ok and r["cold_p95"] < TARGET_MS else "ok warm, slow cold" if ok else \
            f"MISS ({r['warm_p95'] / TARGET_MS:.1f}x)"
        tag = " (paged)" if r.get("paged") else " (≤ 40 plans)" if name in FEW_PLANS_ONLY else ""
        rows.append([name + tag, r.get("rows"), r["cold_median"], r["cold_p95"], r["warm_median"], r["warm_p95"],
                     r["warm_cpu_median"], verdict])
    connect = [v for r in res["queries"].values() for v in r["connect"]]
    lines = [f"{res['plans']:,} plans in {res['db']}; cold = {res['cold_runs']} runs on new connections, "
             f"warm = {res['repeat']} runs on one connection; ms (result fetched as a DataFrame). (paged): a list "
             f"the page reads {LIST_ROWS} rows at a time, timed as the page runs it: its count plus its first "
             "page; rows = every row it pages through.", "",
             table(["query", "rows", "cold median", "cold p95", "warm median", "warm p95", "warm CPU ms",
                    f"p95 < {TARGET_MS:.0f} ms"], rows, "lrrrrrrl"), "",
             f"The database has no {', '.join(res['marts_missing'])} (built before loaders/marts.py): those were "
             "computed as views on every run; rebuild it (bench/ingest.py) to time the pages as shipped.\n"
             if res.get("marts_missing") else "",
             "warm CPU ms: median CPU time of all DuckDB threads per warm run (not inflated by other load; can "
             f"exceed wall time when DuckDB runs in parallel). Load average at the end: {res['loadavg']:.1f}.", "",
             f"Opening a connection and defining the filter macro: median {statistics.median(connect):.1f} ms, "
             f"p95 {percentile(connect, 95):.1f} ms (not included above)." if connect else "",
             "", "Sidebar filters are bound to NULL (the default view), except for the queries marked (≤ 40 plans), "
             "which the pages run only for so few plans: filtered to " + res["defaults"].get("few plans", "?") + ". "
             "The other parameters:",
             *[f"- ${k}: {v}" for k, v in res["defaults"].items()
               if any(k in r["params"] for r in res["queries"].values())]]
    split = [[n, r["rows"], r["warm_median"], r["arrow_median"], r["warm_median"] - r["arrow_median"]]
             for n, r in order if r.get("arrow_median") is not None]
    if split:
        lines += ["", "Where the time goes for the queries over the target (warm medians, ms): executing and fetching "
                  "as Arrow vs. the DataFrame the pages get:", "",
                  table(["query", "rows", "as DataFrame", "as Arrow", "pandas conversion"], split, "lrrrr")]
    deep = [[n, r["rows"], r["last_page_median"], r["last_page_p95"],
             "ok" if r["last_page_p95"] < TARGET_MS else f"MISS ({r['last_page_p95'] / TARGET_MS:.1f}x)"]
            for n, r in order if r.get("last_page_median") is not None]
    if deep:
        lines += ["", f"The last page of each list a user pages through (the deepest page the picker offers; warm, "
                  f"{res['repeat']} runs, ms; the export_ lists are only previewed, first page):", "",
                  table(["list", "rows", "median", "p95", f"p95 < {TARGET_MS:.0f} ms"], deep, "lrrrl")]
    unknown = sorted({u for r in res["queries"].values() for u in r["unknown"]})
    if unknown:
        lines.append(f"- bound to NULL for lack of a default: {', '.join('$' + u for u in unknown)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=OUT / "plans-10000.duckdb",
                        help="database to query (default bench/out/plans-10000.duckdb, made by bench/ingest.py)")
    parser.add_argument("--repeat", type=int, default=20, help="warm runs per query (default 20)")
    parser.add_argument("--cold", type=int, default=5, help="cold runs per query, each on a new connection (default 5)")
    parser.add_argument("--only", default=None, help="comma-separated query names")
    parser.add_argument("--split", action="store_true",
                        help="for queries over the target, also time fetching as Arrow (execution vs. pandas cost)")
    parser.add_argument("--explain", action="store_true",
                        help="write EXPLAIN ANALYZE of each query over the target to bench/out/explain-<name>.txt")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run bench/ingest.py first (or pass --db)")
    info = machine()
    res = run(args.db, args.repeat, args.cold, args.only.split(",") if args.only else None, args.explain, args.split)
    print(machine_line(info) + "\n")
    print(report(res))
    path = save_json("queries", {"machine": info, **res})
    print(f"\nresults: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
