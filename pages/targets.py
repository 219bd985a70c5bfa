"""Chỉ tiêu / Targets: the same indicator across plans, gaps against national targets, alignment with the Strategy."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import db_version, query
from explorer.figures.targets import (
    alignment_by_year,
    fig_alignment,
    fig_alignment_years,
    fig_gap_counts,
    fig_target_gaps,
    fig_target_values,
    fig_value_spread,
    national_gaps,
    single_plan_targets,
    target_text,
    value_groups,
    wrap,
)
from explorer.i18n import fmt_int, fmt_num, lang, t
from explorer.labels import indicator_label, objective_label
from explorer.plotly_chart import drawing
from loaders.textnorm import sort_key

ui.header("Chỉ tiêu", "Targets",
          "Chỉ tiêu định lượng của các kế hoạch, so với chỉ tiêu quốc gia và với 6 mục tiêu của Chiến lược quốc gia "
          "về bình đẳng giới giai đoạn 2021–2030.",
          "Quantified targets of the plans, against the national targets and the six objectives of the National "
          "Strategy on Gender Equality 2021–2030.")
f = filters.sidebar()
params = f.params()

plans = ui.known_labels(query("targets_plans", **params))
if plans.empty:
    ui.empty()
    st.stop()


def num(x: float) -> str:
    return fmt_num(x, 1)


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]


@st.cache_data(show_spinner=False, max_entries=32)
def labelled_targets(key: tuple, language: str, version: float) -> pd.DataFrame:
    """The filtered targets with their indicator name, printed value, national target and gap (a Python pass over
    every row: once per filter, language and database, not on every rerun)."""
    targets = ui.known_labels(query("targets_values", **ui.thawed(key)))
    if targets.empty:
        return targets
    targets["indicator"] = [indicator_label(k) if not _blank(k) else str(txt)
                            for k, txt in zip(targets["indicator_key"], targets["indicator_text"], strict=True)]
    targets["value_text"] = [target_text(v, vmax, c, u, num) for v, vmax, c, u in
                             zip(targets["value"], targets["value_max"], targets["comparator"], targets["unit"],
                                 strict=True)]
    national_label = []
    for row in targets.itertuples():
        if _blank(row.national_text):
            national_label.append("")
            continue
        text = target_text(row.national_value, None, row.national_comparator, row.national_unit, num) \
            if not _blank(row.national_value) else t("định tính", "qualitative")
        when = t(f"năm {row.national_year}", f"by {row.national_year}") if not _blank(row.national_year) \
            else t("hằng năm", "yearly")
        national_label.append(f"{text} ({when})")
    targets["national_value_label"] = national_label
    return national_gaps(targets)


targets = labelled_targets(ui.frozen(params), lang(), db_version())


@st.cache_data(show_spinner=False, max_entries=32)
def percent_targets(key: tuple, language: str, version: float) -> tuple[pd.DataFrame, list[str]]:
    """The targets in %, by indicator (Vietnamese order) and plan year, with a national marker only where it is in
    the same unit (QD1790-MT1 counts sessions, not %); and the indicators in order."""
    frame = labelled_targets(key, language, version)
    frame = frame[frame["unit"].fillna("").str.startswith("%")]
    frame = frame.assign(national_value=frame["national_value"].where(frame["status"].isin(["above", "equal", "below"])))
    indicators = sorted(frame["indicator"].unique(), key=sort_key)
    order = {name: i for i, name in enumerate(indicators)}
    frame = frame.assign(_o=frame["indicator"].map(order)).sort_values(["_o", "plan_year"]).drop(columns="_o")
    return frame, indicators


@st.cache_data(show_spinner=False, max_entries=32)
def grouped_values(key: tuple, language: str, version: float) -> pd.DataFrame:
    return value_groups(percent_targets(key, language, version)[0])

by_id = targets.set_index("target_id") if not targets.empty else targets


def target_sources(points: list[dict]) -> pd.DataFrame:
    """Clicked bar → the plan's sentence; clicked national marker → the national target's wording."""
    rows = []
    for point in points:
        data = point.get("customdata") or []
        if len(data) < 2 or data[0] not in by_id.index:
            continue
        row = by_id.loc[data[0]]
        if data[1] == "national":
            rows.append({"plan_label": f"{row['legal_basis']} · {row['national_target_id']}",
                         "section_path": row["program_name"], "line_start": "", "line_end": "",
                         "quote": row["national_text"]})
        else:
            rows.append({"plan_label": row["plan_label"], "section_path": row["section_path"],
                         "line_start": row["line_start"], "line_end": row["line_end"], "quote": row["quote"]})
    return pd.DataFrame(rows, columns=["plan_label", "section_path", "line_start", "line_end", "quote"])


# --- 1. the same indicator across plans ---------------------------------------------------------------------
st.subheader(t("Cùng một chỉ tiêu giữa các kế hoạch", "The same indicator across plans"))
without = plans[plans["targets"] == 0]["plan_label"].tolist()
if targets.empty:
    ui.empty("Các kế hoạch đang lọc không nêu chỉ tiêu định lượng nào.",
             "The filtered plans state no quantified targets.")
else:
    percent = targets[targets["unit"].fillna("").str.startswith("%")]
    if percent.empty:
        ui.empty("Không có chỉ tiêu tính theo % để so sánh trên biểu đồ (xem bảng bên dưới).",
                 "No targets in % to chart (see the table below).")
    else:
        frame, indicators = percent_targets(ui.frozen(params), lang(), db_version())
        columns = ["plan_label", "indicator", "value_text", "target_year", "national_target_id", "national_value_label",
                   "section_path", "line_start", "line_end", "quote"]
        n_plans = frame["plan_id"].nunique()
        if n_plans <= ui.MAX_PLANS_DRAWN:
            fig = drawing(fig_target_values, frame, "", t("Giá trị chỉ tiêu (%)", "Target value (%)"),
                          t("Chỉ tiêu quốc gia", "National target"))
            ui.chart(fig, frame[columns], "targets_values", sources=target_sources)
        else:  # one bar per plan cannot be drawn for thousands of plans: every value, counted
            groups = grouped_values(ui.frozen(params), lang(), db_version())

            def value_sources(points: list[dict]) -> pd.DataFrame:
                """A clicked bubble → the targets with that value; the national marker → its wording."""
                hits = []
                for data in ui.clicked(points, 3):
                    mine = frame[frame["indicator"] == data[0]]
                    if data[2] == "national":
                        mine = mine.dropna(subset=["national_text"]).drop_duplicates("national_target_id")
                        hits.append(pd.DataFrame({"plan_label": mine["legal_basis"] + " · " + mine["national_target_id"],
                                                  "section_path": mine["program_name"], "line_start": "",
                                                  "line_end": "", "quote": mine["national_text"]}))
                    else:
                        hits.append(mine[mine["value"] == data[1]][SOURCE_COLUMNS])
                return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=SOURCE_COLUMNS)

            st.caption(t(f"{fmt_int(n_plans)} kế hoạch: mỗi bong bóng là một mức chỉ tiêu, diện tích theo số kế hoạch "
                         "đặt mức đó (mọi chỉ tiêu đều được đếm); vạch đen là chỉ tiêu quốc gia. Bấm vào bong bóng để "
                         "xem câu gốc; bảng Dữ liệu có từng chỉ tiêu.",
                         f"{fmt_int(n_plans)} plans: each bubble is one target value, its area the number of plans "
                         "setting it (every target is counted); the black mark is the national target. Click a bubble "
                         "for the sentences; the Data table lists every target."))
            fig = drawing(fig_value_spread, groups, indicators, "", t("Giá trị chỉ tiêu (%)", "Target value (%)"),
                          t("Chỉ tiêu quốc gia", "National target"), t("kế hoạch", "plans"))
            ui.chart(fig, frame[columns], "targets_values", sources=value_sources)
    others = targets[~targets.index.isin(percent.index)]
    if not others.empty:
        st.caption(t(f"{fmt_int(len(others))} chỉ tiêu có đơn vị khác % chỉ có trong các bảng bên dưới.",
                     f"{fmt_int(len(others))} targets in units other than % appear only in the tables below."))
if without:
    st.caption(t(f"Kế hoạch không nêu chỉ tiêu định lượng ({fmt_int(len(without))}): ",
                 f"Plans stating no quantified target ({fmt_int(len(without))}): ") + ui.first_of(without))

# --- 2. gaps against the national targets --------------------------------------------------------------------
if not targets.empty:
    st.subheader(t("Chênh lệch so với chỉ tiêu quốc gia", "Gaps against the national targets"))
    status_labels = {
        "above": t("Cao hơn chỉ tiêu quốc gia", "More ambitious than national"),
        "equal": t("Bằng chỉ tiêu quốc gia", "Same as national"),
        "below": t("Thấp hơn chỉ tiêu quốc gia", "Less ambitious than national"),
        "incomparable": t("Không so được (khác đơn vị)", "Not comparable (different unit)"),
        "no_national": t("Không có chỉ tiêu quốc gia tương ứng", "No matching national target"),
    }
    comparable = targets[targets["status"].isin(["above", "equal", "below"])].copy()
    if comparable.empty:
        ui.empty("Không chỉ tiêu nào so được với một chỉ tiêu quốc gia cùng đơn vị.",
                 "No target can be compared with a national target in the same unit.")
    elif comparable["plan_id"].nunique() <= ui.MAX_PLANS_DRAWN:
        points = t("điểm", "pts")
        comparable["label"] = [f"{pl}<br>{wrap(ind, 60)}" for pl, ind in
                               zip(comparable["plan_label"], comparable["indicator"], strict=True)]
        comparable["gap_text"] = [("+" if g > 0 else "") + num(float(g)) + (f" {points}" if str(u).startswith("%") else "")
                                  for g, u in zip(comparable["gap"], comparable["unit"], strict=True)]
        comparable["hover"] = [
            f"{r.plan_label}<br>{r.indicator}<br>{t('Kế hoạch', 'Plan')}: {r.value_text} ({r.target_year})<br>"
            f"{t('Quốc gia', 'National')}: {r.national_value_label} · {r.national_target_id}<br>"
            f"{t('Chênh lệch', 'Gap')}: {r.gap_text}"
            for r in comparable.itertuples()]
        fig = drawing(fig_target_gaps, comparable, "",
                      t("Kế hoạch − quốc gia (điểm %)", "Plan − national (percentage points)"), status_labels)
        ui.chart(fig, comparable[["plan_label", "indicator", "value_text", "target_year", "national_target_id",
                                  "national_value_label", "gap", "status", "section_path", "line_start", "line_end"]],
                 "targets_gaps", sources=target_sources)
    else:  # thousands of plans: how many are above, equal to or below the national target, per indicator
        def gap_sources(points: list[dict]) -> pd.DataFrame:
            keys = {(p["customdata"][0], p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
            mask = [(i, s) in keys for i, s in zip(comparable["indicator"], comparable["status"], strict=True)]
            return comparable.loc[mask, SOURCE_COLUMNS]

        indicators = sorted(comparable["indicator"].unique(), key=sort_key)
        st.caption(t(f"{fmt_int(comparable['plan_id'].nunique())} kế hoạch: số chỉ tiêu cao hơn, bằng hoặc thấp hơn "
                     "chỉ tiêu quốc gia theo từng chỉ số. Bấm vào một đoạn để xem câu gốc; bảng bên dưới có từng "
                     "chỉ tiêu và chênh lệch của nó.",
                     f"{fmt_int(comparable['plan_id'].nunique())} plans: how many targets are above, equal to or "
                     "below the national target, per indicator. Click a segment for the sentences; the table below "
                     "has every target and its gap."))
        # only the columns it counts: the drawing's key is a digest of its arguments
        fig = drawing(fig_gap_counts, comparable[["indicator", "status"]], indicators, "", t("Số chỉ tiêu", "Targets"),
                      status_labels)
        ui.chart(fig, comparable[["plan_label", "indicator", "value_text", "target_year", "national_target_id",
                                  "national_value_label", "gap", "status", "section_path", "line_start", "line_end"]],
                 "targets_gaps", sources=gap_sources)
    gap_text = {g: ("+" if g > 0 else "") + num(float(g)) for g in targets["gap"].dropna().unique()}
    table = targets.assign(
        status=targets["status"].map(status_labels),
        gap=targets["gap"].astype(object).map(gap_text).astype(object).where(lambda g: g.notna(), "–"),
        national_value_label=targets["national_value_label"].replace("", "–"),
        national_target_id=targets["national_target_id"].fillna("–"),
    )[["plan_label", "indicator", "value_text", "target_year", "national_target_id", "national_value_label", "gap",
       "status", "section_path"]]
    table.columns = [t("Kế hoạch", "Plan"), t("Chỉ tiêu", "Indicator"), t("Mục tiêu của KH", "Plan target"),
                     t("Năm", "Year"), t("Mã chỉ tiêu QG", "National code"), t("Chỉ tiêu quốc gia", "National target"),
                     t("Chênh lệch", "Gap"), t("Đánh giá", "Assessment"), t("Mục", "Section")]
    ui.table(table)
    st.caption(t("Chỉ tiêu quốc gia được chọn là mốc gần nhất từ năm của chỉ tiêu trở về sau (nếu không có: mốc muộn nhất). "
                 "Với chỉ tiêu kiểu “dưới …” giá trị thấp hơn là cao hơn về mức phấn đấu.",
                 "The national milestone used is the nearest one at or after the target year (else the latest). "
                 "For “below …” targets a lower value is the more ambitious one."))

    # --- 3. targets found in one plan only ---------------------------------------------------------------------
    st.subheader(t("Chỉ tiêu chỉ có ở một kế hoạch", "Targets found in only one plan"))
    single = single_plan_targets(targets)
    if single.empty:
        ui.empty("Mọi chỉ tiêu đều xuất hiện ở ít nhất hai kế hoạch.", "Every target appears in at least two plans.")
    else:
        shown = single[["plan_label", "indicator", "value_text", "target_year", "national_target_id", "section_path",
                        "line_start", "quote"]].copy()
        shown.columns = [t("Kế hoạch", "Plan"), t("Chỉ tiêu", "Indicator"), t("Mục tiêu", "Target"), t("Năm", "Year"),
                         t("Mã chỉ tiêu QG", "National code"), t("Mục", "Section"), t("Dòng", "Line"),
                         t("Trích dẫn", "Quote")]
        ui.table(shown)
        if targets["plan_id"].nunique() == 1:
            st.caption(t("Chỉ một kế hoạch đang lọc có chỉ tiêu định lượng, nên mọi chỉ tiêu của nó đều “chỉ có ở một kế hoạch”.",
                         "Only one filtered plan states quantified targets, so all of its targets are “single-plan”."))
        ui.data_expander(single.drop(columns=["indicator_en" if lang() == "vi" else "indicator_vi"]), "targets_single")

# --- 4. alignment with the National Strategy 2021–2030 ----------------------------------------------------------
st.subheader(t("Bám sát 6 mục tiêu của Chiến lược quốc gia 2021–2030", "Alignment with the six objectives of the "
               "National Strategy 2021–2030"))


@st.cache_data(show_spinner=False, max_entries=32)
def sorted_alignment(key: tuple, language: str, version: float) -> pd.DataFrame:
    """Plans × objectives in plan-year and Vietnamese name order, truncated plans marked (a sort key per plan:
    once per filter and language, not on every rerun)."""
    frame = ui.known_labels(query("targets_alignment", **ui.thawed(key)))
    if frame.empty:
        return frame
    keys = {label: sort_key(label) for label in frame["plan_label"].unique()}
    frame = frame.assign(_k=frame["plan_label"].map(keys)).sort_values(
        ["plan_year", "_k", "objective_id"]).drop(columns="_k")
    cut = t("bị cắt", "cut off")
    return frame.assign(plan_label=frame["plan_label"].where(~frame["truncated"].astype(bool),
                                                             frame["plan_label"] + f" ⚠ {cut}"))


alignment = sorted_alignment(ui.frozen(params), lang(), db_version())
if alignment.empty:
    ui.empty()
else:
    names = {o: f"{o.removeprefix('NQ28-')} · {objective_label(o, short=True)}" for o in alignment["objective_id"].unique()}
    data = alignment.drop(columns=["objective_en" if lang() == "vi" else "objective_vi"])
    n_plans = alignment["plan_id"].nunique()
    if n_plans <= ui.MAX_PLANS_DRAWN:
        fig = drawing(fig_alignment, alignment, "", t("thiếu", "gap"), names,
                      t("Số hoạt động + chỉ tiêu", "Activities + targets"), t("hoạt động", "activities"),
                      t("chỉ tiêu", "targets"))

        def alignment_sources(points: list[dict]) -> pd.DataFrame:
            frames = [query("targets_alignment_sources", plan_id=p["customdata"][0], objective_id=p["customdata"][1],
                            **params) for p in points if len(p.get("customdata") or []) >= 2]
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

        ui.chart(fig, data, "targets_alignment", sources=alignment_sources)
    else:  # a row per plan cannot be drawn for thousands of plans: the plans with a gap, per plan year
        st.caption(t(f"{fmt_int(n_plans)} kế hoạch: mỗi ô là số kế hoạch của năm đó “thiếu” mục tiêu (không có hoạt "
                     "động hay chỉ tiêu nào phục vụ) trên tổng số kế hoạch của năm; màu theo tỷ lệ. Bảng Dữ liệu có "
                     "từng kế hoạch × mục tiêu.",
                     f"{fmt_int(n_plans)} plans: each cell is how many of that year's plans have a “gap” on the "
                     "objective (no activity or target serving it) out of the year's plans; colour by share. The Data "
                     "table has every plan × objective."))
        fig = drawing(fig_alignment_years, alignment_by_year(alignment), "", names, t("Năm kế hoạch", "Plan year"),
                      t("Tỷ lệ kế hoạch thiếu", "Share of plans with a gap"),
                      t("kế hoạch thiếu / tổng", "plans with a gap / all"), t("không rõ năm", "unknown year"))
        ui.chart(fig, data, "targets_alignment")
    gaps = alignment[alignment["total"] == 0]
    st.caption(t(f"Ô “thiếu”: kế hoạch không có hoạt động hay chỉ tiêu nào phục vụ mục tiêu đó "
                 f"({fmt_int(len(gaps))} ô). Hoạt động được gắn mục tiêu theo từ khóa; chỉ tiêu theo mã NQ28-M1…M6.",
                 f"“gap” cells: the plan has no activity or target serving that objective ({fmt_int(len(gaps))} cells). "
                 "Activities are mapped to objectives by keywords; targets by their NQ28-M1…M6 code."))
    if alignment["truncated"].any():
        st.caption(t("⚠ bị cắt: văn bản không đầy đủ, ô “thiếu” có thể chỉ do phần bị mất.",
                     "⚠ cut off: the document is incomplete; its gaps may only reflect the missing part."))
    if f.themes:
        st.caption(t("Đang lọc theo chủ đề: chỉ đếm các hoạt động có chủ đề đã chọn.",
                     "Theme filter on: only activities with the selected themes are counted."))
