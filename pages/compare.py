"""So sánh / Compare: plans side by side (metadata, targets, themes, agencies) and the text each shares with others."""

import numpy as np
import pandas as pd
import streamlit as st

from explorer import filters, reuse, ui
from explorer.data import db_version, query, run_uncached
from explorer.figures.compare import fig_agencies, fig_reuse, fig_theme_mix
from explorer.i18n import fmt_date, fmt_int, fmt_num, t
from explorer.labels import agency_label, doc_type_label, indicator_label, label, level_label, theme_label
from explorer.plotly_chart import drawing
from explorer.search import escape_markdown, escape_text
from explorer.settings import db_path
from loaders.textnorm import sort_key

ui.header("So sánh kế hoạch", "Compare plans",
          "Hai hay nhiều kế hoạch cạnh nhau: thông tin, chỉ tiêu, chủ đề, cơ quan, và phần văn bản dùng chung "
          "với các kế hoạch khác.",
          "Two or more plans side by side: metadata, targets, themes, agencies, and the text they share with "
          "other plans.")
f = filters.sidebar()
params = f.params()

everything = ui.shared_query("compare_plans", **params)  # read-only: 10,000 plans with their lists nationally
plans = everything[everything["in_filter"]] if not everything.empty else everything
if plans.empty:
    ui.empty()
    st.stop()


@st.cache_data(show_spinner=False, max_entries=32)
def menu_of(key: tuple, version: float) -> pd.DataFrame:
    frame = ui.shared_query("compare_plans", **ui.thawed(key))
    return ui.plan_menu(frame[frame["in_filter"]])


# The choice lives in the URL (?compare=<plan_id>,<plan_id>); by default the first two filtered plans.
menu = menu_of(ui.frozen(params), db_version())
ids = menu["plan_id"].tolist()
known = set(ids)
names = dict(zip(everything["plan_id"], everything["plan_label"], strict=True))
wanted = [v for part in st.query_params.get_all("compare") for v in part.split(",") if v]
default = [p for p in dict.fromkeys(wanted) if p in known] or ids[:2]
options = ids
if len(ids) > ui.MAX_OPTIONS:  # thousands of plans: choose the issuing units first, then plans among theirs
    units = menu.drop_duplicates("unit")
    unit_names = dict(zip(units["unit"], units["unit_label"], strict=True))
    order = sorted(unit_names, key=lambda u: sort_key(unit_names[u]))
    held = [p for p in st.session_state.get("cmp_plans", default) if p in known]
    unit_of = dict(zip(menu["plan_id"], menu["unit"], strict=True))
    picked_units = st.multiselect(t(f"Đơn vị ban hành ({fmt_int(len(order))})", f"Issuing units ({fmt_int(len(order))})"),
                                  order, default=list(dict.fromkeys(unit_of[p] for p in default)),
                                  format_func=unit_names.get, key="cmp_units",
                                  placeholder=t("Chọn tỉnh/huyện", "Choose provinces/districts"))
    options = list(dict.fromkeys(held + menu.loc[menu["unit"].isin(picked_units), "plan_id"].tolist()))
chosen = st.multiselect(t("Kế hoạch cần so sánh", "Plans to compare"), options,
                        default=[p for p in default if p in set(options)],
                        format_func=lambda pid: names.get(pid, pid), key="cmp_plans",
                        placeholder=t("Chọn kế hoạch", "Choose plans"))
chosen = [p for p in chosen if p in known]
if chosen:
    st.query_params["compare"] = ",".join(chosen)
elif "compare" in st.query_params:
    del st.query_params["compare"]
if not chosen:
    ui.empty("Chọn ít nhất hai kế hoạch để so sánh.", "Choose at least two plans to compare.")
    st.stop()
if len(chosen) == 1:
    st.info(t("Mới chọn một kế hoạch: hãy chọn thêm để so sánh.", "Only one plan chosen: add another to compare."))

order = [names[p] for p in chosen]
picked = plans.set_index("plan_id").loc[chosen]


def present(value) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return len(value) > 0
    return value is not None and not pd.isna(value)


def span(start, end) -> str:
    return f"{start}" if start == end else f"{start}–{end}"


def date_text(value, precision=None) -> str:
    return fmt_date(value, precision if present(precision) else "day") if present(value) else "–"


