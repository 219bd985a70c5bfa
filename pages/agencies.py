"""Cơ quan / Agencies: who does what in which plan, which sector leads, who works with whom."""

import numpy as np
import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query, run_uncached
from explorer.figures.agencies import (
    ROLE_ORDER,
    fig_lead_share,
    fig_network,
    fig_responsibility_matrix,
    fig_role_matrix,
    focal_agencies,
    lead_shares,
    lead_shares_counted,
    network_layout,
    role_cells,
    sector_name,
    some_of,
    strongest_roles,
)
from explorer.i18n import fmt_date, fmt_int, lang, t
from explorer.labels import label
from explorer.plotly_chart import drawing
from loaders.textnorm import sort_key

ui.header("Cơ quan", "Agencies",
          "Cơ quan nào chủ trì, phối hợp, được giao hay được đề nghị làm gì trong từng kế hoạch; ngành nào chủ trì "
          "công tác bình đẳng giới qua các năm.",
          "Which agency leads, coordinates, is assigned or requested what in each plan; which sector leads gender-"
          "equality work over the years.")
f = filters.sidebar()
params = f.params()

plans = query("agencies_plans", **params)
if plans.empty:
    ui.empty()
    st.stop()
plans = ui.known_labels(plans)
KEY = ui.frozen(params)


UNKNOWN_UNIT = t("Không rõ đơn vị ", "Unknown unit ")  # the label of a plan without a unit, as ui.known_labels
PER_PLAN = len(plans) <= ui.MAX_PLANS_DRAWN  # else the matrix counts plans per agency and role
# At national scale (176,000 responsibilities) nothing reads every responsibility on a view: the charts are counted
# in SQL (agencies_role_counts, agencies_lead_shares, agencies_network), the task list is read a page at a time
# (agencies_tasks) and the sentences behind a clicked point by a query of their own.


@st.cache_data(show_spinner=False, max_entries=16)
def first_leads(key: tuple, version: float) -> pd.DataFrame:
    """Each plan's first lead responsibility (one row per plan at most)."""
    return query("agencies_first_leads", **ui.thawed(key))


