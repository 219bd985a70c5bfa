"""The agencies page's SQL aggregates (explorer/sql/agencies_*.sql) against the pandas computations they replaced
(every responsibility fetched, then counted in explorer.figures.agencies): the same counts, names, lists and order,
on the shipped plans and on a copy where one plan has no province; paged lists neither repeat nor skip rows; the
sentences behind a clicked point are those the old page found."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import copy_with_unknown_unit, explorer_data_on  # noqa: E402
from pandas_reference import lead_rows, network_edges

from explorer import ui
from explorer.figures.agencies import (
    focal_agencies,
    lead_shares,
    lead_shares_counted,
    role_cells,
    role_counts,
)

UNKNOWN = "Không rõ đơn vị "  # ui.known_labels' Vietnamese fallback
FILTERS = {"provs": None, "provs25": None, "levels": None, "y0": None, "y1": None, "dtypes": None,
           "theme_ids": None, "agency_ids": None}
CASES = {"all": {}, "home_affairs": {"agency_ids": ["so-noi-vu"]}, "labour": {"agency_ids": ["so-ldtbxh"]},
         "two_provinces": {"provs": ["Bắc Kạn", "Quảng Ngãi"]}, "from_2024": {"y0": 2024},
         "nothing": {"provs": ["Không tồn tại"]}}


@pytest.fixture(scope="module", params=["shipped", "no_province"])
def data(request, seed_db, tmp_path_factory):
    """explorer.data on the shipped plans, or on a copy where one plan's unit is unknown (NULL province)."""
    path = seed_db
    if request.param == "no_province":
        path = copy_with_unknown_unit(seed_db, tmp_path_factory.mktemp("no_province"),
                                      "SELECT min(plan_id) FROM plans WHERE district IS NOT NULL")
        con = duckdb.connect(str(path), read_only=True)
        assert con.execute("SELECT count(*) FROM plans WHERE province IS NULL").fetchone()[0] == 1
        con.close()
    with explorer_data_on(path) as data:
        yield data


def params_of(case: str) -> dict:
    return {**FILTERS, **CASES[case]}