targets = query("compare_targets", plan_ids=chosen)
themes = query("compare_themes", plan_ids=chosen, theme_ids=params["theme_ids"])
agencies = query("compare_agencies", plan_ids=chosen, agency_ids=params["agency_ids"])

# --- Metadata ---------------------------------------------------------------------------------------------------
st.subheader(t("Thông tin", "Metadata"))
n_targets = targets.groupby("plan_id").size() if not targets.empty else pd.Series(dtype=int)
n_activities = themes.groupby("plan_id")["plan_activities"].first() if not themes.empty else pd.Series(dtype=int)
n_agencies = agencies.groupby("plan_id")["agency_key"].nunique() if not agencies.empty else pd.Series(dtype=int)
FIELDS = [
    (t("Loại văn bản", "Document type"), lambda p: doc_type_label(p["doc_type"]) if present(p["doc_type"]) else "–"),
    (t("Số hiệu", "Number"), lambda p: p["doc_number"] if present(p["doc_number"]) else "–"),
    (t("Cơ quan ban hành", "Issuer"), lambda p: p["issuer"] if present(p["issuer"]) else "–"),
    (t("Cấp", "Level"), lambda p: level_label(p["level"]) if present(p["level"]) else "–"),
    (t("Tỉnh/thành (khi ban hành)", "Province (as issued)"), lambda p: p["province"] if present(p["province"]) else "–"),
    (t("Huyện", "District"), lambda p: p["district"] if present(p["district"]) else "–"),
    (t("Tỉnh/thành (sau sáp nhập 2025)", "Province (after 2025 merger)"),
     lambda p: p["province_2025"] if present(p["province_2025"]) else "–"),
    (t("Năm kế hoạch", "Plan year"), lambda p: str(int(p["plan_year"])) if present(p["plan_year"]) else "–"),
    (t("Ngày ban hành", "Issued"), lambda p: date_text(p["issue_date"], p["issue_date_precision"])),
    (t("Người ký", "Signer"), lambda p: p["signer"] if present(p["signer"]) else "–"),
    (t("Trích yếu", "Title"), lambda p: p["title"] if present(p["title"]) else "–"),
    (t("Cơ quan đề xuất", "Proposing agency"),
     lambda p: p["proposing_agency"] if present(p["proposing_agency"]) else "–"),
    (t("Số nơi nhận", "Recipients"), lambda p: fmt_int(len(p["recipients"]) if present(p["recipients"]) else 0)),
    (t("Bị cắt", "Cut off"), lambda p: t("CÓ", "YES") if present(p["truncated"]) and p["truncated"] else t("không", "no")),
    (t("Cảnh báo", "Warnings"), lambda p: "; ".join(p["warnings"]) if present(p["warnings"]) else "–"),
    (t("Chỉ tiêu", "Targets"), lambda p: fmt_int(n_targets.get(p.name, 0))),
    (t("Hoạt động", "Activities"), lambda p: fmt_int(n_activities.get(p.name, 0))),
    (t("Cơ quan được nêu", "Agencies named"), lambda p: fmt_int(n_agencies.get(p.name, 0))),
]
meta = pd.DataFrame({t("Trường", "Field"): [name for name, _ in FIELDS]}
                    | {names[pid]: [str(get(picked.loc[pid])) for _, get in FIELDS] for pid in chosen})
st.dataframe(meta, hide_index=True, width="stretch")

# --- Targets ----------------------------------------------------------------------------------------------------
st.subheader(t("Chỉ tiêu", "Targets"))
CMP = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "=": "", "~": "~ "}
if targets.empty:
    ui.empty("Các kế hoạch đã chọn không có chỉ tiêu định lượng được trích xuất.",
             "The chosen plans have no extracted quantified targets.")
