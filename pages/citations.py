"""Văn bản căn cứ / Citations: which documents each plan implements, the most-cited ones, outdated frameworks."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query, run_uncached
from explorer.figures.citations import (
    fig_graph,
    fig_period_matrix,
    fig_periods,
    fig_top,
    fig_unit_docs,
    period_cells_counted,
    unit_doc_top,
)
from explorer.i18n import fmt_date, fmt_int, t
from explorer.labels import label
from explorer.plotly_chart import drawing
from loaders.textnorm import sort_key

ui.header("Văn bản căn cứ", "Citations",
          "Các văn bản trung ương và địa phương mà mỗi kế hoạch căn cứ, triển khai hoặc dẫn chiếu; văn bản được "
          "dẫn nhiều nhất; kế hoạch dẫn khung chương trình đã hết giai đoạn.",
          "National and local documents each plan is based on, implements or cites; the most-cited documents; "
          "plans citing a programme whose period has ended.")
f = filters.sidebar()
params = f.params()

SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
RELATIONS = ["legal_basis", "implements", "guidance"]
relation_labels = {code: label("relation", code) for code in RELATIONS}
scope_labels = {"national": t("Văn bản trung ương", "National documents"),
                "local": t("Văn bản địa phương", "Provincial/local documents")}


def _date(value) -> str:
    return "–" if value is None or pd.isna(value) else fmt_date(value)


def _relations(values) -> str:
    return ", ".join(relation_labels.get(v, v) for v in (values if values is not None else []))


# At national scale (69,000 citation sentences) a view reads no table whole: counts and the charts' cells come from
# SQL (citations_summary, citations_unit_docs, citations_period_cells), the lists a page at a time (citations_pairs,
# citations_periods) and the sentences behind a clicked point from citations_sources.
summary = query("citations_summary", **params).iloc[0]
if int(summary["sentences"]) == 0:
    ui.empty()
    st.stop()
TOP_DOCS = 30  # documents on the unit × document matrix drawn instead of the graph at national scale
n_plans = int(summary["plans"])  # plans with a citation
PER_PLAN = n_plans <= ui.MAX_PLANS_DRAWN  # else: units × the most cited documents, years × period ends


def sources_of(**keys) -> pd.DataFrame:
    """Citation sentences of the filtered plans named by citations_sources' keys (lists; None: no such key)."""
    lists = {"pairs": None, "plan_ids": None, "doc_ids": None, "unit_docs": None} | keys
    return query("citations_sources", **lists, **params)[SOURCE_COLUMNS]


def sources(points: list[dict]) -> pd.DataFrame:
    """Citation sentences behind clicked points; customdata = [plan_id, cited_doc_id] ("" = any)."""
    pairs, plan_ids, doc_ids = [], [], []
    for point in points:
        data = point.get("customdata") or []
        plan_id = data[0] if len(data) > 0 else ""
        doc_id = data[1] if len(data) > 1 else ""
        if plan_id and doc_id:
            pairs.append(f"{plan_id}\x1f{doc_id}")
        elif plan_id:
            plan_ids.append(plan_id)
        elif doc_id:
            doc_ids.append(doc_id)
    if not (pairs or plan_ids or doc_ids):
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return sources_of(pairs=pairs or None, plan_ids=plan_ids or None, doc_ids=doc_ids or None)


