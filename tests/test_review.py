"""Rà soát: the queue of uncertain rows, edits in place, merges, reference lists; all through the real page,
the real ingest and DuckDB. Edits reach st.data_editor the way AppTest allows: its edit state in session_state."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import RAW, ROOT
from streamlit.testing.v1 import AppTest

from explorer import review
from explorer.review import Context, ReviewError, add_agency, add_alias, add_theme_keyword, edits_to_corrections
from loaders import admin, corrections
from loaders.ingest import ingest

UNKNOWN = "Phòng Khoa học và Công nghệ huyện"


def variant_texts() -> dict[str, str]:
    """Seed plans changed to land in every queue: unknown agency, unthemed activity, unmatched target, no year."""
    text = (RAW / "lang-giang-2024-kh.txt").read_text(encoding="utf-8")
    v = text.replace("2. Phòng Tài chính- Kế hoạch\n\nChủ trì,", f"2. {UNKNOWN}\n\nChủ trì,")
    v = v.replace("- Thời gian: Quý I-IV/2024.\n",
                  "- Thời gian: Quý I-IV/2024.\n\n5. Cơ sở vật chất\n\n- Sửa chữa, nâng cấp nhà văn hóa thôn Đồng Lim.\n")
    v = v.replace("- 70% dân số được tiếp cận kiến thức cơ bản về BĐG.",
                  "- 70% dân số được tiếp cận kiến thức cơ bản về BĐG.\n\n- 90% hộ gia đình có nhà tiêu hợp vệ sinh.")
    no_year = (v.replace("Lạng Giang, ngày tháng 02 năm 2024", "ngày tháng 02").replace("năm 2024", "năm nay")
               .replace("tỉnh Bắc Giang", "tỉnh").replace("huyện Lạng Giang", "huyện"))
    return {"bien-the-kh.txt": v, "khong-nam-kh.txt": no_year}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(RAW, data / "raw")
    for name, text in variant_texts().items():
        (data / "raw" / name).write_text(text, encoding="utf-8")
    db = data / "plans.duckdb"
    monkeypatch.setenv("PLANS_RAW", str(data / "raw"))
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_CORRECTIONS", str(data / "corrections.csv"))
    summary = ingest([data / "raw"], db)
    assert summary.ingested == 7 and not summary.errors
    return data


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def review_page(who: str | None = "Lan (thử nghiệm)") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if who:
        at.text_input(key="review_who").input(who).run()
    return at


def edit(at: AppTest, name: str, changes: dict[int, dict]) -> AppTest:
    """What typing into st.data_editor produces: its edit state, set before the next run."""
    at.session_state[f"review_{name}_0"] = {"edited_rows": changes, "added_rows": [], "deleted_rows": []}
    return at


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_queue_lists_every_kind_of_uncertain_row(workspace):
    at = review_page(who=None)
    labels = [tab.label for tab in at.tabs]
    assert labels[0] == "Cơ quan chưa xác định (2)"          # one per variant
    assert labels[1] == "Hoạt động chưa xếp chủ đề (2)"
    assert labels[2] == "Chỉ tiêu chưa chuẩn hóa (2)"
    assert labels[3] == "Kế hoạch thiếu năm/tỉnh (1)"
    editors = at.data_editor
    assert len(editors) == 4
    assert set(editors[0].value["agency_raw"]) == {UNKNOWN}
    assert editors[3].value["source_path"].str.endswith("khong-nam-kh.txt").all()


def test_a_long_queue_is_edited_a_page_at_a_time(workspace, monkeypatch):
    """Above ui.LIST_ROWS rows a queue's editor shows one page and says which rows; the tab counts them all."""
    from explorer import ui

    monkeypatch.setattr(ui, "LIST_ROWS", 1)
    at = review_page(who=None)
    assert at.tabs[0].label == "Cơ quan chưa xác định (2)"
    first = at.data_editor[0].value
    assert len(first) == 1 and any("Đang hiện dòng 1–1 trong 2" in c.value for c in at.caption)
    at.number_input(key="review_agencies_page").set_value(2).run()
    assert not at.exception, [e.value for e in at.exception]
    second = at.data_editor[0].value
    assert len(second) == 1 and second["plan_id"].iloc[0] != first["plan_id"].iloc[0]


