"""Sidebar filters shared by every page; their state lives in the URL so a link reproduces a view."""

from __future__ import annotations

from dataclasses import dataclass, fields

import streamlit as st

from explorer.data import query
from explorer.i18n import LANGS, lang, t
from explorer.labels import agency_label, doc_type_label, level_label, theme_label
from explorer.shell import ensure_shell
from loaders.textnorm import sort_key

_LIST_KEYS = ("provinces", "provinces_2025", "levels", "doc_types", "themes", "agencies")


@dataclass
class Filters:
    """Current filter values; None means no filter."""

    provinces: list[str] | None = None
    provinces_2025: list[str] | None = None
    levels: list[str] | None = None
    year_from: int | None = None
    year_to: int | None = None
    doc_types: list[str] | None = None
    themes: list[str] | None = None
    agencies: list[str] | None = None

    def params(self) -> dict:
        """Bound parameters for queries that call fp(...)."""
        return {"provs": self.provinces, "provs25": self.provinces_2025, "levels": self.levels,
                "y0": self.year_from, "y1": self.year_to, "dtypes": self.doc_types,
                "theme_ids": self.themes, "agency_ids": self.agencies}

    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def from_query_params() -> Filters:
    """Read filters from the URL (?provinces=Bắc Kạn,Quảng Ngãi&year_from=2020)."""
    qp = st.query_params
    values: dict = {}
    for key in _LIST_KEYS:
        raw = qp.get_all(key)
        items = [v for part in raw for v in part.split(",") if v]
        values[key] = items or None
    for key in ("year_from", "year_to"):
        raw = qp.get(key)
        # ASCII digits only ("²".isdigit() is True), and a plausible year.
        year = int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 4 else None
        values[key] = year if year and 1900 <= year <= 2200 else None
    return Filters(**values)


def _write(filters: Filters) -> None:
    for f in fields(filters):
        value = getattr(filters, f.name)
        if value in (None, [], ""):
            if f.name in st.query_params:
                del st.query_params[f.name]
        else:
            st.query_params[f.name] = ",".join(value) if isinstance(value, list) else str(value)


def sidebar() -> Filters:
    """Draw the filters in the sidebar and return them."""
    ensure_shell()
    current = from_query_params()
    options = query("filter_options")
    by_kind = {k: sorted(g["value"].tolist(), key=sort_key) for k, g in options.groupby("kind")}

    def choose(label: str, key: str, kind: str, fmt=str) -> list[str] | None:
        chosen = getattr(current, key) or []
        # A value from a shared link stays selected even when no plan has it (the view is then empty).
        opts = sorted(set(by_kind.get(kind, [])) | set(chosen), key=sort_key)
        picked = st.sidebar.multiselect(label, opts, default=chosen, format_func=fmt, key=f"f_{key}",
                                        placeholder=t("Tất cả", "All"))
        return picked or None

    with st.sidebar:
        choice = st.radio("Ngôn ngữ / Language", list(LANGS), index=list(LANGS).index(lang()),
                          format_func=LANGS.get, horizontal=True, key="f_lang")
        if choice != lang():
            st.query_params["lang"] = choice
            st.rerun()
        st.subheader(t("Bộ lọc", "Filters"))
    f = Filters()
    f.provinces = choose(t("Tỉnh/thành (khi ban hành)", "Province (as issued)"), "provinces", "province")
    f.provinces_2025 = choose(t("Tỉnh/thành (sau sáp nhập 2025)", "Province (after 2025 merger)"),
                              "provinces_2025", "province_2025")
    f.levels = choose(t("Cấp", "Level"), "levels", "level", level_label)
    years = sorted(int(y) for y in by_kind.get("year", []))
    if years:
        lo, hi = years[0], years[-1]
        start = min(max(lo, current.year_from or lo), hi)
        end = max(min(hi, current.year_to or hi), lo)
        if lo < hi:
            start, end = st.sidebar.slider(t("Năm kế hoạch", "Plan year"), lo, hi, (min(start, end), max(start, end)),
                                           key="f_years")
        f.year_from = start if start != lo else None
        f.year_to = end if end != hi else None
    f.doc_types = choose(t("Loại văn bản", "Document type"), "doc_types", "doc_type", doc_type_label)
    f.themes = choose(t("Chủ đề hoạt động", "Activity theme"), "themes", "theme", theme_label)
    f.agencies = choose(t("Cơ quan", "Agency"), "agencies", "agency", agency_label)
    _write(f)
    return f
