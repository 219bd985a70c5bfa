"""pages/plan_detail.py in AppTest against a real database (the shipped plans plus one hostile document)."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from explorer.figures.plan_detail import items_by_line, outline_html, text_html
from loaders.ingest import ingest

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "pages" / "plan_detail.py"

HOSTILE = """ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 1/KH-UBND

Thử Nghiệm, ngày 02 tháng 3 năm 2023

KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2023 <img src=x onerror=alert(1)>

I. MỤC ĐÍCH, YÊU CẦU
1. Tuyên truyền <script>alert("x")</script> về bình đẳng giới cho [toàn dân](http://evil.example) và $x$ :red[đỏ].

II. NỘI DUNG
1. Phấn đấu 70% dân số được tiếp cận kiến thức cơ bản về bình đẳng giới.
2. Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới.

III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành tổ chức tập huấn kiến thức về bình đẳng giới.
"""


@pytest.fixture(autouse=True)
def _open_data(monkeypatch):
    """The "Dữ liệu" expanders draw their tables only once opened (ui.OPEN_DATA); these tests read them."""
    from explorer import ui

    monkeypatch.setattr(ui, "OPEN_DATA", True)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """Built once for this module: data/raw plus a document full of HTML and Markdown."""
    folder = tmp_path_factory.mktemp("plan_detail")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    path = folder / "plans.duckdb"
    summary = ingest([ROOT / "data" / "raw", hostile], path)
    assert not summary.errors, summary.errors
    return path


@pytest.fixture(autouse=True)
def _database(db, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")


def plan_id(db: Path, source_like: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT plan_id FROM plans WHERE source_path LIKE $s", {"s": f"%{source_like}%"}).fetchone()[0]
    finally:
        con.close()


def run(**query_params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def text_of(at: AppTest) -> str:
    """What the reader sees: the HTML with entities decoded."""
    return html.unescape(html_of(at))


def test_default_filters_show_a_plan_its_outline_and_text():
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="pd_plan")
    assert picker.label == "Kế hoạch" and len(picker.options) == 6
    assert at.query_params["plan"] in (picker.value, [picker.value])
    assert [m.label for m in at.metric] == ["Chỉ tiêu", "Hoạt động", "Trách nhiệm", "Trích dẫn", "Thời hạn", "Kinh phí",
                                            "Mô hình"]
    assert [tab.label for tab in at.tabs] == ["Thông tin", "Mục lục", "Văn bản"]
    assert len(at.dataframe) >= 1  # metadata table
    page = html_of(at)
    assert "padding:1px 0 1px 1.4em" in page  # outline indented by depth
    assert "line-height:1.45" in page  # the text view


def test_plan_from_the_url_with_targets_labelled_by_row(db):
    at = run(plan=plan_id(db, "lang-giang"))
    assert not at.exception
    assert at.selectbox(key="pd_plan").value == plan_id(db, "lang-giang")
    assert at.metric[0].value != "0"
    page = text_of(at)
    assert "chỉ tiêu: 70 % · ge_knowledge_population" in page
    assert "trách nhiệm: " in page and "hoạt động: " in page


def test_many_plans_are_picked_by_unit_first(db, monkeypatch):
    """Above ui.MAX_OPTIONS plans the picker asks for the issuing unit first (the plan in the URL selects its unit);
    the plan list then holds that unit's plans only."""
    from explorer import ui

    monkeypatch.setattr(ui, "MAX_OPTIONS", 1)
    at = run(plan=plan_id(db, "lang-giang"))
    assert not at.exception, [e.value for e in at.exception]
    unit = at.selectbox(key="pd_plan_unit")
    assert unit.value == "Bắc Giang / Lạng Giang" and len(unit.options) == 6
    assert at.selectbox(key="pd_plan").value == plan_id(db, "lang-giang")
    assert len(at.selectbox(key="pd_plan").options) == 1
    unit.set_value("Quảng Ngãi").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="pd_plan").value == plan_id(db, "quang-ngai")
    assert at.query_params["plan"] in (plan_id(db, "quang-ngai"), [plan_id(db, "quang-ngai")])
    values = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 1], strict=True))
    assert values["Mã kế hoạch"] == plan_id(db, "quang-ngai")


