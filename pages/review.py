"""Rà soát / Review: rows the loaders were unsure about; edit them in place, merge unknown agencies, extend
the reference lists. Every change is a correction kept in data/corrections.csv and re-applied at each build."""

import duckdb
import pandas as pd
import streamlit as st

from explorer import filters, ui
from explorer.data import query, run_uncached
from explorer.i18n import fmt_int, t
from explorer.importing import rebuild
from explorer.labels import agency_label, indicator_label, label, theme_label
from explorer.messages import CORRECTION_STATUS
from explorer.review import (
    Context,
    ReviewError,
    add_agency,
    add_alias,
    add_theme_keyword,
    check_who,
    edits_to_corrections,
    merge_agency,
    read_reference,
    save,
    write_reference,
)
from explorer.settings import db_path, raw_dir
from loaders import admin, corrections
from loaders.textnorm import sort_key

ui.header("Rà soát", "Review",
          "Các dòng bộ trích xuất chưa chắc chắn: cơ quan chưa có trong danh mục, hoạt động chưa xếp chủ đề, chỉ tiêu "
          "chưa chuẩn hóa, kế hoạch thiếu năm hoặc tỉnh. Sửa trực tiếp trong bảng rồi bấm Lưu; mỗi sửa đổi được ghi "
          "lại (ai, khi nào, giá trị cũ → mới, lý do) và tự áp dụng lại sau mỗi lần nạp dữ liệu.",
          "Rows the extractor was unsure about: unknown agencies, unthemed activities, unmatched targets, plans "
          "without year or province. Edit them in the table and Save; every correction is recorded (who, when, old → "
          "new, why) and re-applied after every ingest.")
f = filters.sidebar()
params = f.params()

for kind, vi, en in st.session_state.pop("review_notes", []):
    getattr(st, kind)(t(vi, en))

reference = query("review_reference")
ref = {k: g.drop(columns="kind") for k, g in reference.groupby("kind")}
agencies = {r.id: {"name": r.name, "sector": r.extra, "level": r.extra2} for r in ref.get("agency", pd.DataFrame()).itertuples()}
indicators = {r.id: {"name": r.name, "national_target_id": r.extra} for r in ref.get("indicator", pd.DataFrame()).itertuples()}
themes = sorted(ref["theme"]["id"].tolist()) if "theme" in ref else []
ctx = Context(agencies=agencies, indicators=indicators, successor_2025=admin.successor_2025)
agency_ids = sorted(agencies, key=lambda a: sort_key(agencies[a]["name"]))
provinces = sorted({u.short for u in admin.provinces().values()}, key=sort_key)
roles = ["lead", "coordinate", "advise", "requested", "assigned"]

c1, c2 = st.columns(2)
who = c1.text_input(t("Người sửa", "Corrected by"), key="review_who",
                    placeholder=t("Họ tên hoặc email", "Name or e-mail"))
reason = c2.text_input(t("Lý do (ghi vào mỗi sửa đổi)", "Reason (stored with each correction)"), key="review_reason",
                       placeholder=t("Ví dụ: đối chiếu bản gốc", "e.g. checked against the original"))
generation = st.session_state.setdefault("review_generation", 0)


def store(rows: list[dict]) -> None:
    """Save corrections, rebuild, and report what the build did with them (shown after the rerun)."""
    if not rows:
        st.info(t("Không có thay đổi nào để lưu.", "Nothing changed."))
        return
    try:
        check_who(who)
    except ReviewError as err:
        st.error(t(err.message.vi, err.message.en))
        return
    with st.spinner(t("Đang lưu và nạp lại cơ sở dữ liệu…", "Saving and rebuilding the database…")):
        save(rows, raw_dir(), db_path())
    result = run_uncached("review_corrections").tail(len(rows))
    counts = result["status"].value_counts().to_dict()
    applied = counts.get("applied", 0) + counts.get("already", 0)
    notes = [("success", f"Đã lưu {len(rows)} sửa đổi; {applied} đã có hiệu lực.",
              f"Saved {len(rows)} correction(s); {applied} in effect.")]
    failed = len(rows) - applied
    if failed:
        notes.append(("warning", f"{failed} sửa đổi không áp dụng được (dòng dữ liệu đã thay đổi); xem thẻ Sửa đổi.",
                      f"{failed} correction(s) could not be applied (the row changed); see the Corrections tab."))
    finish(notes)


