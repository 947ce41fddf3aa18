"""What a stored story costs to show, against what it costs to analyse, on Timeline17.

Ingests every Timeline17 article (analysis pending) into a database, picks the largest story
(or the one given with ``--story``), and measures, all in this one run:

- ``refresh`` of that story: its articles analysed (the per-article stages) and stored, in
  articles/s, beside the story stages assembling its report from the stored analyses;
- in process, after the report is stored: ``story_report`` reading it back (what ``show`` does
  before rendering), and reading + rendering it as HTML; each the median of several runs;
- whole process: ``storyline show N --db X --format html`` as a subprocess, median of several runs,
  beside ``python -c pass`` from the same interpreter (the floor any command pays).

The machine is shared, so every figure is a median and read against its neighbours in the same run.
Run: .venv/bin/python benchmarks/stored_reports.py [TIMELINE17_DIR] [--db FILE] [--story N] [--runs 7]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest_timeline17 import load_all

from storyline.pipeline import _assemble, analyse_pending, ingest_articles, story_report
from storyline.render import render
from storyline.store import Store


def median_seconds(run, runs: int) -> float:  # noqa: ANN001 - a callable
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", type=Path, default=default)
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    parser.add_argument("--story", type=int, help="the story to analyse (default: the largest)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "t17.db"
        with Store(db) as store:
            if store.count("articles") == 0:
                started = time.perf_counter()
                raw = load_all(args.root)
                ingest_articles(store, raw, records=True)
                took = time.perf_counter() - started
                print(f"ingest: {len(raw)} articles in {took:.1f} s ({len(raw) / took:.0f} articles/s), pending")
            stories = store.stories()
            story = args.story or max(stories, key=lambda s: s.size).id
            size = next(s.size for s in stories if s.id == story)
            largest = max(s.size for s in stories)
            print(f"story {story}: {size} articles ({len(stories)} stories, the largest of {largest} articles)")

            started = time.perf_counter()
            analysed = analyse_pending(store, story)
            analysing = time.perf_counter() - started
            if analysed:
                rate = analysed / analysing
                print(f"refresh: {analysed} articles analysed in {analysing:.1f} s ({rate:.2f} articles/s)")
            assembling = median_seconds(lambda: _assemble(store, story, 250), max(1, args.runs // 2))
            story_report(store, story)  # stores the report
            reading = median_seconds(lambda: story_report(store, story), args.runs)
            rendering = median_seconds(lambda: render(story_report(store, story), "html"), args.runs)
        print(f"in process: story stages from stored analyses {assembling * 1000:.0f} ms (median)")
        print(f"in process: stored report read {reading * 1000:.1f} ms, read + HTML {rendering * 1000:.1f} ms (median)")

        def whole(command: list[str]) -> None:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

        show = [sys.executable, "-m", "storyline", "show", str(story), "--db", str(db), "--format", "html"]
        showing = median_seconds(lambda: whole(show), args.runs)
        floor = median_seconds(lambda: whole([sys.executable, "-c", "pass"]), args.runs)
        print(f"whole process: show {showing:.2f} s, python -c pass {floor:.2f} s (median of {args.runs})")
        print(f"peak memory of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
