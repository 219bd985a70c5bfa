"""The activity list read one page at a time in SQL (explorer/sql/activities_list.sql) against the pandas path it
replaced (the whole list fetched, then explorer.figures.activities.filter_activities): same rows, same order, same
counts, for theme and accent-free text filters (đ/Đ, accents, upper case, several words, odd white space); and the
sentences behind a clicked point (activities_sources) against the same filter of the whole list."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import explorer_data_on
from pandas_reference import filter_activities

from explorer.filters import Filters
from explorer.search import needle_regex
from loaders.textnorm import fold

NO_LIST_FILTER = {"list_themes": None, "needle": None, "needle_re": None}


@pytest.fixture(scope="module")
def data(seed_db):
    with explorer_data_on(seed_db) as data:
        yield data


@pytest.fixture(scope="module")
def whole(data) -> pd.DataFrame:
    """The old page's frame: every activity of the filtered plans."""
    frame = data.run_uncached("activities_list", **Filters().params(), **NO_LIST_FILTER)
    assert len(frame) > 50
    return frame


def list_params(themes: list[str] | None, needle: str, **filters) -> dict:
    folded = fold(needle or "")
    return {**Filters().params(), **filters, "list_themes": themes or None, "needle": folded or None,
            "needle_re": needle_regex(folded)}


CASES = [
    ([], ""),
    ([], "bao luc"),
    ([], "BẠO LỰC GIA ĐÌNH"),
    ([], "bạo lực   gia đình"),  # white space in the needle is collapsed, as fold does
    ([], "đ"), ([], "Đ"), ([], "d"), ([], "dao tao"), ([], "Đào tạo"), ([], "đào"),
    ([], "tuyên truyền"), ([], "tuyen"), ([], "phụ nữ"), ([], "phu nu"),
    ([], "%"), ([], "_"), ([], "a_b"), ([], "2025"), ([], "(1)"), ([], "."), ([], "'"), ([], "\\"),
    ([], "không có cụm từ này ở đâu cả"),
    (["gbv_services"], ""), (["gbv_services"], "bạo lực"), (["communication", "training"], "can bo"),
    (["gbv_services"], "tập huấn"), (["no_such_theme"], ""),
]


@pytest.mark.parametrize(("themes", "needle"), CASES)
def test_sql_list_filter_is_the_pandas_filter(data, whole, themes, needle):
    expected = filter_activities(whole, themes, needle)
    params = list_params(themes, needle)
    got = data.run_uncached("activities_list", **params)
    assert got["activity_id"].tolist() == expected["activity_id"].tolist()
    assert data.count("activities_list", **params) == len(expected)


def test_text_filter_finds_đ_and_accents(data, whole):
    d = data.run_uncached("activities_list", **list_params([], "đ"))
    assert len(d) > 0 and d["text"].map(lambda x: "đ" in x.lower() or "d" in x.lower()).all()
    assert len(data.run_uncached("activities_list", **list_params([], "Đ"))) == len(d)
    accented = data.run_uncached("activities_list", **list_params([], "Bình đẳng giới"))
    bare = data.run_uncached("activities_list", **list_params([], "binh dang gioi"))
    assert len(accented) > 0 and accented["activity_id"].tolist() == bare["activity_id"].tolist()


@pytest.mark.parametrize(("themes", "needle"), [([], ""), (["communication"], ""), ([], "can bo"), ([], "d")])
def test_pages_end_to_end_are_the_filtered_list(data, themes, needle):
    """Small pages put end to end are the whole filtered list: no row repeated or skipped between pages."""
    params = list_params(themes, needle)
    expected = data.run_uncached("activities_list", **params)
    size = 7
    pages = [data.query_page("activities_list", start, size, **params) for start in range(0, len(expected), size)]
    joined = pd.concat(pages, ignore_index=True) if pages else expected.iloc[:0]
    assert joined["activity_id"].tolist() == expected["activity_id"].tolist()
    assert joined["activity_id"].is_unique


def test_the_sidebar_theme_filter_also_narrows_the_list(data):
    sidebar = {"theme_ids": ["communication"]}
    whole = data.run_uncached("activities_list", **{**Filters().params(), **sidebar, **NO_LIST_FILTER})
    expected = filter_activities(whole, ["training"], "can bo")
    got = data.run_uncached("activities_list", **list_params(["training"], "can bo", **sidebar))
    assert got["activity_id"].tolist() == expected["activity_id"].tolist()


def test_themes_offered_are_the_themes_of_the_list(data, whole):
    listed = sorted({th for ts in whole["themes"] for th in ts})
    assert data.run_uncached("activities_themes", **Filters().params())["theme_id"].tolist() == listed
    narrowed = data.run_uncached("activities_list",
                                 **{**Filters().params(), "theme_ids": ["communication"], **NO_LIST_FILTER})
    got = data.run_uncached("activities_themes", **{**Filters().params(), "theme_ids": ["communication"]})
    assert got["theme_id"].tolist() == sorted({th for ts in narrowed["themes"] for th in ts})


