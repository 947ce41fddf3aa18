"""How much attribution (quotes and disputes) adds to `storyline analyze`: the target is at most 2x.

Runs ``analyze`` on each corpus with the attribution stages and with them replaced by
no-ops, in the same process after one warm-up run each (models loaded), and reports the
medians and their ratio.

    .venv/bin/python benchmarks/attribution_overhead.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from unittest import mock

from storyline import pipeline

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"examples": REPO / "examples", "seeds": REPO.parent / "shared" / "data" / "seeds"}


def median_seconds(path: Path, runs: int) -> float:
    pipeline.analyze([path])  # warm-up: loads models
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pipeline.analyze([path])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: skipped ({path} absent)")
            continue
        with_attribution = median_seconds(path, args.runs)
        with mock.patch.object(pipeline, "attribute_articles", lambda articles: []):
            without = median_seconds(path, args.runs)
        report = pipeline.analyze([path])
        print(
            f"analyze {name}: {without * 1000:.0f} ms without attribution, {with_attribution * 1000:.0f} ms with "
            f"({with_attribution / without:.2f}x; {len(report.quotes)} quotes, {len(report.disputes)} disputes; "
            f"median of {args.runs})"
        )


if __name__ == "__main__":
    main()