@st.cache_data(show_spinner=False, max_entries=16)
def leads_of(key: tuple, basis: str, language: str, version: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The leads of the lead-sector chart and their shares. basis="focal": one per plan (its rows); basis="all":
    every lead responsibility plus each plan's proposing agency, counted in SQL (the rows are read on a click)."""
    focal = focal_agencies(ui.known_labels(query("agencies_plans", **ui.thawed(key))), first_leads(key, version))
    if basis == "focal":
        return focal, lead_shares(focal)
    counted = query("agencies_lead_shares", unknown_unit=UNKNOWN_UNIT, **ui.thawed(key))
    return focal[focal["source"] == "proposing"], lead_shares_counted(counted)


@st.cache_data(show_spinner=False, max_entries=16)
def network_of(key: tuple, places: bool, language: str, version: float) -> pd.DataFrame:
    """Lead → coordinate links of the filtered plans: source, target, names, weight, plans (labels; the first 12
    unless `places`), plans_n and, with `places`, where: the (plan_id, section_path) of each shared section."""
    edges = query("agencies_network", unknown_unit=UNKNOWN_UNIT, places=places, **ui.thawed(key))
    edges["plans"] = edges["plans"].map(lambda v: list(v) if isinstance(v, (list, np.ndarray)) else [])
    edges["where"] = edges.pop("places").map(
        lambda v: [(w["plan_id"], w["section_path"]) for w in v] if isinstance(v, (list, np.ndarray)) else [])
    return edges


@st.cache_data(show_spinner=False, max_entries=16)
def layout_of(key: tuple, places: bool, language: str, version: float) -> pd.DataFrame:
    """Where the network's agencies sit (the links of all filtered plans)."""
    return network_layout(network_of(key, places, language, version))


@st.cache_data(show_spinner=False, max_entries=16)
def role_matrix(key: tuple, language: str, version: float) -> tuple[pd.DataFrame, pd.Series]:
    """Agency × role counts over the filtered plans (the matrix when there are too many plans for columns), and in
    how many plans each agency has a responsibility."""
    counts, chosen = query("agencies_role_counts", **ui.thawed(key)), ui.thawed(key)["agency_ids"]
    proposing = query("agencies_plans", **ui.thawed(key)).dropna(subset=["proposing_agency_id"])
    if chosen:
        proposing = proposing[proposing["proposing_agency_id"].isin(chosen)]
    spread = counts.drop_duplicates("agency_key").set_index("agency_key")["agency_plans"]
    return role_cells(counts, proposing), spread


def task_rows(agency: str | None = None, **narrow) -> pd.DataFrame:
    """Responsibilities of the filtered plans (all of them: only on a click), narrowed as agencies_tasks allows."""
    narrow = {"role": None, "year": None, "sector": None} | narrow
    return ui.known_labels(query("agencies_tasks", agency_key=agency, **narrow, **params))


SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
CUT = t("bị cắt", "cut off")
EN = lang() == "en"
role_names = {role: label("role", role) for role in ROLE_ORDER}
truncated_plans = plans[plans["truncated"].astype(bool)]
column = dict(zip(plans["plan_id"], plans["plan_label"].where(~plans["truncated"].astype(bool),
                                                              plans["plan_label"] + f" ⚠ {CUT}"), strict=True))
resp = ui.known_labels(query("agencies_responsibilities", **params)) if PER_PLAN else None  # a few plans: small


def plan_order(frame: pd.DataFrame, tick: dict[str, str]) -> list[str]:
    ordered = frame.assign(_k=frame["plan_label"].map(sort_key)).sort_values(["plan_year", "_k"], kind="stable")
    return [tick[p] for p in ordered["plan_id"]]


def rows_of(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[SOURCE_COLUMNS] if not frame.empty else pd.DataFrame(columns=SOURCE_COLUMNS)


# --- 1. responsibility matrix -------------------------------------------------------------------------------------
st.subheader(t("Ma trận trách nhiệm: cơ quan × kế hoạch", "Responsibility matrix: agency × plan") if PER_PLAN
             else t("Ma trận trách nhiệm: cơ quan × vai trò", "Responsibility matrix: agency × role"))
proposers = plans.dropna(subset=["proposing_agency_id"])
if f.agencies:
    proposers = proposers[proposers["proposing_agency_id"].isin(f.agencies)]
PROPOSER = t("Cơ quan đề xuất kế hoạch", "Agency that proposed the plan")
if not PER_PLAN:  # thousands of plan columns cannot be drawn: in how many plans each agency has each role
    cells, spread = role_matrix(KEY, lang(), db_version())
    cells = cells.copy()
    if cells.empty:
        ui.empty("Không có trách nhiệm nào được ghi nhận cho các kế hoạch/cơ quan đang lọc.",
                 "No responsibilities recorded for the filtered plans/agencies.")
    else:
        agencies = cells.drop_duplicates("agency_key").set_index("agency_key")
        names = agencies["agency_name"].astype(str)
        twice = names.duplicated(keep=False)  # two keys spelled alike stay two rows
        names = names.where(~twice, names + " (" + names.index.to_series() + ")")
        cells["y"] = cells["agency_key"].map(names)  # one row per agency
        agency_order = [names[k] for k in sorted(names.index, key=lambda k: (
            agencies.at[k, "sector"] == "multi", -spread.get(k, 0), sort_key(names[k])))]
        roles_shown = {**role_names, "proposer": PROPOSER}
        fig = drawing(fig_role_matrix, cells, agency_order, roles_shown, len(plans), "", t("kế hoạch", "plans"),
                      t("số nhiệm vụ", "responsibilities"))

        def role_sources(points: list[dict]) -> pd.DataFrame:
            out = []
            for data in ui.clicked(points):
                if data[1] == "proposer":
                    prop = proposers[proposers["proposing_agency_id"] == data[0]].dropna(subset=["proposal_quote"])
                    out.append(pd.DataFrame({"plan_label": prop["plan_label"], "section_path": t("phần mở đầu", "preamble"),
                                             "line_start": prop["proposal_line_start"],
                                             "line_end": prop["proposal_line_end"], "quote": prop["proposal_quote"]}))
                else:  # the matrix counts the sidebar's agencies only, so their rows are the selected ones
                    out.append(rows_of(task_rows(data[0], role=data[1])))
            return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=SOURCE_COLUMNS)

        ui.chart(fig, cells.assign(role=cells["role"].map(roles_shown))[
            ["agency_key", "agency_name", "sector", "role", "plans", "tasks"]], "agencies_matrix", sources=role_sources)
        without = int((~plans["has_responsibilities"].astype(bool)).sum())
        st.caption(t(f"{fmt_int(len(plans))} kế hoạch, quá nhiều để vẽ mỗi kế hoạch một cột: mỗi ô là số kế hoạch mà "
                     f"cơ quan có vai trò đó (màu: tỷ lệ trên mọi kế hoạch đang lọc). Lọc còn tối đa "
                     f"{ui.MAX_PLANS_DRAWN} kế hoạch để xem từng kế hoạch. Chưa trích được phân công trách nhiệm nào ở "
                     f"{fmt_int(without)} kế hoạch.",
                     f"{fmt_int(len(plans))} plans, too many for a column each: each cell is how many plans give the "
                     f"agency that role (colour: share of all filtered plans). Filter down to {ui.MAX_PLANS_DRAWN} "
                     f"plans or fewer to see each plan. No responsibilities extracted from {fmt_int(without)} plans."))
else:
    tick = {pid: label.replace(" · ", "<br>").replace(" ⚠ ", "<br>⚠ ") for pid, label in column.items()}  # columns
    selected = resp[resp["selected"].fillna(False).astype(bool)] if not resp.empty else resp
    roles = strongest_roles(selected)
    cells = roles.assign(proposer=False)
    for row in proposers.itertuples():  # ring the proposing agency; add its cell when it has no responsibility row
        mask = (cells["plan_id"] == row.plan_id) & (cells["agency_key"] == row.proposing_agency_id)
        if mask.any():
            cells.loc[mask, "proposer"] = True
        else:
            cells = pd.concat([cells, pd.DataFrame([{
                "plan_id": row.plan_id, "plan_label": row.plan_label, "agency_key": row.proposing_agency_id,
                "agency_name": row.proposing_agency, "sector": row.proposing_sector, "role": None, "roles": [],
                "tasks": 0, "proposer": True}])], ignore_index=True)
    if cells.empty:
        ui.empty("Không có trách nhiệm nào được ghi nhận cho các kế hoạch/cơ quan đang lọc.",
                 "No responsibilities recorded for the filtered plans/agencies.")
    else:
        cells["x"] = cells["plan_id"].map(tick)
        cells["y"] = cells["agency_name"].fillna(cells["agency_key"])
        spread = cells.groupby("y")["plan_id"].nunique()
        groups = set(cells.loc[cells["sector"] == "multi", "y"])
        agency_order = sorted(spread.index, key=lambda a: (a in groups, -spread[a], sort_key(a)))
        drawn = set(cells["x"])
        x_order = [c for c in plan_order(plans, tick) if c in drawn]
        fig = drawing(fig_responsibility_matrix, cells, x_order, agency_order, role_names, "", PROPOSER,
                      t("số nhiệm vụ", "responsibilities"))

        def matrix_sources(points: list[dict]) -> pd.DataFrame:
            out = []
            for data in ui.clicked(points):
                hit = selected[(selected["plan_id"] == data[0]) & (selected["agency_key"] == data[1])]
                out.append(rows_of(hit))
                prop = plans[(plans["plan_id"] == data[0]) & (plans["proposing_agency_id"] == data[1])]
                if not prop.empty and not pd.isna(prop.iloc[0]["proposal_quote"]):
                    r = prop.iloc[0]
                    out.append(pd.DataFrame([{"plan_label": r["plan_label"], "section_path": t("phần mở đầu", "preamble"),
                                              "line_start": r["proposal_line_start"], "line_end": r["proposal_line_end"],
                                              "quote": r["proposal_quote"]}]))
            return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=SOURCE_COLUMNS)

        data = cells.assign(role=cells["role"].map(lambda r: role_names.get(r, "–") if r else "–"),
                            roles=cells["roles"].map(lambda rs: ", ".join(role_names.get(r, r) for r in rs)),
                            truncated=cells["plan_id"].isin(truncated_plans["plan_id"]))[
            ["plan_id", "plan_label", "truncated", "agency_key", "agency_name", "sector", "role", "roles", "tasks",
             "proposer"]]
        ui.chart(fig, data, "agencies_matrix", sources=matrix_sources)
        missing = [column[p] for p in plans["plan_id"] if tick[p] not in drawn]
        notes = [t("Ô hiện vai trò mạnh nhất (chủ trì > phối hợp > đề nghị > tham mưu > được giao); số trong ô là số "
                   "nhiệm vụ.",
                   "A cell shows the strongest role (lead > coordinate > requested > advise > assigned); the number is "
                   "how many responsibilities.")]
        if missing:
            notes.append(t("Chưa trích được phân công trách nhiệm nào: ", "No responsibilities extracted: ")
                         + "; ".join(missing))
        if not truncated_plans.empty:
            notes.append(t("⚠ bị cắt: văn bản không đầy đủ, phần tổ chức thực hiện có thể đã bị mất.",
                           "⚠ cut off: the document is incomplete; its implementation part may be missing."))
        st.caption(" ".join(notes))

