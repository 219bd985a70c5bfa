"""Plotly charts drawn with a copy of plotly.js that the browser compiles once, not in every new tab.

st.plotly_chart ships plotly.js inside an ES-module chunk, and Chromium keeps no compiled code for module
scripts: every new tab evaluates Plotly from scratch, 0.7–0.85 s on 2 vCPUs before the first chart is drawn
(bench/RESULTS.md, session 6). The same plotly.js loaded as a classic script from a stable URL comes from V8's
code cache from the third visit on: 50–70 ms. This module writes that copy into the app's static folder, served
by Streamlit (`server.enableStaticServing` in .streamlit/config.toml), and mounts each chart with an
st.components.v2 component (plotly_chart.js) that loads it once per tab and reports clicked points with the
fields of st.plotly_chart's that the pages read. Where the copy cannot be written (a read-only app folder) or
static serving is off, charts fall back to st.plotly_chart: slower to appear, the same to read. dashboard.py is
the entry point: Streamlit serves the static folder beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
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
# As st.plotly_chart's with selection_mode="points": clicks select, no box or lasso (which would send hundreds
# of points to queries made for one).
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
# The copy's Last-Modified. Streamlit serves static files without Cache-Control, so browsers cache them for a
# tenth of their age (RFC 9111 §4.2.2) and then fetch them again, which also discards the compiled code: an old
# date keeps the copy fresh. The file name carries the plotly.js version, so a new version is a new URL.
LAST_MODIFIED = 946_684_800  # 2000-01-01
_JS = Path(__file__).with_name("plotly_chart.js").read_text(encoding="utf-8")
log = logging.getLogger(__name__)
_warned: set[Path] = set()  # folders already reported as unwritable (once, not for every chart)


def script_url() -> str | None:
    """The URL path of the served plotly.js copy (written when missing), or None where it cannot be served."""
    if not st.get_option("server.enableStaticServing"):
        return None
    target = STATIC / f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js"
    if not target.exists() and not _write_copy(target):
        return None
    with contextlib.suppress(OSError):  # a copy from elsewhere (restored, copied) gets the old date back
        if target.stat().st_mtime != LAST_MODIFIED:
            os.utime(target, (LAST_MODIFIED, LAST_MODIFIED))
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"/{base}/app/static/{target.name}" if base else f"/app/static/{target.name}"


def _write_copy(target: Path) -> bool:
    """Write plotly.js to `target` aside and rename it (replicas starting together never serve half a file)."""
    part = None
    try:
        target.parent.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, suffix=".part", delete=False, encoding="utf-8") as f:
            part = f.name
            f.write(plotly.offline.get_plotlyjs())
        os.chmod(part, 0o644)
        os.utime(part, (LAST_MODIFIED, LAST_MODIFIED))
        os.replace(part, target)
        for old in target.parent.glob("plotly-*.min.js"):  # an upgraded plotly's copy replaces the last one
            if old.name != target.name:
                old.unlink(missing_ok=True)
        return True
    except OSError as error:
        if part:
            with contextlib.suppress(OSError):
                os.unlink(part)
        if target.parent not in _warned:
            _warned.add(target.parent)
            log.warning("plotly.js copy not written to %s (%s): charts use st.plotly_chart", target.parent, error)
        return False


def current_points(selection: dict | None, revision: str) -> list[dict]:
    """The selected points, if they were selected on this very figure (a filter or unit changed since: none)."""
    if not selection or selection.get("revision") != revision:
        return []
    return list(selection.get("points") or [])


def show(fig: go.Figure, key: str, selectable: bool = False, config: dict | None = None) -> list[dict]:
    """Draw `fig` (full width, its own height); return the points the user clicked (`selectable` only)."""
    config = {**CONFIG, **(config or {})}
    src = script_url()
    if src is None:
        event = st.plotly_chart(fig, width="stretch", theme=None, key=key, config=config,
                                on_select="rerun" if selectable else "ignore", selection_mode=("points",))
        return list(event.selection.points) if selectable and event and event.selection else []
    # Registering the same definition again changes nothing; registered here, it is on whichever runtime runs.
    component = st.components.v2.component(NAME, js=_JS, isolate_styles=False)
    figure = pio.to_json(fig, validate=False)
    revision = hashlib.blake2b(figure.encode(), digest_size=8).hexdigest()
    data = {"figure": figure, "revision": revision, "src": src, "selectable": selectable, "config": config}
    if not selectable:
        component(key=key, data=data)
        return []
    result = component(key=key, data=data, default={"selection": None}, on_selection_change=lambda: None)
    return current_points(result.get("selection"), revision)
