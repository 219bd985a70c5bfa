"""Plotly charts drawn with a copy of plotly.js that the browser compiles once, not in every new tab.

st.plotly_chart ships plotly.js inside an ES-module chunk, and Chromium keeps no compiled code for module
scripts: every new tab evaluates Plotly from scratch, 0.7–0.85 s on 2 vCPUs before the first chart is drawn
(bench/RESULTS.md, session 6). The same plotly.js loaded as a classic script from a stable URL comes from V8's
code cache from the third visit on: 50–70 ms. This module writes that copy into the app's static folder, served
by Streamlit (`server.enableStaticServing` in .streamlit/config.toml), and mounts each chart with an
st.components.v2 component (plotly_chart.js) that loads it once per tab and reports selected points in
st.plotly_chart's shape. Where the copy cannot be served (a read-only app folder, static serving off), charts
fall back to st.plotly_chart: slower to appear, the same to read.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline
import streamlit as st

NAME = "explorer_plotly_chart"
STATIC = Path(__file__).resolve().parent.parent / "static"  # Streamlit serves <main script's folder>/static
CONFIG = {"displaylogo": False}
# The copy's Last-Modified. Streamlit serves static files without Cache-Control, so browsers cache them for a
# tenth of their age (RFC 9111 §4.2.2) and then fetch them again, which also discards the compiled code: an old
# date keeps the copy fresh. The file name carries the plotly.js version, so a new version is a new URL.
LAST_MODIFIED = 946_684_800  # 2000-01-01
_JS = Path(__file__).with_name("plotly_chart.js").read_text(encoding="utf-8")
log = logging.getLogger(__name__)


@functools.cache
def script_url() -> str | None:
    """The URL path of the served plotly.js copy (written once per process), or None where it cannot be served."""
    if not st.get_option("server.enableStaticServing"):
        return None
    name = f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    try:
        STATIC.mkdir(exist_ok=True)
        target = STATIC / name
        if not target.exists():  # written aside and renamed: replicas starting together never serve half a file
            with tempfile.NamedTemporaryFile("w", dir=STATIC, suffix=".part", delete=False, encoding="utf-8") as f:
                f.write(plotly.offline.get_plotlyjs())
            os.chmod(f.name, 0o644)
            os.utime(f.name, (LAST_MODIFIED, LAST_MODIFIED))
            os.replace(f.name, target)
            for old in STATIC.glob("plotly-*.min.js"):  # an upgraded plotly's copy replaces the last one
                if old.name != name:
                    old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("plotly.js copy not written to %s (%s): charts use st.plotly_chart", STATIC, error)
        return None
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"/{base}/app/static/{name}" if base else f"/app/static/{name}"


def show(fig: go.Figure, key: str, selectable: bool = False, config: dict | None = None) -> list[dict]:
    """Draw `fig` (full width, its own height); return the points the user selected (`selectable` only)."""
    config = config or CONFIG
    src = script_url()
    if src is None:
        event = st.plotly_chart(fig, width="stretch", theme=None, key=key, config=config,
                                on_select="rerun" if selectable else "ignore", selection_mode=("points",))
        return list(event.selection.points) if selectable and event and event.selection else []
    component = st.components.v2.component(NAME, js=_JS, isolate_styles=False)  # the same definition: no-op
    data = {"figure": pio.to_json(fig, validate=False), "src": src, "selectable": selectable, "config": config}
    if not selectable:
        component(key=key, data=data)
        return []
    result = component(key=key, data=data, default={"selection": None}, on_selection_change=lambda: None)
    return list((result.get("selection") or {}).get("points") or [])
