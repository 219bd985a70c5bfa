"""Trình chiếu / Presentation: the chosen plans as full-width slides for Ban VSTBPN meetings, the same
slides as a .pptx, and a printable brief (PDF) per plan or per province-year."""

import datetime as dt
import html

import pandas as pd
import streamlit as st

from explorer import deck, filters, plotly_chart, ui
from explorer.brief import build_brief
from explorer.data import db_version, query
from explorer.i18n import fmt_int, t
from loaders.textnorm import fold, sort_key

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

f = filters.sidebar()
params = f.params()


def _from_url(key: str) -> list[str]:
    return [v for part in st.query_params.get_all(key) for v in part.split(",") if v]


def _to_url(key: str, values: list[str]) -> None:
    if values:
        st.query_params[key] = ",".join(values)
    elif key in st.query_params:
        del st.query_params[key]


# --- pickers (sidebar): units and years; kept in the URL so a link reproduces the presentation ----------------
options = query("presentation_options", **params)
by_kind = {k: g["value"].tolist() for k, g in options.groupby("kind")}
with st.sidebar:
    st.subheader(t("Trình chiếu", "Presentation"))
    wanted_units = _from_url("pres_units")
    unit_options = sorted(set(by_kind.get("unit", [])) | set(wanted_units), key=sort_key)
    units = st.multiselect(t("Tỉnh/huyện", "Province/district"), unit_options, default=wanted_units,
                           key="pres_units", placeholder=t("Tất cả kế hoạch đang lọc", "All filtered plans"),
                           help=t("Chọn một tỉnh gồm cả kế hoạch của các huyện trong tỉnh.",
                                  "A province includes the plans of its districts."))
    wanted_years = [y for y in _from_url("pres_years") if y.isdigit()]
    year_options = sorted(set(by_kind.get("year", [])) | set(wanted_years))
    years = st.multiselect(t("Năm kế hoạch", "Plan years"), year_options, default=wanted_years, key="pres_years",
                           placeholder=t("Tất cả", "All"))
    meeting = st.text_input(t("Dòng phụ trên trang bìa", "Line on the title slide"),
                            placeholder="Tài liệu họp Ban Vì sự tiến bộ của phụ nữ", key="pres_meeting")
_to_url("pres_units", units)
_to_url("pres_years", years)


@st.cache_data(show_spinner=False, max_entries=32, ttl=6 * 3600)
def presentation(key: tuple, units: tuple, years: tuple, today: dt.date, meeting: str, version: float):
    """The plans' data and slides (building the figures takes ~1 s; each ← / → reruns the page)."""
    bundle = deck.collect(ui.thawed(key), list(units) or None,
                          list(years) or None, run=ui.shared_query)  # whole-country frames shared, not pickled
    return bundle, deck.build_slides(bundle, today=today, meeting=meeting)


today = dt.date.today()
filters_key = ui.frozen(params)
chosen_plans = ui.shared_query("presentation_plans", **params, units=list(units) or None,
                               years=[int(y) for y in years] or None)  # read-only
if len(chosen_plans) > ui.MAX_DECK_PLANS:  # slides name and chart every plan: a meeting's worth, not a country's
    ui.header("Trình chiếu", "Presentation")
    st.info(t(f"Đang chọn {fmt_int(len(chosen_plans))} kế hoạch — quá nhiều cho một bài trình chiếu (tối đa "
              f"{ui.MAX_DECK_PLANS}, mỗi kế hoạch được nêu tên trên các trang). Chọn tỉnh/huyện và năm kế hoạch ở thanh "
              "bên; bảng dưới đây cho biết mỗi tỉnh có bao nhiêu kế hoạch mỗi năm.",
              f"{fmt_int(len(chosen_plans))} plans chosen — too many for one presentation (at most "
              f"{ui.MAX_DECK_PLANS}; every plan is named on the slides). Choose provinces/districts and plan years in "
              "the sidebar; the table below shows how many plans each province has each year."))
    counts = (chosen_plans.assign(province=chosen_plans["province"].fillna("?"),
                                  plan_year=chosen_plans["plan_year"].astype("Int64"))
              .pivot_table(index="province", columns="plan_year", values="plan_id", aggfunc="count", fill_value=0))
    counts = counts.loc[sorted(counts.index, key=sort_key)]
    counts.columns = [str(c) for c in counts.columns]
    ui.table(counts.reset_index().rename(columns={"province": t("Tỉnh/thành", "Province")}))
    st.page_link("pages/export.py", label=t("Xuất dữ liệu (XLSX, CSV, Parquet) theo bộ lọc hiện tại",
                                            "Export the data (XLSX, CSV, Parquet) under the current filters"),
                 icon=":material/download:")
    st.stop()