def old_frames(data, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the old page read on every view: the filtered plans and every responsibility, labelled."""
    plans = ui.known_labels(data.run_uncached("agencies_plans", **params))
    resp = ui.known_labels(data.run_uncached("agencies_responsibilities", **params))
    return plans, resp


def same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new.reset_index(drop=True), old.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("case", list(CASES))
def test_role_matrix_counts(data, case):
    params = params_of(case)
    plans, resp = old_frames(data, params)
    selected = resp[resp["selected"].fillna(False).astype(bool)]
    proposing = plans.dropna(subset=["proposing_agency_id"])
    if params["agency_ids"]:
        proposing = proposing[proposing["proposing_agency_id"].isin(params["agency_ids"])]
    counts = data.run_uncached("agencies_role_counts", **params)
    same(role_cells(counts, proposing), role_counts(selected, proposing))
    spread = selected.groupby("agency_key")["plan_id"].nunique()
    assert counts.drop_duplicates("agency_key").set_index("agency_key")["agency_plans"].to_dict() == spread.to_dict()
    without = int((~plans["plan_id"].isin(resp["plan_id"].unique())).sum())
    assert int((~plans["has_responsibilities"].astype(bool)).sum()) == without


@pytest.mark.parametrize("case", list(CASES))
def test_lead_sectors(data, case):
    params = params_of(case)
    plans, resp = old_frames(data, params)
    first = data.run_uncached("agencies_first_leads", **params)
    assert first["plan_id"].is_unique
    same(focal_agencies(plans, first), focal_agencies(plans, resp))
    counted = data.run_uncached("agencies_lead_shares", unknown_unit=UNKNOWN, **params)
    same(lead_shares_counted(counted), lead_shares(lead_rows(plans, resp, "all")))
    if case == "all":
        assert not counted.empty


@pytest.mark.parametrize("case", list(CASES))
def test_network(data, case):
    params = params_of(case)
    _, resp = old_frames(data, params)
    old = network_edges(resp)
    full = data.run_uncached("agencies_network", unknown_unit=UNKNOWN, places=True, **params)
    assert list(zip(full["source"], full["target"], strict=True)) == list(zip(old["source"], old["target"], strict=True))
    for column in ("source_name", "target_name", "weight"):
        assert full[column].tolist() == old[column].tolist(), column
    assert [list(p) for p in full["plans"]] == old["plans"].tolist()
    assert [[(w["plan_id"], w["section_path"]) for w in ws] for ws in full["places"]] == old["where"].tolist()
    short = data.run_uncached("agencies_network", unknown_unit=UNKNOWN, places=False, **params)
    assert short["plans_n"].tolist() == [len(p) for p in old["plans"]]
    assert [list(p) for p in short["plans"]] == [p[:12] for p in old["plans"]]
    assert short["places"].isna().all()
    if case == "all":
        assert len(old) > 3


def old_network_sources(resp: pd.DataFrame, edges: pd.DataFrame, data: list) -> pd.DataFrame:
    """pages/agencies.py's network_sources before the SQL: one clicked point."""
    if data[1] in ("lead", "coordinate"):
        keys = edges["source"] == data[0] if data[1] == "lead" else edges["target"] == data[0]
        where = {w for ws in edges.loc[keys, "where"] for w in ws}
        hit = resp[(resp["agency_key"] == data[0]) & (resp["role"] == data[1])]
    else:
        match = edges[(edges["source"] == data[0]) & (edges["target"] == data[1])]
        where = {w for ws in match["where"] for w in ws}
        hit = resp[resp["agency_key"].isin([data[0], data[1]])]
    hit = hit[[(pid, sec) in where for pid, sec in zip(hit["plan_id"], hit["section_path"], strict=True)]]
    return hit.drop_duplicates(["plan_id", "section_path", "line_start"])


@pytest.mark.parametrize("case", ["all", "labour", "two_provinces"])
def test_network_sources(data, case):
    params = params_of(case)
    _, resp = old_frames(data, params)
    edges = network_edges(resp)
    if params["agency_ids"]:  # the page keeps the links touching the chosen agencies
        edges = edges[edges["source"].isin(params["agency_ids"]) | edges["target"].isin(params["agency_ids"])]
    points = [[s, t] for s, t in zip(edges["source"], edges["target"], strict=True)]
    points += [[k, "lead"] for k in edges["source"].unique()] + [[k, "coordinate"] for k in edges["target"].unique()]
    assert points
    columns = ["plan_label", "section_path", "line_start", "line_end", "quote"]
    for point in points:
        node = point[1] in ("lead", "coordinate")
        new = ui.known_labels(data.run_uncached("agencies_network_sources", agency_key=point[0],
                                                side=point[1] if node else None, partner=None if node else point[1],
                                                **params))
        old = old_network_sources(resp, edges, point)
        assert not old.empty, point
        same(new[columns], old[columns])


@pytest.mark.parametrize("case", ["all", "home_affairs", "from_2024"])
def test_task_list_pages_and_picker(data, case):
    params = params_of(case)
    _, resp = old_frames(data, params)
    agencies = data.run_uncached("agencies_agencies", **params)
    assert dict(zip(agencies["agency_key"], agencies["tasks"], strict=True)) == resp["agency_key"].value_counts().to_dict()
    names = resp.drop_duplicates("agency_key").set_index("agency_key")["agency_name"].fillna("").to_dict()
    assert dict(zip(agencies["agency_key"], agencies["agency_name"].fillna(""), strict=True)) == names
    singles = resp.loc[resp["sector"] != "multi", "agency_key"].value_counts()
    assert agencies[agencies["single_tasks"] > 0]["agency_key"].iloc[0] == singles.index[0]
    narrow = {"role": None, "year": None, "sector": None}
    for agency in agencies["agency_key"]:
        old = resp[resp["agency_key"] == agency].drop(columns=["selected"])
        assert data.count("agencies_tasks", agency_key=agency, **narrow, **params) == len(old)
        pages = [data.query_page("agencies_tasks", start, 7, agency_key=agency, **narrow, **params)
                 for start in range(0, len(old) + 7, 7)]
        new = ui.known_labels(pd.concat(pages, ignore_index=True))
        assert new["resp_id"].is_unique  # no row twice, none skipped
        same(new, old)


def test_clicked_sources_of_role_and_lead_cells(data):
    params = params_of("all")
    plans, resp = old_frames(data, params)
    narrow = {"role": None, "year": None, "sector": None}
    for (agency, role), old in resp.groupby(["agency_key", "role"], sort=False):
        new = ui.known_labels(data.run_uncached("agencies_tasks", agency_key=agency, **(narrow | {"role": role}),
                                                **params))
        same(new.drop(columns=["plan_label"]), old.drop(columns=["selected", "plan_label"]))
        assert new["plan_label"].tolist() == old["plan_label"].tolist()
    leads = lead_rows(plans, resp, "all")
    proposers = focal_agencies(plans, resp)
    proposers = proposers[proposers["source"] == "proposing"]
    columns = ["plan_label", "section_path", "line_start", "line_end", "quote"]
    for (year, sector), old in leads.dropna(subset=["plan_year"]).groupby(["plan_year", "sector"]):
        rows = ui.known_labels(data.run_uncached("agencies_tasks", agency_key=None, role="lead", year=int(year),
                                                 sector=sector, **params))
        extra = proposers[(proposers["plan_year"] == year) & (proposers["sector"] == sector)]
        new = pd.concat([f for f in (rows, extra) if not f.empty]).dropna(subset=["quote"])
        same(new[columns], old.dropna(subset=["quote"])[columns])
