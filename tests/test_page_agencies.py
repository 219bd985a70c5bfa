"""pages/agencies.py in Streamlit's AppTest against a real database, and the figure functions on small frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import charts
from pandas_reference import lead_rows, network_edges
from streamlit.testing.v1 import AppTest

from explorer.figures.agencies import (
    fig_lead_share,
    fig_network,
    fig_responsibility_matrix,
    focal_agencies,
    lead_shares,
    network_layout,
    strongest_roles,
    year_position,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path(__file__).parent.parent / "pages" / "agencies.py"


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="session")
def plans_db(tmp_path_factory) -> Path:
    """The five shipped plans ingested once into a temporary DuckDB file."""
    from loaders.ingest import ingest

    path = tmp_path_factory.mktemp("plans_db") / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw"], path)
    assert not summary.errors, summary.errors
    return path


@pytest.fixture
def page(plans_db, monkeypatch):
    """A function that runs the page with the given URL parameters."""
    monkeypatch.setenv("PLANS_DB", str(plans_db))

    def run(**query_params) -> AppTest:
        at = AppTest.from_file(str(PAGE), default_timeout=60)
        for key, value in query_params.items():
            at.query_params[key] = value
        return at.run()

    return run


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, f"no table with column {column!r}"
    return frames[0]


# --- the page ---------------------------------------------------------------------------------------------------

def test_default_filters_show_the_charts_and_tables(page):
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.subheader][:4] == [
        "Ma trận trách nhiệm: cơ quan × kế hoạch", "Ngành chủ trì theo năm", "Mạng lưới phối hợp: chủ trì → phối hợp",
        "Nhiệm vụ của một cơ quan"]
    assert len(charts(at)) == 3  # matrix, lead sectors, network


def test_labour_social_leads_hue_2024_and_bac_kan_2018(page):
    at = page()
    matrix = table_with(at, "proposer").set_index(["plan_label", "agency_key"])
    assert matrix.loc[("Thừa Thiên Huế 2024 · KH", "so-ldtbxh"), "role"] == "Chủ trì"
    assert matrix.loc[("Bắc Kạn 2018 · 415/QĐ-UBND", "so-ldtbxh"), "role"] == "Chủ trì"
    assert matrix.loc[("Bắc Kạn 2018 · 415/QĐ-UBND", "so-ldtbxh"), "proposer"]  # and proposed the decision


def test_quang_ngai_2025_proposed_by_home_affairs_and_marked_truncated(page):
    at = page()
    matrix = table_with(at, "proposer").set_index(["plan_label", "agency_key"])
    cell = matrix.loc[("Quảng Ngãi 2025 · 93/KH-UBND", "so-noi-vu")]
    assert cell["proposer"] and cell["truncated"]
    focal = table_with(at, "Cơ quan đầu mối").set_index("Kế hoạch")
    row = focal.loc["Quảng Ngãi 2025 · 93/KH-UBND ⚠ bị cắt"]
    assert row["Cơ quan đầu mối"] == "Sở Nội vụ" and row["Ngành"] == "Nội vụ"
    assert focal.loc["Thừa Thiên Huế 2024 · KH", "Cơ quan đầu mối"] == "Sở Lao động - Thương binh và Xã hội"
    assert focal.loc["Bắc Kạn 2018 · 415/QĐ-UBND", "Ngành"] == "Lao động - Thương binh và Xã hội"

    shares = table_with(at, "share").set_index(["plan_year", "sector"])
    assert shares.loc[(2025, "home_affairs"), "truncated"]
    assert shares.loc[(2018, "labour_social"), "share"] == 1.0
    assert shares.loc[(2024, "labour_social"), "share"] == 1.0  # Huế (province) and Lạng Giang (district)

    lead_chart = charts(at)[1].spec
    notes = " ".join(a.get("text", "") for a in lead_chart["layout"].get("annotations", []))
    assert "01/03/2025" in notes and "Nghị định 25/2025/NĐ-CP" in notes and "bị cắt" in notes
    assert any(s.get("type") == "line" for s in lead_chart["layout"].get("shapes", []))  # the transfer line


def test_counting_every_lead_responsibility(page):
    at = page()
    at.radio(key="ag_lead_basis").set_value("all").run()
    assert not at.exception
    shares = table_with(at, "share")
    assert shares.groupby("plan_year")["share"].sum().round(6).eq(1).all()
    assert {"labour_social", "home_affairs"} <= set(shares["sector"])


def test_network_and_task_list(page):
    at = page()
    edges = table_with(at, "weight")
    assert ((edges["source"] == "so-ldtbxh") & (edges["target"] == "grp-so-ban-nganh")).any()
    assert (edges["source"] != edges["target"]).all()
    assert at.selectbox(key="ag_agency").value == "so-ldtbxh"
    tasks = table_with(at, "Nhiệm vụ")
    assert len(tasks) > 3 and tasks["Trích dẫn"].notna().all()
    at.selectbox(key="ag_agency").set_value("so-noi-vu").run()
    assert not at.exception
    tasks = table_with(at, "Nhiệm vụ")
    assert set(tasks["Kế hoạch"]) >= {"Thừa Thiên Huế 2024 · KH"}
    assert any("Quảng Ngãi 2025" in c.value for c in at.caption)  # "this agency proposed: ..."


def test_agency_filter(page):
    at = page(agencies="so-noi-vu")
    assert not at.exception, [e.value for e in at.exception]
    matrix = table_with(at, "proposer")
    assert set(matrix["agency_key"]) == {"so-noi-vu"}
    assert at.selectbox(key="ag_agency").value == "so-noi-vu"


def test_many_plans_are_counted_in_sql(page, monkeypatch):
    """Above ui.MAX_PLANS_DRAWN plans the page reads no responsibility whole: the agency × role matrix, the lead
    shares, the network and the task list come from SQL, with the numbers the per-plan page shows."""
    from explorer import ui

    few = page()
    monkeypatch.setattr(ui, "MAX_PLANS_DRAWN", 0)
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Ma trận trách nhiệm: cơ quan × vai trò"
    cells = table_with(at, "tasks").set_index(["agency_key", "role"])
    per_plan = table_with(few, "proposer")
    lead = per_plan[per_plan["agency_key"] == "so-ldtbxh"]
    assert cells.loc[("so-ldtbxh", "Chủ trì"), "plans"] == (lead["roles"].str.contains("Chủ trì")).sum()
    assert cells.loc[("so-noi-vu", "Cơ quan đề xuất kế hoạch"), "plans"] == 1  # Quảng Ngãi 2025
    shares = table_with(at, "share")
    pd.testing.assert_frame_equal(shares, table_with(few, "share"))
    edges = table_with(at, "some_plans").set_index(["source", "target"])
    few_edges = table_with(few, "weight").set_index(["source", "target"])
    assert edges["weight"].to_dict() == few_edges["weight"].to_dict()
    assert (edges["plans"] == few_edges["plans"].str.split("; ").map(len)).all()
    pd.testing.assert_frame_equal(table_with(at, "Nhiệm vụ"), table_with(few, "Nhiệm vụ"))
    at.radio(key="ag_lead_basis").set_value("all").run()
    few.radio(key="ag_lead_basis").set_value("all").run()
    assert not at.exception
    pd.testing.assert_frame_equal(table_with(at, "share"), table_with(few, "share"))


def test_a_filter_that_empties_the_data(page):
    at = page(provinces="Không tồn tại")
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and not charts(at)


def test_english(page):
    at = page(lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert "Lead sectors by year" in [s.value for s in at.subheader]


# --- pure helpers and figures -----------------------------------------------------------------------------------

def _resp() -> pd.DataFrame:
    rows = [  # plan, label, year, agency, name, sector, role, section, line
        ("p1", "P1 2018", 2018, "a", "Sở A", "labour_social", "lead", "III.1", 10),
        ("p1", "P1 2018", 2018, "b", "Sở B", "finance", "coordinate", "III.1", 10),
        ("p1", "P1 2018", 2018, "c", "Sở C", "health", "coordinate", "III.1", 10),
        ("p1", "P1 2018", 2018, "b", "Sở B", "finance", "assigned", "III.2", 12),
        ("p1", "P1 2018", 2018, "b", "Sở B", "finance", "lead", "III.3", 14),
        ("p1", "P1 2018", 2018, "a", "Sở A", "labour_social", "coordinate", "III.3", 14),
        ("p2", "P2 2024", 2024, "a", "Sở A", "labour_social", "lead", "IV.1", 30),
        ("p2", "P2 2024", 2024, "b", "Sở B", "finance", "coordinate", "IV.1", 30),
        ("p2", "P2 2024", 2024, "a", "Sở A", "labour_social", "coordinate", "IV.1", 30),
    ]
    df = pd.DataFrame(rows, columns=["plan_id", "plan_label", "plan_year", "agency_key", "agency_name", "sector", "role",
                                     "section_path", "line_start"])
    return df.assign(line_end=df["line_start"], quote="q", truncated=False)


def _plans() -> pd.DataFrame:
    return pd.DataFrame({
        "plan_id": ["p1", "p2", "p3", "p4"], "plan_label": ["P1 2018", "P2 2024", "P3 2025", "P4 2022"],
        "plan_year": [2018, 2024, 2025, 2022], "truncated": [False, False, True, False],
        "proposing_agency_id": [None, None, "nv", None], "proposing_agency": [None, None, "Sở Nội vụ", None],
        "proposing_sector": [None, None, "home_affairs", None],
        "proposal_line_start": [None, None, 34, None], "proposal_line_end": [None, None, 34, None],
        "proposal_quote": [None, None, "theo đề nghị của Sở Nội vụ", None],
    })


def test_strongest_roles():
    roles = strongest_roles(_resp()).set_index(["plan_id", "agency_key"])
    assert roles.loc[("p1", "b"), "role"] == "lead" and roles.loc[("p1", "b"), "tasks"] == 3
    assert roles.loc[("p1", "b"), "roles"] == ["lead", "coordinate", "assigned"]
    assert roles.loc[("p2", "a"), "role"] == "lead"
    assert roles.loc[("p1", "c"), "role"] == "coordinate"
    assert strongest_roles(_resp().iloc[0:0]).empty


def test_focal_agencies_and_lead_shares():
    focal = focal_agencies(_plans(), _resp()).set_index("plan_id")
    assert focal.loc["p1", "agency_key"] == "a" and focal.loc["p1", "source"] == "first_lead"
    assert focal.loc["p3", "agency_key"] == "nv" and focal.loc["p3", "source"] == "proposing"
    assert focal.loc["p3", "line_start"] == 34
    assert focal.loc["p4", "sector"] == "unknown" and pd.isna(focal.loc["p4", "source"])
    shares = lead_shares(lead_rows(_plans(), _resp(), "focal")).set_index(["plan_year", "sector"])
    assert shares.loc[(2025, "home_affairs"), "truncated"] and shares.loc[(2025, "home_affairs"), "share"] == 1
    every = lead_shares(lead_rows(_plans(), _resp(), "all")).set_index(["plan_year", "sector"])
    assert every.loc[(2018, "labour_social"), "share"] == 0.5 and every.loc[(2018, "finance"), "n"] == 1
    assert (2025, "home_affairs") in every.index  # the proposer counts as a lead too
    assert lead_shares(lead_rows(_plans().iloc[0:0], _resp().iloc[0:0], "all")).empty


def test_network_edges_and_layout():
    edges = network_edges(_resp()).set_index(["source", "target"])
    assert edges.loc[("a", "b"), "weight"] == 2 and edges.loc[("a", "b"), "plans"] == ["P1 2018", "P2 2024"]
    assert ("a", "a") not in edges.index  # an agency does not coordinate with itself
    assert ("b", "a") in edges.index and ("a", "c") in edges.index
    nodes = network_layout(network_edges(_resp()))
    assert set(nodes[nodes["side"] == "lead"]["key"]) == {"a", "b"}
    assert set(nodes[nodes["side"] == "coordinate"]["key"]) == {"a", "b", "c"}
    assert nodes[nodes["side"] == "lead"].iloc[0]["key"] == "a"  # most links first, at the top
    assert network_layout(network_edges(_resp().iloc[0:0])).empty


def test_fig_network():
    edges = network_edges(_resp())
    fig = fig_network(edges, network_layout(edges), "", "Chủ trì", "Phối hợp", "số mục")
    assert isinstance(fig, go.Figure)
    named = {t.name: t for t in fig.data if t.name}
    assert list(named["Chủ trì"].customdata[0]) == ["a", "lead"]
    assert len(fig.layout.annotations) == len(edges)  # one arrow per link
    mids = [t for t in fig.data if t.customdata is not None and t.name is None]
    assert len(mids) == 1 and len(mids[0].customdata) == len(edges)


def test_fig_responsibility_matrix():
    cells = strongest_roles(_resp()).assign(proposer=False)
    cells = pd.concat([cells, pd.DataFrame([{"plan_id": "p3", "plan_label": "P3", "agency_key": "nv",
                                             "agency_name": "Sở Nội vụ", "sector": "home_affairs", "role": None,
                                             "roles": [], "tasks": 0, "proposer": True}])], ignore_index=True)
    cells["x"], cells["y"] = cells["plan_label"], cells["agency_name"]
    names = {"lead": "Chủ trì", "coordinate": "Phối hợp", "requested": "Đề nghị", "advise": "Tham mưu",
             "assigned": "Được giao"}
    fig = fig_responsibility_matrix(cells, ["P1 2018", "P2 2024", "P3"], ["Sở A", "Sở B", "Sở C", "Sở Nội vụ"], names,
                                    "", "Cơ quan đề xuất", "số nhiệm vụ")
    heat = fig.data[0]
    assert heat.type == "heatmap" and heat.z[0][0] == 5 and heat.z[2][0] == 4  # lead = 5, coordinate = 4
    assert pd.isna(heat.z[3][2])  # the proposer-only cell has no role colour
    assert fig.data[-1].type == "scatter" and fig.data[-1].marker.opacity == 0  # clickable layer on top
    assert "Cơ quan đề xuất" in {t.name for t in fig.data}
    assert {t.name for t in fig.data} >= set(names.values())


def test_year_position_and_fig_lead_share():
    assert year_position(dt.date(2025, 1, 1)) == 2024.5
    assert 2024.6 < year_position(dt.date(2025, 3, 1)) < 2024.7
    shares = lead_shares(lead_rows(_plans(), _resp(), "focal"))
    labels = {"labour_social": "LĐTBXH", "home_affairs": "Nội vụ", "unknown": "Chưa rõ"}
    fig = fig_lead_share(shares, labels, "", "%", "bị cắt", {"date": dt.date(2025, 3, 1), "text": "chuyển giao"})
    assert fig.layout.barmode == "stack"
    bars = {t.name: t for t in fig.data}
    assert bars["Nội vụ"].marker.pattern.shape == ("/",)
    assert any(a.text == "chuyển giao" for a in fig.layout.annotations)
    assert list(bars["LĐTBXH"].customdata[0]) == [2018, "labour_social"]
    early = fig_lead_share(shares[shares["plan_year"] == 2018], labels, "", "%", "bị cắt",
                           {"date": dt.date(2025, 3, 1), "text": "chuyển giao"})
    assert not any(a.text == "chuyển giao" for a in early.layout.annotations)  # outside the years shown