bundle, slides = presentation(filters_key, tuple(units), tuple(int(y) for y in years), today, meeting.strip(),
                              db_version())
if not slides:
    ui.header("Trình chiếu", "Presentation")
    ui.empty()
    st.stop()

total = len(slides)


def go(step: int) -> None:
    """Button callback (also bound to ← / →); the move is applied below, where the URL is written."""
    st.session_state["pres_step"] = st.session_state.get("pres_step", 0) + step


raw = st.query_params.get("slide", "1")
current = min(max(int(raw) if str(raw).isdigit() else 1, 1), total)
current = min(max(current + st.session_state.pop("pres_step", 0), 1), total)
st.query_params["slide"] = str(current)  # the slide lives in the URL: a link opens it

# --- the slide ------------------------------------------------------------------------------------------------
st.html("""<style>
.st-key-pres_slide {background: white; padding: 1.2rem 2rem 0.6rem 2rem !important; min-height: 72vh;}
.pres-title {font-size: 2.4rem; font-weight: 700; line-height: 1.2; color: #212121; margin: 0 0 .2rem 0;}
.pres-rule {width: 7rem; height: .35rem; background: #c2185b; margin: .2rem 0 .8rem 0;}
.pres-sub {font-size: 1.25rem; color: #555; line-height: 1.45; margin-bottom: .6rem;}
.pres-message {font-size: 2rem; font-weight: 700; color: #c2185b; line-height: 1.35; margin: 1.5rem 0 1rem 0;}
.pres-bullets {font-size: 1.45rem; line-height: 1.5; color: #212121;}
.pres-bullets li {margin-bottom: .6rem; font-size: 1.45rem !important; line-height: 1.5;}
.pres-sources li {font-size: 1.15rem !important;}
.pres-cover {padding: 8vh 0 6vh 0; border-left: .8rem solid #c2185b; padding-left: 2.5rem;}
.pres-cover-title {font-size: 3.2rem; font-weight: 700; color: #c2185b; line-height: 1.15;}
.pres-cover-sub {font-size: 2.2rem; color: #212121; margin-top: 1.2rem;}
.pres-cover-lines {font-size: 1.4rem; color: #616161; margin-top: 2.5rem; line-height: 1.6;}
.pres-table {width: 100%; border-collapse: collapse; font-size: 1.35rem; margin-top: 1rem;}
.pres-table th {background: #c2185b; color: white; padding: .5rem .8rem; text-align: center; font-size: 1.1rem;}
.pres-table th:first-child, .pres-table th:nth-child(2) {text-align: left;}
.pres-table td {padding: .6rem .8rem; border-bottom: 1px solid #f8bbd0; text-align: center;}
.pres-table td.pres-n {font-size: 2.2rem; font-weight: 700; color: #212121;}
.pres-table td.pres-l {text-align: left;}
.pres-footer {font-size: .95rem; color: #757575; margin-top: .6rem; display: flex; justify-content: space-between;}
</style>""")


def esc(text) -> str:
    return html.escape(str(text))


def draw(slide: deck.Slide, number: int) -> None:
    """One slide: title, one chart or one key message, sources in the footer. Document text is escaped and
    shown with st.html (HTML only: no Markdown, LaTeX or colour directives from a document's words)."""
    if slide.kind == "title":
        lines = "<br>".join(esc(b) for b in slide.bullets)
        st.html(f"<div class='pres-cover'><div class='pres-cover-title'>{esc(slide.title)}</div>"
                f"<div class='pres-cover-sub'>{esc(slide.subtitle)}</div>"
                f"<div class='pres-cover-lines'>{lines}</div></div>")
    else:
        st.html(f"<div class='pres-title'>{esc(slide.title)}</div><div class='pres-rule'></div>")
        if slide.kind == "message":
            items = "".join(f"<li>{esc(b)}</li>" for b in slide.bullets)
            st.html(f"<div class='pres-message'>{esc(slide.subtitle)}</div><ul class='pres-bullets'>{items}</ul>")
        elif slide.kind == "sources":
            items = "".join(f"<li>{esc(b)}</li>" for b in slide.bullets)
            st.html(f"<ul class='pres-bullets pres-sources'>{items}</ul>")
        else:
            if slide.subtitle:
                st.html(f"<div class='pres-sub'>{esc(slide.subtitle)}</div>")
            if slide.kind == "numbers" and slide.table is not None:
                head = "".join(f"<th>{esc(c)}</th>" for c in slide.table.columns)
                body = "".join(
                    "<tr>" + "".join(f"<td class='{'pres-l' if i < 2 else 'pres-n'}'>{esc(v)}</td>" for i, v in enumerate(row))
                    + "</tr>" for row in slide.table.itertuples(index=False))
                st.html(f"<table class='pres-table'><tr>{head}</tr>{body}</table>")
            elif slide.figure is not None:
                fig = slide.figure
                fig.update_layout(height=560)
                plotly_chart.show(fig, f"pres_chart_{number}", config={"displayModeBar": False})
    st.html(f"<div class='pres-footer'><span>{esc(slide.footer)}</span><span>{number}/{total}</span></div>")