def test_the_queue_follows_the_sidebar_filters(workspace):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["provinces"] = "Bắc Kạn"
    at.run()
    at.switch_page("pages/review.py").run()
    assert not at.exception
    assert at.tabs[0].label == "Cơ quan chưa xác định (0)" and not at.data_editor


def test_saving_needs_a_name_and_writes_nothing_without_one(workspace):
    db = workspace / "plans.duckdb"
    before = sha(db)
    at = edit(review_page(who=None), "agencies", {0: {"agency_id": "phong-tckh"}})
    at.button(key="save_agencies").click().run()
    assert any("Người sửa" in e.value for e in at.error)
    assert sha(db) == before and not (workspace / "corrections.csv").exists()


def test_an_edit_in_place_is_stored_applied_and_survives_a_rebuild_from_scratch(workspace):
    db, fixes = workspace / "plans.duckdb", workspace / "corrections.csv"
    at = review_page()
    queue = at.data_editor[0].value
    at.text_input(key="review_reason").input("Đối chiếu bản gốc").run()
    edit(at, "agencies", {0: {"agency_id": "phong-tckh", "role": "coordinate"}})
    at.button(key="save_agencies").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Đã lưu 4 sửa đổi; 4 đã có hiệu lực" in s.value for s in at.success), [s.value for s in at.success]

    plan_id, line = queue.loc[0, "plan_id"], int(queue.loc[0, "line_start"])
    query = "SELECT agency_id, agency_name, sector, role FROM responsibilities WHERE plan_id = ? AND line_start = ? " \
            "AND agency_raw = ?"
    expected = [("phong-tckh", "Phòng Tài chính - Kế hoạch", "finance", "coordinate")]
    assert rows(db, query, [plan_id, line, UNKNOWN]) == expected
    stored = corrections.parse_csv(fixes.read_text(encoding="utf-8"))
    assert [(c["column_name"], c["old_value"], c["new_value"]) for c in stored] == [
        ("agency_id", "", "phong-tckh"), ("agency_name", UNKNOWN, "Phòng Tài chính - Kế hoạch"),
        ("sector", "", "finance"), ("role", "lead", "coordinate")]
    assert {(c["corrected_by"], c["reason"]) for c in stored} == {("Lan (thử nghiệm)", "Đối chiếu bản gốc")}
    assert at.tabs[0].label == "Cơ quan chưa xác định (1)"  # the queue shrank

    db.unlink()
    ingest([workspace / "raw"], db)
    assert rows(db, query, [plan_id, line, UNKNOWN]) == expected
    assert rows(db, "SELECT DISTINCT status FROM corrections") == [("applied",)]


def test_merge_an_unknown_agency_into_a_canonical_one(workspace):
    db = workspace / "plans.duckdb"
    at = review_page()
    at.selectbox(key="merge_raw").select(UNKNOWN)
    at.selectbox(key="merge_target").select("phong-tckh").run()
    at.button(key="merge_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert rows(db, "SELECT DISTINCT agency_id, agency_name FROM responsibilities WHERE agency_raw = ?", [UNKNOWN]) == [
        ("phong-tckh", "Phòng Tài chính - Kế hoạch")]
    assert rows(db, "SELECT count(*), max(reason) FROM corrections") == [(6, f"Gộp “{UNKNOWN}” vào Phòng Tài chính - Kế hoạch")]
    assert at.tabs[0].label == "Cơ quan chưa xác định (0)"


def test_themes_targets_and_plans_are_edited_in_place(workspace):
    db = workspace / "plans.duckdb"
    at = review_page()
    activity, target, plan = (at.data_editor[i].value.loc[0] for i in (1, 2, 3))
    edit(at, "activities", {0: {"themes": ["communication", "models_pilots"]}})
    at.button(key="save_activities").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at = review_page()
    edit(at, "targets", {0: {"indicator_key": "ge_knowledge_population"}})
    at.button(key="save_targets").click().run()
    at = review_page()
    edit(at, "plans", {0: {"plan_year": 2024, "province": "Bắc Giang"}})
    at.button(key="save_plans").click().run()
    assert not at.exception, [e.value for e in at.exception]

    assert rows(db, "SELECT themes FROM activities WHERE plan_id = ? AND line_start = ?",
                [activity["plan_id"], int(activity["line_start"])]) == [(["communication", "models_pilots"],)]
    assert rows(db, "SELECT indicator_key, national_target_id FROM targets WHERE plan_id = ? AND line_start = ?",
                [target["plan_id"], int(target["line_start"])]) == [
        ("ge_knowledge_population", rows(db, "SELECT national_target_id FROM indicators WHERE indicator_key = "
                                             "'ge_knowledge_population'")[0][0])]
    assert rows(db, "SELECT plan_year, province, province_2025 FROM plans WHERE plan_id = ?", [plan["plan_id"]]) == [
        (2024, "Bắc Giang", admin.successor_2025("Bắc Giang"))]
    assert [t.label for t in at.tabs][1:4] == ["Hoạt động chưa xếp chủ đề (1)", "Chỉ tiêu chưa chuẩn hóa (1)",
                                               "Kế hoạch thiếu năm/tỉnh (0)"]