else:
    def value_text(r) -> str:
        value = fmt_num(r["value"]) if present(r["value"]) else "?"
        if present(r["value_max"]):
            value += "–" + fmt_num(r["value_max"])
        prefix = CMP.get(r["comparator"], "") if present(r["comparator"]) else ""
        return f"{prefix}{value} {r['unit'] if present(r['unit']) else ''}".strip()

    targets = targets.assign(_order=targets["plan_id"].map({p: i for i, p in enumerate(chosen)}))
    targets = targets.sort_values(["_order", "line_start"]).drop(columns="_order")
    table = pd.DataFrame({
        t("Kế hoạch", "Plan"): targets["plan_id"].map(names),
        t("Chỉ tiêu", "Indicator"): [indicator_label(k) if present(k) else (x if present(x) else "–")
                                     for k, x in zip(targets["indicator_key"], targets["indicator_text"], strict=True)],
        t("Giá trị", "Value"): [value_text(r) for r in targets.to_dict("records")],
        t("Năm", "Year"): [str(int(y)) if present(y) else "–" for y in targets["target_year"]],
        t("Mục", "Section"): targets["section_path"],
        t("Câu gốc", "Quote"): targets["quote"],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    per_plan = targets.groupby("plan_id").size()
    missing = [names[p] for p in chosen if p not in per_plan.index]
    if missing:
        st.caption(t("Không có chỉ tiêu: ", "No targets: ") + "; ".join(escape_markdown(m) for m in missing))
    ui.data_expander(targets.assign(plan_label=targets["plan_id"].map(names)), "compare_targets")

# --- Themes -----------------------------------------------------------------------------------------------------
st.subheader(t("Cơ cấu chủ đề hoạt động", "Theme mix of activities"))
if themes.empty:
    ui.empty("Các kế hoạch đã chọn không có hoạt động (khớp bộ lọc chủ đề).",
             "The chosen plans have no activities (matching the theme filter).")
else:
    as_share = st.radio(t("Thang đo", "Scale"), [True, False], horizontal=True, key="cmp_theme_scale",
                        format_func=lambda v: t("Tỷ lệ hoạt động của kế hoạch", "Share of the plan's activities")
                        if v else t("Số hoạt động", "Number of activities"))
    mix = themes.assign(plan_label=themes["plan_id"].map(names), theme_label=themes["theme_id"].map(theme_label))
    fig = drawing(fig_theme_mix, mix, [p for p in order if p in set(mix["plan_label"])],
                  "share" if as_share else "activities",
                  t("Tỷ lệ hoạt động có chủ đề", "Share of activities with the theme") if as_share
                  else t("Số hoạt động", "Activities"), percent=as_share)

    def theme_sources(points: list[dict]) -> pd.DataFrame:
        frames = []
        for point in points:
            data = point.get("customdata") or []
            if len(data) >= 2 and data[0] and data[1]:
                frames.append(query("compare_theme_sources", plan_id=data[0], theme_id=data[1]))
        rows = pd.concat(frames) if frames else pd.DataFrame()
        return rows.assign(plan_label=rows["plan_id"].map(names)) if not rows.empty else rows

    ui.chart(fig, mix[["plan_label", "theme_label", "activities", "plan_activities", "share", "plan_id", "theme_id"]],
             "compare_themes", sources=theme_sources)
    st.caption(t("Một hoạt động có thể thuộc nhiều chủ đề nên tổng tỷ lệ có thể vượt 100 %.",
                 "An activity can have several themes, so shares can add up to more than 100 %."))

# --- Agencies ---------------------------------------------------------------------------------------------------
st.subheader(t("Cơ quan chủ trì / phối hợp", "Lead and coordinating agencies"))
if agencies.empty:
    ui.empty("Các kế hoạch đã chọn không nêu cơ quan nào (khớp bộ lọc cơ quan).",
             "The chosen plans name no agencies (matching the agency filter).")
else:
    roles = {"lead": label("role", "lead"), "coordinate": label("role", "coordinate")}
    ag = agencies.assign(
        plan_label=agencies["plan_id"].map(names),
        agency_label=[agency_label(i) if present(i) else n for i, n in
                      zip(agencies["agency_id"], agencies["agency_name"], strict=True)],
        role=agencies["role"].where(agencies["role"].isin(list(roles)), "other"),
    )
    ag = ag.groupby(["plan_id", "plan_label", "agency_key", "agency_label", "role"], as_index=False)["mentions"].sum()
    fig = drawing(fig_agencies, ag, [p for p in order if p in set(ag["plan_label"])],
                  roles | {"other": t("Vai trò khác", "Other role")}, t("câu", "sentences"))

    def agency_sources(points: list[dict]) -> pd.DataFrame:
        frames = []
        for point in points:
            data = point.get("customdata") or []
            if len(data) >= 2:
                rows = query("compare_agency_sources", plan_id=data[0], agency_key=data[1])
                if len(data) >= 3 and data[2] in roles:
                    rows = rows[rows["role"] == data[2]]
                elif len(data) >= 3:
                    rows = rows[~rows["role"].isin(list(roles))]
                frames.append(rows)
        rows = pd.concat(frames) if frames else pd.DataFrame()
        return rows.assign(plan_label=rows["plan_id"].map(names)) if not rows.empty else rows

    ui.chart(fig, ag, "compare_agencies", sources=agency_sources)
    pivot = ag.pivot_table(index="agency_label", columns=["plan_label", "role"], values="mentions", aggfunc="sum")
    table = pd.DataFrame(index=sorted(pivot.index, key=sort_key))
    for plan in [p for p in order if p in set(ag["plan_label"])]:
        cells = []
        for agency in table.index:
            parts = []
            for role, role_label in (roles | {"other": t("khác", "other")}).items():
                n = pivot.get((plan, role), pd.Series(dtype=float)).get(agency)
                if n is not None and not pd.isna(n):
                    parts.append(f"{role_label} {fmt_int(n)}")
            cells.append(" · ".join(parts) or "–")
        table[plan] = cells
    st.dataframe(table.reset_index(names=t("Cơ quan", "Agency")), hide_index=True, width="stretch")

# --- Text reuse -------------------------------------------------------------------------------------------------
st.subheader(t("Văn bản dùng chung và nét riêng", "Shared text and what is local"))
st.caption(t(f"Mỗi đoạn (dòng dài hơn {reuse.MIN_CHARS} ký tự) được so với mọi đoạn của các kế hoạch khác trong cơ sở "
             f"dữ liệu (không phụ thuộc bộ lọc), trên chữ bỏ dấu: gần trùng khi token_set_ratio ≥ {reuse.SET_THRESHOLD} "
             f"hoặc ratio ≥ {reuse.RATIO_THRESHOLD}. Tỷ lệ dùng chung tính theo số ký tự.",
             f"Each paragraph (line longer than {reuse.MIN_CHARS} characters) is compared with every paragraph of the "
             f"other plans in the database (regardless of filters), on folded text: a near-duplicate when "
             f"token_set_ratio ≥ {reuse.SET_THRESHOLD} or ratio ≥ {reuse.RATIO_THRESHOLD}. Shares are by characters."))


@st.cache_resource(show_spinner=False, max_entries=2)
def corpus_texts(path: str, version: float) -> reuse.TextIndex:
    """The distinct paragraph texts of the whole database (20,000 for 10,000 plans), one read-only copy shared by
    every session until the database file changes."""
    return reuse.corpus_texts(run_uncached)


@st.cache_data(show_spinner=False, max_entries=64)
def reuse_of(selected: tuple[str, ...], version: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Near-duplicates of the selected plans' paragraphs among all plans (cached per selection and database), and
    the paragraphs shown: the selected plans' own and their best matches. Reads only the paragraphs carrying a text
    that matches (explorer.reuse.reuse_of_plans), not the text of every paragraph (370,000 nationally); the result is
    the same."""
    return reuse.reuse_of_plans(selected, run_uncached, texts=corpus_texts(str(db_path()), version))


found, paragraphs = reuse_of(tuple(chosen), db_version())
OTHERS_SHOWN = 5  # plans named beside a shared paragraph; the download names all of them
if found.empty:
    ui.empty("Các kế hoạch đã chọn không có đoạn văn đủ dài để so sánh.",
             "The chosen plans have no paragraphs long enough to compare.")
else:
    summary = reuse.summarize(found)
    summary["plan_label"] = summary["plan_id"].map(names)
    summary = summary.set_index("plan_id").reindex([p for p in chosen if p in set(summary["plan_id"])]).reset_index()
    for col, row in zip(st.columns(len(summary)), summary.itertuples(), strict=True):
        col.metric(t("Dùng chung · ", "Shared · ") + escape_markdown(row.plan_label), f"{fmt_int(round(100 * row.share))} %",
                   help=t(f"{fmt_int(row.shared_paragraphs)}/{fmt_int(row.paragraphs)} đoạn, "
                          f"{fmt_int(row.shared_chars)}/{fmt_int(row.chars)} ký tự",
                          f"{fmt_int(row.shared_paragraphs)}/{fmt_int(row.paragraphs)} paragraphs, "
                          f"{fmt_int(row.shared_chars)}/{fmt_int(row.chars)} characters"))
    ui.chart(drawing(fig_reuse, summary, t("Dùng chung với kế hoạch khác", "Shared with other plans"),
                     t("Riêng của kế hoạch", "Unique to the plan")),
             summary[["plan_label", "paragraphs", "shared_paragraphs", "chars", "shared_chars", "share"]],
             "compare_reuse")

    detail = found.merge(paragraphs[["plan_id", "idx", "line_start", "line_end", "text"]], on=["plan_id", "idx"])
    texts = paragraphs.set_index(["plan_id", "idx"])["text"]

    def paragraph_html(rows: pd.DataFrame, shared: bool) -> str:
        out = []
        for r in rows.itertuples():
            note = ""
            if shared:
                matched = list(r.matched_plans)
                others = ", ".join(names.get(p, p) for p in matched[:OTHERS_SHOWN]) + (
                    t(f" và {fmt_int(len(matched) - OTHERS_SHOWN)} kế hoạch khác",
                      f" and {fmt_int(len(matched) - OTHERS_SHOWN)} other plans") if len(matched) > OTHERS_SHOWN else "")
                best = texts.get((r.best_plan_id, r.best_idx), "")
                note = (f"<div style='font-size:0.8em;color:#1565c0'>{escape_text(t('giống', 'like'))} "
                        f"{escape_text(others)} · {escape_text(t('điểm', 'score'))} {fmt_int(round(r.best_score))}</div>"
                        f"<div style='font-size:0.8em;color:#666;border-left:2px solid #90caf9;padding-left:6px'>"
                        f"{escape_text(names.get(r.best_plan_id, ''))}: {escape_text(best)}</div>")
            out.append(f"<div style='margin:6px 0;padding:4px 8px;border-left:3px solid "
                       f"{'#1565c0' if shared else '#ef6c00'}'><small style='color:#888'>"
                       f"{escape_text(t('dòng', 'lines'))} {span(r.line_start, r.line_end)}</small><br>"
                       f"{escape_text(r.text)}{note}</div>")
        return "".join(out)

    tabs = st.tabs([escape_markdown(x) for x in summary["plan_label"]])
    for tab, pid in zip(tabs, summary["plan_id"], strict=True):
        with tab:
            mine = detail[detail["plan_id"] == pid].sort_values("idx")
            unique, shared = mine[~mine["shared"]], mine[mine["shared"]]
            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('Chỉ có ở kế hoạch này (nét địa phương)', 'Unique to this plan (what is local)')}**"
                            f" · {fmt_int(len(unique))}")
                if unique.empty:
                    st.caption(t("Không có đoạn riêng.", "No unique paragraphs."))
                else:
                    st.html(paragraph_html(unique, shared=False))
            with right:
                st.markdown(f"**{t('Dùng chung với kế hoạch khác', 'Shared with other plans')}** · "
                            f"{fmt_int(len(shared))}")
                if shared.empty:
                    st.caption(t("Không có đoạn dùng chung.", "No shared paragraphs."))
                else:
                    st.html(paragraph_html(shared, shared=True))
    def every_match(_: pd.DataFrame) -> pd.DataFrame:
        """For the download: every plan a paragraph is shared with, by name (thousands for boilerplate nationally)."""
        return detail.assign(plan_label=detail["plan_id"].map(names), matched_plans=detail["matched_plans"].map(
            lambda ps: [names.get(p, p) for p in ps])).drop(columns=["best_plan_id"])

    ui.data_expander(detail.assign(plan_label=detail["plan_id"].map(names),
                                   matched=detail["matched_plans"].map(len),
                                   matched_plans=detail["matched_plans"].map(
                                       lambda ps: "; ".join(names.get(p, p) for p in list(ps)[:OTHERS_SHOWN])
                                       + (" …" if len(ps) > OTHERS_SHOWN else "")))
                     .drop(columns=["best_plan_id"]), "compare_reuse_paragraphs", prepare=every_match)
