"""Open the running dashboard in headless Chromium: every page renders without an exception."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from test_pages import PAGES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHART_PAGES = {"overview", "targets", "activities", "agencies", "citations", "timeline", "compare", "map",
               "unit_profile"}

pytestmark = pytest.mark.browser

# Remembers each chart's first calculation (Plotly's calcdata after its first draw), to tell whether the chart
# was calculated again (a rerun with the same figure, a resize, a copy of the figure must not recalculate it).
WATCH_CALCULATIONS = """new MutationObserver(() => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    if (!gd.__watched && gd.on) {
      gd.__watched = true;
      gd.on('plotly_afterplot', () => { if (!gd.__firstCalc) gd.__firstCalc = gd.calcdata; });
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true});"""
# Every chart holder of explorer.plotly_chart drawn (it marks itself once Plotly has drawn into it).
ALL_DRAWN = """() => { const charts = [...document.querySelectorAll('.explorer-chart')];
  return charts.length > 0 && charts.every(c => c.dataset.drawn); }"""
RECALCULATED = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd =>
  !gd.__firstCalc ? 'never drawn' : gd.calcdata !== gd.__firstCalc ? 'calculated again' : 'once')"""

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(seed_db: Path, log: Path):
    port = _free_port()
    env = {**os.environ, "PLANS_DB": str(seed_db), "PLANS_AUTOBUILD": "0"}
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
def server(seed_db, tmp_path_factory):
    with _serve(seed_db, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_page_renders_in_chromium(server, browser, page, tmp_path_factory):
    name = Path(page).stem
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.add_init_script(WATCH_CALCULATIONS)
    try:
        tab.goto(f"{server}/{'' if name == 'overview' else name}", wait_until="domcontentloaded")
        tab.wait_for_selector("[data-testid='stMain']", timeout=60_000)
        # Wait until the script run has finished (no "running" status widget).
        tab.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        time.sleep(0.5)
        if name in CHART_PAGES:
            tab.wait_for_function(ALL_DRAWN, timeout=60_000)
        tab.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        assert tab.locator("[data-testid='stException']").count() == 0
        if name in CHART_PAGES:
            assert tab.locator(".js-plotly-plot").count() >= 1
            # Drawn once: recalculating would cost a second full draw of every chart on the page (bench/RESULTS.md).
            assert set(tab.evaluate(RECALCULATED)) == {"once"}, tab.evaluate(RECALCULATED)
            # Plotly came as the served classic script (compiled once per browser), not st.plotly_chart's module
            loaded = tab.evaluate("performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
            assert any(path.startswith("/app/static/plotly-") for path in loaded), loaded
            assert not [path for path in loaded if "/PlotlyChart." in path]
    finally:
        tab.close()


def _settle(tab) -> None:
    tab.wait_for_selector("[data-testid='stMain']", timeout=60_000)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    time.sleep(0.5)


def test_deep_link_on_a_fresh_server_gets_the_navigation(seed_db, browser, tmp_path_factory):
    """The very first request to /citations must render inside st.navigation, not the bare pages/ menu."""
    with _serve(seed_db, tmp_path_factory.mktemp("fresh") / "streamlit.log") as url:
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            tab.goto(f"{url}/citations", wait_until="domcontentloaded")
            _settle(tab)
            with contextlib.suppress(Exception):  # the shell may take one more script run to replace the menu
                tab.wait_for_function(
                    "() => (document.querySelector('[data-testid=\"stSidebarNav\"]') || {}).innerText"
                    "?.includes('Tổng quan')", timeout=30_000)
            _settle(tab)
            nav = tab.locator("[data-testid='stSidebarNav']").inner_text()
            assert "Văn bản căn cứ" in nav and "Tổng quan" in nav
            assert "citations" not in nav.split()
            assert tab.locator("h1", has_text="Văn bản căn cứ").count() == 1
            assert tab.locator("[data-testid='stException']").count() == 0
        finally:
            tab.close()


def test_clicking_a_point_shows_its_source_sentences(server, browser):
    """The chart → sentence path: a click on a target's point selects it (explorer.plotly_chart), the page reruns
    and quotes the plan's sentence behind it."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        tab.goto(f"{server}/unit_profile", wait_until="domcontentloaded")
        _settle(tab)
        point = tab.locator(".st-key-chart_unit_profile_targets .js-plotly-plot .point").first
        point.wait_for(timeout=60_000)
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        tab.mouse.move(x, y)  # Plotly picks the clicked point from its hover
        time.sleep(0.3)
        tab.mouse.click(x, y)
        tab.get_by_text("Câu nguồn của điểm đã chọn").wait_for(timeout=60_000)
        _settle(tab)
        assert tab.locator("[data-testid='stException']").count() == 0
        # a quoted sentence with its place: "<plan> · mục <section> · dòng <first>–<last>"
        assert re.search(r"· dòng \d+–\d+", tab.locator("[data-testid='stMain']").inner_text())
    finally:
        tab.close()


def test_a_presentation_chart_is_calculated_once(server, browser):
    """Slides come from st.cache_data (pickled figures, rebuilt with plotly.py's default template and base64
    arrays); the slide's chart is still calculated once."""
    for number in range(1, 13):
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.add_init_script(WATCH_CALCULATIONS)
        try:
            tab.goto(f"{server}/presentation?slide={number}", wait_until="domcontentloaded")
            _settle(tab)
            if tab.locator(f".st-key-pres_chart_{number}").count():  # the element, before Plotly has loaded
                tab.wait_for_function(ALL_DRAWN, timeout=60_000)
                tab.wait_for_function(
                    "() => [...document.querySelectorAll('.js-plotly-plot')].every(g => g.__firstCalc)", timeout=30_000)
                time.sleep(0.5)
                assert set(tab.evaluate(RECALCULATED)) == {"once"}, (number, tab.evaluate(RECALCULATED))
                return
        finally:
            tab.close()
    pytest.fail("no slide of the shipped plans' presentation has a chart")


CHART_STATE = r"""() => [...document.querySelectorAll('.explorer-chart')].map(gd => ({
  key: gd.parentElement.closest('[class*="st-key-chart_"]')?.className.match(/st-key-(chart_\w+)/)?.[1],
  size: ['l', 'r', 't', 'b', 'w', 'h'].map(side => gd._fullLayout._size[side]),
  fixed: gd.layout.margin?.autoexpand === false,
  // where Plotly put what it measures: tick labels, axis titles, legends, colour bars
  placed: [...gd.querySelectorAll('.xtick text, .ytick text, .xtitle, .ytitle, .legend, .colorbar')]
    .map(el => `${(el.getAttribute('class') || '').replace(/\bcb\w+/, '')} ${el.getAttribute('x')} ${el.getAttribute('y')} ${el.getAttribute('transform')}`),
}))"""


def test_a_chart_drawn_again_takes_its_margins_from_the_first_draw(server, browser):
    """Drawn again in the same browser (a reload, a new tab), a chart gets the margins that automargin found the
    first time, up front: no measuring of every label and second draw. It must look exactly the same."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH_CALCULATIONS)
    try:
        seen = []
        for _ in range(2):
            tab = context.new_page()
            tab.goto(f"{server}/unit_profile", wait_until="domcontentloaded")
            _settle(tab)
            tab.wait_for_function(ALL_DRAWN, timeout=60_000)
            time.sleep(0.5)
            seen.append(tab.evaluate(CHART_STATE))
            assert set(tab.evaluate(RECALCULATED)) == {"once"}
        # Narrower: kept margins may not fit another width, so automargin is back; laid out, not calculated, again.
        tab.set_viewport_size({"width": 1000, "height": 1000})
        tab.wait_for_function("() => [...document.querySelectorAll('.explorer-chart')].every(gd => "
                              "gd.layout.margin?.autoexpand !== false && gd._fullLayout.width < 900)", timeout=30_000)
        assert set(tab.evaluate(RECALCULATED)) == {"once"}
        first, again = seen
        assert len(first) == 5 and not any(chart["fixed"] for chart in first)
        assert all(chart["fixed"] for chart in again), [chart["key"] for chart in again if not chart["fixed"]]
        for before, after in zip(first, again, strict=True):
            assert before["key"] == after["key"]
            assert before["size"] == after["size"], before["key"]
            assert before["placed"] == after["placed"], before["key"]
    finally:
        context.close()


DRAW_ALONE = """async ([code, figure, src]) => {
  const module = await import(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
  const parent = document.createElement('div');
  parent.style.width = '600px';
  document.body.appendChild(parent);
  const times = [];
  for (let i = 0; i < 3; i++) {
    parent.replaceChildren();
    const cleanup = module.default({data: {figure, revision: 'legend-test', src, selectable: false, config: {}},
                                    parentElement: parent, setStateValue: () => {}});
    const gd = parent.querySelector('.explorer-chart');
    while (!gd.dataset.drawn) await new Promise(r => setTimeout(r, 50));
    const chart = gd.getBoundingClientRect(), legend = gd.querySelector('.legend rect.bg').getBoundingClientRect();
    times.push({fixed: gd.layout.margin?.autoexpand === false, inside: legend.left >= chart.left - 1
                && legend.right <= chart.right + 1, kept: JSON.parse(localStorage.getItem('explorer-plotly-margins'))});
    cleanup();
  }
  return times;
}"""


def test_a_legend_that_automargin_moves_keeps_its_chart_measured(server, browser):
    """Growing margins also move a legend that would stick out of the chart back inside; fixed margins do not. A
    figure whose legend needed that is drawn again with automargin, then and every time after."""
    import plotly.graph_objects as go

    # long category labels leave the plot 140 px wide, narrower than the legend's widest entry
    labels = [f"Sở Lao động - Thương binh và Xã hội tỉnh Thừa Thiên Huế ({i})" for i in range(4)]
    fig = go.Figure([go.Bar(x=[1], y=[label], orientation="h", name=label[:40]) for label in labels])
    fig.update_layout(height=400, legend={"orientation": "h", "x": 0, "y": 1.1}, margin={"l": 10, "r": 10},
                      yaxis={"automargin": True})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = context.new_page()
        tab.goto(f"{server}/overview", wait_until="domcontentloaded")  # the served plotly.js copy, same origin
        _settle(tab)
        tab.wait_for_function(ALL_DRAWN, timeout=60_000)
        src = next(path for path in tab.evaluate(
            "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
            if path.startswith("/app/static/plotly-"))
        code = (ROOT / "explorer" / "plotly_chart.js").read_text(encoding="utf-8")
        first, second, third = tab.evaluate(DRAW_ALONE, [code, fig.to_json(), src])
        assert not first["fixed"] and first["inside"]
        assert second["inside"] and not second["fixed"]  # tried with fixed margins, then measured again
        assert [v for k, v in second["kept"].items() if k.startswith("legend-test@")] == [None]
        assert not third["fixed"] and third["inside"]
    finally:
        context.close()
