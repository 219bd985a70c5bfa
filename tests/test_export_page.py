"""The export page reads only counts and one preview page on a view; the full tables are read when a download is
clicked, and those downloads hold the same files as when every table was read on the view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.export import TABLES

PAGE = Path(__file__).parent.parent / "pages" / "export.py"
FILTERS = [
    {},
    {"provinces": ["Quảng Ngãi", "Thừa Thiên Huế"]},
    {"themes": ["training"]},
    {"agencies": ["so-noi-vu"]},
    {"themes": ["training"], "agencies": ["so-noi-vu"], "year_from": 2020},
    {"provinces": ["Không tồn tại"]},
]


@pytest.fixture(autouse=True)
def database(seed_db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(seed_db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")
    return seed_db


def _params(**filters) -> dict:
    from explorer.filters import Filters

    return Filters(**filters).params()


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_counts_equal_the_rows_of_each_export_query(filters):
    from explorer import export
    from explorer.data import run_uncached

    params = _params(**filters)
    full = export.frames(params, run=run_uncached)
    assert export.counts(params, run=run_uncached) == {name: len(frame) for name, frame in full.items()}


@pytest.mark.parametrize("filters", FILTERS[:3], ids=lambda f: ",".join(f) or "none")
def test_preview_is_the_first_rows_of_the_download(filters):
    from explorer import export
    from explorer.data import query_page, run_uncached

    params = _params(**filters)
    full = export.frames(params, run=run_uncached)
    for name in TABLES:
        for limit in (3, 200):
            head = export.preview(name, params, limit, page=query_page)
            expected = full[name].head(limit).reset_index(drop=True)
            assert list(head.columns) == list(expected.columns), name
            assert _cells(export.for_people(head)) == _cells(export.for_people(expected)), name


def _cells(frame) -> list[list]:
    """Values as shown (a page's all-NULL text column is object, the full table's str: the same None)."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _members(data: bytes, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n not in skip}


@pytest.mark.parametrize("filters", FILTERS[:2] + FILTERS[-2:], ids=lambda f: ",".join(f) or "none")
def test_downloads_hold_the_same_files_as_reading_every_table_on_the_view(filters):
    """export.download (read on click) against the former path: export.frames through the cached page query, then
    to_xlsx / to_csv_zip / to_parquet_zip. Same members, byte for byte (the XLSX's creation time aside)."""
    import datetime as dt

    from explorer import export
    from explorer.data import query
    from explorer.filters import Filters

    params = _params(**filters)
    about = export.describe(Filters(**filters), dt.datetime(2026, 11, 30, 10, 0))
    before = export.frames(params, run=query)
    pairs = {"xlsx": export.to_xlsx, "csv": export.to_csv_zip, "parquet": export.to_parquet_zip}
    for kind, write in pairs.items():
        skip = ("docProps/core.xml",) if kind == "xlsx" else ()  # holds the time the workbook was written
        old, new = _members(write(before, about), skip), _members(export.download(kind, params, about), skip)
        assert list(new) == list(old), kind
        for member in old:
            assert new[member] == old[member], (kind, member)


def test_the_page_reads_no_full_table_on_a_view(monkeypatch):
    from explorer import export
    from explorer.data import run_uncached

    def refuse(*args, **kwargs):
        raise AssertionError("export.frames ran on a view")

    monkeypatch.setattr(export, "frames", refuse)
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    counts = at.dataframe[0].value
    assert counts.iloc[:, 0].tolist() == list(TABLES.values())
    expected = export.counts(_params(), run=run_uncached)
    assert [int(str(n).replace(".", "")) for n in counts.iloc[:, 1]] == list(expected.values())
    assert len(at.get("download_button")) == 3
    preview = at.dataframe[1].value
    assert len(preview) == min(200, expected["plans"]) and "Mã kế hoạch" in preview.columns


def test_the_page_with_a_filter_that_empties_the_data():
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["provinces"] = "Không tồn tại"
    at.run()
    assert not at.exception
    assert len(at.get("download_button")) == 0