with st.container(key="pres_slide"):
    draw(slides[current - 1], current)

# --- navigation (← / → on the keyboard) and the one-click deck -------------------------------------------------
plans = bundle.plans
labels = deck.short_labels(plans)
stem = "trinh-chieu-" + ui.safe_name(fold("-".join(labels[p].replace(" ⚠", "") for p in bundle.plan_ids))[:80])
back, ahead, where, download = st.columns([1, 1, 2.2, 1.8], vertical_alignment="center")
back.button(t("‹ Trước", "‹ Previous"), on_click=go, args=(-1,), disabled=current == 1, key="pres_prev",
            shortcut="ArrowLeft", width="stretch")
ahead.button(t("Sau ›", "Next ›"), on_click=go, args=(1,), disabled=current == total, key="pres_next",
             shortcut="ArrowRight", width="stretch", type="primary")
where.caption(t(f"Trang {current}/{total} · phím ← → để chuyển trang · F11 để toàn màn hình",
                f"Slide {current}/{total} · ← → keys to move · F11 for full screen"))


def make_deck() -> bytes:  # runs on click, on Streamlit's worker thread (kaleido renders the charts, ~2–5 s)
    return deck.build_deck(slides)


download.download_button(t("Tải bản trình chiếu (.pptx)", "Download slides (.pptx)"), make_deck, f"{stem}.pptx",
                         PPTX_MIME, key="pres_pptx", icon=":material/slideshow:", on_click="ignore", width="stretch")

# --- briefs and data ------------------------------------------------------------------------------------------
with st.expander(t("Bản tóm tắt để in (PDF) và xuất dữ liệu", "Printable briefs (PDF) and data export")):
    choices: dict[str, list[str]] = {}
    for row in plans.itertuples():
        choices[t("Kế hoạch: ", "Plan: ") + deck.source_label(row)] = [row.plan_id]
    groups = plans.groupby([plans["province"].fillna("?"), plans["plan_year"].fillna(0).astype(int)], sort=False)
    for (province, year), group in groups:
        if len(group) > 1 or group["district"].notna().any():
            key = t(f"Tỉnh – năm: {province} {year} ({len(group)} kế hoạch)",
                    f"Province-year: {province} {year} ({len(group)} plans)")
            choices[key] = group["plan_id"].tolist()
    for (province, year), group in groups:  # a province-year with its own single plan is that plan's brief too
        if len(group) == 1 and group["district"].isna().all():
            choices[t(f"Tỉnh – năm: {province} {year}", f"Province-year: {province} {year}")] = group["plan_id"].tolist()
    pick = st.selectbox(t("Bản tóm tắt cho", "Brief for"), list(choices), key="pres_brief_pick")
    ids = choices[pick]
    part = bundle.subset(ids)

    def make_brief() -> bytes:
        return build_brief(part, today=today)

    first = part.plans.iloc[0]
    name = "tom-tat-" + ui.safe_name(fold(
        deck.doc_label(first) + "-" + deck.unit_name(first) + f"-{int(first['plan_year'])}"
        if len(ids) == 1 and not pd.isna(first["plan_year"]) else pick))[:90]
    st.download_button(t("Tải bản tóm tắt (PDF, 1–2 trang)", "Download the brief (PDF, 1–2 pages)"), make_brief,
                       f"{name}.pdf", "application/pdf", key="pres_brief", icon=":material/picture_as_pdf:",
                       on_click="ignore")
    st.caption(t("Bản tóm tắt ghi số hiệu và ngày của văn bản ở đầu mỗi trang để lưu hồ sơ.",
                 "The brief prints the document number and date on every page, for filing."))
    st.page_link("pages/export.py", label=t("Xuất dữ liệu (XLSX, CSV, Parquet) theo bộ lọc hiện tại",
                                            "Export the data (XLSX, CSV, Parquet) under the current filters"),
                 icon=":material/download:")
