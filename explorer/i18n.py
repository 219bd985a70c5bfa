"""Vietnamese first, English on request: the language lives in the URL (?lang=en)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.settings import setting

LANGS = {"vi": "Tiếng Việt", "en": "English"}


def lang() -> str:
    value = st.query_params.get("lang", setting("PLANS_LANG"))
    return value if value in LANGS else "vi"


def t(vi: str, en: str) -> str:
    """The label in the current language."""
    return en if lang() == "en" else vi


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(n: int | float | None) -> str:
    """Numbers as Vietnamese write them: 10.000 (dot for thousands)."""
    if _missing(n):
        return "–"
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang() == "vi" else text


def fmt_num(x: float | None, digits: int = 1) -> str:
    """Decimals with a comma in Vietnamese: 1,7."""
    if _missing(x):
        return "–"
    text = f"{x:,.{digits}f}"
    if digits > 0:
        text = text.rstrip("0").rstrip(".")
    if lang() == "vi":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    return text


def fmt_date(value, precision: str | None = "day") -> str:
    """dd/mm/yyyy, or mm/yyyy / yyyy when only that much is known."""
    if _missing(value) or not hasattr(value, "year"):
        return "–"
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
