"""Cơ quan / Agencies: who does what in which plan, which sector leads, who works with whom."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.agencies import (
    ROLE_ORDER,
    fig_lead_share,
    fig_network,
    fig_responsibility_matrix,
    lead_rows,
    lead_shares,
    network_edges,
    network_layout,
    sector_name,
    strongest_roles,
)
from explorer.i18n import fmt_date, fmt_int, lang, t
from explorer.labels import label
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

resp = query("agencies_responsibilities", **params)
SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
CUT = t("bị cắt", "cut off")
EN = lang() == "en"
role_names = {role: label("role", role) for role in ROLE_ORDER}
sector_labels = {code: sector_name(code, EN) for code in
                 set(resp["sector"].dropna()) | set(plans["proposing_sector"].dropna()) | {"unknown"}}
truncated_plans = plans[plans["truncated"].astype(bool)]
column = {row.plan_id: f"{row.plan_label} ⚠ {CUT}" if row.truncated else row.plan_label for row in plans.itertuples()}
tick = {pid: label.replace(" · ", "<br>").replace(" ⚠ ", "<br>⚠ ") for pid, label in column.items()}  # chart columns


def plan_order(frame: pd.DataFrame) -> list[str]:
    ordered = frame.assign(_k=frame["plan_label"].map(sort_key)).sort_values(["plan_year", "_k"], kind="stable")
    return [tick[p] for p in ordered["plan_id"]]


def rows_of(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[SOURCE_COLUMNS] if not frame.empty else pd.DataFrame(columns=SOURCE_COLUMNS)


# --- 1. responsibility matrix -------------------------------------------------------------------------------------
st.subheader(t("Ma trận trách nhiệm: cơ quan × kế hoạch", "Responsibility matrix: agency × plan"))
selected = resp[resp["selected"].fillna(False).astype(bool)] if not resp.empty else resp
roles = strongest_roles(selected)
proposers = plans.dropna(subset=["proposing_agency_id"])
if f.agencies:
    proposers = proposers[proposers["proposing_agency_id"].isin(f.agencies)]
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
    x_order = [c for c in plan_order(plans) if c in set(cells["x"])]
    fig = fig_responsibility_matrix(cells, x_order, agency_order, role_names, "",
                                    t("Cơ quan đề xuất kế hoạch", "Agency that proposed the plan"),
                                    t("số nhiệm vụ", "responsibilities"))

    def matrix_sources(points: list[dict]) -> pd.DataFrame:
        out = []
        for p in points:
            data = p.get("customdata") or []
            if len(data) < 2:
                continue
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
    missing = [column[p] for p in plans["plan_id"] if tick[p] not in set(cells["x"])]
    notes = [t("Ô hiện vai trò mạnh nhất (chủ trì > phối hợp > đề nghị > tham mưu > được giao); số trong ô là số nhiệm vụ.",
               "A cell shows the strongest role (lead > coordinate > requested > advise > assigned); the number is "
               "how many responsibilities.")]
    if missing:
        notes.append(t("Chưa trích được phân công trách nhiệm nào: ", "No responsibilities extracted: ") + "; ".join(missing))
    if not truncated_plans.empty:
        notes.append(t("⚠ bị cắt: văn bản không đầy đủ, phần tổ chức thực hiện có thể đã bị mất.",
                       "⚠ cut off: the document is incomplete; its implementation part may be missing."))
    st.caption(" ".join(notes))

# --- 2. lead sectors by year --------------------------------------------------------------------------------------
st.subheader(t("Ngành chủ trì theo năm", "Lead sectors by year"))
basis = st.radio(t("Tính theo", "Count"), ["focal", "all"], horizontal=True, key="ag_lead_basis",
                 format_func=lambda b: t("Cơ quan đầu mối của mỗi kế hoạch", "Each plan's lead agency") if b == "focal"
                 else t("Mọi nhiệm vụ chủ trì", "Every lead responsibility"))
leads = lead_rows(plans, resp, basis)
shares = lead_shares(leads)
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
    labels = {**sector_labels, **{s: sector_name(s, EN) for s in shares["sector"]}}
    fig = fig_lead_share(shares, labels, "", t("Tỷ trọng", "Share"), CUT, transfer)

    def lead_sources(points: list[dict]) -> pd.DataFrame:
        out = [leads[(leads["plan_year"] == int(p["customdata"][0])) & (leads["sector"] == p["customdata"][1])]
               for p in points if len(p.get("customdata") or []) >= 2]
        hit = pd.concat(out) if out else leads.iloc[0:0]
        return rows_of(hit.dropna(subset=["quote"]))

    ui.chart(fig, shares.assign(sector_name=shares["sector"].map(labels)), "agencies_lead_share", sources=lead_sources)
    focal = lead_rows(plans, resp, "focal")
    focal_table = pd.DataFrame({
        t("Kế hoạch", "Plan"): [column[p] for p in focal["plan_id"]],
        t("Cơ quan đầu mối", "Lead agency"): focal["agency_name"].fillna("–"),
        t("Ngành", "Sector"): focal["sector"].map(lambda s: sector_name(s, EN)),
        t("Căn cứ", "Based on"): focal["source"].map({
            "proposing": t("cơ quan đề xuất (“theo đề nghị của …”)", "proposing agency (“at the proposal of …”)"),
            "first_lead": t("nhiệm vụ chủ trì đầu tiên", "first lead responsibility")}).fillna("–"),
    })
    st.dataframe(focal_table, hide_index=True, width="stretch")
    st.caption(t("Cơ quan đầu mối: cơ quan đề xuất kế hoạch nếu văn bản ghi, nếu không thì cơ quan chủ trì nhiệm vụ "
                 "đầu tiên. Phần gạch chéo: kế hoạch bị cắt.",
                 "Lead agency: the agency that proposed the plan when the document says so, else the lead of its first "
                 "task. Hatched: from a truncated plan."))

# --- 3. network: lead → coordinate --------------------------------------------------------------------------------
st.subheader(t("Mạng lưới phối hợp: chủ trì → phối hợp", "Coordination network: lead → coordinate"))
edges = network_edges(resp)
if f.agencies and not edges.empty:  # keep the links touching the chosen agencies
    edges = edges[edges["source"].isin(f.agencies) | edges["target"].isin(f.agencies)]
if edges.empty:
    ui.empty("Không có cặp chủ trì – phối hợp nào trong cùng một mục.", "No lead–coordinate pair in the same section.")
else:
    nodes = network_layout(edges)
    fig = fig_network(edges, nodes, "", t("Chủ trì", "Lead"), t("Phối hợp", "Coordinate"), t("số mục", "sections"))

    def network_sources(points: list[dict]) -> pd.DataFrame:
        out = []
        for p in points:
            data = p.get("customdata") or []
            if len(data) < 2:
                continue
            if data[1] in ("lead", "coordinate"):  # a node: its lead/coordinate rows that form links
                keys = edges["source"] == data[0] if data[1] == "lead" else edges["target"] == data[0]
                where = {w for ws in edges.loc[keys, "where"] for w in ws}
                role = data[1]
                hit = resp[(resp["agency_key"] == data[0]) & (resp["role"] == role)]
            else:  # a link: both agencies in the shared sections
                match = edges[(edges["source"] == data[0]) & (edges["target"] == data[1])]
                where = {w for ws in match["where"] for w in ws}
                hit = resp[resp["agency_key"].isin([data[0], data[1]])]
            hit = hit[[(pid, sec) in where for pid, sec in zip(hit["plan_id"], hit["section_path"], strict=True)]]
            out.append(hit.drop_duplicates(["plan_id", "section_path", "line_start"]))
        return rows_of(pd.concat(out)) if out else pd.DataFrame(columns=SOURCE_COLUMNS)

    ui.chart(fig, edges.assign(plans=edges["plans"].map("; ".join), where=edges["where"].map(
        lambda ws: "; ".join(f"{column.get(p, p)} {s}" for p, s in ws))), "agencies_network", sources=network_sources)
    st.caption(t("Hai cơ quan được nối khi cùng được nêu trong một mục phân công: một cơ quan chủ trì, một cơ quan "
                 "phối hợp. Độ dày của đường = số mục như vậy.",
                 "Two agencies are linked when one leads and the other coordinates in the same responsibility section. "
                 "Line width = number of such sections."))

# --- 4. tasks of one agency -------------------------------------------------------------------------------------
st.subheader(t("Nhiệm vụ của một cơ quan", "Tasks of one agency"))
if resp.empty:
    ui.empty("Không có phân công trách nhiệm nào trong các kế hoạch đang lọc.",
             "No responsibilities in the filtered plans.")
else:
    names = resp.drop_duplicates("agency_key").set_index("agency_key")["agency_name"].fillna("").to_dict()
    counts = resp["agency_key"].value_counts()
    options = sorted(names, key=lambda k: sort_key(names[k] or k))
    singles = resp.loc[resp["sector"] != "multi", "agency_key"].value_counts()  # not "các sở, ngành"
    default = next((a for a in (f.agencies or []) if a in names), (singles.index if len(singles) else counts.index)[0])
    agency = st.selectbox(t("Cơ quan", "Agency"), options, index=options.index(default),
                          format_func=lambda k: f"{names[k] or k} ({fmt_int(counts.get(k, 0))})", key="ag_agency")
    tasks = resp[resp["agency_key"] == agency]
    table = pd.DataFrame({
        t("Kế hoạch", "Plan"): tasks["plan_id"].map(column),
        t("Vai trò", "Role"): tasks["role"].map(lambda r: role_names.get(r, r)),
        t("Nhiệm vụ", "Task"): tasks["task"],
        t("Mục", "Section"): tasks["section_path"],
        t("Dòng", "Lines"): [f"{a}–{b}" if a != b else str(a) for a, b in zip(tasks["line_start"], tasks["line_end"],
                                                                             strict=True)],
        t("Trích dẫn", "Quote"): tasks["quote"],
    })
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={t("Nhiệm vụ", "Task"): st.column_config.TextColumn(width="large")})
    ui.data_expander(tasks.drop(columns=["selected"]), f"agency_tasks_{agency}")
    prop = plans[plans["proposing_agency_id"] == agency]
    if not prop.empty:
        st.caption(t("Cơ quan này đề xuất: ", "This agency proposed: ") + "; ".join(column[p] for p in prop["plan_id"]))