def test_metadata_dates_and_truncated_flag(db):
    at = run(plan=plan_id(db, "quang-ngai"))
    assert not at.exception
    assert any("bị cắt" in w.value for w in at.warning)  # truncated, shown prominently
    meta = at.dataframe[0].value
    values = dict(zip(meta.iloc[:, 0], meta.iloc[:, 1], strict=True))
    assert values["Ngày ban hành"] == "23/04/2025"
    assert values["Bị cắt"].startswith("CÓ")
    bac_kan = run(plan=plan_id(db, "bac-kan"))
    values = dict(zip(bac_kan.dataframe[0].value.iloc[:, 0], bac_kan.dataframe[0].value.iloc[:, 1], strict=True))
    assert values["Ngày ban hành"] == "19/03/2018"
    assert "Bộ LĐTB&amp;XH" in html_of(bac_kan)  # recipients listed, escaped


def test_document_text_is_shown_as_text_never_as_html_or_markdown(db):
    at = run(plan=plan_id(db, "hostile"))
    assert not at.exception
    page = html_of(at)
    assert "&lt;script&gt;alert" in page
    assert "<script" not in page and "<img" not in page
    assert '<script>alert("x")</script>' in text_of(at)  # shown, as text
    assert "&#91;toàn dân&#93;&#40;http&#58;//evil.example&#41;" in page
    assert "](http" not in page
    for element in list(at.markdown) + list(at.caption) + list(at.subheader):
        assert "<script" not in element.value and "evil.example" not in element.value


def test_unknown_plan_in_the_url_falls_back_to_the_first():
    at = run(plan="not-a-plan")
    assert not at.exception
    picker = at.selectbox(key="pd_plan")
    assert picker.index == 0
    assert at.query_params["plan"] in (picker.value, [picker.value])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_filter_that_empties_the_data(lang):
    at = run(provinces="Không tồn tại", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info, "ui.empty() explains the empty view"
    assert not at.selectbox


def test_english_labels():
    at = run(lang="en")
    assert not at.exception
    assert at.selectbox(key="pd_plan").label == "Plan"
    assert [tab.label for tab in at.tabs] == ["Metadata", "Outline", "Text"]


def test_theme_filter_limits_highlighted_activities(db):
    at = run(plan=plan_id(db, "bac-kan"), themes="training")
    assert not at.exception
    all_themes = run(plan=plan_id(db, "bac-kan"))
    assert int(at.metric[1].value) < int(all_themes.metric[1].value)


def test_items_by_line_uses_overlapping_spans():
    lines = pd.DataFrame({"line_start": [1, 3, 6], "line_end": [1, 5, 6], "text": ["a", "b", "c"]})
    items = pd.DataFrame({"item": ["target", "activity", "budget"], "line_start": [4, 1, 9], "line_end": [6, 1, 9],
                          "label": ["t", "a", "b"]})
    marked = items_by_line(lines, items)
    assert {k: [r["label"] for r in v] for k, v in marked.items()} == {0: ["a"], 1: ["t"], 2: ["t"]}
    assert items_by_line(lines, items.iloc[0:0]) == {}


def test_text_and_outline_html_escape_everything():
    lines = pd.DataFrame({"line_start": [1], "line_end": [2], "text": ["<b>x</b> [a](b)"]})
    items = pd.DataFrame({"item": ["citation"], "line_start": [1], "line_end": [1], "label": ["<i>trích dẫn</i>"]})
    out = text_html(lines, items)
    assert "&lt;b&gt;x&lt;/b&gt; &#91;a&#93;&#40;b&#41;" in out and "&lt;i&gt;trích dẫn&lt;/i&gt;" in out
    assert "<b>x" not in out and "<i>" not in out
    assert text_html(lines, items.iloc[0:0], only_marked=True) == "<div style='line-height:1.45'></div>"
    sections = pd.DataFrame({"path": ["I", "I.1"], "depth": [1, 2], "heading": ["<u>A</u>", "B"], "kind_label": ["k", "k"],
                             "line_start": [1, 2], "line_end": [3, 2]})
    out = outline_html(sections, "dòng")
    assert "&lt;u&gt;A&lt;/u&gt;" in out and "1.4em" in out and "dòng 1–3" in out and "dòng 2<" in out
