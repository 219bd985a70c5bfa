"""Extraction quality against hand-checked files: precision, recall and F1 per table and field.

Expected files are tests/expected/<stem>.json, written by reading the documents (see the README
beside them). Each table is matched on a key; fields are then compared on the matched rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.ingest import DEFAULT_RAW, PROJECT_ROOT
from loaders.pipeline import ParsedPlan, parse_document
from loaders.textnorm import fold

EXPECTED_DIR = PROJECT_ROOT / "tests" / "expected"
TABLES = ("plan", "sections", "targets", "activities", "initiatives", "responsibilities", "citations",
          "deadlines", "budget_sources")
PLAN_FIELDS = ("doc_type", "doc_number", "issuer", "level", "province", "district", "plan_year", "issue_date",
               "issue_date_precision", "signer", "signer_title", "title", "proposing_agency", "truncated")


@dataclass
class Score:
    """Counts behind precision and recall."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    tables: dict[str, Score] = field(default_factory=dict)
    fields: dict[str, Score] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    unclassified: dict[str, list[str]] = field(default_factory=dict)

    def table(self, name: str) -> Score:
        return self.tables.setdefault(name, Score())

    def field(self, name: str) -> Score:
        return self.fields.setdefault(name, Score())


def norm(value) -> str | None:
    """Compare text folded and without punctuation noise; None stays None."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w/&.%-]+", " ", fold(str(value)))).strip()


def number_key(number: str | None) -> str | None:
    return re.sub(r"[^0-9a-z/]", "", fold(number)) if number else None


def _field(report: Report, name: str, expected, got) -> None:
    e, g = norm(expected), norm(got)
    score = report.field(name)
    if e is not None and g is not None and e == g:
        score.tp += 1
    else:
        if g is not None:
            score.fp += 1
        if e is not None:
            score.fn += 1


def _set_field(report: Report, name: str, expected: Iterable, got: Iterable) -> None:
    e = {norm(x) for x in expected or []} - {None}
    g = {norm(x) for x in got or []} - {None}
    score = report.field(name)
    score.tp += len(e & g)
    score.fp += len(g - e)
    score.fn += len(e - g)


def _match(report: Report, table: str, expected: list, got: list, key: Callable, label: str,
           compare: Callable | None = None) -> None:
    exp = {}
    for row in expected:
        exp.setdefault(key(row, True), row)
    out = {}
    for row in got:
        out.setdefault(key(row, False), row)
    score = report.table(table)
    for k, row in exp.items():
        if k in out:
            score.tp += 1
            if compare:
                compare(row, out[k])
        else:
            score.fn += 1
            report.misses.append(f"{label} {table}: missing {k}")
    for k in out:
        if k not in exp:
            score.fp += 1
            report.misses.append(f"{label} {table}: extra {k}")


def evaluate_plan(expected: dict, plan: ParsedPlan, report: Report, label: str) -> None:
    """Add one document's comparison to the report."""
    meta = plan.meta
    ep = expected["plan"]
    for name in PLAN_FIELDS:
        got = getattr(meta, name)
        if name == "proposing_agency":
            got = meta.proposing_agency_id or meta.proposing_agency
        if name == "issue_date" and got is not None:
            got = got.isoformat()
        _field(report, f"plan.{name}", ep.get(name), got)
        if norm(ep.get(name)) != norm(got):
            report.misses.append(f"{label} plan.{name}: expected {ep.get(name)!r}, got {got!r}")
    _set_field(report, "plan.recipients", ep.get("recipients", []), meta.recipients)
    plan_score = report.table("plan")
    for name in PLAN_FIELDS:
        e, g = norm(ep.get(name)), norm(getattr(meta, name) if name != "proposing_agency"
                                         else (meta.proposing_agency_id or meta.proposing_agency))
        if name == "issue_date" and meta.issue_date:
            g = norm(meta.issue_date.isoformat())
        if e == g:
            plan_score.tp += 1
        else:
            plan_score.fp += g is not None
            plan_score.fn += e is not None or g is None

    _match(report, "sections", expected["sections"], plan.sections,
           lambda r, e: r["path"], label,
           lambda e, g: (_field(report, "sections.kind", e["kind"], g["kind"]),
                         _field(report, "sections.heading", norm(e["heading"])[:40], norm(g["heading"])[:40])))
    t = plan.tables
    _match(report, "targets", expected["targets"], t["targets"],
           lambda r, e: (float(r["value"]), r["indicator_key"]), label,
           lambda e, g: [_field(report, f"targets.{f}", e.get(f), g.get(f))
                         for f in ("comparator", "unit", "target_year")])
    _match(report, "activities", expected["activities"], t["activities"],
           lambda r, e: r["section_path"], label,
           lambda e, g: (_set_field(report, "activities.themes", e["themes"], g["themes"]),
                         _set_field(report, "activities.objectives", e["objectives"], g["objectives"]),
                         _field(report, "activities.timeframe", e.get("timeframe") is not None,
                                g.get("timeframe") is not None)))
    _match_initiatives(report, expected["initiatives"], t["initiatives"], label)
    _match(report, "responsibilities", expected["responsibilities"], t["responsibilities"],
           lambda r, e: ((r["agency"] if e else (r["agency_id"] or r["agency_raw"])), r["role"])
           if (e and "/" not in str(r["agency"])) or not e else (r["agency"], r["role"]),
           label)
    _match(report, "citations", expected["citations"], _first_citations(t), _citation_key, label,
           lambda e, g: [_field(report, f"citations.{f}", e.get(f), g.get(f))
                         for f in ("relation", "doc_type", "issue_date")])
    _match(report, "deadlines", expected["deadlines"], t["deadlines"],
           lambda r, e: (str(r["due_date"]), r["kind"]), label,
           lambda e, g: [_field(report, f"deadlines.{f}", e.get(f) if f != "agency" else e.get("agency"),
                                (str(g.get(f)) if g.get(f) else None) if f != "agency" else g.get("agency_id"))
                         for f in ("end_date", "date_precision", "agency")])
    _match(report, "budget_sources", [{"source": s} for s in expected["budget_sources"]], t["budget_sources"],
           lambda r, e: r["source"], label)
    report.unclassified[label] = (
        [f"activity {a['section_path']}: theme 'other'" for a in t["activities"] if a["themes"] == ["other"]]
        + [f"unknown agency: {r['agency_raw']}" for r in t["responsibilities"] if not r["agency_id"]]
        + [f"target without indicator key: {r['indicator_text'][:60]}" for r in t["targets"] if not r["indicator_key"]]
    )