# --- 2. lead sectors by year --------------------------------------------------------------------------------------
st.subheader(t("Ngành chủ trì theo năm", "Lead sectors by year"))
basis = st.radio(t("Tính theo", "Count"), ["focal", "all"], horizontal=True, key="ag_lead_basis",
                 format_func=lambda b: t("Cơ quan đầu mối của mỗi kế hoạch", "Each plan's lead agency") if b == "focal"
                 else t("Mọi nhiệm vụ chủ trì", "Every lead responsibility"))
leads, shares = leads_of(KEY, basis, lang(), db_version())
if shares.empty:
    ui.empty("Không xác định được cơ quan chủ trì nào.", "No lead agency could be identified.")
else:
    transfers = query("agencies_transfers")
    transfer = None
    if not transfers.empty:
        tr = transfers.iloc[0]
        day = pd.Timestamp(tr["effective_date"]).date()
        transfer = {"date": day, "text": t(
            f"{fmt_date(day)}: quản lý nhà nước về BĐG chuyển<br>từ ngành {sector_name(tr['from_sector'])} "
            f"sang ngành {sector_name(tr['to_sector'])}<br>({tr['legal_basis']})",
            f"{fmt_date(day)}: gender-equality management moves<br>from {sector_name(tr['from_sector'], True)} "
            f"to {sector_name(tr['to_sector'], True)}<br>({tr['legal_basis']})")}
    labels = {s: sector_name(s, EN) for s in shares["sector"]}
    fig = drawing(fig_lead_share, shares, labels, "", t("Tỷ trọng", "Share"), CUT, transfer)

    def lead_sources(points: list[dict]) -> pd.DataFrame:
        out = []
        for data in ui.clicked(points):
            year, sector = int(data[0]), data[1]
            if basis == "all":  # the lead responsibilities of that year and sector, then its proposing agencies
                out.append(task_rows(None, role="lead", year=year, sector=sector))
            out.append(leads[(leads["plan_year"] == year) & (leads["sector"] == sector)])
        hit = pd.concat([o for o in out if not o.empty]) if any(not o.empty for o in out) else leads.iloc[0:0]
        return rows_of(hit.dropna(subset=["quote"]))

    ui.chart(fig, shares.assign(sector_name=shares["sector"].map(labels)), "agencies_lead_share", sources=lead_sources)
    focal, _ = leads_of(KEY, "focal", lang(), db_version())
    focal_table = pd.DataFrame({
        t("Kế hoạch", "Plan"): focal["plan_id"].map(column),
        t("Cơ quan đầu mối", "Lead agency"): focal["agency_name"].fillna("–"),
        t("Ngành", "Sector"): focal["sector"].map(lambda s: sector_name(s, EN)),
        t("Căn cứ", "Based on"): focal["source"].map({
            "proposing": t("cơ quan đề xuất (“theo đề nghị của …”)", "proposing agency (“at the proposal of …”)"),
            "first_lead": t("nhiệm vụ chủ trì đầu tiên", "first lead responsibility")}).fillna("–"),
    })
    ui.table(focal_table)
    st.caption(t("Cơ quan đầu mối: cơ quan đề xuất kế hoạch nếu văn bản ghi, nếu không thì cơ quan chủ trì nhiệm vụ "
                 "đầu tiên. Phần gạch chéo: kế hoạch bị cắt.",
                 "Lead agency: the agency that proposed the plan when the document says so, else the lead of its first "
                 "task. Hatched: from a truncated plan."))

