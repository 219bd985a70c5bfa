"""Every page of dashboard.py loaded in headless Chromium against a big database: time until fully drawn.

    python bench/pages.py                                   # bench/out/plans-10000.duckdb (bench/ingest.py)
    python bench/pages.py --db data/plans.duckdb --pages overview,targets --warm 3

The pages are read from dashboard.PAGES at run time. For each page a fresh `streamlit run dashboard.py`
(PLANS_DB=<db>, PLANS_AUTOBUILD=0, a free localhost port) is started, so the first load is cold (new Python
modules, new DuckDB connection, empty st.cache_data, a browser with an empty profile); then the page is loaded
again in new tabs (warm: cached query results, the browser's HTTP and code caches). The browser keeps its
profile on disk as a user's does (V8 caches compiled JavaScript only there); --incognito measures a context
without one, where each new tab compiles Plotly's 4.7 MB script again. "Drawn" = the script run has finished
(stApp script state "notRunning", no status widget), no element of the page still shows its loading skeleton, no
chart holder of explorer.plotly_chart is still waiting for Plotly (it marks itself data-drawn), and no chart's DOM
has changed for --settle seconds (Plotly draws a chart in several passes); the time reported is when the last of
those happened, measured from navigation start.
Target: < 2 s warm.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

try:
    from common import OUT, ROOT, machine, machine_line, save_json, table
except ImportError:  # imported as bench.pages
    from bench.common import OUT, ROOT, machine, machine_line, save_json, table

TARGET_S = 2.0
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
PROBE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    status: !!document.querySelector('[data-testid="stStatusWidget"]'),
    plots: document.querySelectorAll('.js-plotly-plot').length,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    error: (document.querySelector('[data-testid="stException"]') || {}).innerText?.slice(0, 300) || null,
    blocks: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length,
    pending: document.querySelectorAll('[data-testid="stMain"] [data-testid="stSkeleton"]').length
      + document.querySelectorAll('[data-testid="stMain"] .explorer-chart:not([data-drawn])').length,
    title: (document.querySelector('[data-testid="stMain"] h1') || {}).innerText || null,
    drawAge: window.__lastPlotDraw === undefined ? null : performance.now() - window.__lastPlotDraw,
  };
}"""
# Plotly draws in several passes (automargin redraws the whole plot once the labels are measured; a resize
# redraws it): the class .js-plotly-plot appears with the first pass. The last change to any chart's DOM is when
# it was last drawn.
WATCH_DRAWS = """new MutationObserver(records => {
  if (records.some(r => r.target.closest && r.target.closest('.js-plotly-plot')))
    window.__lastPlotDraw = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});"""