def test_corrections_tab_lists_statuses_and_offers_the_csv(workspace):
    fixes = workspace / "corrections.csv"
    db = workspace / "plans.duckdb"
    row = dict(zip(("plan_id", "section_path", "line_start", "agency_raw", "agency_id"),
                   rows(db, "SELECT plan_id, section_path, line_start, agency_raw, agency_id FROM responsibilities "
                            "WHERE agency_raw = ? ORDER BY plan_id LIMIT 1", [UNKNOWN])[0], strict=True))
    stale = corrections.make("responsibilities", {**row, "agency_id": "phong-noi-vu"}, "agency_id", "phong-tckh", by="An")
    review.append_corrections([stale], fixes)
    ingest([workspace / "raw"], db)
    at = review_page(who=None)
    assert at.tabs[4].label == "Sửa đổi (1; 1 chưa áp dụng)"
    table = next(d.value for d in at.dataframe if "status" in d.value.columns)
    assert table["status"].tolist() == ["Không áp dụng: dòng dữ liệu đã thay đổi"]
    download = at.get("download_button")
    assert any(getattr(d.proto, "label", "") == "Xuất sửa đổi (CSV)" for d in download)


# --- pure parts --------------------------------------------------------------------------------------------

def test_edits_become_corrections_with_their_follow_ups():
    before = pd.DataFrame([{"plan_id": "p1", "section_path": "III.2", "line_start": 79, "agency_raw": UNKNOWN,
                            "agency_id": None, "agency_name": UNKNOWN, "sector": None, "role": "lead", "task": "x"}])
    after = before.assign(agency_id="phong-tckh")
    ctx = Context(agencies={"phong-tckh": {"name": "Phòng Tài chính - Kế hoạch", "sector": "finance"}})
    fixes = edits_to_corrections("responsibilities", before, after, by="Lan", reason="r", ctx=ctx)
    assert [(f["column_name"], f["new_value"]) for f in fixes] == [
        ("agency_id", "phong-tckh"), ("agency_name", "Phòng Tài chính - Kế hoạch"), ("sector", "finance")]
    assert {(f["key_column"], f["key_value"], f["line_start"]) for f in fixes} == {("agency_raw", UNKNOWN, "79")}
    assert edits_to_corrections("responsibilities", before, before.copy(), by="Lan") == []
    plans = pd.DataFrame([{"plan_id": "p2", "plan_year": float("nan"), "province": None, "district": None}])
    fixes = edits_to_corrections("plans", plans, plans.assign(plan_year=2024.0, province="Thừa Thiên Huế"), by="Lan",
                                 ctx=Context(successor_2025=admin.successor_2025))
    assert [(f["column_name"], f["old_value"], f["new_value"]) for f in fixes] == [
        ("plan_year", "", "2024"), ("province", "", "Thừa Thiên Huế"), ("province_2025", "", "Huế")]


