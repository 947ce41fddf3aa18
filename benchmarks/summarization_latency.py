"""Summarizer latency per Multi-News example, storyline vs the peer baselines (target: median <= 50 ms).

Documents are segmented before timing (segmentation is the pipeline's job, not the
summarizer's); each system then summarizes every example ``--runs`` times after one
warm-up pass (scorer weights and scikit-learn loaded), and the median, 90th percentile
and mean of the per-example times are reported.

    .venv/bin/python benchmarks/summarization_latency.py [DATA.jsonl] [--words 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from storyline.eval.summarization import example_articles, read_examples
from storyline.model import Article
from storyline.summarizers import systems
from storyline.summarizers.base import Summarizer

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "dev.jsonl"


def per_example_ms(summarize: Summarizer, stories: list[list[Article]], words: int, runs: int) -> list[float]:
    """Best of ``runs`` timings for each story, in milliseconds (best-of damps a shared machine's noise)."""
    for articles in stories:
        summarize(articles, words)
    times = []
    for articles in stories:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            summarize(articles, words)
            best = min(best, time.perf_counter() - start)
        times.append(1000 * best)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    stories = [example_articles(e) for e in read_examples(args.data)]
    sentences = statistics.mean(sum(len(a.sentences) for a in s) for s in stories)
    print(f"{len(stories)} examples, {sentences:.0f} sentences on average, {args.words} words, best of {args.runs}")
    print(f"{'system':<14}{'median ms':>10}{'p90 ms':>9}{'mean ms':>9}")
    for name, summarize in systems().items():
        times = sorted(per_example_ms(summarize, stories, args.words, args.runs))
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{name:<14}{statistics.median(times):>10.1f}{p90:>9.1f}{statistics.mean(times):>9.1f}")


if __name__ == "__main__":
    main()