# --- 3. network: lead → coordinate --------------------------------------------------------------------------------
st.subheader(t("Mạng lưới phối hợp: chủ trì → phối hợp", "Coordination network: lead → coordinate"))
edges = network_of(KEY, PER_PLAN, lang(), db_version())
if f.agencies and not edges.empty:  # keep the links touching the chosen agencies
    edges = edges[edges["source"].isin(f.agencies) | edges["target"].isin(f.agencies)]
if edges.empty:
    ui.empty("Không có cặp chủ trì – phối hợp nào trong cùng một mục.", "No lead–coordinate pair in the same section.")
else:
    nodes = layout_of(KEY, PER_PLAN, lang(), db_version()) if not f.agencies else network_layout(edges)
    fig = drawing(fig_network, edges, nodes, "", t("Chủ trì", "Lead"), t("Phối hợp", "Coordinate"),
                  t("số mục", "sections"))

    def network_sources(points: list[dict]) -> pd.DataFrame:
        """A node: its lead/coordinate rows in the sections where it forms a link; a link: both agencies' rows in
        the sections they share (agencies_network_sources)."""
        out = []
        for data in ui.clicked(points):
            node = data[1] in ("lead", "coordinate")
            out.append(ui.known_labels(query("agencies_network_sources", agency_key=data[0],
                                             side=data[1] if node else None, partner=None if node else data[1],
                                             **params)))
        return rows_of(pd.concat(out)) if out else pd.DataFrame(columns=SOURCE_COLUMNS)

    def with_places(frame: pd.DataFrame) -> pd.DataFrame:
        """The plans and sections of every link, spelled out (on download: thousands per link nationally)."""
        return frame.assign(plans=frame["plans"].map("; ".join), where=frame["where"].map(
            lambda ws: "; ".join(f"{column.get(p, p)} {s}" for p, s in ws)))

    if PER_PLAN:
        ui.chart(fig, with_places(edges.drop(columns=["plans_n"])), "agencies_network", sources=network_sources)
    else:
        ui.chart(fig, edges.assign(plans=edges["plans_n"], where=[some_of(h, n) for h, n in zip(
            edges["plans"], edges["plans_n"], strict=True)]).drop(columns=["plans_n"])
            .rename(columns={"where": "some_plans"}), "agencies_network", sources=network_sources)
    st.caption(t("Hai cơ quan được nối khi cùng được nêu trong một mục phân công: một cơ quan chủ trì, một cơ quan "
                 "phối hợp. Độ dày của đường = số mục như vậy.",
                 "Two agencies are linked when one leads and the other coordinates in the same responsibility section. "
                 "Line width = number of such sections."))

