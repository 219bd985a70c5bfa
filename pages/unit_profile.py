"""Hồ sơ địa phương / Unit profile: everything about one province or district across the years."""

import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query
from explorer.figures.unit_profile import RELATION_RANK, fig_cited, fig_leads, fig_plans, fig_targets, fig_themes
from explorer.i18n import fmt_date, fmt_int, fmt_num, t
from explorer.labels import doc_type_label, indicator_label, label, level_label, theme_label
from explorer.plotly_chart import drawing
from loaders.textnorm import sort_key

ui.header("Hồ sơ địa phương", "Unit profile",
          "Mọi thông tin về một tỉnh hoặc huyện qua các năm: kế hoạch, chỉ tiêu, chủ đề hoạt động, cơ quan chủ trì, "
          "văn bản được dẫn.",
          "Everything about one province or district across the years: plans, targets, activity themes, lead "
          "agencies, cited documents.")
f = filters.sidebar()
params = f.params()

SOURCE_COLUMNS = ["plan_label", "section_path", "line_start", "line_end", "quote"]
SECTORS = {
    "labour_social": ("Lao động - Thương binh và Xã hội", "Labour, invalids and social affairs"),
    "home_affairs": ("Nội vụ", "Home affairs"), "planning_investment": ("Kế hoạch và Đầu tư", "Planning and investment"),
    "information_communication": ("Thông tin và Truyền thông", "Information and communication"),
    "culture_sports_tourism": ("Văn hóa, Thể thao và Du lịch", "Culture, sports and tourism"),
    "statistics": ("Thống kê", "Statistics"), "women_union": ("Hội Liên hiệp Phụ nữ", "Women's Union"),
    "finance": ("Tài chính", "Finance"), "health": ("Y tế", "Health"), "education": ("Giáo dục", "Education"),
    "justice": ("Tư pháp", "Justice"), "police": ("Công an", "Police"), "media": ("Báo chí, phát thanh", "Media"),
    "government": ("Chính quyền", "Government"), "ethnic_affairs": ("Dân tộc", "Ethnic affairs"),
    "agriculture": ("Nông nghiệp", "Agriculture"), "fatherland_front": ("Mặt trận Tổ quốc", "Fatherland Front"),
    "youth_union": ("Đoàn Thanh niên", "Youth Union"), "labour_federation": ("Công đoàn", "Trade unions"),
    "farmers_union": ("Hội Nông dân", "Farmers' Union"), "ban_vstbpn": ("Ban Vì sự tiến bộ của phụ nữ", "Committee for "
                                                                       "the Advancement of Women"),
    "multi": ("Nhiều cơ quan", "Several agencies"), "government_office": ("Văn phòng UBND", "People's Committee office"),
    "gender_equality_dept": ("Vụ Bình đẳng giới", "Gender Equality Department"),
}
sector_labels = {code: t(vi, en) for code, (vi, en) in SECTORS.items()}


def _date(value, precision="day") -> str:
    if value is None or pd.isna(value):
        return "–"
    return fmt_date(value, precision if isinstance(precision, str) else "day")


def _no_sources() -> pd.DataFrame:
    return pd.DataFrame(columns=SOURCE_COLUMNS)


# --- Choose the unit (kept in the URL as ?unit=Province or ?unit=Province/District) ------------------------------
units = query("unit_profile_units", **params)
if units.empty:
    ui.empty()
    st.stop()
pairs = list(zip(units["province"].tolist(), units["district"].tolist(), strict=True))
units["key"] = [p if not isinstance(d, str) else f"{p}/{d}" for p, d in pairs]
units["name"] = [p if not isinstance(d, str) else f"{d} ({p})" for p, d in pairs]
units["_k"] = [(sort_key(p), sort_key(d if isinstance(d, str) else "")) for p, d in pairs]
units = units.sort_values("_k").reset_index(drop=True)
info = units.set_index("key")
keys = list(units["key"])
# The menu's labels, made once (a format_func looking each of ~700 units up took 30 ms a run).
district_kind, province_kind = t("huyện", "district"), t("tỉnh, gồm các huyện", "province, incl. districts")
unit_names = {k: f"{n} · {district_kind if isinstance(d, str) else province_kind}"
              for k, n, d in zip(keys, units["name"].tolist(), units["district"].tolist(), strict=True)}

wanted = st.query_params.get("unit")
chosen = st.selectbox(t("Tỉnh hoặc huyện", "Province or district"), keys,
                      index=keys.index(wanted) if wanted in keys else 0, format_func=unit_names.__getitem__,
                      key="unit_profile_unit")
st.query_params["unit"] = chosen
row = info.loc[chosen]
prov, dist = row["province"], (row["district"] if isinstance(row["district"], str) else None)
unit_params = {**params, "prov": prov, "dist": dist}

