"""Every setting in one place: name, default and why. Environment variables override defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def value(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS = {
    s.name: s
    for s in (
        Setting("PLANS_DB", str(ROOT / "data" / "plans.duckdb"), "DuckDB file the dashboard reads (built if missing or stale)."),
        Setting("PLANS_RAW", str(ROOT / "data" / "raw"), "Folder of plan documents ingested at start-up."),
        Setting("PLANS_AUTOBUILD", "1", "Rebuild the database at start-up when documents are newer (0 to never)."),
        Setting("PLANS_LANG", "vi", "Default interface language: vi or en."),
    )
}


def setting(name: str) -> str:
    """Current value of a setting."""
    return SETTINGS[name].value


def db_path() -> Path:
    return Path(setting("PLANS_DB"))


def raw_dir() -> Path:
    return Path(setting("PLANS_RAW"))
