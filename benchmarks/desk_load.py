"""The desk under load: wrk (a bounded HTTP load tool) against ``storyline serve`` on loopback.

Builds (once) a database of every Timeline17 article (``ingest_timeline17.load_all`` +
``pipeline.ingest_articles``, analysis pending), then analyses and reports a few stories with
``pipeline.analyse_pending`` + ``pipeline.story_report`` (analysing all 2,557 articles takes
hours on this machine): by default the three largest stories of 8 to 70 articles (65, 11 and 11 articles).
Then serves the file read-only on 127.0.0.1 and runs wrk with 32 connections for 30 s on each
of: the story list, the largest reported story's page, and a search, each after one warm-up
request (whose time is printed: for the story page, rendering it before the page cache holds it).
Prints requests/s, p50 and p99 and errors per page, and the load average before and after (the
machine is shared).

Run: .venv/bin/python benchmarks/desk_load.py [TIMELINE17_DIR] [--db out/bench/timeline17.db]
     [--duration 30] [--connections 32] [--stories 3] [--port 8765]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ingest_timeline17 import load_all

from storyline.pipeline import analyse_pending, ingest_articles, story_report
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]


def build(db: Path, data: Path, stories: int) -> list[int]:
    """The database (ingested once) and the ids of the stories analysed and reported."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        if store.count("articles") == 0:
            started = time.perf_counter()
            result = ingest_articles(store, load_all(data), records=True)
            print(f"ingested {result.added} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        listed = sorted(store.stories(), key=lambda s: (-s.size, s.id))
        chosen = [s for s in listed if 8 <= s.size <= 70][:stories]
        for story in chosen:
            started = time.perf_counter()
            analysed = analyse_pending(store, story.id)
            story_report(store, story.id)
            took = time.perf_counter() - started
            print(f"story {story.id}: {story.size} articles, {analysed} analysed in {took:.0f} s", file=sys.stderr)
        print(f"{store.count('articles')} articles, {store.count('stories')} stories", file=sys.stderr)
        return [s.id for s in chosen]


def wrk(url: str, duration: int, connections: int) -> dict[str, str]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {
        "requests/s": re.search(r"Requests/sec:\s+([\d.]+)", out),
        "p50": re.search(r"^\s+50%\s+(\S+)", out, re.M),
        "p99": re.search(r"^\s+99%\s+(\S+)", out, re.M),
        "requests": re.search(r"(\d+) requests in", out),
        "non-2xx": re.search(r"Non-2xx or 3xx responses: (\d+)", out),
        "socket errors": re.search(r"Socket errors: (.*)", out),
    }
    return {k: (m.group(1) if m else "0" if k in ("non-2xx", "socket errors") else "?") for k, m in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "timeline17")
    parser.add_argument("--db", type=Path, default=ROOT / "out" / "bench" / "timeline17.db")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--stories", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("desk_load: skipped, wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 0
    reported = build(args.db, args.data, args.stories)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--db", str(args.db), "--port", str(args.port)],
        env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/stories.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "story list": f"{base}/",
            f"story page ({reported[0]})": f"{base}/stories/{reported[0]}",
            "search": f"{base}/search?q=president",
        }
        for name, url in pages.items():  # the first request renders a story page; wrk measures what follows
            started = time.perf_counter()
            urllib.request.urlopen(url, timeout=60).read()
            print(f"first request, {name}: {(time.perf_counter() - started) * 1000:.0f} ms")
        print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        print("| page | requests/s | p50 | p99 | requests | non-2xx | socket errors |")
        print("|---|---|---|---|---|---|---|")
        for name, url in pages.items():
            r = wrk(url, args.duration, args.connections)
            print(f"| {name} | {r['requests/s']} | {r['p50']} | {r['p99']} | {r['requests']} | "
                  f"{r['non-2xx']} | {r['socket errors']} |", flush=True)  # fmt: skip
        print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