def test_reference_edits_refuse_names_that_are_taken():
    agencies = review.read_reference("agencies")
    changed = add_alias(agencies, "phong-tckh", "Phòng TC-KH huyện")
    assert changed.count("\n") == agencies.count("\n") and "Phòng TC-KH huyện" in changed
    with pytest.raises(ReviewError) as taken:
        add_alias(agencies, "phong-noi-vu", "Phòng Tài chính - Kế hoạch")
    assert "đã là tên của cơ quan khác" in taken.value.message.vi
    with pytest.raises(ReviewError):
        add_alias(agencies, "phong-tckh", "Phòng Tài chính-Kế hoạch")  # same name once folded
    with pytest.raises(ReviewError):
        add_alias(agencies, "phong-tckh", "P.")
    text, new_id = add_agency(agencies, UNKNOWN, "Phòng KH&CN", "science", "huyện")
    assert new_id == "phong-khoa-hoc-va-cong-nghe-huyen" and text.endswith(
        f"{new_id},{UNKNOWN},Phòng KH&CN,science,huyện,{UNKNOWN}\n")
    with pytest.raises(ReviewError):
        add_agency(text, UNKNOWN.upper(), "", "science", "huyện")
    themes = review.read_reference("themes")
    assert "nhà văn hóa" in add_theme_keyword(themes, "models_pilots", "nhà văn hóa")
    with pytest.raises(ReviewError):
        add_theme_keyword(themes, "communication", "Tuyên truyền")


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    """A temp project layout (loaders/ linked to the real package, data/reference/ copied) that the real loaders and
    their fingerprint read for this test only, so reference edits never touch the repository."""
    from loaders import reference, version

    real_version = version.build_version()
    root = tmp_path / "project"
    folder = root / "data" / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    (root / "loaders").symlink_to(ROOT / "loaders", target_is_directory=True)
    monkeypatch.setattr(reference, "REFERENCE_DIR", folder)
    monkeypatch.setattr(version, "REFERENCE_DIR", folder)
    monkeypatch.setattr(version, "PACKAGE", root / "loaders")
    review.reload_reference()
    assert version.build_version() == real_version  # same code, same lists: the same fingerprint
    yield folder
    review.reload_reference()  # the next test reads the real lists again


def test_a_new_alias_makes_the_loader_find_the_agency_in_every_plan(workspace, reference_copy):
    db = workspace / "plans.duckdb"
    repo_copy = (ROOT / "data" / "reference" / "agencies.csv").read_bytes()
    fixes = corrections.make("responsibilities", dict(zip(
        ("plan_id", "section_path", "line_start", "agency_raw", "agency_id"),
        rows(db, "SELECT plan_id, section_path, line_start, agency_raw, agency_id FROM responsibilities "
                 "WHERE agency_raw = ? ORDER BY plan_id LIMIT 1", [UNKNOWN])[0], strict=True)), "agency_id", "phong-tckh", by="An")
    review.append_corrections([fixes], workspace / "corrections.csv")
    old_version = rows(db, "SELECT value FROM build_info WHERE key = 'version'")[0][0]
    text, new_id = add_agency(review.read_reference("agencies"), "Phòng Khoa học và Công nghệ", "Phòng KH&CN",
                              "science", "huyện")
    review.write_reference("agencies", add_alias(text, new_id, UNKNOWN))
    summary = ingest([workspace / "raw"], db)  # the fingerprint changed: every document is read again
    assert summary.ingested == 7 and summary.unchanged == 0
    assert rows(db, "SELECT value FROM build_info WHERE key = 'version'")[0][0] != old_version
    assert rows(db, "SELECT DISTINCT agency_id FROM responsibilities WHERE agency_raw = ?", [UNKNOWN]) == [(new_id,)]
    # The earlier correction no longer matches what the loader now finds: reported, not forced on the row.
    assert rows(db, "SELECT status FROM corrections") == [("changed",)]
    assert (ROOT / "data" / "reference" / "agencies.csv").read_bytes() == repo_copy


def test_merge_with_alias_from_the_page_rebuilds_with_the_extended_list(workspace, reference_copy):
    db = workspace / "plans.duckdb"
    at = review_page()
    at.selectbox(key="merge_raw").select(UNKNOWN)
    at.selectbox(key="merge_target").select("phong-tckh")
    at.checkbox(key="merge_alias").check().run()
    at.button(key="merge_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert UNKNOWN in (reference_copy / "agencies.csv").read_text(encoding="utf-8")
    # Rebuilt from scratch: the loader itself now finds the agency, so the merge corrections are "already" true.
    assert rows(db, "SELECT DISTINCT agency_id FROM responsibilities WHERE agency_raw = ?", [UNKNOWN]) == [("phong-tckh",)]
    assert rows(db, "SELECT DISTINCT status FROM corrections") == [("already",)]
    assert rows(db, "SELECT min(ingested_at) = max(ingested_at) FROM plans") == [(True,)]
