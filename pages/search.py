"""Tìm kiếm / Search: diacritic-insensitive full-text search over activities, agencies' tasks and targets."""

import numpy as np
import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query, run_uncached
from explorer.figures.search import fig_hits
from explorer.i18n import fmt_int, t
from explorer.labels import agency_label, label, theme_label
from explorer.plotly_chart import drawing
from explorer.search import (
    MAX_QUERY_CHARS,
    escape_markdown,
    escape_text,
    highlight,
    parse_query,
    prefilter_pattern,
    score_texts,
)

PER_PLAN = 30  # results shown per plan (all of them are in the "Dữ liệu" download)
PLANS_SHOWN = 30  # plans shown with their results (all of them are in the "Dữ liệu" download)

ui.header("Tìm kiếm", "Search",
          "Tìm trong hoạt động, nhiệm vụ của các cơ quan và chỉ tiêu của mọi kế hoạch; gõ có dấu hay không dấu đều "
          "được (\"binh dang gioi\", \"dd\" hoặc \"d\" cho \"đ\"), cụm từ trong ngoặc kép.",
          "Search activities, agencies' tasks and targets of every plan; with or without Vietnamese diacritics "
          "(\"binh dang gioi\"; \"dd\" or \"d\" for \"đ\"), \"quoted phrases\" kept together.")
f = filters.sidebar()
params = f.params()

# The query lives in the URL (?q=...); it only ever reaches SQL as a bound parameter.
typed = st.text_input(t("Từ khóa", "Search terms"), value=st.query_params.get("q", "")[:MAX_QUERY_CHARS],
                      max_chars=MAX_QUERY_CHARS, key="search_q",
                      placeholder=t('vd: binh dang gioi, "tập huấn", ddoan thanh nien',
                                    'e.g. binh dang gioi, "tập huấn", ddoan thanh nien'))
q = (typed or "").strip()
if q:
    st.query_params["q"] = q
elif "q" in st.query_params:
    del st.query_params["q"]

KINDS = {"activity": t("Hoạt động", "Activity"), "responsibility": t("Nhiệm vụ của cơ quan", "Agency task"),
         "target": t("Chỉ tiêu", "Target")}
left, right = st.columns([3, 2])
with left:
    kinds = st.pills(t("Tìm trong", "Search in"), list(KINDS), format_func=KINDS.get, selection_mode="multi",
                     default=list(KINDS), key="search_kinds") or list(KINDS)
with right:
    require_all = st.toggle(t("Chỉ kết quả có đủ mọi từ", "Only results with every term"), key="search_all")


@st.cache_data(show_spinner=False, max_entries=64)
def scored(terms: tuple[str, ...], require_all: bool, pattern: str | None, version: float) -> dict[str, list]:
    """The candidate texts (any term, in SQL) scored once each in Python: a score depends on the text alone, so
    thousands of texts are scored, not the 200,000 rows carrying them; shared by every filter."""
    texts = query("search_texts", pattern=pattern)
    return score_texts(texts["text_id"], texts["text"], list(terms), require_all=require_all)


plans = query("search_plans", **params)
if plans.empty:
    ui.empty()
    st.stop()
names = dict(zip(plans["plan_id"], plans["plan_label"], strict=True))

terms = parse_query(q)
if not terms:
    st.info(t(f"Nhập từ khóa để tìm trong {fmt_int(len(plans))} kế hoạch.",
              f"Type something to search {fmt_int(len(plans))} plans."))
    st.stop()

pattern = prefilter_pattern(terms)
scores = scored(tuple(terms), require_all, pattern, db_version())
search = {**params, **scores, "pattern": pattern, "kinds": sorted(kinds)}
# One row per plan and kind (count, best score rank, matching every term): the metrics, the plans' order and the
# chart, without fetching the (up to 200,000) results behind them; the results are read for the plans shown only.
counts = query("search_counts", **search, plan_ids=None, n_terms=len(terms)) if scores["ids"] else pd.DataFrame()
if counts.empty:
    ui.empty("Không tìm thấy kết quả. Thử bớt từ, bỏ ngoặc kép hoặc nới rộng bộ lọc.",
             "Nothing found. Try fewer terms, no quotes, or wider filters.")
    st.stop()

n_results = int(counts["results"].sum())
# Plans in the order of their best result (the first of their results in the ranked list: best score, then plan_id).
groups = counts.groupby("plan_id").agg(best=("best", "min"), n=("results", "sum")).reset_index() \
    .sort_values(["best", "plan_id"]).set_index("plan_id")

