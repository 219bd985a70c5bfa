"""The pandas computations the pages used before they read aggregates and pages from SQL, kept as the reference
the SQL is held to (tests/test_activities_paging.py, tests/test_agencies_sql.py): the page filtered every activity,
and built the lead and network charts from every responsibility."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from explorer.figures.agencies import focal_agencies
from loaders.textnorm import fold


def filter_activities(df: pd.DataFrame, themes: Iterable[str] | None = None, text: str = "",
                      folded: pd.Series | None = None) -> pd.DataFrame:
    """Activities carrying any of `themes` (all when empty) whose text contains `text`, ignoring case and
    diacritics (both sides folded with loaders.textnorm.fold, so "bao luc" finds "bạo lực" and "đ" = "d").
    `folded`: the folded texts of `df` (same index) when already at hand."""
    out = df
    wanted = set(themes or [])
    if wanted:
        out = out[out["themes"].map(lambda ts: bool(wanted.intersection(list(ts) if ts is not None else [])))]
    needle = fold(text or "")
    if needle:
        haystack = folded.loc[out.index] if folded is not None else out["text"].fillna("").map(fold)
        out = out[haystack.str.contains(needle, regex=False).to_numpy()]
    return out if out is not df else df.copy()


def lead_rows(plans: pd.DataFrame, resp: pd.DataFrame, basis: str = "focal") -> pd.DataFrame:
    """The leads counted on the lead-sector chart, one row each, with their source sentence.

    basis="focal": one per plan (see focal_agencies). basis="all": every lead (chủ trì) responsibility plus
    each plan's proposing agency (which proposed, hence led the drafting of, the plan).
    """
    focal = focal_agencies(plans, resp)
    if basis == "focal":
        return focal
    truncated = dict(zip(plans["plan_id"], plans["truncated"].astype(bool), strict=True))
    leads = resp[resp["role"] == "lead"].assign(source="lead", truncated=lambda d: d["plan_id"].map(truncated))
    leads = leads[["plan_id", "plan_label", "plan_year", "truncated", "agency_key", "agency_name", "sector", "source",
                   "section_path", "line_start", "line_end", "quote"]]
    proposers = focal[focal["source"] == "proposing"]
    out = pd.concat([df for df in (leads, proposers) if not df.empty], ignore_index=True) \
        if not (leads.empty and proposers.empty) else focal.iloc[0:0]
    out["sector"] = out["sector"].fillna("unknown")
    return out


def network_edges(resp: pd.DataFrame) -> pd.DataFrame:
    """Lead → coordinate pairs of agencies named in the same responsibility (same plan and section_path).

    weight = number of such sections; `where` lists (plan_id, section_path) pairs for the source sentences.
    """
    cols = ["source", "target", "source_name", "target_name", "weight", "plans", "where"]
    if resp.empty:
        return pd.DataFrame(columns=cols)
    keys = ["plan_id", "section_path"]
    placed = resp.dropna(subset=["section_path"])
    leads = placed[placed["role"] == "lead"].drop_duplicates(keys + ["agency_key"])
    coordinators = placed[placed["role"] == "coordinate"].drop_duplicates(keys + ["agency_key"])
    pairs = leads[keys + ["plan_label", "agency_key", "agency_name"]].merge(
        coordinators[keys + ["agency_key", "agency_name"]], on=keys, suffixes=("", "_c"))
    pairs = pairs[pairs["agency_key"] != pairs["agency_key_c"]]
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    grouped = pairs.groupby(["agency_key", "agency_key_c"], sort=False)
    out = grouped.agg(source_name=("agency_name", "first"), target_name=("agency_name_c", "first"),
                      weight=("plan_id", "size"), plans=("plan_label", lambda s: list(dict.fromkeys(s))))
    out["where"] = grouped.apply(lambda g: list(zip(g["plan_id"], g["section_path"], strict=True)),
                                 include_groups=False)
    out = out.reset_index().rename(columns={"agency_key": "source", "agency_key_c": "target"})
    out["weight"] = out["weight"].astype(int)
    return out[cols]
