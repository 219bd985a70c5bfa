"""Chỉ tiêu / Targets: the same indicator across plans, gaps against national targets, alignment with the Strategy."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.targets import (
    fig_alignment,
    fig_target_gaps,
    fig_target_values,
    national_gaps,
    single_plan_targets,
    target_text,
    wrap,
)
from explorer.i18n import fmt_int, fmt_num, lang, t
from explorer.labels import indicator_label, objective_label
from loaders.textnorm import sort_key

ui.header("Chỉ tiêu", "Targets",
          "Chỉ tiêu định lượng của các kế hoạch, so với chỉ tiêu quốc gia và với 6 mục tiêu của Chiến lược quốc gia "
          "về bình đẳng giới giai đoạn 2021–2030.",
          "Quantified targets of the plans, against the national targets and the six objectives of the National "
          "Strategy on Gender Equality 2021–2030.")
f = filters.sidebar()
params = f.params()

plans = query("targets_plans", **params)
if plans.empty:
    ui.empty()
    st.stop()


def num(x: float) -> str:
    return fmt_num(x, 1)


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


targets = query("targets_values", **params)
if not targets.empty:
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
    targets = national_gaps(targets)

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
        # a national marker only where it is in the same unit (QD1790-MT1 counts sessions, not %)
        percent = percent.assign(national_value=percent["national_value"].where(
            percent["status"].isin(["above", "equal", "below"])))
        order = {name: i for i, name in enumerate(sorted(percent["indicator"].unique(), key=sort_key))}
        frame = percent.assign(_o=percent["indicator"].map(order)).sort_values(["_o", "plan_year"]).drop(columns="_o")
        fig = fig_target_values(frame, "", t("Giá trị chỉ tiêu (%)", "Target value (%)"),
                                t("Chỉ tiêu quốc gia", "National target"))
        ui.chart(fig, frame[["plan_label", "indicator", "value_text", "target_year", "national_target_id",
                             "national_value_label", "section_path", "line_start", "line_end", "quote"]],
                 "targets_values", sources=target_sources)
    others = targets[~targets.index.isin(percent.index)]
    if not others.empty:
        st.caption(t(f"{fmt_int(len(others))} chỉ tiêu có đơn vị khác % chỉ có trong các bảng bên dưới.",
                     f"{fmt_int(len(others))} targets in units other than % appear only in the tables below."))
if without:
    st.caption(t("Kế hoạch không nêu chỉ tiêu định lượng: ", "Plans stating no quantified target: ")
               + "; ".join(without))

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
    else:
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
        fig = fig_target_gaps(comparable, "", t("Kế hoạch − quốc gia (điểm %)", "Plan − national (percentage points)"),
                              status_labels)
        ui.chart(fig, comparable[["plan_label", "indicator", "value_text", "target_year", "national_target_id",
                                  "national_value_label", "gap", "status", "section_path", "line_start", "line_end"]],
                 "targets_gaps", sources=target_sources)
    table = targets.assign(
        status=targets["status"].map(status_labels),
        gap=[("+" if g > 0 else "") + num(float(g)) if not _blank(g) else "–" for g in targets["gap"]],
        national_value_label=targets["national_value_label"].replace("", "–"),
        national_target_id=targets["national_target_id"].fillna("–"),
    )[["plan_label", "indicator", "value_text", "target_year", "national_target_id", "national_value_label", "gap",
       "status", "section_path"]]
    table.columns = [t("Kế hoạch", "Plan"), t("Chỉ tiêu", "Indicator"), t("Mục tiêu của KH", "Plan target"),
                     t("Năm", "Year"), t("Mã chỉ tiêu QG", "National code"), t("Chỉ tiêu quốc gia", "National target"),
                     t("Chênh lệch", "Gap"), t("Đánh giá", "Assessment"), t("Mục", "Section")]
    st.dataframe(table, hide_index=True, width="stretch")
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
        st.dataframe(shown, hide_index=True, width="stretch")
        if targets["plan_id"].nunique() == 1:
            st.caption(t("Chỉ một kế hoạch đang lọc có chỉ tiêu định lượng, nên mọi chỉ tiêu của nó đều “chỉ có ở một kế hoạch”.",
                         "Only one filtered plan states quantified targets, so all of its targets are “single-plan”."))
        ui.data_expander(single.drop(columns=["indicator_en" if lang() == "vi" else "indicator_vi"]), "targets_single")

# --- 4. alignment with the National Strategy 2021–2030 ----------------------------------------------------------
st.subheader(t("Bám sát 6 mục tiêu của Chiến lược quốc gia 2021–2030", "Alignment with the six objectives of the "
               "National Strategy 2021–2030"))
alignment = query("targets_alignment", **params)
if not alignment.empty:
    alignment = alignment.assign(_k=alignment["plan_label"].map(sort_key)).sort_values(
        ["plan_year", "_k", "objective_id"]).drop(columns="_k")
if alignment.empty:
    ui.empty()
else:
    names = {o: f"{o.removeprefix('NQ28-')} · {objective_label(o, short=True)}" for o in alignment["objective_id"].unique()}
    cut = t("bị cắt", "cut off")
    alignment["plan_label"] = [f"{label} ⚠ {cut}" if truncated else label
                               for label, truncated in zip(alignment["plan_label"], alignment["truncated"], strict=True)]
    fig = fig_alignment(alignment, "", t("thiếu", "gap"), names, t("Số hoạt động + chỉ tiêu", "Activities + targets"),
                        t("hoạt động", "activities"), t("chỉ tiêu", "targets"))

    def alignment_sources(points: list[dict]) -> pd.DataFrame:
        frames = [query("targets_alignment_sources", plan_id=p["customdata"][0], objective_id=p["customdata"][1],
                        **params) for p in points if len(p.get("customdata") or []) >= 2]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    ui.chart(fig, alignment.drop(columns=["objective_en" if lang() == "vi" else "objective_vi"]), "targets_alignment",
             sources=alignment_sources)
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
