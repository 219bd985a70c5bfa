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

import base64
import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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


def _as_list(values: np.ndarray) -> list:
    """Numbers as JSON lists: whole numbers as ints (a float array's 12.0 would become the label "12.0" in a text
    property; plotly.js shows 12 either way), NaN as None (a gap, as before)."""
    if values.dtype.kind != "f":
        return values.tolist()
    out = values.astype(object)
    finite = np.isfinite(values)
    whole = finite & (np.abs(values) < 2**53)
    whole[whole] = values[whole] == np.floor(values[whole])
    out[whole] = values[whole].astype(np.int64)
    out[~finite] = None
    return out.tolist()


TYPED_ARRAYS = {"i1": "int8", "u1": "uint8", "i2": "int16", "u2": "uint16", "i4": "int32", "u4": "uint32",
                "f4": "float32", "f8": "float64"}  # plotly.js's typed-array dtypes


def _typed_array(spec: dict) -> np.ndarray | None:
    """A plotly.js typed-array spec ({"dtype", "bdata"[, "shape"]}: how plotly.py stores numpy arrays in a figure
    rebuilt from its dict, e.g. unpickled from st.cache_data) as a numpy array; None for any other dict."""
    if set(spec) - {"dtype", "bdata", "shape"} or not isinstance(spec.get("bdata"), str) \
            or spec.get("dtype") not in TYPED_ARRAYS:
        return None
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=TYPED_ARRAYS[spec["dtype"]])
    shape = [int(n) for n in str(spec.get("shape", "")).split(",") if n.strip()]
    return values.reshape(shape) if len(shape) > 1 else values


def _numeric_arrays(props: dict, prefix: str = "") -> list[tuple[str, list]]:
    """(path, values as a list) of the numeric arrays among a figure part's properties, nested."""
    found = []
    for key, value in props.items():
        if isinstance(value, dict) and (typed := _typed_array(value)) is not None:
            value = typed
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":  # what plotly.py sends as base64
            found.append((prefix + key, _as_list(value)))
        elif isinstance(value, dict):
            found += _numeric_arrays(value, f"{prefix}{key}.")
    return found


def for_screen(fig: go.Figure, selectable: bool = False) -> go.Figure:
    """A figure as the browser should get it: the house look without a template, click modes, plain numbers.

    Where charts fall back to st.plotly_chart, Streamlit hands Plotly an equal copy of the
    figure right after mounting it (to re-apply its theme), and another when it sets the click and drag modes of
    a selectable chart. Plotly.react then redraws the whole chart: it compares data arrays by identity unless
    layout.datarevision is set (and the data was then sent as JSON lists: plotly.py sends numpy arrays as base64
    objects, which are compared by identity anyway), and it compares a template by identity (figures.style
    writes the house style without one). Done here, the copy changes nothing and costs a few ms instead of a
    redraw; the revision is a hash of the figure, so a changed figure is still drawn again (and a selection
    names the figure it was made on). The component draws a figure once anyway and relies on the rest: no
    template (st.cache_data brings plotly.py's default back), whole numbers sent as ints (a numeric label reads
    "12", not "12.0"), NaN as a gap."""
    fig.layout.template = None  # a figure rebuilt from its dict (st.cache_data) gets plotly.py's default again
    for part in (*fig.data, fig.layout):
        for path, values in _numeric_arrays(part.to_plotly_json()):
            part[path] = None  # plotly.py ignores a new value equal to the old one
            part[path] = values
    if selectable:  # what Streamlit would set for selection_mode="points"
        fig.update_layout(clickmode=fig.layout.clickmode or "event+select", hovermode=fig.layout.hovermode or "closest",
                          dragmode=fig.layout.dragmode or "pan")
    fig.layout.datarevision = None  # the hash is of the figure itself
    fig.layout.datarevision = hashlib.blake2b(pio.to_json(fig, validate=False).encode(), digest_size=8).hexdigest()
    return fig


def current_points(selection: dict | None, revision: str) -> list[dict]:
    """The selected points, if they were selected on this very figure (a filter or unit changed since: none)."""
    if not selection or selection.get("revision") != revision:
        return []
    return list(selection.get("points") or [])


@dataclass(frozen=True)
class Drawing:
    """A chart's figure before it is built: a pure figure function (explorer.figures) and its arguments.

    Building a figure is most of a chart page's server time (plotly.py validates every property as it is set:
    ~20–80 ms a chart), paid on every rerun for the same figure. show() builds a Drawing once per distinct input
    and keeps what the browser gets, shared by every session; the arguments are part of the key, so other data is
    another figure. Only for functions whose figure depends on their arguments alone."""

    build: Callable[..., go.Figure]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def figure(self) -> go.Figure:
        return self.build(*self.args, **self.kwargs)

    def key(self) -> str | None:
        """A digest of the function and its arguments; None when they cannot be pickled (never cached)."""
        try:
            blob = pickle.dumps((self.build.__module__, self.build.__qualname__, self.args,
                                 sorted(self.kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        return hashlib.sha256(blob).hexdigest()  # hardware-accelerated: ~2x blake2b on a 6 MB frame


def drawing(build: Callable[..., go.Figure], *args, **kwargs) -> Drawing:
    """`build(*args, **kwargs)`, built by show() only when the same call has not been drawn before."""
    return Drawing(build, args, kwargs)


def figure_of(fig: go.Figure | Drawing) -> go.Figure:
    """The figure itself, built if it is a Drawing."""
    return fig.figure() if isinstance(fig, Drawing) else fig


def _screen_json(fig: go.Figure | Drawing, selectable: bool) -> tuple[str, str]:
    """The figure's JSON as the component gets it, and its revision."""
    fig = for_screen(figure_of(fig), selectable)
    return pio.to_json(fig, validate=False), fig.layout.datarevision


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_screen_json(key: str, selectable: bool, _drawing: Drawing) -> tuple[str, str]:
    """_screen_json of a Drawing, per process: the string is shared by every session, never copied."""
    return _screen_json(_drawing, selectable)


def show(fig: go.Figure | Drawing, key: str, selectable: bool = False, config: dict | None = None) -> list[dict]:
    """Draw `fig` (full width, its own height); return the points the user clicked (`selectable` only)."""
    config = {**CONFIG, **(config or {})}
    src = script_url()
    if src is None:
        event = st.plotly_chart(for_screen(figure_of(fig), selectable), width="stretch", theme=None, key=key, config=config,
                                on_select="rerun" if selectable else "ignore", selection_mode=("points",))
        return list(event.selection.points) if selectable and event and event.selection else []
    digest = fig.key() if isinstance(fig, Drawing) else None
    figure_json, revision = (_cached_screen_json(digest, selectable, fig) if digest is not None
                             else _screen_json(fig, selectable))
    # Registering the same definition again changes nothing; registered here, it is on whichever runtime runs.
    component = st.components.v2.component(NAME, js=_JS, isolate_styles=False)
    data = {"figure": figure_json, "revision": revision, "src": src, "selectable": selectable, "config": config}
    if not selectable:
        component(key=key, data=data)
        return []
    result = component(key=key, data=data, default={"selection": None}, on_selection_change=lambda: None)
    return current_points(result.get("selection"), revision)