def finish(notes: list[tuple[str, str, str]]) -> None:
    st.session_state["review_notes"] = notes
    st.session_state["review_generation"] = generation + 1  # fresh editors over the new queue
    st.rerun()


def page(name: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of a queue to edit now: a page of ui.LIST_ROWS (an editor of thousands of rows is slow to send and
    to use); Save stores the changes of the page shown."""
    return ui.page_of(rows, f"review_{name}_page")


def editor(name: str, frame: pd.DataFrame, columns: dict, editable: list[str]) -> pd.DataFrame:
    shown = list(columns)
    number = st.session_state.get(f"review_{name}_page", 1)  # edits belong to the rows of one page
    page_key = f"_p{number}" if number > 1 else ""
    return st.data_editor(frame, key=f"review_{name}_{generation}{page_key}", hide_index=True, width="stretch",
                          column_order=shown, column_config=columns,
                          disabled=[c for c in frame.columns if c not in editable], num_rows="fixed")


def place(**extra) -> dict:
    base = {"plan_label": st.column_config.TextColumn(t("Kế hoạch", "Plan")),
            "section_path": st.column_config.TextColumn(t("Mục", "Section")),
            "line_start": st.column_config.NumberColumn(t("Dòng", "Line"), format="%d")}
    return base | extra


queues = {name: query(f"review_{name}", **params) for name in ("agencies", "activities", "targets", "plans")}
try:
    done = run_uncached("review_corrections")
except duckdb.CatalogException:  # a database built before corrections existed (rebuilt on next start)
    done = pd.DataFrame(columns=["status"])
not_applied = int(done["status"].isin(corrections.NOT_APPLIED).sum()) if not done.empty else 0

if not_applied:
    st.warning(t(f"{not_applied} sửa đổi không còn áp dụng được vì dòng dữ liệu đã thay đổi (văn bản được sửa hoặc bộ "
                 "trích xuất đã khác). Xem thẻ Sửa đổi và sửa lại nếu cần.",
                 f"{not_applied} correction(s) no longer apply because their row changed (the document or the "
                 "extractor changed). See the Corrections tab and redo them if needed."), icon=":material/rule:")
tabs = st.tabs([t(f"Cơ quan chưa xác định ({fmt_int(len(queues['agencies']))})", f"Unknown agencies ({len(queues['agencies'])})"),
                t(f"Hoạt động chưa xếp chủ đề ({fmt_int(len(queues['activities']))})", f"Unthemed activities ({len(queues['activities'])})"),
                t(f"Chỉ tiêu chưa chuẩn hóa ({fmt_int(len(queues['targets']))})", f"Unmatched targets ({len(queues['targets'])})"),
                t(f"Kế hoạch thiếu năm/tỉnh ({fmt_int(len(queues['plans']))})", f"Plans without year/province ({len(queues['plans'])})"),
                t(f"Sửa đổi ({fmt_int(len(done))}; {not_applied} chưa áp dụng)", f"Corrections ({len(done)}; {not_applied} not applied)"),
                t("Danh mục", "Reference lists")])
nothing = ("Không có dòng nào cần rà soát với bộ lọc hiện tại.", "Nothing to review with the current filters.")

with tabs[0]:
    rows = queues["agencies"]
    if rows.empty:
        ui.empty(*nothing)
    else:
        shown = page("agencies", rows)
        st.caption(t("Chọn cơ quan chuẩn cho từng dòng, hoặc gộp một tên chưa xác định vào cơ quan chuẩn cho mọi dòng "
                     "bên dưới.", "Pick the canonical agency per row, or merge an unknown name for all rows below."))
        edited = editor("agencies", shown, place(
                        agency_raw=st.column_config.TextColumn(t("Tên trong văn bản", "As printed")),
                        agency_id=st.column_config.SelectboxColumn(t("Cơ quan chuẩn", "Canonical agency"), options=agency_ids,
                                                                   format_func=agency_label),
                        role=st.column_config.SelectboxColumn(t("Vai trò", "Role"), options=roles,
                                                              format_func=lambda c: label("role", c)),
                        task=st.column_config.TextColumn(t("Nhiệm vụ", "Task"))),
                        ["agency_id", "role", "task"])
        if st.button(t("Lưu sửa đổi", "Save corrections"), key="save_agencies"):
            store(edits_to_corrections("responsibilities", shown, edited, by=who, reason=reason, ctx=ctx))
        st.markdown(f"**{t('Gộp cơ quan chưa xác định', 'Merge an unknown agency')}**")
        names = sorted(rows["agency_raw"].dropna().unique().tolist(), key=sort_key)
        m1, m2 = st.columns(2)
        raw_name = m1.selectbox(t("Tên trong văn bản", "As printed"), names, key="merge_raw")
        target = m2.selectbox(t("Gộp vào cơ quan chuẩn", "Merge into"), agency_ids, format_func=agency_label,
                              key="merge_target", index=None, placeholder=t("Chọn cơ quan", "Choose an agency"))
        as_alias = st.checkbox(t("Thêm tên này làm tên gọi khác của cơ quan trong danh mục (áp dụng cho mọi văn bản; "
                                 "cơ sở dữ liệu sẽ được xây lại toàn bộ)",
                                 "Also add this name as an alias in the reference list (applies to every document; "
                                 "the database is rebuilt from scratch)"), value=False, key="merge_alias")
        if st.button(t("Gộp", "Merge"), key="merge_go", disabled=target is None):
            fixes = merge_agency(rows[rows["agency_raw"] == raw_name], target, by=who,
                                 reason=reason or f"Gộp “{raw_name}” vào {agencies[target]['name']}", ctx=ctx)
            if as_alias:
                try:
                    check_who(who)
                    write_reference("agencies", add_alias(read_reference("agencies"), target, raw_name))
                except ReviewError as err:
                    st.error(t(err.message.vi, err.message.en))
                    st.stop()
            store(fixes)

with tabs[1]:
    rows = queues["activities"]
    if rows.empty:
        ui.empty(*nothing)
    else:
        shown = page("activities", rows)
        edited = editor("activities", shown, place(
                        text=st.column_config.TextColumn(t("Hoạt động", "Activity")),
                        themes=st.column_config.MultiselectColumn(t("Chủ đề", "Themes"), options=themes,
                                                                  format_func=theme_label),
                        timeframe=st.column_config.TextColumn(t("Thời gian", "Timeframe"))),
                        ["themes", "timeframe"])
        if st.button(t("Lưu sửa đổi", "Save corrections"), key="save_activities"):
            store(edits_to_corrections("activities", shown, edited, by=who, reason=reason, ctx=ctx))

with tabs[2]:
    rows = queues["targets"]
    if rows.empty:
        ui.empty(*nothing)
    else:
        shown = page("targets", rows)
        edited = editor("targets", shown, place(
                        indicator_text=st.column_config.TextColumn(t("Chỉ tiêu trong văn bản", "As printed")),
                        value=st.column_config.NumberColumn(t("Giá trị", "Value")),
                        unit=st.column_config.TextColumn(t("Đơn vị", "Unit")),
                        target_year=st.column_config.NumberColumn(t("Năm", "Year"), format="%d"),
                        indicator_key=st.column_config.SelectboxColumn(t("Chỉ số chuẩn", "Indicator"),
                                                                       options=sorted(indicators),
                                                                       format_func=indicator_label)),
                        ["value", "unit", "target_year", "indicator_key"])
        if st.button(t("Lưu sửa đổi", "Save corrections"), key="save_targets"):
            store(edits_to_corrections("targets", shown, edited, by=who, reason=reason, ctx=ctx))

with tabs[3]:
    rows = queues["plans"]
    if rows.empty:
        ui.empty(*nothing)
    else:
        shown = page("plans", rows)
        edited = editor("plans", shown, {
            "source_path": st.column_config.TextColumn(t("Tệp", "File")),
            "title": st.column_config.TextColumn(t("Trích yếu", "Title")),
            "plan_year": st.column_config.NumberColumn(t("Năm kế hoạch", "Plan year"), format="%d", min_value=1990,
                                                       max_value=2100),
            "province": st.column_config.SelectboxColumn(t("Tỉnh/thành", "Province"), options=provinces),
            "district": st.column_config.TextColumn(t("Huyện", "District")),
        }, ["plan_year", "province", "district"])
        if st.button(t("Lưu sửa đổi", "Save corrections"), key="save_plans"):
            store(edits_to_corrections("plans", shown, edited, by=who, reason=reason, ctx=ctx))

with tabs[4]:
    path = corrections.csv_path()
    if done.empty:
        st.info(t("Chưa có sửa đổi nào.", "No corrections yet."))
    else:
        table = done.assign(status=done["status"].map(lambda s: t(*CORRECTION_STATUS.get(s, (s, s)))))
        st.dataframe(table, hide_index=True, width="stretch")
        ui.data_expander(done, "corrections_status")
    st.caption(t(f"Bản lưu bền: {path.name} (dùng chung, đưa vào git). Mỗi lần nạp dữ liệu đều áp dụng lại toàn bộ.",
                 f"Durable copy: {path.name} (shared, committed). Re-applied in full by every ingest."))
    st.download_button(t("Xuất sửa đổi (CSV)", "Export corrections (CSV)"),
                       ("\ufeff" + (path.read_text(encoding="utf-8") if path.exists() else corrections.to_csv([]))).encode(),
                       "corrections.csv", "text/csv", key="export_corrections")

with tabs[5]:
    st.caption(t("Thêm vào danh mục tham chiếu (data/reference/). Danh mục thay đổi thì cơ sở dữ liệu được xây lại "
                 "toàn bộ để mọi văn bản được đọc lại theo danh mục mới.",
                 "Extend the reference lists (data/reference/). Changing them rebuilds the database from scratch so "
                 "every document is read again with the new lists."))

    def extend(name: str, text_of) -> None:
        try:
            check_who(who)
            text, note = text_of()
            with st.spinner(t("Đang xây lại cơ sở dữ liệu…", "Rebuilding the database…")):
                write_reference(name, text)
                rebuild(raw_dir(), db_path())
        except ReviewError as err:
            st.error(t(err.message.vi, err.message.en))
            return
        finish([("success", *note)])

    with st.form("ref_alias"):
        st.markdown(f"**{t('Tên gọi khác của cơ quan', 'Agency alias')}**")
        a1, a2 = st.columns(2)
        alias = a1.text_input(t("Tên gọi khác (như trong văn bản)", "Alias (as printed)"), key="ref_alias_name")
        alias_of = a2.selectbox(t("Của cơ quan", "Of agency"), agency_ids, format_func=agency_label, key="ref_alias_of")
        if st.form_submit_button(t("Thêm tên gọi", "Add alias")):
            extend("agencies", lambda: (add_alias(read_reference("agencies"), alias_of, alias),
                                        (f"Đã thêm “{alias}” cho {agency_label(alias_of)}.",
                                         f"Added “{alias}” to {agency_label(alias_of)}.")))
    with st.form("ref_agency"):
        st.markdown(f"**{t('Cơ quan mới', 'New agency')}**")
        n1, n2 = st.columns(2)
        new_name = n1.text_input(t("Tên đầy đủ", "Full name"), key="ref_agency_name")
        new_short = n2.text_input(t("Tên ngắn", "Short name"), key="ref_agency_short")
        sectors = sorted({a["sector"] for a in agencies.values() if a["sector"]})
        levels = sorted({a["level"] for a in agencies.values() if a["level"]})
        sector = n1.selectbox(t("Ngành", "Sector"), sectors, key="ref_agency_sector", format_func=lambda c: label("sector", c))
        level = n2.selectbox(t("Cấp", "Level"), levels, key="ref_agency_level")
        if st.form_submit_button(t("Thêm cơ quan", "Add agency")):
            def _new():
                text, new_id = add_agency(read_reference("agencies"), new_name, new_short, sector, level)
                return text, (f"Đã thêm cơ quan {new_name} (mã {new_id}).", f"Added agency {new_name} ({new_id}).")
            extend("agencies", _new)
    with st.form("ref_theme"):
        st.markdown(f"**{t('Từ khóa chủ đề', 'Theme keyword')}**")
        k1, k2 = st.columns(2)
        keyword = k1.text_input(t("Từ khóa", "Keyword"), key="ref_theme_keyword")
        theme = k2.selectbox(t("Chủ đề", "Theme"), themes, format_func=theme_label, key="ref_theme_id")
        if st.form_submit_button(t("Thêm từ khóa", "Add keyword")):
            extend("themes", lambda: (add_theme_keyword(read_reference("themes"), theme, keyword),
                                      (f"Đã thêm từ khóa “{keyword}” cho chủ đề {theme_label(theme)}.",
                                       f"Added keyword “{keyword}” to {theme_label(theme)}.")))