def _citation_key(row: dict, expected: bool) -> str:
    if row.get("doc_number"):
        return number_key(row["doc_number"])
    return "law:" + norm(row.get("title") or "").removeprefix("luat ")


def _first_citations(tables: dict) -> list[dict]:
    """One row per cited document: the first mention decides the relation, as in the expected files."""
    docs = {d["cited_doc_id"]: d for d in tables["cited_documents"]}
    out, seen = [], set()
    for c in sorted(tables["citations"], key=lambda r: r["line_start"]):
        if c["cited_doc_id"] in seen:
            continue
        seen.add(c["cited_doc_id"])
        d = docs[c["cited_doc_id"]]
        out.append({"doc_number": d["doc_number"], "title": d["title"], "doc_type": d["doc_type"],
                    "issue_date": d["issue_date"].isoformat() if d["issue_date"] else None, "relation": c["relation"]})
    return out


def _match_initiatives(report: Report, expected: list[str], got: list[dict], label: str) -> None:
    from rapidfuzz import fuzz

    score = report.table("initiatives")
    remaining = [norm(g["name"]) for g in got]
    for name in expected:
        e = norm(name)
        best = max(remaining, key=lambda g: fuzz.token_set_ratio(e, g), default=None)
        if best is not None and fuzz.token_set_ratio(e, best) >= 85:
            score.tp += 1
            remaining.remove(best)
        else:
            score.fn += 1
            report.misses.append(f"{label} initiatives: missing {name}")
    score.fp += len(remaining)
    report.misses.extend(f"{label} initiatives: extra {g}" for g in remaining)


def run(expected_dir: Path = EXPECTED_DIR, raw_dir: Path = DEFAULT_RAW) -> Report:
    """Evaluate every expected file against the document of the same stem."""
    report = Report()
    for path in sorted(expected_dir.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        source = next((p for p in raw_dir.glob(path.stem + ".*")), None)
        if source is None:
            report.misses.append(f"{path.stem}: no document in {raw_dir}")
            continue
        plan = parse_document(source.read_bytes(), source.suffix)
        evaluate_plan(expected, plan, report, path.stem)
    return report


def as_dict(report: Report) -> dict:
    def d(s: Score) -> dict:
        return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                "tp": s.tp, "fp": s.fp, "fn": s.fn}
    return {"tables": {k: d(v) for k, v in report.tables.items()},
            "fields": {k: d(v) for k, v in sorted(report.fields.items())}}


def main(as_json: bool = False) -> int:
    report = run()
    if as_json:
        print(json.dumps(as_dict(report), indent=2, ensure_ascii=False))
        return 0
    print(f"{'table / field':<32} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for title, scores in (("TABLES", report.tables), ("FIELDS", dict(sorted(report.fields.items())))):
        print(f"-- {title}")
        for name, s in scores.items():
            print(f"{name:<32} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    print("-- NOT CLASSIFIED (per plan)")
    for label, items in report.unclassified.items():
        print(f"{label}: {len(items)}")
        for item in items:
            print(f"   {item}")
    if report.misses:
        print("-- DIFFERENCES")
        for miss in report.misses:
            print(f"   {miss}")
    return 0