c1, c2, c3 = st.columns(3)
c1.metric(t("Kết quả", "Results"), fmt_int(n_results))
c2.metric(t("Kế hoạch có kết quả", "Plans with results"), fmt_int(len(groups)))
c3.metric(t("Có đủ mọi từ", "With every term"), fmt_int(int(counts["with_every_term"].sum())))

counts = counts.assign(plan_label=counts["plan_id"].map(names)).sort_values(["plan_label", "kind"])[
    ["plan_label", "kind", "results"]].reset_index(drop=True)
shown_groups = groups.head(PLANS_SHOWN)  # a common word can hit thousands of plans: the best ones, said so
everything = n_results <= ui.LIST_ROWS  # a short result list is read whole (and shown in Dữ liệu), a long one not
if len(groups) > PLANS_SHOWN:
    st.caption(t(f"Đang hiện {PLANS_SHOWN} kế hoạch có kết quả tốt nhất trong {fmt_int(len(groups))}; tệp tải về ở "
                 "mục Dữ liệu cuối trang có mọi kết quả.",
                 f"Showing the {PLANS_SHOWN} plans with the best results of {fmt_int(len(groups))}; the download "
                 "under Data at the end of the page has every result."))
top_labels = [names[p] for p in shown_groups.index]
ui.chart(drawing(fig_hits, counts[counts["plan_label"].isin(top_labels)], top_labels, KINDS,
                 t("Số kết quả", "Results")),
         counts, "search_hits")


def as_list(value) -> list:
    """A list column's value (list or numpy array; None or NaN when absent) as a list."""
    return list(value) if isinstance(value, (list, tuple, np.ndarray)) else []


def result_html(r: dict) -> str:
    """One result: kind, section and lines, the text with its matches marked, and its agencies or themes."""
    chips = []
    if r["kind"] == "responsibility":
        agencies, roles = as_list(r.get("agencies")), as_list(r.get("roles"))
        chips.extend(f"{agency_label(a)} · {label('role', role)}" for a, role in zip(agencies, roles, strict=False))
    elif r["kind"] == "activity":
        chips.extend(theme_label(x) for x in as_list(r.get("themes")))
    chip_html = "".join(
        f"<span style='display:inline-block;margin:2px 4px 0 0;padding:0 6px;border-radius:3px;font-size:0.75em;"
        f"background:#eceff1'>{escape_text(c)}</span>" for c in chips)
    where = f"{KINDS[r['kind']]} · {t('mục', 'section')} {r['section_path'] or '–'} · " \
            f"{t('dòng', 'lines')} {r['line_start']}" + \
            (f"–{r['line_end']}" if r["line_end"] != r["line_start"] else "")
    return (f"<div style='margin:6px 0;padding:4px 8px;border-left:3px solid #c2185b'>"
            f"<small style='color:#888'>{escape_text(where)}</small><br>{highlight(r['text'], terms)}"
            f"{'<br>' + chip_html if chip_html else ''}</div>")


if everything:
    results = query("search_results", **search, plan_ids=None)
    top = results.groupby("plan_id", sort=False).head(PER_PLAN)
else:
    top = query("search_top", **search, plan_ids=list(shown_groups.index), per_plan=PER_PLAN)

st.html("<style>mark{background:#fff176;padding:0 1px;border-radius:2px}</style>")
for i, plan_id in enumerate(shown_groups.index):
    mine = top[top["plan_id"] == plan_id]
    n = int(shown_groups.loc[plan_id, "n"])
    title = f"{escape_markdown(names[plan_id])} — {fmt_int(n)} {t('kết quả', 'results')}"
    with st.expander(title, expanded=i < 3):
        st.html("".join(result_html(r) for r in mine.head(PER_PLAN).to_dict("records")))
        if n > PER_PLAN:
            st.caption(t(f"… và {fmt_int(n - PER_PLAN)} kết quả khác (xem trong Dữ liệu).",
                         f"… and {fmt_int(n - PER_PLAN)} more (see Data)."))

COLUMNS = ["rank", "plan_label", "kind", "section_path", "line_start", "line_end", "text", "matched_terms", "hits",
           "plan_id"]


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(plan_label=frame["plan_id"].map(names))[COLUMNS]


if everything:
    ui.data_expander(labelled(results), "search_results")
else:  # every result, read only when a download button is clicked
    ui.data_expander(lambda: run_uncached("search_results", **search, plan_ids=None), "search_results",
                     prepare=labelled, show_table=False, rows=n_results)
