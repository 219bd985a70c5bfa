"""Many readers while ingests swap the database: 20 concurrent readers (10 threads, 10 processes) open the file
read-only and query it in a loop, and one Chromium session reloads the running dashboard. Every answer is
complete: the counts of one connection are those of the old set of plans or of the new one, never a mix, and
no reader ever fails to open the file. RELIABILITY_LONG=1 swaps the database many more times."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import RAW, ROOT, SEEDS

LONG = os.environ.get("RELIABILITY_LONG") == "1"
SWAPS = 8 if LONG else 2
VARIANTS = 60 if LONG else 6
THREADS = 10
PROCESSES = 10
PAUSE = 0.5  # between two reads of one reader, so 20 readers on two cores leave the ingest some CPU
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

QUERY = """
SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM sections), (SELECT count(*) FROM activities),
       (SELECT count(*) FROM responsibilities), (SELECT count(*) FROM plan_lines),
       (SELECT count(DISTINCT a.plan_id) FROM activities a JOIN plans p USING (plan_id))
"""

READER = r"""
import json, sys, time
import duckdb
path, stop, query, PAUSE = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
seen, errors, reads = {}, [], 0
import os
while not os.path.exists(stop):
    try:
        con = duckdb.connect(path, read_only=True)
        try:
            row = tuple(con.execute(query).fetchall()[0])
        finally:
            con.close()
        seen[json.dumps(row)] = seen.get(json.dumps(row), 0) + 1
        reads += 1
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}")
    time.sleep(PAUSE)
print(json.dumps({"seen": seen, "errors": errors[:20], "reads": reads}))
"""


def answer(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(QUERY).fetchall()[0])
    finally:
        con.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> dict:
    """A corpus folder that an ingest loop switches between two states, and both complete answers."""
    base = tmp_path_factory.mktemp("concurrency")
    folder = base / "raw"
    shutil.copytree(RAW, folder)
    texts = [(RAW / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS]
    extra = {f"plan-{i:03d}.txt": texts[i % len(texts)] + f"\n\nGhi chú bản sao số {i}.\n" for i in range(VARIANTS)}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANS_CORRECTIONS": str(base / "corrections.csv")}
    db = base / "plans.duckdb"

    def run_ingest() -> None:
        done = subprocess.run([sys.executable, "-m", "loaders", "ingest", str(folder), "--db", str(db), "--quiet"],
                              cwd=ROOT, env=env, capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr.decode()[-2000:]

    def switch(to_new: bool) -> None:
        for name, text in extra.items():
            if to_new:
                (folder / name).write_text(text, encoding="utf-8")
            else:
                (folder / name).unlink(missing_ok=True)

    switch(True)
    run_ingest()
    new = answer(db)
    switch(False)
    run_ingest()
    old = answer(db)
    assert old[0] == len(SEEDS) and new[0] == len(SEEDS) + VARIANTS
    return {"db": db, "old": old, "new": new, "run_ingest": run_ingest, "switch": switch, "base": base}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(setup):
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    port = _free_port()
    env = {**os.environ, "PLANS_DB": str(setup["db"]), "PLANS_AUTOBUILD": "0",
           "PLANS_CORRECTIONS": str(setup["base"] / "corrections.csv"), "PLANS_RAW": str(setup["base"] / "raw")}
    log = setup["base"] / "streamlit.log"
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


def _browse(url: str, stop: threading.Event, seen: list[str], problems: list[str]) -> None:
    """One Chromium session reloading the overview page; records the plan count it shows each time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.goto(url, wait_until="domcontentloaded")
            while not stop.is_set() or not seen:
                tab.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
                tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                      timeout=60_000)
                if tab.locator("[data-testid='stException']").count():
                    problems.append(tab.locator("[data-testid='stException']").first.inner_text()[:500])
                seen.append(tab.locator("[data-testid='stMetricValue']").first.inner_text().strip())
                time.sleep(1.5)  # a reader, not a load test: leave the ingest some CPU
                tab.reload(wait_until="domcontentloaded")
        except Exception as err:  # reported by the test, not lost in the thread
            problems.append(f"{type(err).__name__}: {err}")
        finally:
            browser.close()


def test_readers_always_see_a_complete_database(setup, server):
    db, valid = setup["db"], {setup["old"], setup["new"]}
    stop_file = setup["base"] / "stop"
    stop_file.unlink(missing_ok=True)
    stop = threading.Event()
    thread_seen: list[tuple] = []
    thread_errors: list[str] = []

    def thread_reader() -> None:
        while not stop.is_set():
            try:
                thread_seen.append(answer(db))
            except Exception as err:
                thread_errors.append(f"{type(err).__name__}: {err}")
            time.sleep(PAUSE)

    processes = [subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop_file), QUERY, str(PAUSE)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(PROCESSES)]
    threads = [threading.Thread(target=thread_reader) for _ in range(THREADS)]
    page_seen: list[str] = []
    page_problems: list[str] = []
    browser = threading.Thread(target=_browse, args=(server, stop, page_seen, page_problems))
    for t in threads:
        t.start()
    browser.start()
    try:
        time.sleep(2.0)  # readers and the page are up before the first swap
        for i in range(SWAPS):
            setup["switch"](i % 2 == 0)  # old -> new -> old ...
            setup["run_ingest"]()
            time.sleep(0.5)
    finally:
        stop.set()
        stop_file.write_text("stop")
        for t in threads:
            t.join(timeout=60)
        browser.join(timeout=120)
        results = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in processes]

    assert thread_errors == [], thread_errors[:5]
    assert set(thread_seen) <= valid, set(thread_seen) - valid
    for result in results:
        assert result["errors"] == [], result["errors"][:5]
        seen = {tuple(json.loads(key)) for key in result["seen"]}
        assert seen <= valid, seen - valid
        assert result["reads"] > 0
    # The readers saw both states while the file was swapped under them.
    all_seen = set(thread_seen) | {tuple(json.loads(k)) for r in results for k in r["seen"]}
    assert all_seen == valid
    assert page_problems == [], page_problems[:3]
    assert page_seen and set(page_seen) <= {str(setup["old"][0]), str(setup["new"][0])}, page_seen
    reads = len(thread_seen) + sum(r["reads"] for r in results)
    print(f"\n{reads} complete reads by {THREADS} threads and {PROCESSES} processes, {len(page_seen)} page loads, "
          f"{SWAPS} swaps")
