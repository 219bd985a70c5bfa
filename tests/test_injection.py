"""Injection through the dashboard.

SQL: quotes, semicolons and SQL keywords in every sidebar filter and every page parameter reach DuckDB only as
bound parameters: every page runs without an exception and every table keeps its rows.

HTML/Markdown: a plan whose title, activities, agency names and recipients carry <script>, <img onerror> and
javascript: links is ingested and every page shows them as text: no markdown, heading or html element holds
them unescaped (AppTest), and in Chromium no dialog fires, no such element exists and the text is visible.
RELIABILITY_LONG=1 tries every payload in every parameter separately and opens every page in Chromium.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import RAW, ROOT
from streamlit.testing.v1 import AppTest

from loaders.ingest import ingest

LONG = os.environ.get("RELIABILITY_LONG") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[link](javascript:alert(1))"
# Agency names end at "(" in running text, so they carry backtick variants that survive whole.
SCRIPT_B = "<script>alert`1`</script>"
IMG_B = "<img src=x onerror=alert`1`>"
PAYLOADS = (SCRIPT, IMG, LINK, SCRIPT_B, IMG_B)
# What must never appear unescaped where a page renders HTML or Markdown.
LIVE_HTML = ("<script", "<img src=x", "onerror=")
LIVE_MARKDOWN = ("](javascript:",)

INJECTED_PLAN = f"""ỦY BAN NHÂN DÂN
HUYỆN LẠNG GIANG
Số: 77/KH-UBND
Lạng Giang, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện công tác bình đẳng giới {SCRIPT} {IMG} {LINK} năm 2024
Thực hiện Kế hoạch số 21/KH-UBND ngày 30/01/2024 của UBND tỉnh Bắc Giang về bình đẳng giới {SCRIPT}; UBND huyện Lạng Giang xây dựng Kế hoạch như sau:
I. MỤC TIÊU
- Phấn đấu 80% cán bộ được tập huấn về bình đẳng giới {SCRIPT}.
II. NỘI DUNG HOẠT ĐỘNG
1. Tuyên truyền về bình đẳng giới {SCRIPT} trên địa bàn huyện
- Tổ chức tuyên truyền {IMG} nâng cao nhận thức về bình đẳng giới; thời gian: Quý I/2024.
- Xây dựng mô hình {LINK} về bình đẳng giới trong gia đình.
- Tổ chức hội nghị {SCRIPT} tập huấn về bình đẳng giới cho cán bộ.
III. TỔ CHỨC THỰC HIỆN
1. Phòng {SCRIPT_B} Hành chính
Chủ trì tham mưu triển khai Kế hoạch.
2. Ban {IMG_B} Tuyên giáo
Phối hợp tuyên truyền về bình đẳng giới.
3. Hội {LINK} Nông dân huyện
Phối hợp thực hiện các hoạt động.
4. Phòng Văn hóa và Thông tin
Chủ trì, phối hợp với Trung tâm {SCRIPT_B} Văn hóa tổ chức tuyên truyền; báo cáo UBND huyện trước ngày 15/12/2024.
Nơi nhận:
- UBND tỉnh {SCRIPT};
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""

SQL_PAYLOADS = (
    "'; DROP TABLE plans; --",
    "x' OR '1'='1",
    "1); DELETE FROM activities; --",
    '" OR 1=1 --',
    "' UNION SELECT plan_id, title FROM plans --",
    "Robert'); DROP TABLE responsibilities;--",
    "'; ATTACH '/tmp/injected.duckdb' AS x; CREATE TABLE x.t AS SELECT 1; --",
    "%' OR province LIKE '%",
    "\\'; COPY plans TO '/tmp/leak.csv'; --",
    "$1; SELECT 1",
)
YEAR_PAYLOADS = ("2018; DROP TABLE plans", "2018 OR 1=1", "-1", "2018'--", "1e9", "99999999999999999999999")
SIDEBAR_LISTS = ("provinces", "provinces_2025", "levels", "doc_types", "themes", "agencies")
BASE_PAGE_PARAMS = ("q", "plan", "unit", "compare")