@st.cache_data(show_spinner=False, max_entries=4)
def doc_order(version: float) -> list[str]:
    """Every cited document's id in Vietnamese order of its name (the plan → document table's order within a
    plan, passed to citations_pairs: SQL has no Vietnamese collation)."""
    names = query("citations_doc_names")
    keys = {n: sort_key(str(n)) for n in names["cited_name"].unique()}
    return names.assign(_k=names["cited_name"].map(keys)).sort_values("_k", kind="stable")["cited_doc_id"].tolist()


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Rows of citations_pairs (one per plan × cited document) as the page shows them."""
    order = {r: i for i, r in enumerate(RELATIONS)}
    relations = pairs["relations"].map(lambda rs: sorted(rs if rs is not None else [], key=lambda r: order.get(r, 9)))
    dates = {d: _date(d) for d in pairs["cited_date"].unique()}
    return pd.DataFrame({
        t("Kế hoạch", "Plan"): pairs["plan_label"],
        t("Văn bản được dẫn", "Cited document"): pairs["cited_name"],
        t("Cấp", "Scope"): pairs["scope"].map(scope_labels),
        t("Quan hệ", "Relation"): relations.map(_relations),
        t("Ngày ban hành", "Issued"): pairs["cited_date"].map(dates),
        t("Cơ quan ban hành", "Issuer"): pairs["cited_issuer"].fillna("–"),
        t("Trích yếu", "Title"): pairs["cited_title"].fillna("–"),
        t("Số câu", "Sentences"): pairs["mentions"],
    }).reset_index(drop=True)


period_counts = query("citations_period_cells", **params)  # period end × plan year (a few dozen rows)
n_periods = int(period_counts["citations"].sum())
n_outdated = int(period_counts.loc[period_counts["outdated"].astype(bool), "citations"].sum())

cards = [(t("Câu trích dẫn", "Citation sentences"), int(summary["sentences"])),
         (t("Văn bản được dẫn", "Cited documents"), int(summary["documents"])),
         (t("Kế hoạch có trích dẫn", "Plans with citations"), n_plans),
         (t("Văn bản trung ương", "National documents"), int(summary["national_documents"])),
         (t("Dẫn khung đã hết giai đoạn", "Outdated frameworks cited"), n_outdated)]
for col, (name, value) in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(name, fmt_int(value))

# --- Graph: plans → cited documents -------------------------------------------------------------------------
st.subheader(t("Kế hoạch → văn bản được dẫn", "Plans → cited documents"))
st.caption(t("Mỗi đường nối một kế hoạch (trái) với một văn bản nó dẫn (phải). Màu đường là quan hệ mạnh nhất: "
             "căn cứ pháp lý (“Căn cứ …”), triển khai thực hiện (“Thực hiện …” ở phần mở đầu), hoặc chỉ dẫn chiếu "
             "trong nội dung. Bấm vào nút hoặc điểm giữa đường để xem câu gốc.",
             "Each line joins a plan (left) to a document it cites (right), coloured by the strongest relation: "
             "legal basis (“Căn cứ …”), implements (“Thực hiện …” in the preamble), or cited in the body. "
             "Click a node or the dot in the middle of a line to see the sentences."))
shown = st.pills(t("Quan hệ", "Relations"), RELATIONS, selection_mode="multi", default=RELATIONS,
                 format_func=relation_labels.get, key="citations_relations")
if PER_PLAN:  # a few plans: every plan → document pair drawn
    edges = query("citations_edges", **params)
    graph_edges = edges[edges["relation"].isin(shown or [])] if not edges.empty else edges
    if graph_edges.empty:
        ui.empty("Không có trích dẫn nào với quan hệ đã chọn.", "No citations with the chosen relations.")
    else:
        ui.chart(drawing(fig_graph, graph_edges, relation_labels, scope_labels), graph_edges, "citations_graph",
                 sources=sources)
else:  # thousands of plans and documents: how many plans of each province cite the most cited documents
    counted = query("citations_unit_docs", relations=list(shown), top=TOP_DOCS, **params) if shown else None
    cells, docs, n_docs = unit_doc_top(counted, TOP_DOCS) if shown else (None, [], 0)
    if not n_docs:
        ui.empty("Không có trích dẫn nào với quan hệ đã chọn.", "No citations with the chosen relations.")
    else:
        units = sorted(cells["unit"].unique(), key=sort_key)

        def unit_sources(points: list[dict]) -> pd.DataFrame:
            """A clicked cell [province, document] → the citing sentences of that province's plans."""
            keys = sorted({f"{p['customdata'][0]}\x1f{p['customdata'][1]}" for p in points
                           if len(p.get("customdata") or []) >= 2})
            return sources_of(unit_docs=keys) if keys else pd.DataFrame(columns=SOURCE_COLUMNS)

        st.caption(t(f"{fmt_int(n_plans)} kế hoạch dẫn {fmt_int(n_docs)} văn bản, quá nhiều để vẽ từng đường: mỗi ô là "
                     f"số kế hoạch của một tỉnh (cột) dẫn một văn bản (hàng); đang hiện {fmt_int(len(docs))} văn bản "
                     "được nhiều kế hoạch dẫn nhất. Bảng bên dưới có mọi cặp kế hoạch – văn bản.",
                     f"{fmt_int(n_plans)} plans cite {fmt_int(n_docs)} documents, too many to draw a line each: each "
                     f"cell is how many plans of a province (column) cite a document (row); showing the "
                     f"{fmt_int(len(docs))} documents cited by the most plans. The table below has every plan – "
                     "document pair."))
        ui.chart(drawing(fig_unit_docs, cells, docs, units, relation_labels, t("kế hoạch", "plans")),
                 cells.rename(columns={"unit": "province"}), "citations_graph", sources=unit_sources)

