"""Page furniture: headers, empty states, charts with their data, downloads and source sentences."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explorer import plotly_chart
from explorer.data import frozen, thawed  # noqa: F401  (pages call them as ui.frozen / ui.thawed)
from explorer.i18n import fmt_int, t
from explorer.shell import ensure_shell
from loaders.textnorm import sort_key


def header(title_vi: str, title_en: str, caption_vi: str = "", caption_en: str = "") -> None:
    ensure_shell()
    st.title(t(title_vi, title_en))
    if caption_vi:
        st.caption(t(caption_vi, caption_en))


def empty(message_vi: str | None = None, message_en: str | None = None) -> None:
    """A helpful note instead of an empty chart."""
    st.info(t(message_vi or "Không có dữ liệu phù hợp với bộ lọc hiện tại. Hãy nới rộng bộ lọc ở thanh bên.",
              message_en or "No data matches the current filters. Widen the filters in the sidebar."))


def safe_name(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "_", name).strip("_") or "data"


def to_xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table; sheet names cut to Excel's 31 characters."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            out = frame.copy()
            for column in out.columns:
                # List columns arrive from DuckDB as numpy arrays; Excel gets them as "a, b".
                if out[column].map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
                    out[column] = out[column].map(
                        lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray)) else v)
            out.to_excel(writer, sheet_name=name[:31] or "data", index=False)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel shows Vietnamese correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


# At national scale (10,000 plans) a chart with one bar, row or column per plan cannot be drawn or read: above
# MAX_PLANS_DRAWN plans such charts are drawn as aggregates (distributions, per year, per province) and say so;
# the "Dữ liệu" table and its downloads still hold every row. Long lists show LIST_ROWS rows a page.
MAX_PLANS_DRAWN = 40
MAX_UNITS_DRAWN = 80  # issuing units (provinces and districts) a chart gives a row each; above: a row per province
LIST_ROWS = 200
MAX_DECK_PLANS = 20  # plans one presentation (slides, .pptx) is built for; every slide names each of them
MAX_OPTIONS = 300  # plans a picker lists at once; more: pick the issuing unit first
OPEN_DATA = False  # True: "Dữ liệu" expanders draw their table without being opened (tests read them)
LAZY_ROWS = 1000  # a longer table is sent to the browser in chunks as it is scrolled, not all at once


def table(frame: pd.DataFrame, **kwargs) -> None:
    """st.dataframe; a long table streams its rows on demand (Streamlit's lazy loading) instead of shipping
    every row with the page."""
    st.dataframe(frame, hide_index=True, width="stretch", lazy=True if len(frame) > LAZY_ROWS else None, **kwargs)


def labelled(values: pd.Series, name_of: Callable) -> pd.Series:
    """values.map(name_of), calling name_of once per distinct value: label functions read the language from the
    URL on every call (~40 µs), 0.4 s for a column of 10,000 plans."""
    names = {v: name_of(v) for v in values.dropna().unique()}
    out = values.map(names)
    return out.where(values.notna(), name_of(None)) if values.isna().any() else out


def known_labels(frame: pd.DataFrame, column: str = "plan_label") -> pd.DataFrame:
    """Plans whose unit could not be read (no province: the SQL label is NULL) named "? <year> · <plan_id>"
    instead of crashing string operations; the frame itself when every label is known."""
    if column not in frame.columns or not frame[column].isna().any():
        return frame
    year = frame["plan_year"].map(lambda y: "?" if pd.isna(y) else str(int(y))) if "plan_year" in frame.columns else "?"
    fallback = t("Không rõ đơn vị ", "Unknown unit ") + year + " · " + frame["plan_id"].astype(str)
    return frame.assign(**{column: frame[column].where(frame[column].notna(), fallback)})


def plan_menu(plans: pd.DataFrame) -> pd.DataFrame:
    """The plans of a picker in Vietnamese order of their label, with their issuing unit: plan_id, plan_label,
    unit ("Province" or "Province / District") and unit_label ("District (Province)"). Cache it per filter: the
    collation key is Python, ~10 µs a label."""
    out = plans[["plan_id", "plan_label", "province", "district"]].copy()
    out["plan_label"] = out["plan_label"].fillna(out["plan_id"])
    province = out["province"].fillna("?")
    out["unit"] = province.where(out["district"].isna(), province + " / " + out["district"])
    out["unit_label"] = province.where(out["district"].isna(), out["district"] + " (" + province + ")")
    keys = {label: sort_key(label) for label in out["plan_label"].unique()}
    out = out.assign(_k=out["plan_label"].map(keys)).sort_values("_k", kind="stable")
    return out[["plan_id", "plan_label", "unit", "unit_label"]].reset_index(drop=True)


def plan_picker(menu: pd.DataFrame, key: str, wanted: str | None, label: str | None = None) -> str:
    """A selectbox of plans (menu: plan_menu). More than MAX_OPTIONS plans: first the issuing unit, then its plans
    (a list of 10,000 plans is no picker, and each option costs time on every rerun). Returns a plan_id of the menu."""
    ids = menu["plan_id"].tolist()
    if len(ids) > MAX_OPTIONS:
        units = menu.drop_duplicates("unit")
        unit_names = dict(zip(units["unit"], units["unit_label"], strict=True))
        order = sorted(unit_names, key=lambda u: sort_key(unit_names[u]))
        hit = menu.loc[menu["plan_id"] == wanted, "unit"]
        start = order.index(hit.iloc[0]) if len(hit) else 0
        unit = st.selectbox(t(f"Đơn vị ban hành ({fmt_int(len(order))})", f"Issuing unit ({fmt_int(len(order))})"),
                            order, index=start, format_func=unit_names.get, key=f"{key}_unit")
        menu = menu[menu["unit"] == unit]
        ids = menu["plan_id"].tolist()
    names = dict(zip(menu["plan_id"], menu["plan_label"], strict=True))
    choice = st.selectbox(label or t("Kế hoạch", "Plan"), ids, index=ids.index(wanted) if wanted in names else 0,
                          format_func=lambda pid: names.get(pid, pid), key=key)
    return choice if choice in names else ids[0]  # a stale choice after the filters or the unit changed


def page_of(frame: pd.DataFrame, key: str, rows: int | None = None) -> pd.DataFrame:
    """The current page of a long list: a page picker and "rows a–b of N" above it (nothing for a short list)."""
    rows = rows or LIST_ROWS
    total = len(frame)
    if total <= rows:
        return frame
    c1, c2 = st.columns([1, 4], vertical_alignment="bottom")
    with c1:
        start = _page_picker(total, rows, key)
    shown = frame.iloc[start:start + rows]
    with c2:
        _page_caption(start, len(shown), total, rows)
    return shown


def paged(name: str, key: str, rows: int | None = None, **params) -> tuple[pd.DataFrame, int]:
    """The current page of explorer/sql/<name>.sql, read from DuckDB with LIMIT/OFFSET (and a count), under the
    same picker as page_of: at national scale the list behind it is 100,000s of rows, never fetched whole to show
    200. Returns (page, total rows)."""
    from explorer.data import count, query_page

    rows = rows or LIST_ROWS
    total = count(name, **params)
    if total <= rows:
        return query_page(name, 0, rows, **params), total
    start = _page_picker(total, rows, key)
    shown = query_page(name, start, rows, **params)
    _page_caption(start, len(shown), total, rows)
    return shown, total


def _page_picker(total: int, rows: int, key: str) -> int:
    """A page number input; the first row of the chosen page."""
    pages = (total + rows - 1) // rows
    if st.session_state.get(key, 1) > pages:  # fewer pages than before (a filter changed)
        st.session_state[key] = pages
    number = st.number_input(t("Trang", "Page"), min_value=1, max_value=pages, value=1, step=1, key=key)
    return (int(number) - 1) * rows


def _page_caption(start: int, shown: int, total: int, rows: int) -> None:
    number, pages = start // rows + 1, (total + rows - 1) // rows
    st.caption(t(f"Đang hiện dòng {fmt_int(start + 1)}–{fmt_int(start + shown)} trong {fmt_int(total)} "
                 f"(trang {fmt_int(number)}/{fmt_int(pages)}); tải CSV/XLSX ở mục Dữ liệu để có mọi dòng.",
                 f"Showing rows {fmt_int(start + 1)}–{fmt_int(start + shown)} of {fmt_int(total)} "
                 f"(page {fmt_int(number)}/{fmt_int(pages)}); download CSV/XLSX under Data for every row."))


def first_of(items: list[str], limit: int = 20, sep: str = "; ") -> str:
    """A caption-length list: the first `limit` items and how many more."""
    head = sep.join(map(str, items[:limit]))
    more = len(items) - limit
    return head if more <= 0 else head + t(f" … và {fmt_int(more)} khác", f" … and {fmt_int(more)} more")


def data_expander(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str,
                  prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None, show_table: bool = True,
                  rows: int | None = None) -> None:
    """"Dữ liệu": the table behind a chart, with CSV and XLSX downloads of every row.

    The files are written only when a button is clicked (on Streamlit's worker thread, no rerun): an XLSX of
    10,000 rows takes seconds, which the page used to pay on every load. `prepare` (e.g. joining list columns)
    also runs only then; show_table=False when the page already lists the rows (paged) above. `frame` may be a
    function reading every row (a list paged in SQL): it too runs only on a click; `rows` is then its length.
    """
    lazy = callable(frame)

    def ready() -> pd.DataFrame:
        rows_ = frame() if callable(frame) else frame
        return prepare(rows_) if prepare else rows_

    key = safe_name(name)
    # Drawn only once opened (a rerun): a closed expander's table still costs the browser ~0.1 s a page load.
    with st.expander(t("Dữ liệu", "Data"), key=f"data_{key}", on_change="rerun") as box:
        if not (box.open or OPEN_DATA):
            return
        if show_table and not lazy:
            table(frame)
        else:
            n = rows if lazy else len(frame)
            st.caption(t(f"{fmt_int(n)} dòng trong tệp tải về.", f"{fmt_int(n)} rows in the download."))
        c1, c2 = st.columns(2)
        c1.download_button(t("Tải CSV", "Download CSV"), lambda: to_csv(ready()), f"{key}.csv", "text/csv",
                           key=f"csv_{key}", on_click="ignore")
        c2.download_button(t("Tải XLSX", "Download XLSX"), lambda: to_xlsx({key: ready()}), f"{key}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{key}",
                           on_click="ignore")


@st.cache_resource(show_spinner=False, max_entries=8, ttl=3600)
def _shared(name: str, key: tuple, path: str, version: float) -> pd.DataFrame:
    from explorer.data import run_uncached

    return run_uncached(name, **thawed(key))


def shared_query(name: str, **params) -> pd.DataFrame:
    """explorer.data.query for results of tens of MB: one frame shared by every session instead of a copy.

    st.cache_data hands out a fresh unpickled copy on every call: ~6 s for the 153,000 activities of 10,000 plans
    (each with its theme and objective lists), paid on every rerun. Treat the frame as read-only: filter it,
    .assign or .copy it, never change it in place.
    """
    from explorer.data import db_version
    from explorer.settings import db_path

    return _shared(name, frozen(params), str(db_path()), db_version())


def clicked(points: list[dict], min_len: int = 2) -> list[list]:
    """The customdata of each clicked point that carries at least `min_len` values (others are skipped)."""
    return [data for p in points if len(data := p.get("customdata") or []) >= min_len]


def chart(fig: go.Figure | plotly_chart.Drawing, frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str,
          sources: Callable[[list[dict]], pd.DataFrame] | None = None, rows: int | None = None) -> None:
    """A Plotly chart, its data, a "Tải ảnh" PNG (1920×1080, for a projector or a handout) and (when given)
    the source sentences behind a clicked point. `frame` may be a function reading the rows behind the chart
    (read only when a download is clicked; `rows` is then their number), as in data_expander. Pass the figure
    as `plotly_chart.drawing(fig_x, ...)` to build it once per distinct input, not on every rerun."""
    points = plotly_chart.show(fig, f"chart_{safe_name(name)}", selectable=sources is not None)

    def _png() -> bytes:  # rendered (kaleido, ~0.3 s) only when the button is clicked, on Streamlit's worker thread
        from explorer.images import projector_png

        return projector_png(plotly_chart.figure_of(fig))

    st.download_button(t("Tải ảnh (PNG)", "Download image (PNG)"), _png, f"{safe_name(name)}.png", "image/png",
                       key=f"png_{safe_name(name)}", icon=":material/image:", type="tertiary", on_click="ignore",
                       help=t("Ảnh 1920×1080 để trình chiếu hoặc in", "1920×1080 image for a projector or print"))
    data_expander(frame, name, rows=rows)
    if sources is None:
        return
    if points:
        rows = sources(points)
        st.markdown(f"**{t('Câu nguồn của điểm đã chọn', 'Source sentences of the selected point')}**")
        show_sources(rows)
    else:
        st.caption(t("Bấm vào một cột/ô để xem câu gốc trong văn bản.",
                     "Click a bar or cell to see the sentences it comes from."))


def show_sources(rows: pd.DataFrame, limit: int = 50) -> None:
    """Quoted sentences with their plan, section and line span; text is escaped, never interpreted."""
    if rows is None or rows.empty:
        st.caption(t("Không có câu nguồn.", "No source sentences."))
        return
    for row in rows.head(limit).itertuples():
        where = f"{getattr(row, 'plan_label', '')} · {t('mục', 'section')} {row.section_path or '–'} · " \
                f"{t('dòng', 'lines')} {row.line_start}–{row.line_end}"
        # st.html renders HTML only: no Markdown, LaTeX or colour directives inside document text.
        st.html(
            f"<div style='border-left:3px solid #c2185b;padding:2px 8px;margin:4px 0'>"
            f"<small>{html.escape(where)}</small><br>{html.escape(str(row.quote))}</div>"
        )
    if len(rows) > limit:
        st.caption(t(f"… và {len(rows) - limit} câu khác (xem trong Dữ liệu).", f"… and {len(rows) - limit} more."))