def registered_pages() -> list[str]:
    spec = importlib.util.spec_from_file_location("dashboard_pages_for_injection", ROOT / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines PAGES; run() only happens under __main__
    return [entry[0] for entry in module.PAGES]


PAGES = registered_pages()


def page_params(page: str) -> list[str]:
    """The URL parameters a page reads (found in its source), plus q/plan/unit/compare."""
    source = (ROOT / page).read_text(encoding="utf-8")
    found = re.findall(r"query_params(?:\.get(?:_all)?\(|\[)\s*[\"'](\w+)[\"']", source)
    return sorted((set(found) | set(BASE_PAGE_PARAMS)) - set(SIDEBAR_LISTS) - {"year_from", "year_to", "lang"})


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def injected_db(tmp_path_factory) -> Path:
    """The seed plans plus the hostile one, built by the real ingest."""
    folder = tmp_path_factory.mktemp("injected_raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "injected-plan.txt").write_text(INJECTED_PLAN, encoding="utf-8")
    db = tmp_path_factory.mktemp("injected_db") / "plans.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLANS_CORRECTIONS", str(folder / "no-corrections.csv"))
        summary = ingest([folder], db)
    assert summary.ingested == len(list(RAW.glob("*.txt"))) + 1, summary.errors
    return db


@pytest.fixture(scope="module")
def injected_plan_id(injected_db) -> str:
    con = duckdb.connect(str(injected_db), read_only=True)
    try:
        return con.execute("SELECT plan_id FROM plans WHERE source_path LIKE '%injected-plan%'").fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def app_env(injected_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_DB", str(injected_db))
    monkeypatch.setenv("PLANS_AUTOBUILD", "0")
    monkeypatch.setenv("PLANS_CORRECTIONS", str(tmp_path / "corrections.csv"))
    monkeypatch.setenv("PLANS_RAW", str(tmp_path / "raw"))  # pages that import or rebuild never touch data/
    return injected_db


def run_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


def _exceptions(at: AppTest) -> list[str]:
    return [e.value for e in at.exception]


# --- SQL ------------------------------------------------------------------------------------------------------


def _hostile_params(page: str, payload: str, plan_id: str) -> dict[str, str]:
    """Every sidebar filter and page parameter at once. Lists keep one real value next to the payloads, so the
    data is not filtered away and the page goes on to use its own parameters."""
    real = {"provinces": "Bắc Giang", "provinces_2025": "Bắc Ninh", "levels": "huyện", "doc_types": "KH",
            "themes": "communication", "agencies": "phong-vhtt"}
    params = {key: f"{real[key]},{payload},{payload.replace(',', ' ')}" for key in SIDEBAR_LISTS}
    params.update(year_from=YEAR_PAYLOADS[0], year_to=YEAR_PAYLOADS[1], lang="vi' OR '1'='1")
    for key in page_params(page):
        params[key] = f"{plan_id},{payload}" if key in ("compare", "plan") else payload
    return params


@pytest.mark.parametrize("page", PAGES)
def test_hostile_parameters_on_every_page(page, app_env, injected_plan_id):
    """SQL payloads in every filter and page parameter at once; the hostile plan is on screen while they are."""
    before = table_counts(app_env)
    for payload in SQL_PAYLOADS if LONG else SQL_PAYLOADS[:1]:
        runs = [_hostile_params(page, payload, injected_plan_id)]
        if payload == SQL_PAYLOADS[0] and page_params(page):
            # The page's own parameters pointing at the hostile plan, the filters still hostile.
            own = _page_params_for_plan(page, injected_plan_id)
            own = {k: (f"{v} {payload}" if k == "q" else v) for k, v in own.items()}
            runs.append({**_hostile_params(page, payload, injected_plan_id), **own})
        for params in runs:
            at = run_page(page, params)
            assert not at.exception, (payload, _exceptions(at))
            assert live_markup(at) == [], params
    assert table_counts(app_env) == before
    assert not Path("/tmp/leak.csv").exists() and not Path("/tmp/injected.duckdb").exists()


def _single_param_cases() -> list[tuple[str, str, str]]:
    cases = []
    for page in PAGES:
        for key in (*SIDEBAR_LISTS, *page_params(page)):
            cases += [(page, key, payload) for payload in SQL_PAYLOADS]
        cases += [(page, key, payload) for key in ("year_from", "year_to") for payload in YEAR_PAYLOADS]
        cases += [(page, "lang", payload) for payload in SQL_PAYLOADS[:3]]
    return cases


@pytest.mark.skipif(not LONG, reason="every payload in every parameter separately: RELIABILITY_LONG=1")
@pytest.mark.parametrize(("page", "key", "payload"), _single_param_cases() if LONG else [("-", "-", "-")])
def test_each_sql_payload_in_each_parameter(page, key, payload, app_env):
    before = table_counts(app_env)
    at = run_page(page, {key: payload})
    assert not at.exception, _exceptions(at)
    assert table_counts(app_env) == before


@pytest.mark.parametrize("key", ["year_from", "year_to"])
@pytest.mark.parametrize("value", ["²", "١٢", "𝟚𝟘𝟙𝟠", "3000", "0", "99999999999999999999999"])
def test_odd_years_in_the_url(key, value, app_env):
    """str.isdigit() accepts superscripts and other scripts' digits; years far outside the data or past 2**53."""
    at = run_page(PAGES[0], {key: value})
    assert not at.exception, _exceptions(at)


# --- HTML and Markdown --------------------------------------------------------------------------------------------


def _elements(node):
    """Every element of an AppTest tree (blocks are walked, not returned)."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _elements(child)
    else:
        yield node


def rendered_markup(at: AppTest) -> list[tuple[str, bool, str]]:
    """(element type, renders raw HTML?, source) of every element whose text is rendered as HTML or Markdown."""
    out = []
    for el in _elements(at._tree):
        proto = getattr(el, "proto", None)
        body = getattr(proto, "body", None)
        if not isinstance(body, str):
            label = getattr(proto, "label", None)
            if isinstance(label, str) and label:  # widget and expander labels are Markdown
                out.append((getattr(el, "type", "?"), False, label))
            continue
        kind = getattr(el, "type", "?")
        raw_html = kind == "html" or bool(getattr(proto, "allow_html", False))
        out.append((kind, raw_html, body))
    return out


def live_markup(at: AppTest) -> list[tuple[str, str]]:
    problems = []
    for kind, raw_html, body in rendered_markup(at):
        for needle in LIVE_HTML if raw_html else ():
            if needle in body:
                problems.append((kind, body[max(0, body.find(needle) - 80): body.find(needle) + 80]))
        for needle in LIVE_MARKDOWN:
            if needle in body and kind != "code":
                problems.append((kind, body[max(0, body.find(needle) - 80): body.find(needle) + 80]))
    return problems


def _page_params_for_plan(page: str, plan_id: str, unit: str = "Lạng Giang") -> dict[str, str]:
    params = {}
    for key in page_params(page):
        params[key] = {"plan": plan_id, "compare": plan_id, "unit": unit, "q": "bình đẳng giới"}.get(key, "")
    return {k: v for k, v in params.items() if v}


@pytest.mark.skipif(not LONG, reason="covered with hostile filters by test_hostile_parameters_on_every_page")
@pytest.mark.parametrize("page", PAGES)
def test_document_markup_is_shown_as_text(page, app_env, injected_plan_id):
    at = run_page(page, _page_params_for_plan(page, injected_plan_id))
    assert not at.exception, _exceptions(at)
    assert live_markup(at) == []


def test_injected_plan_was_extracted_with_its_markup(injected_db):
    con = duckdb.connect(str(injected_db), read_only=True)
    try:
        title = con.execute("SELECT title FROM plans WHERE title LIKE '%<script>%'").fetchall()
        activities = con.execute("SELECT count(*) FROM activities WHERE text LIKE '%<img src=x%' "
                                 "OR text LIKE '%javascript:%'").fetchall()[0][0]
        agencies = con.execute("SELECT count(*) FROM responsibilities WHERE agency_name LIKE '%<script>%' "
                               "OR agency_name LIKE '%<img src=x%'").fetchall()[0][0]
    finally:
        con.close()
    assert title and SCRIPT in title[0][0] and LINK in title[0][0]
    assert activities >= 2 and agencies >= 2


# --- the same in a real browser -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def injected_server(injected_db, tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    port = _free_port()
    work = tmp_path_factory.mktemp("injected_server")
    env = {**os.environ, "PLANS_DB": str(injected_db), "PLANS_AUTOBUILD": "0",
           "PLANS_CORRECTIONS": str(work / "corrections.csv"), "PLANS_RAW": str(work / "raw")}
    log = work / "streamlit.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start: {log.read_text()}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


BROWSER_PAGES = [p for p in PAGES if LONG or Path(p).stem in ("overview", "plan_detail", "search")]


@pytest.mark.browser
@pytest.mark.parametrize("page", BROWSER_PAGES)
def test_no_script_runs_in_chromium(page, injected_server, browser, injected_plan_id):
    name = Path(page).stem
    query = "&".join(f"{k}={urllib.request.quote(v)}" for k, v in _page_params_for_plan(page, injected_plan_id).items())
    url = f"{injected_server}/{'' if name == 'overview' else name}" + (f"?{query}" if query else "")
    dialogs: list[str] = []
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto(url, wait_until="domcontentloaded")
        tab.wait_for_selector("[data-testid='stMain']", timeout=60_000)
        # Finished running, with the page's heading drawn (a deep link to a fresh server runs twice).
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
                              "document.querySelector('[data-testid=\"stMain\"] h1, [data-testid=\"stMain\"] h3')",
                              timeout=60_000)
        time.sleep(1.5)
        tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        assert tab.locator("[data-testid='stException']").count() == 0
        found = tab.evaluate("""() => ({
            scripts: [...document.querySelectorAll('script')].filter(s => (s.textContent || '').includes('alert')).length,
            images: document.querySelectorAll('img[src="x"], img[onerror]').length,
            links: document.querySelectorAll('a[href^="javascript"]').length,
            handlers: [...document.querySelectorAll('*')].filter(e => e.getAttribute('onerror')).length,
            text: document.body.innerText,
        })""")
        assert dialogs == []
        assert (found["scripts"], found["images"], found["links"], found["handlers"]) == (0, 0, 0, 0), found
        if name == "plan_detail":  # the page that prints the plan's own text: the markup is visible as text
            assert SCRIPT in found["text"] and IMG in found["text"], found["text"][-3000:]
            assert html.escape(SCRIPT) not in found["text"]  # escaped once, not twice
    finally:
        tab.close()