st.markdown(f"**{t('Văn bản mỗi kế hoạch căn cứ và triển khai', 'Documents each plan is based on and implements')}**")
ORDER = doc_order(db_version())
pairs_page, n_pairs = ui.paged("citations_pairs", "citations_pairs_page", doc_order=ORDER, **params)
ui.table(pairs_table(pairs_page))
ui.data_expander(lambda: run_uncached("citations_pairs", doc_order=ORDER, **params), "citations_pairs",
                 prepare=pairs_table, show_table=False, rows=n_pairs)

# --- Most-cited documents -------------------------------------------------------------------------------------
st.subheader(t("Văn bản được dẫn nhiều nhất", "Most-cited documents"))
measure = st.radio(t("Đếm theo", "Count"), ["plans", "mentions"], horizontal=True, key="citations_measure",
                   format_func=lambda m: t("Số kế hoạch dẫn", "Plans citing it") if m == "plans"
                   else t("Số câu trích dẫn", "Citation sentences"))
measure_label = t("Số kế hoạch dẫn", "Plans citing it") if measure == "plans" else t("Số câu trích dẫn", "Citation sentences")
st.caption(t("Một văn bản được nhận diện bằng cùng một mã (cited_doc_id) ở mọi kế hoạch, nên có thể đếm số kế hoạch "
             "cùng dẫn nó. Văn bản địa phương được ghi kèm tên tỉnh.",
             "A document has the same id (cited_doc_id) in every plan, so the plans citing it can be counted. "
             "Local documents carry their province's name."))
top = query("citations_top", **params)  # a row per cited document
ui.chart(drawing(fig_top, top, measure, measure_label, scope_labels), top, "citations_top", sources=sources)

# --- Outdated frameworks ---------------------------------------------------------------------------------------
st.subheader(t("Kế hoạch dẫn khung đã hết giai đoạn", "Plans citing outdated frameworks"))
st.markdown(t(
    "**Quy tắc:** tìm cụm “giai đoạn YYYY - YYYY” (hoặc “YYYY-YYYY”, “YYYY – YYYY”) trong trích yếu của văn bản "
    "được dẫn; nếu trích yếu không có, trong phần câu trích ngay sau số hiệu văn bản (đến dấu “;” hoặc văn bản "
    "kế tiếp). Văn bản bị đánh dấu khi **năm kết thúc giai đoạn < năm của kế hoạch**. Cụm “định hướng đến năm …” "
    "chỉ được hiển thị để tham khảo, không làm thay đổi kết quả.",
    "**Rule:** look for “giai đoạn YYYY - YYYY” (or “YYYY-YYYY”, “YYYY – YYYY”) in the cited document's title; "
    "when the title has none, in the part of the citing sentence right after the document's number (up to “;” or "
    "the next document). A citation is flagged when **the period's end year < the plan's year**. "
    "“Định hướng đến năm …” (orientation to year …) is shown for reference only and does not change the flag."))
if n_periods == 0:
    ui.empty("Không có văn bản được dẫn nào ghi rõ giai đoạn.", "No cited document states a period.")
