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

from explorer.i18n import t
from explorer.shell import ensure_shell


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


def data_expander(frame: pd.DataFrame, name: str) -> None:
    """"Dữ liệu": the table behind a chart, with CSV and XLSX downloads."""
    with st.expander(t("Dữ liệu", "Data")):
        st.dataframe(frame, hide_index=True, width="stretch")
        key = safe_name(name)
        c1, c2 = st.columns(2)
        c1.download_button(t("Tải CSV", "Download CSV"), to_csv(frame), f"{key}.csv", "text/csv", key=f"csv_{key}")
        c2.download_button(t("Tải XLSX", "Download XLSX"), to_xlsx({key: frame}), f"{key}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx_{key}")


def chart(fig: go.Figure, frame: pd.DataFrame, name: str,
          sources: Callable[[list[dict]], pd.DataFrame] | None = None) -> None:
    """A Plotly chart, its data, a "Tải ảnh" PNG (1920×1080, for a projector or a handout) and (when given)
    the source sentences behind a clicked point."""
    event = st.plotly_chart(fig, width="stretch", key=f"chart_{safe_name(name)}",
                            on_select="rerun" if sources else "ignore",
                            selection_mode=("points",) if sources else ("points", "box", "lasso"))

    def _png() -> bytes:  # rendered (kaleido, ~0.3 s) only when the button is clicked, on Streamlit's worker thread
        from explorer.images import projector_png

        return projector_png(fig)

    st.download_button(t("Tải ảnh (PNG)", "Download image (PNG)"), _png, f"{safe_name(name)}.png", "image/png",
                       key=f"png_{safe_name(name)}", icon=":material/image:", type="tertiary", on_click="ignore",
                       help=t("Ảnh 1920×1080 để trình chiếu hoặc in", "1920×1080 image for a projector or print"))
    data_expander(frame, name)
    if sources is None:
        return
    points = []
    try:
        points = list(event.selection.points) if event and event.selection else []
    except AttributeError:
        points = []
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
