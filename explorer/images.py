"""Plotly figures as PNG (kaleido + the system's Chromium), one browser kept open for every image.

kaleido's sync server is a process-wide singleton that is not safe for concurrent callers, so every call
goes through one lock. A call that does not come back (no browser, a crashed browser) times out instead of
blocking the page for ever.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import shutil
import struct
import threading

import plotly.graph_objects as go

PROJECTOR = (1920, 1080)  # 16:9 at full-HD: what a meeting-room projector shows
SLIDE_LOGICAL = (960, 540)  # layout size of a slide chart; rendered ×2, so its fonts stay large on the wall
TIMEOUT = 60.0

_LOCK = threading.Lock()
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido-call")
_state = {"started": False, "broken": False}


class ImageError(RuntimeError):
    """The chart could not be rendered (no browser, or the browser did not answer)."""


def browser_available() -> bool:
    """Kaleido needs Chrome/Chromium; it finds Debian's /usr/bin/chromium by itself but cannot download one."""
    import os

    return bool(os.environ.get("BROWSER_PATH") or any(
        shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                                        "chrome")))


def _server() -> None:
    import kaleido

    if not _state["started"]:
        if not browser_available():
            raise ImageError("Chromium/Chrome is not installed (apt-get install chromium)")
        # mathjax=False: no CDN request on every image (no LaTeX in our charts); one tab is enough under the lock
        kaleido.start_sync_server(n=1, timeout=TIMEOUT, mathjax=False, silence_warnings=True)
        _state["started"] = True
        atexit.register(_close)  # before the browser's temp profile is removed at exit


def png(fig: go.Figure | dict, width: int, height: int, scale: float = 1.0) -> bytes:
    """PNG bytes of `fig` laid out at width × height CSS pixels, rendered at `scale` (image = size × scale)."""
    import kaleido

    opts = {"format": "png", "width": int(width), "height": int(height), "scale": float(scale)}
    with _LOCK:
        if _state["broken"]:
            raise ImageError("the browser stopped answering; restart the dashboard")
        _server()
        future = _POOL.submit(kaleido.calc_fig_sync, fig, opts=opts)
        try:
            data = future.result(timeout=TIMEOUT + 5)
        except concurrent.futures.TimeoutError as exc:
            _state["broken"] = True  # the worker is stuck in kaleido's queue; do not queue behind it
            raise ImageError("the browser did not return the image in time") from exc
    if not isinstance(data, bytes | bytearray) or not bytes(data).startswith(b"\x89PNG"):
        raise ImageError("kaleido returned something that is not a PNG")
    return bytes(data)


def projector_png(fig: go.Figure) -> bytes:
    """A page chart as a 1920×1080 (16:9) PNG for a projector or a handout.

    The chart keeps its own height when it is taller than 720 px (long lists of plans): the width grows to
    stay 16:9 and the scale shrinks so the image is still 1920×1080.
    """
    height = max(720, int(fig.layout.height or 0))
    width = round(height * 16 / 9)
    return png(_sized(fig), width, height, scale=PROJECTOR[0] / width)


def slide_png(fig: go.Figure) -> bytes:
    """A slide chart (explorer.figures.presentation.for_slide) as a 1920×1080 PNG."""
    return png(_sized(fig), SLIDE_LOGICAL[0], SLIDE_LOGICAL[1], scale=PROJECTOR[0] / SLIDE_LOGICAL[0])


def _sized(fig: go.Figure) -> dict:
    """The figure as a plain dict (a copy; cheaper than copying the Figure) without its own size, on white."""
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    layout.pop("width", None)
    layout.pop("height", None)
    layout["paper_bgcolor"] = "white"
    return spec


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the PNG header (IHDR chunk); raises ValueError when `data` is not a PNG."""
    if len(data) < 24 or not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def stop() -> None:
    """Close the browser (tests; the process exit closes it too)."""
    with _LOCK:
        _close()


def _close() -> None:
    import kaleido

    if _state["started"]:
        kaleido.stop_sync_server(silence_warnings=True)
        _state["started"] = False