else:
    if n_outdated == 0:
        st.success(t("Không có kế hoạch nào dẫn khung chương trình đã hết giai đoạn.",
                     "No plan cites a programme whose period had ended."))
    else:
        st.warning(t(f"{fmt_int(n_outdated)} trích dẫn tới khung chương trình đã hết giai đoạn trước năm kế hoạch.",
                     f"{fmt_int(n_outdated)} citation(s) of a programme whose period ended before the plan year."))
        outdated, _ = ui.paged("citations_periods", "citations_outdated_page", outdated_only=True, cells=None,
                               **params)
        flagged = pd.DataFrame({
            t("Kế hoạch", "Plan"): outdated["plan_label"],
            t("Năm kế hoạch", "Plan year"): outdated["plan_year"],
            t("Văn bản được dẫn", "Cited document"): outdated["cited_name"],
            t("Giai đoạn", "Period"): outdated["start_year"].map(lambda v: "?" if pd.isna(v) else str(int(v))) + "–"
            + outdated["end_year"].map(lambda v: str(int(v))),
            t("Định hướng đến năm", "Orientation to"): outdated["horizon_year"].map(
                lambda v: "–" if pd.isna(v) else str(int(v))),
            t("Quan hệ", "Relation"): outdated["relations"].map(_relations),
            t("Câu trích", "Quote"): outdated["quote"],
        })
        ui.table(flagged)
        ui.data_expander(lambda: run_uncached("citations_periods", outdated_only=True, cells=None, **params),
                         "citations_outdated", show_table=False, rows=n_outdated)
    labels = {"outdated": t("Đã hết giai đoạn", "Period ended"), "current": t("Còn trong giai đoạn", "Still current"),
              "plan_year": t("Năm kế hoạch", "Plan year"), "year": t("Năm", "Year")}
    if PER_PLAN:
        periods = query("citations_periods", outdated_only=None, cells=None, **params)  # a few plans
        st.caption(t("Thanh: giai đoạn của văn bản được dẫn; hình thoi: năm của kế hoạch dẫn nó.",
                     "Bar: period of the cited document; diamond: year of the plan citing it."))
        ui.chart(drawing(fig_periods, periods, labels), periods, "citations_periods", sources=sources)
    else:  # a row per plan × programme cannot be drawn nationally: citations by period end × plan year
        def period_sources(points: list[dict]) -> pd.DataFrame:
            """A clicked cell [period end, plan year] → the citing sentences behind it."""
            keys = sorted({f"{int(p['customdata'][0])}|{int(p['customdata'][1])}" for p in points
                           if len(p.get("customdata") or []) >= 2})
            if not keys:
                return pd.DataFrame(columns=SOURCE_COLUMNS)
            hit = query("citations_periods", outdated_only=None, cells=keys, **params)
            return hit.assign(section_path="", line_end=hit["line_start"])[SOURCE_COLUMNS]

        labels |= {"year": t("Năm kết thúc giai đoạn", "Period ends"), "citations": t("Trích dẫn", "Citations"),
                   "plans": t("Kế hoạch", "Plans")}
        st.caption(t(f"{fmt_int(n_periods)} trích dẫn tới văn bản có giai đoạn, của {fmt_int(n_plans)} kế hoạch: "
                     "mỗi ô đếm các trích dẫn theo năm kết thúc giai đoạn (hàng) và năm của kế hoạch dẫn (cột); ô đỏ: "
                     "giai đoạn đã hết trước năm kế hoạch. Bấm vào ô để xem câu trích.",
                     f"{fmt_int(n_periods)} citations of documents with a period, from {fmt_int(n_plans)} plans: "
                     "each cell counts them by the year the period ends (row) and the year of the citing plan "
                     "(column); red: the period ended before the plan's year. Click a cell for the sentences."))
        cells = period_cells_counted(period_counts)
        # Its "Dữ liệu" downloads every citation behind the cells (the counts are the chart itself).
        ui.chart(drawing(fig_period_matrix, cells, labels),
                 lambda: run_uncached("citations_periods", outdated_only=None, cells=None, **params),
                 "citations_periods", sources=period_sources, rows=n_periods)
