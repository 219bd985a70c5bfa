"""The dashboard shell (st.navigation) must wrap every page, even on a deep link to a fresh server.

Until some script run has called st.navigation, Streamlit treats an app with a pages/ folder as a
version-1 multipage app: the first request to /<page> on a freshly started server runs that page file
directly, without the entry point (no page titles, no wide layout, the folder's file names as menu).
Every page calls `ensure_shell()` first; in that situation it runs the entry point instead, which
renders the requested page inside the navigation, and stops the bare run.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import streamlit as st

ENTRY_POINT = Path(__file__).resolve().parent.parent / "dashboard.py"


def _pages_folder_mode() -> bool:
    # Streamlit's own switch for the version-1 behaviour; st.navigation turns it off for the process.
    from streamlit.runtime.pages_manager import PagesManager

    return bool(getattr(PagesManager, "uses_pages_directory", False))


@cache
def _entry_point() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dashboard_entry_point", ENTRY_POINT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines run(); runs nothing outside __main__
    return module


def ensure_shell() -> None:
    """Run the page inside the dashboard's navigation; a no-op when it already is."""
    if not _pages_folder_mode():
        return
    _entry_point().run()
    st.stop()