# --- 4. tasks of one agency -------------------------------------------------------------------------------------
st.subheader(t("Nhiệm vụ của một cơ quan", "Tasks of one agency"))
agencies = query("agencies_agencies", **params)  # most tasks first
if agencies.empty:
    ui.empty("Không có phân công trách nhiệm nào trong các kế hoạch đang lọc.",
             "No responsibilities in the filtered plans.")
else:
    names = dict(zip(agencies["agency_key"], agencies["agency_name"].fillna(""), strict=True))
    counts = dict(zip(agencies["agency_key"], agencies["tasks"], strict=True))
    options = sorted(names, key=lambda k: sort_key(names[k] or k))
    singles = agencies[agencies["single_tasks"] > 0].sort_values("single_tasks", ascending=False, kind="stable")
    default = next((a for a in (f.agencies or []) if a in names),
                   (singles if len(singles) else agencies)["agency_key"].iloc[0])  # not "các sở, ngành"
    agency = st.selectbox(t("Cơ quan", "Agency"), options, index=options.index(default),
                          format_func=lambda k: f"{names[k] or k} ({fmt_int(counts.get(k, 0))})", key="ag_agency")
    narrow = {"agency_key": agency, "role": None, "year": None, "sector": None}
    tasks, n_tasks = ui.paged("agencies_tasks", f"ag_tasks_page_{ui.safe_name(agency)}", **narrow, **params)
    table = pd.DataFrame({
        t("Kế hoạch", "Plan"): tasks["plan_id"].map(column),
        t("Vai trò", "Role"): tasks["role"].map(lambda r: role_names.get(r, r)),
        t("Nhiệm vụ", "Task"): tasks["task"],
        t("Mục", "Section"): tasks["section_path"],
        t("Dòng", "Lines"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(tasks["line_start"], tasks["line_end"],
                                                                             strict=True)],
        t("Trích dẫn", "Quote"): tasks["quote"],
    })
    ui.table(table, column_config={t("Nhiệm vụ", "Task"): st.column_config.TextColumn(width="large")})
    ui.data_expander(lambda: run_uncached("agencies_tasks", **narrow, **params), f"agency_tasks_{agency}",
                     prepare=ui.known_labels, show_table=False, rows=n_tasks)
    prop = plans[plans["proposing_agency_id"] == agency]
    if not prop.empty:
        st.caption(t(f"Cơ quan này đề xuất ({fmt_int(len(prop))}): ", f"This agency proposed ({fmt_int(len(prop))}): ")
                   + ui.first_of([column[p] for p in prop["plan_id"]]))
