"""Văn bản căn cứ / Citations: which documents each plan implements, the most-cited ones, outdated frameworks."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.citations import fig_graph, fig_periods, fig_top
from explorer.i18n import fmt_date, fmt_int, t
from explorer.labels import label
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


rows = query("citations_rows", **params)
if rows.empty:
    ui.empty()
    st.stop()


def sources(points: list[dict]) -> pd.DataFrame:
    """Citation sentences behind clicked points; customdata = [plan_id, cited_doc_id] ("" = any)."""
    mask = pd.Series(False, index=rows.index)
    for point in points:
        data = point.get("customdata") or []
        plan_id = data[0] if len(data) > 0 else ""
        doc_id = data[1] if len(data) > 1 else ""
        if not plan_id and not doc_id:
            continue
        mask |= ((rows["plan_id"] == plan_id) if plan_id else True) & ((rows["cited_doc_id"] == doc_id) if doc_id else True)
    return rows.loc[mask, SOURCE_COLUMNS]


edges = query("citations_edges", **params)
top = query("citations_top", **params)
periods = query("citations_periods", **params)
outdated = periods[periods["outdated"]] if not periods.empty else periods

cards = [(t("Câu trích dẫn", "Citation sentences"), len(rows)),
         (t("Văn bản được dẫn", "Cited documents"), rows["cited_doc_id"].nunique()),
         (t("Kế hoạch có trích dẫn", "Plans with citations"), rows["plan_id"].nunique()),
         (t("Văn bản trung ương", "National documents"), rows.loc[rows["scope"] == "national", "cited_doc_id"].nunique()),
         (t("Dẫn khung đã hết giai đoạn", "Outdated frameworks cited"), len(outdated))]
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
graph_edges = edges[edges["relation"].isin(shown or [])] if not edges.empty else edges
if graph_edges.empty:
    ui.empty("Không có trích dẫn nào với quan hệ đã chọn.", "No citations with the chosen relations.")
else:
    ui.chart(fig_graph(graph_edges, relation_labels, scope_labels), graph_edges, "citations_graph", sources=sources)

st.markdown(f"**{t('Văn bản mỗi kế hoạch căn cứ và triển khai', 'Documents each plan is based on and implements')}**")
pairs = (rows.groupby(["plan_id", "cited_doc_id"], sort=False)
         .agg(plan_label=("plan_label", "first"), plan_year=("plan_year", "first"), cited_name=("cited_name", "first"),
              scope=("scope", "first"), cited_date=("cited_date", "first"), cited_issuer=("cited_issuer", "first"),
              cited_title=("cited_title", "first"),
              relations=("relation", lambda s: sorted(set(s), key=lambda r: RELATIONS.index(r) if r in RELATIONS else 9)),
              mentions=("quote", "size"))
         .reset_index())
pairs["_rank"] = pairs["relations"].map(lambda rs: min((RELATIONS.index(r) for r in rs if r in RELATIONS), default=9))
pairs["_name"] = pairs["cited_name"].map(sort_key)
pairs = pairs.sort_values(["plan_year", "plan_label", "_rank", "scope", "_name"])
table = pd.DataFrame({
    t("Kế hoạch", "Plan"): pairs["plan_label"],
    t("Văn bản được dẫn", "Cited document"): pairs["cited_name"],
    t("Cấp", "Scope"): pairs["scope"].map(scope_labels),
    t("Quan hệ", "Relation"): pairs["relations"].map(_relations),
    t("Ngày ban hành", "Issued"): pairs["cited_date"].map(_date),
    t("Cơ quan ban hành", "Issuer"): pairs["cited_issuer"].fillna("–"),
    t("Trích yếu", "Title"): pairs["cited_title"].fillna("–"),
    t("Số câu", "Sentences"): pairs["mentions"],
})
st.dataframe(table, hide_index=True, width="stretch")

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
ui.chart(fig_top(top, measure, measure_label, scope_labels), top, "citations_top", sources=sources)

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
if periods.empty:
    ui.empty("Không có văn bản được dẫn nào ghi rõ giai đoạn.", "No cited document states a period.")
else:
    if outdated.empty:
        st.success(t("Không có kế hoạch nào dẫn khung chương trình đã hết giai đoạn.",
                     "No plan cites a programme whose period had ended."))
    else:
        flagged = pd.DataFrame({
            t("Kế hoạch", "Plan"): outdated["plan_label"],
            t("Năm kế hoạch", "Plan year"): outdated["plan_year"],
            t("Văn bản được dẫn", "Cited document"): outdated["cited_name"],
            t("Giai đoạn", "Period"): [f"{int(s) if pd.notna(s) else '?'}–{int(e)}"
                                       for s, e in zip(outdated["start_year"], outdated["end_year"], strict=True)],
            t("Định hướng đến năm", "Orientation to"): outdated["horizon_year"].map(
                lambda v: "–" if pd.isna(v) else str(int(v))),
            t("Quan hệ", "Relation"): outdated["relations"].map(_relations),
            t("Câu trích", "Quote"): outdated["quote"],
        })
        st.warning(t(f"{fmt_int(len(outdated))} trích dẫn tới khung chương trình đã hết giai đoạn trước năm kế hoạch.",
                     f"{fmt_int(len(outdated))} citation(s) of a programme whose period ended before the plan year."))
        st.dataframe(flagged, hide_index=True, width="stretch")
    labels = {"outdated": t("Đã hết giai đoạn", "Period ended"), "current": t("Còn trong giai đoạn", "Still current"),
              "plan_year": t("Năm kế hoạch", "Plan year"), "year": t("Năm", "Year")}
    st.caption(t("Thanh: giai đoạn của văn bản được dẫn; hình thoi: năm của kế hoạch dẫn nó.",
                 "Bar: period of the cited document; diamond: year of the plan citing it."))
    ui.chart(fig_periods(periods, labels), periods, "citations_periods", sources=sources)
