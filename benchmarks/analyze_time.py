"""Wall time of `storyline analyze` on the bundled examples and the seeds, and CLI start-up.

Import and model loading are timed once, separately; then each corpus is analyzed
several times in the same process and the median is reported, so the figure is the
steady-state cost of an analysis. `storyline --help` is timed as a whole process.

    .venv/bin/python benchmarks/analyze_time.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"examples": REPO / "examples", "seeds": REPO.parent / "shared" / "data" / "seeds"}


def timed(fn) -> float:  # noqa: ANN001 - any callable
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    help_times = [
        timed(lambda: subprocess.run([sys.executable, "-m", "storyline", "--help"], capture_output=True, check=True))
        for _ in range(args.runs)
    ]
    print(f"storyline --help (whole process): median {statistics.median(help_times) * 1000:.0f} ms")

    load = timed(lambda: __import__("storyline.pipeline"))
    from storyline import analyze

    first = timed(lambda: analyze([CORPORA["examples"]]))  # loads lazily imported libraries and models
    print(f"import: {load * 1000:.0f} ms; first analysis (loads libraries/models): {first * 1000:.0f} ms")
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: skipped ({path} absent)")
            continue
        runs = [timed(lambda p=path: analyze([p])) for _ in range(args.runs)]
        print(
            f"analyze {name}: median {statistics.median(runs) * 1000:.0f} ms "
            f"(min {min(runs) * 1000:.0f}, max {max(runs) * 1000:.0f}, {args.runs} runs)"
        )


if __name__ == "__main__":
    main()