successor = row["province_2025"] if isinstance(row["province_2025"], str) else None
st.subheader(row["name"] + (f"  →  {successor} ({t('từ 01/07/2025', 'since 01/07/2025')})" if successor else ""))
st.caption((t("Huyện thuộc tỉnh ", "District of ") + prov if dist else
            t("Tỉnh: gồm kế hoạch của tỉnh và các huyện trong tỉnh.", "Province: its own plans and its districts'."))
           + (" " + t(f"Sau sắp xếp đơn vị hành chính 2025, địa bàn thuộc tỉnh/thành {successor}.",
                      f"After the 2025 reorganisation the area belongs to {successor}.") if successor else ""))

plans = query("unit_profile_plans", **unit_params)
if plans.empty:
    ui.empty()
    st.stop()
targets = query("unit_profile_targets", **unit_params)
themes = query("unit_profile_themes", **unit_params)
leads = query("unit_profile_leads", **unit_params)
cites = query("unit_profile_citations", **unit_params)

years = sorted(int(y) for y in plans["plan_year"].dropna().unique())
cards = [(t("Kế hoạch", "Plans"), fmt_int(len(plans))),
         (t("Năm", "Years"), (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "–"),
         (t("Chỉ tiêu", "Targets"), fmt_int(len(targets))),
         (t("Hoạt động", "Activities"), fmt_int(int(plans["activities"].sum()))),
         (t("Cơ quan chủ trì", "Lead agencies"), fmt_int(leads["agency_key"].nunique() if not leads.empty else 0)),
         (t("Văn bản được dẫn", "Cited documents"), fmt_int(cites["cited_doc_id"].nunique() if not cites.empty else 0))]
for col, (name, value) in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(name, value)

# --- Plans --------------------------------------------------------------------------------------------------------
st.markdown(f"#### {t('Các kế hoạch qua các năm', 'Plans over the years')}")
plans["issued"] = [_date(d, p) for d, p in zip(plans["issue_date"], plans["issue_date_precision"], strict=True)]
doc_types = {c: doc_type_label(c) for c in plans["doc_type"].dropna().unique()}
year_label = t("Năm kế hoạch", "Plan year")
ui.chart(drawing(fig_plans, plans, doc_types, {"year": year_label, "targets": t("Chỉ tiêu", "Targets"),
                                               "activities": t("Hoạt động", "Activities")}),
         plans.drop(columns=["issued"]), "unit_profile_plans")
st.dataframe(pd.DataFrame({
    t("Năm", "Year"): plans["plan_year"], t("Cơ quan ban hành", "Issuer"): plans["issuer"],
    t("Cấp", "Level"): ui.labelled(plans["level"], level_label),
    t("Loại", "Type"): ui.labelled(plans["doc_type"], doc_type_label),
    t("Số hiệu", "Number"): plans["doc_number"].fillna("–"), t("Ngày ban hành", "Issued"): plans["issued"],
    t("Người ký", "Signer"): plans["signer"].fillna("–"), t("Trích yếu", "Title"): plans["title"].fillna("–"),
    t("Chỉ tiêu", "Targets"): plans["targets"], t("Hoạt động", "Activities"): plans["activities"],
    t("Trích dẫn", "Citations"): plans["citations"], t("Mốc thời gian", "Dated items"): plans["deadlines"],
}), hide_index=True, width="stretch")

# --- Targets over time ------------------------------------------------------------------------------------------
st.markdown(f"#### {t('Chỉ tiêu theo thời gian', 'Targets over time')}")
if targets.empty:
    st.caption(t("Chưa trích xuất được chỉ tiêu định lượng nào từ các kế hoạch của đơn vị này.",
                 "No quantified target was extracted from this unit's plans."))
else:
    indicators = {k: indicator_label(k) for k in targets["indicator_key"].dropna().unique()}

    def target_sources(points: list[dict]) -> pd.DataFrame:
        keys_ = {(p["customdata"][0], p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
        mask = [(pid, ls) in keys_ for pid, ls in zip(targets["plan_id"], targets["line_start"], strict=True)]
        return targets.loc[mask, SOURCE_COLUMNS].drop_duplicates()

    ui.chart(drawing(fig_targets, targets, indicators, {"year": t("Năm đích", "Target year"),
                                                        "value": t("Giá trị", "Value")}),
             targets, "unit_profile_targets", sources=target_sources)
    st.dataframe(pd.DataFrame({
        t("Năm đích", "Target year"): targets["target_year"],
        t("Chỉ số", "Indicator"): [indicators.get(k, txt) if isinstance(k, str) else txt
                                   for k, txt in zip(targets["indicator_key"], targets["indicator_text"], strict=True)],
        t("Giá trị", "Value"): [f"{c or ''} {fmt_num(v)}{u or ''}".strip()
                                for c, v, u in zip(targets["comparator"], targets["value"], targets["unit"], strict=True)],
        t("Kế hoạch", "Plan"): targets["plan_label"],
    }), hide_index=True, width="stretch")

# --- Theme mix over time ------------------------------------------------------------------------------------------
st.markdown(f"#### {t('Cơ cấu chủ đề hoạt động theo năm', 'Theme mix over time')}")
if themes.empty:
    st.caption(t("Không có hoạt động nào (với bộ lọc chủ đề hiện tại).", "No activities (with the current theme filter)."))
else:
    st.caption(t("Kích thước: số hoạt động có chủ đề; màu: tỷ lệ trên tổng số hoạt động của năm (một hoạt động có thể "
                 "thuộc nhiều chủ đề).",
                 "Size: activities with the theme; colour: share of the year's activities (an activity can have "
                 "several themes)."))
    theme_names = {c: theme_label(c) for c in themes["theme_id"].unique()}

    def theme_sources(points: list[dict]) -> pd.DataFrame:
        rows = query("unit_profile_activities", **unit_params)
        keys_ = {(int(p["customdata"][0]), p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
        mask = [any(y == year and theme in (ths if ths is not None else []) for year, theme in keys_)
                for y, ths in zip(rows["plan_year"], rows["themes"], strict=True)]
        return rows.loc[mask, SOURCE_COLUMNS] if len(rows) else _no_sources()

    ui.chart(drawing(fig_themes, themes, theme_names, {"year": year_label,
                                                       "activities": t("Hoạt động", "Activities"),
                                                       "share": t("Tỷ lệ", "Share")}),
             themes.assign(theme=themes["theme_id"].map(theme_names)), "unit_profile_themes", sources=theme_sources)

# --- Lead agencies --------------------------------------------------------------------------------------------------
st.markdown(f"#### {t('Cơ quan chủ trì qua các năm', 'Lead agencies over the years')}")
if leads.empty:
    st.caption(t("Không trích xuất được cơ quan chủ trì nào từ các kế hoạch của đơn vị này.",
                 "No lead agency was extracted from this unit's plans."))
else:
    lead_agg = (leads.groupby(["plan_year", "agency_key"], as_index=False)
                .agg(agency_name=("agency_name", "first"), sector=("sector", "first"), tasks=("quote", "size"),
                     plans=("plan_id", "nunique")))

    def lead_sources(points: list[dict]) -> pd.DataFrame:
        keys_ = {(int(p["customdata"][0]), p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
        mask = [(int(y), k) in keys_ for y, k in zip(leads["plan_year"], leads["agency_key"], strict=True)]
        return leads.loc[mask, SOURCE_COLUMNS]

    ui.chart(drawing(fig_leads, lead_agg, sector_labels, {"year": year_label,
                                                          "tasks": t("Nhiệm vụ chủ trì", "Lead tasks")}),
             lead_agg, "unit_profile_leads", sources=lead_sources)
    changes, previous = [], None
    for year in sorted(lead_agg["plan_year"].unique()):
        now = set(lead_agg.loc[lead_agg["plan_year"] == year, "agency_name"])
        changes.append({
            t("Năm", "Year"): int(year),
            t("Cơ quan chủ trì", "Lead agencies"): "; ".join(sorted(now, key=sort_key)),
            t("Mới so với năm trước", "New since previous year"):
                "–" if previous is None else ("; ".join(sorted(now - previous, key=sort_key)) or "–"),
            t("Không còn chủ trì", "No longer leading"):
                "–" if previous is None else ("; ".join(sorted(previous - now, key=sort_key)) or "–"),
        })
        previous = now
    st.dataframe(pd.DataFrame(changes), hide_index=True, width="stretch")
    transfers = query("unit_profile_transfers")
    sectors = set(lead_agg["sector"].dropna())
    for tr in transfers.itertuples():
        if {tr.from_sector, tr.to_sector} & sectors:
            st.caption(f"{tr.function_name}: {sector_labels.get(tr.from_sector, tr.from_sector)} → "
                       f"{sector_labels.get(tr.to_sector, tr.to_sector)} "
                       f"({t('từ', 'from')} {_date(tr.effective_date)}, {tr.legal_basis}). {tr.note}")

# --- What it cites --------------------------------------------------------------------------------------------------
st.markdown(f"#### {t('Văn bản được dẫn', 'What it cites')}")
if cites.empty:
    st.caption(t("Không có trích dẫn nào.", "No citations."))
else:
    relation_labels = {c: label("relation", c) for c in RELATION_RANK}
    cited_agg = (cites.groupby(["plan_year", "cited_doc_id"], as_index=False)
                 .agg(cited_name=("cited_name", "first"), cited_title=("cited_title", "first"),
                      scope=("scope", "first"), cited_date=("cited_date", "first"),
                      relation=("relation", lambda s: min(s, key=lambda r: RELATION_RANK.get(r, 9))),
                      mentions=("quote", "size")))

    def cite_sources(points: list[dict]) -> pd.DataFrame:
        keys_ = {(int(p["customdata"][0]), p["customdata"][1]) for p in points if len(p.get("customdata") or []) >= 2}
        mask = [(int(y), d) in keys_ for y, d in zip(cites["plan_year"], cites["cited_doc_id"], strict=True)]
        return cites.loc[mask, SOURCE_COLUMNS]

    ui.chart(drawing(fig_cited, cited_agg, relation_labels, {"year": year_label,
                                                             "mentions": t("Số câu", "Sentences")}),
             cited_agg, "unit_profile_cited", sources=cite_sources)