def registered_pages() -> list[tuple]:
    """dashboard.PAGES as it is now (other pages may have been added since this script was written)."""
    spec = importlib.util.spec_from_file_location("dashboard_for_bench", ROOT / "dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines PAGES; run() only happens under __main__
    return list(module.PAGES)


def url_path(pages: list[tuple], index: int) -> str:
    """The page's URL path as dashboard.run() registers it (the first page is the default, at /)."""
    return "" if index == 0 else pages[index][0].split("/")[-1][:-3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard.py` on a free port; stopped (this process only) on exit."""

    def __init__(self, db: Path, log: Path):
        self.port = _free_port()
        env = {**os.environ, "PLANS_DB": str(db), "PLANS_AUTOBUILD": "0"}
        self.log = log
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def cpu_seconds(pid: int) -> float:
    """user + system CPU seconds of a process so far (all its threads), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def load(context, url: str, settle: float, timeout: float, server_pid: int | None = None,
         shot: Path | None = None) -> dict:
    """Open `url` in a new tab and time it until the run has finished and the charts are stable."""
    tab = context.new_page()
    cpu0 = cpu_seconds(server_pid) if server_pid else float("nan")
    try:
        t0 = time.perf_counter()
        tab.goto(url, wait_until="commit", timeout=timeout * 1000)
        return wait_drawn(tab, t0, settle, timeout, server_pid, cpu0, shot)
    finally:
        tab.close()


def navigate(context, start_url: str, target: str, settle: float, timeout: float,
             server_pid: int | None = None) -> dict:
    """Open `start_url`, let it draw, then click the sidebar link to `target` (a URL path, "" for the first page)
    and time that page: what a user switching pages in an open dashboard waits (no new tab, no Plotly reload)."""
    tab = context.new_page()
    try:
        tab.goto(start_url, wait_until="commit", timeout=timeout * 1000)
        wait_drawn(tab, time.perf_counter(), settle, timeout)
        link = tab.locator(f'[data-testid="stSidebarNavLink"][href$="/{target}"]').first
        more = tab.locator('[data-testid="stSidebarNavViewButton"]')  # the sidebar lists 10 pages until "View more"
        if not link.is_visible() and more.count() and more.first.is_visible():
            more.first.click()
        title = tab.evaluate(PROBE)["title"]
        cpu0 = cpu_seconds(server_pid) if server_pid else float("nan")
        t0 = time.perf_counter()
        link.click(timeout=30_000)
        return wait_drawn(tab, t0, settle, timeout, server_pid, cpu0, rerun_from=title)
    except Exception as err:  # a link not found must not end the whole run
        return {"seconds": None, "timeout": True, "error": f"switching failed: {type(err).__name__}"}
    finally:
        tab.close()


def wait_drawn(tab, t0: float, settle: float, timeout: float, server_pid: int | None = None, cpu0: float = 0.0,
               shot: Path | None = None, rerun_from: str | None = None) -> dict:
    """Poll the page until the run has finished and the charts are stable; seconds since `t0`.

    rerun_from: the title of the page drawn before (a switch in an open tab): a finished state counts only once
    a new run was seen running or the title has changed (a fast page can run between two polls)."""
    rerun = rerun_from is not None
    plots, changed, finished, seen_running = -1, t0, None, False
    last = {}
    while True:
        now = time.perf_counter()
        if now - t0 > timeout:
            if shot:
                with contextlib.suppress(Exception):  # a hung renderer cannot always be captured
                    tab.screenshot(path=str(shot), full_page=False)
            return {"seconds": None, "timeout": True, **last}
        try:
            last = tab.evaluate(PROBE)
        except Exception:  # navigation in progress
            time.sleep(0.05)
            continue
        if last["plots"] != plots:
            plots, changed = last["plots"], now
        if last.get("drawAge") is not None:
            changed = max(changed, now - last["drawAge"] / 1000)
        seen_running = seen_running or last["state"] == "running" or (rerun and last["title"] != rerun_from)
        # A chart whose Plotly is still loading (seconds in a cold tab, well after the script finished) is not
        # drawn yet: an st.plotly_chart shows a skeleton, an explorer.plotly_chart holder lacks data-drawn.
        done = (last["state"] == "notRunning" and not last["status"] and not last.get("pending")
                and (seen_running or (last["blocks"] > 0 and not rerun)))
        if done and finished is None:
            finished = now
        elif not done:
            finished = None
        if finished is not None and now - max(finished, changed) >= settle:
            cpu = cpu_seconds(server_pid) - cpu0 if server_pid else float("nan")
            return {"seconds": max(finished, changed) - t0, "timeout": False, "server_cpu_s": cpu, **last}
        time.sleep(0.05)


def summarize_spy(raw: Path, top: int = 12) -> dict:
    """Top functions of the script run in a py-spy raw (collapsed stacks) file: own samples and inclusive samples
    of the project's code (explorer/, pages/, loaders/), as shares of the script run's samples."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        if not any("exec_func_with_error_handling" in f for f in frames):
            continue  # not the script run (event loop, file watcher, idle threads)
        total += n
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for frame in set(frames):
            if "(dashboard.py:" not in frame:  # the entry point contains every page
                inclusive[frame] = inclusive.get(frame, 0) + n

    def short(frame: str) -> str:
        return frame.replace(str(ROOT) + "/", "").replace("/root/.pyenv/versions/3.11.7/lib/python3.11/", "")

    def share(d: dict, keep=lambda f: True) -> list[tuple[str, float]]:
        items = sorted(((f, c) for f, c in d.items() if keep(f)), key=lambda kv: -kv[1])[:top]
        return [(short(f), c / total) for f, c in items] if total else []

    page_files = {Path(p[0]).name for p in registered_pages()}
    # py-spy shortens paths to the sys.path entry: "(explorer/ui.py:20)", a page as "(agencies.py:61)".
    mine = lambda f: bool(re.search(r"\((?:explorer|loaders)/", f)) or any(  # noqa: E731
        f"({name}:" in f for name in page_files)
    return {"samples": total, "own": share(own), "project_inclusive": share(inclusive, mine)}


BROWSER_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}


@contextlib.contextmanager
def browser_context(pw, incognito: bool):
    """A Chromium browser context for one page's loads.

    By default a browser with a profile on disk, as a user's browser is: its HTTP cache and V8's code cache
    (compiled JavaScript, kept only in a disk profile) serve the warm loads. incognito=True: a context with no
    disk profile (Playwright's default), where every new tab compiles Streamlit's and Plotly's JavaScript again.
    """
    if incognito:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(WATCH_DRAWS)
            yield context
            context.close()
        finally:
            browser.close()
        return
    with tempfile.TemporaryDirectory(prefix="bench-pages-profile-") as profile_dir:
        context = pw.chromium.launch_persistent_context(profile_dir, executable_path=CHROMIUM, args=BROWSER_ARGS,
                                                        viewport=VIEWPORT)
        context.add_init_script(WATCH_DRAWS)
        try:
            yield context
        finally:
            context.close()


def run(db: Path, only: list[str] | None, warm: int, settle: float, timeout: float, profile: bool = False,
        incognito: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    pages = registered_pages()
    chosen = [(i, p) for i, p in enumerate(pages) if not only or Path(p[0]).stem in only]
    results = []
    logs = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    with sync_playwright() as pw:
        for index, page in chosen:
            name = Path(page[0]).stem
            print(f"{name} ...", file=sys.stderr, flush=True)
            t_start = time.perf_counter()
            with Server(db, logs / f"{name}.log") as server:
                startup = time.perf_counter() - t_start
                with browser_context(pw, incognito) as context:
                    url = f"{server.url}/{url_path(pages, index)}"
                    pid = server.proc.pid
                    shot = OUT / f"pages-{name}-timeout.png"
                    cold = load(context, url, settle, timeout, pid, shot)
                    # A page that never finished cold is not retried warm (each try would wait for --timeout).
                    warms = [] if cold["timeout"] else [load(context, url, settle, timeout, pid, shot)
                                                         for _ in range(warm)]
                    # Switching to the page from another one in an open tab (from the first page; to the
                    # first page from the second).
                    start = f"{server.url}/{url_path(pages, 1 if index == 0 else 0)}"
                    navs = [] if cold["timeout"] else [
                        navigate(context, start, url_path(pages, index), settle, timeout, pid) for _ in range(warm)]
                    spied = None
                    if profile:  # one more load, under py-spy (not timed; capped at 90 s when it hangs)
                        raw = OUT / f"pages-profile-{name}.raw"
                        spy = subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--format", "raw",
                                                "--output", str(raw), "--rate", "200", "--nonblocking"],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        time.sleep(1.0)
                        load(context, url, settle, min(timeout, 90.0), pid)
                        spy.send_signal(signal.SIGINT)
                        spy.wait(timeout=60)
                        spied = summarize_spy(raw) if raw.exists() else None
            warm_s = [w["seconds"] for w in warms if w["seconds"] is not None]
            nav_s = [w["seconds"] for w in navs if w["seconds"] is not None]
            results.append({
                "page": name, "file": page[0], "url": url_path(pages, index) or "/", "server_start_s": startup,
                "cold_s": cold["seconds"], "warm_s": warm_s, "warm_median_s": statistics.median(warm_s) if warm_s
                else None, "nav_s": nav_s, "nav_median_s": statistics.median(nav_s) if nav_s else None,
                "plots": (warms[-1] if warms else cold).get("plots"),
                "exceptions": max([cold.get("exceptions", 0)] + [w.get("exceptions", 0) for w in warms]),
                "timeouts": sum(1 for x in [cold, *warms] if x["timeout"]), "loadavg": os.getloadavg()[0],
                "error": next((x["error"] for x in [cold, *warms] if x.get("error")), None),
                "cold_server_cpu_s": cold.get("server_cpu_s"), "loads": [cold, *warms], "profile": spied,
                "warm_server_cpu_s": statistics.median([w.get("server_cpu_s", float("nan")) for w in warms])
                if warms else None,
            })
            r = results[-1]
            print(f"  cold {r['cold_s']}, warm {r['warm_s']}, switched to {r['nav_s']}", file=sys.stderr)
    return {"db": str(db), "pages": results, "warm_runs": warm, "settle_s": settle, "logs": str(logs),
            "browser": "incognito context (no disk profile)" if incognito else "browser with a profile on disk"}


def report(res: dict) -> str:
    rows = []
    for r in res["pages"]:
        warm = r["warm_median_s"]
        verdict = "timeout" if warm is None else "ok" if warm < TARGET_S else f"MISS ({warm / TARGET_S:.1f}x)"
        if r["exceptions"]:
            verdict += " (stopped by an exception)"
        nav = r.get("nav_median_s")
        nav_verdict = "–" if nav is None else "ok" if nav < TARGET_S else f"MISS ({nav / TARGET_S:.1f}x)"
        rows.append([r["page"], r["cold_s"], warm, nav, r["cold_server_cpu_s"], r["warm_server_cpu_s"], r["plots"],
                     r["exceptions"], r["loadavg"], verdict, nav_verdict])
    errors = [f"- {r['page']}: {' '.join(r['error'].split())[:200]}" for r in res["pages"] if r.get("error")]
    profiles = []
    for r in res["pages"]:
        if r.get("profile") and r["profile"]["samples"]:
            p = r["profile"]
            profiles += ["", f"{r['page']} (py-spy at 200 Hz, one warm load, {p['samples']:,} samples in the script run):",
                         "  own time: " + "; ".join(f"{f} {v:.0%}" for f, v in p["own"][:6]),
                         "  project code, inclusive: " + "; ".join(f"{f} {v:.0%}" for f, v in p["project_inclusive"][:6])]
    return "\n".join([
        f"{res['db']}; {res['browser']}; seconds from navigation to the last chart drawn (script finished, no "
        f"chart changed for {res['settle_s']} s); warm = median of {res['warm_runs']} reloads in a new tab; switched = median of "
        f"{res['warm_runs']} switches to the page from another one through the sidebar, in an open tab",
        "",
        table(["page", "cold s", "warm s", "switched s", "server CPU s cold", "server CPU s warm", "charts",
               "exceptions", "load avg", f"warm < {TARGET_S:.0f} s", f"switched < {TARGET_S:.0f} s"], rows,
              "lrrrrrrrrll"),
        "",
        "server CPU s: user+system CPU the Streamlit process spent during the load (script run, queries, "
        "serialisation), which other load on the machine does not inflate; load avg: 1-minute load after the page.",
        *(["", "Exceptions shown on the page (the time is then until the exception, not a full draw):", *errors]
          if errors else []),
        *profiles,
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=OUT / "plans-10000.duckdb",
                        help="database the dashboard reads (default bench/out/plans-10000.duckdb)")
    parser.add_argument("--pages", default=None, help="comma-separated page names (file stems), default all")
    parser.add_argument("--warm", type=int, default=3, help="warm reloads per page (default 3)")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds no chart may change (its DOM) before the page counts as drawn")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a load counts as timed out")
    parser.add_argument("--incognito", action="store_true",
                        help="a browser context without a disk profile (no V8 code cache), as sessions 2 and 3 "
                             "measured; default: a browser with a fresh profile on disk, as a user's browser has")
    parser.add_argument("--profile", action="store_true",
                        help="after the timed loads, one more warm load under py-spy (pip install py-spy); top "
                             "functions in the report and bench/out/pages-profile-<page>.raw")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run bench/ingest.py first (or pass --db)")
    info = machine()
    res = run(args.db.resolve(), args.pages.split(",") if args.pages else None, args.warm, args.settle, args.timeout,
              args.profile, args.incognito)
    print(machine_line(info) + "\n")
    print(report(res))
    path = save_json("pages", {"machine": info, **res})
    print(f"\nresults: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
