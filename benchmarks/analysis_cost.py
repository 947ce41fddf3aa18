"""What a full analysis costs against one spaCy parse of the same texts: the target is at most 1x.

Over a fixed set of real articles (the first ``--articles`` of a Timeline17 topic, detokenised),
in one process after a warm-up (models loaded), each run times ``pipeline.analyze`` of those
articles (every stage: cleaning, summary, quotes, disputes, time expressions, timeline) and
spaCy's small English pipeline with all its components parsing the same article texts, one
right after the other so that both see the same load on a shared machine. The ratio of the
two is taken per run; the median over ``--runs`` is the figure. Also: articles per second of
the analysis, the process's peak memory, and how many quotes came out (the same every run:
the script stops if not, since an article's analysis must not depend on anything else).

    .venv/bin/python benchmarks/analysis_cost.py [--topic bpoil_guardian] [--articles 32] [--runs 5]
        [--first-run]

``--first-run`` also times ``storyline analyze examples/`` in a fresh process with an empty
model cache (the attribution graph is built), and reports its wall time and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest_timeline17 import load_topic

from storyline import pipeline
from storyline.nlp import spacy_pipeline

REPO = Path(__file__).resolve().parents[1]
TIMELINE17 = REPO.parent / "shared" / "data" / "timeline17"


def first_run(cache: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``storyline analyze examples/`` with ``cache`` empty."""
    env = {**os.environ, "STORYLINE_CACHE": str(cache)}
    command = [sys.executable, "-m", "storyline", "analyze", str(REPO / "examples"), "--format", "json"]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="bpoil_guardian")
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-run", action="store_true", help="also time a first run with an empty model cache")
    args = parser.parse_args()

    articles = load_topic(TIMELINE17 / args.topic)[: args.articles]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy_pipeline()
    list(nlp.pipe(texts))  # warm-up
    quotes = len(pipeline.analyze(articles).quotes)  # warm-up: loads (and builds) every model
    print(f"{len(articles)} articles of {args.topic}, {words} words; {quotes} quotes")
    ratios, analysis_times, parse_times = [], [], []
    for run in range(args.runs):
        start = time.perf_counter()
        list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = pipeline.analyze(articles)
        analysis_times.append(time.perf_counter() - start)
        if len(report.quotes) != quotes:
            sys.exit(f"run {run}: {len(report.quotes)} quotes, not {quotes}: results depend on the run")
        ratios.append(analysis_times[-1] / parse_times[-1])
        print(f"run {run}: analysis {analysis_times[-1]:.2f} s, spaCy parse {parse_times[-1]:.2f} s, {ratios[-1]:.2f}x")
    analysis = statistics.median(analysis_times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"analysis / spaCy parse: {statistics.median(ratios):.2f}x (median of {args.runs}; "
        f"analysis {analysis:.2f} s, parse {statistics.median(parse_times):.2f} s); "
        f"{len(articles) / analysis:.2f} articles/s; peak memory {peak:.0f} MB"
    )
    if args.first_run:
        with tempfile.TemporaryDirectory() as cache:
            seconds, peak = first_run(Path(cache))
        print(f"first run (empty model cache), storyline analyze examples/: {seconds:.1f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
