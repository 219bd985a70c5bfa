"""One document from bytes to rows of every table: read → clean → lay out → extract. No I/O."""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field

from loaders import admin
from loaders.clean import CleanText, clean
from loaders.errors import LoaderError
from loaders.extract.activities import parse_activities
from loaders.extract.budget import parse_budget
from loaders.extract.citations import parse_citations
from loaders.extract.common import blocks as make_blocks
from loaders.extract.deadlines import parse_deadlines
from loaders.extract.initiatives import parse_initiatives
from loaders.extract.responsibilities import parse_responsibilities
from loaders.extract.targets import parse_targets
from loaders.metadata import PlanMeta, parse_metadata
from loaders.outline import Section, layout, parse_outline
from loaders.readers import read_bytes
from loaders.textnorm import fold

MIN_TEXT_CHARS = 200


@dataclass
class ParsedPlan:
    """Everything extracted from one document, rows ready for the database (plan_id added at write)."""

    plan_id: str
    sha256: str
    bytes: int
    file_format: str
    meta: PlanMeta
    lines: list[dict]
    sections: list[dict]
    tables: dict[str, list[dict]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    implements: list[str] = field(default_factory=list)

    def plan_row(self) -> dict:
        row = asdict(self.meta)
        row.pop("place", None)
        province_2025 = admin.successor_2025(self.meta.province) if self.meta.province else None
        unit = None
        if self.meta.district and self.meta.province:
            unit = admin.find_district(self.meta.district, [self.meta.province])
        elif self.meta.province:
            unit = admin.find_province(self.meta.province)
        row.update(implements=self.implements, plan_id=self.plan_id, sha256=self.sha256, bytes=self.bytes, file_format=self.file_format,
                   province_2025=province_2025, lat=unit.lat if unit else None, lon=unit.lon if unit else None)
        return row


def plan_id_for(data: bytes) -> tuple[str, str]:
    """(plan_id, sha256): the id is the first 16 hex digits of the content hash, stable across paths."""
    digest = hashlib.sha256(data).hexdigest()
    return digest[:16], digest


def section_rows(sections: list[Section]) -> list[dict]:
    return [
        {"ord": i, "path": s.path, "parent_path": s.parent, "depth": s.depth, "marker": s.marker,
         "heading": s.heading, "body": "\n".join(s.body), "kind": s.kind,
         "line_start": s.line_start, "line_end": s.line_end}
        for i, s in enumerate(sections)
    ]


def line_rows(doc: CleanText) -> list[dict]:
    return [{"idx": i, "line_start": line.start, "line_end": line.end, "text": line.text,
             "text_folded": fold(line.text)} for i, line in enumerate(doc.lines)]


def warm_up() -> None:
    """Build the lookup tables every document needs (admin units and the vietnamadminunits import, agency
    aliases, keyword automata, table types) now: a worker process does this at start-up, while the parent
    is still listing the files, instead of in its first chunk (about 0.4 s each)."""
    from loaders import agencies, db
    from loaders.extract.common import keyword_sets

    admin.provinces()
    admin.districts()
    agencies._key_lengths()
    agencies._alias_regex()
    for name, key in (("themes", "theme_id"), ("strategy_objectives", "objective_id"), ("indicators", "indicator_key")):
        keyword_sets(name, key)
    db.arrow_types("plans")


def parse_document(data: bytes, suffix: str) -> ParsedPlan:
    """Parse one document; raise LoaderError (with a stage) for anything that is not a usable plan."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    source = read_bytes(data, suffix)
    timings["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = clean(source)
    if sum(len(line.text) for line in doc.lines) < MIN_TEXT_CHARS:
        raise LoaderError("too little text to be a plan (under 200 characters after cleaning)", stage="clean")
    timings["clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        lay = layout(doc)
        sections = parse_outline(doc, lay)
        meta = parse_metadata(doc, lay)
        bl = make_blocks(doc, lay, sections)
        citations, cited = parse_citations(bl, meta.doc_number, meta.province)
        tables = {
            "targets": parse_targets(bl, meta.plan_year),
            "activities": parse_activities(bl, sections),
            "initiatives": parse_initiatives(bl),
            "responsibilities": parse_responsibilities(bl, sections, meta.level),
            "citations": citations,
            "cited_documents": cited,
            "deadlines": parse_deadlines(bl, meta.plan_year),
            "budget_sources": parse_budget(bl),
        }
    except LoaderError:
        raise
    except RecursionError:
        raise LoaderError("document structure too deeply nested", stage="extract") from None
    timings["extract"] = time.perf_counter() - t0
    docs = {d["cited_doc_id"]: d for d in cited}
    implements = []
    seen_names: set[str] = set()
    for c in citations:
        if c["relation"] in ("implements", "legal_basis"):
            d = docs[c["cited_doc_id"]]
            name = d["doc_number"] or d["title"]
            if name not in seen_names:  # a set: thousands of cited documents must not cost a quadratic scan
                seen_names.add(name)
                implements.append(name)
    if not sections:
        meta.warnings.append("no headings found: the outline is empty")
    if not tables["targets"]:
        meta.warnings.append("no targets found")
    unknown = sorted({r["agency_raw"] for r in tables["responsibilities"] if not r["agency_id"]})
    meta.warnings.extend(f"unknown agency: {name}" for name in unknown)
    if meta.truncated:
        meta.warnings.append("document looks truncated")
    plan_id, digest = plan_id_for(data)
    return ParsedPlan(plan_id, digest, len(data), source.fmt, meta, line_rows(doc), section_rows(sections),
                      tables, timings, implements)