def test_clicked_point_sources_are_the_old_ones(data, whole):
    columns = ["plan_label", "section_path", "line_start", "line_end", "quote"]

    def old(rows: pd.DataFrame, theme: str) -> pd.DataFrame:
        return rows[rows["themes"].map(lambda ts: theme in list(ts))][columns].reset_index(drop=True)

    plan, theme = whole["plan_id"].iloc[0], whole["themes"].explode().mode().iloc[0]
    got = data.run_uncached("activities_sources", **Filters().params(), source_theme=theme, source_plans=[plan],
                            source_year=None)
    pd.testing.assert_frame_equal(got[columns], old(whole[whole["plan_id"] == plan], theme))
    plans = sorted(whole["plan_id"].unique())[:3]
    got = data.run_uncached("activities_sources", **Filters().params(), source_theme=theme, source_plans=plans,
                            source_year=None)
    pd.testing.assert_frame_equal(got[columns], old(whole[whole["plan_id"].isin(plans)], theme))
    year = int(whole["plan_year"].dropna().iloc[0])
    got = data.run_uncached("activities_sources", **Filters().params(), source_theme=theme, source_plans=None,
                            source_year=year)
    pd.testing.assert_frame_equal(got[columns], old(whole[whole["plan_year"] == year], theme))


def test_folded_text_at_ingest_is_fold(data):
    """The SQL text filter reads mart_folded_text.folded: apart from white space (handled by needle_regex) it is
    loaders.textnorm.fold of the text."""
    cur = data.cursor()
    try:
        rows = cur.execute("SELECT text, folded FROM mart_folded_text").fetchall()
    finally:
        cur.close()
    assert rows
    assert [" ".join(folded.split()) for _, folded in rows] == [fold(text) for text, _ in rows]


TEXTS = ["Phòng, chống BẠO LỰC GIA ĐÌNH", "bạo\u00a0lực gia\tđình", "bạo\n  lực", "ĐOÀN THANH NIÊN",
         "Đắk Lắk", "Bình đẳng giới", "Bi\u0300nh \u0111a\u0306\u0309ng gio\u031b\u0301i",  # decomposed marks
         "tỷ lệ 50%", "a_b", "x\u3000y", "tập  huấn", "cán bộ (1)"]
NEEDLES = ["bao luc", "bạo lực gia đình", "BAO LUC", "đ", "d", "dak lak", "binh dang gioi", "50%", "a_b", "_",
           "x y", "tap huan", "bo (1)", "luc gia", "o"]


@pytest.mark.parametrize("needle", NEEDLES)
def test_sql_text_match_is_the_python_fold_match(needle):
    """The SQL of activities_list (contains, or needle_regex for several words) on the ingest's fold, against
    `fold(needle) in fold(text)`, for accents, đ/Đ, decomposed marks and every kind of white space."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest($texts) AS text", {"texts": TEXTS})
    con.execute("CREATE TABLE m AS SELECT text, replace(strip_accents(lower(text)), 'đ', 'd') AS folded FROM t")
    folded = fold(needle)
    got = [r[0] for r in con.execute(
        "SELECT text FROM m WHERE contains(folded, $needle) "
        "OR ($needle_re IS NOT NULL AND regexp_matches(folded, $needle_re)) ORDER BY text",
        {"needle": folded, "needle_re": needle_regex(folded)}).fetchall()]
    assert got == sorted(text for text in TEXTS if folded in fold(text))


@pytest.mark.parametrize("filters", [{}, {"theme_ids": ["communication", "training"]}, {"provs": ["Bắc Kạn"]}])
def test_national_trend_in_sql_is_the_pandas_trend(data, filters):
    """Above ui.MAX_PLANS_DRAWN plans the page reads the trend (activities_theme_trend) and the plan count
    (activities_theme_plans) instead of every plan × theme row: the same as theme_trend over those rows."""
    from explorer.figures.activities import theme_trend

    params = {**Filters().params(), **filters}
    mix = data.run_uncached("activities_theme_mix", **params)
    year = mix["plan_year"].map(lambda y: "?" if pd.isna(y) else str(int(y)))
    label = mix["plan_label"].where(mix["plan_label"].notna(), "Không rõ đơn vị " + year + " · " + mix["plan_id"])
    mix = mix.assign(plan_label=label.where(~mix["truncated"].astype(bool), label + " ⚠ bị cắt"))
    expected = theme_trend(mix)
    got = data.run_uncached("activities_theme_trend", **params, unknown_unit="Không rõ đơn vị ", cut_off="bị cắt")
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, expected[got.columns.tolist()], check_dtype=False)
    plans = data.run_uncached("activities_theme_plans", **params)["plans"].iloc[0]
    assert plans == mix["plan_id"].nunique()


def test_theme_trend_labels_beyond_eight_plans():
    """The hover list of a year's plans ("A; B; … (+N)") as activities_theme_trend writes it."""
    con = duckdb.connect()
    labels = [f"P{i}" for i in range(11)]
    got = con.execute("SELECT array_to_string($l[1:8], '; ') || CASE WHEN len($l) > 8 THEN ' … (+' || (len($l) - 8) "
                      "|| ')' ELSE '' END", {"l": labels}).fetchone()[0]
    from explorer.figures.activities import _some

    assert got == _some(pd.Series(labels))
