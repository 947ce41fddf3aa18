"""Speed of the time stages: what timex + timeline add to `storyline analyze` (target <= 50%),
and how long `storyline eval timeline` takes over Timeline17 (target < 10 minutes).

The overhead is measured in one process after a warm-up run (models loaded): ``analyze``
with every stage, and with the stage lists less the ``times`` and ``timeline`` stages, the two
alternating; medians of ``--runs`` runs each. The eval run is timed as a subprocess, like a user runs it.

    .venv/bin/python benchmarks/timeline_speed.py [--runs 5] [--skip-eval]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from storyline import pipeline
from storyline.stages import ARTICLE_STAGES, STORY_STAGES

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"examples": REPO / "examples", "seeds": REPO.parent / "shared" / "data" / "seeds"}
TIMELINE17 = REPO.parent / "shared" / "data" / "timeline17"


# ``analyze`` as it would be without the time stages: the same lists less "times" and "timeline".
WITHOUT_TIME = {
    "article_stages": tuple(s for s in ARTICLE_STAGES if s.name != "times"),
    "story_stages": tuple(s for s in STORY_STAGES if s.name != "timeline"),
}


def timed(path: Path, **stage_lists: object) -> float:
    start = time.perf_counter()
    pipeline.analyze([path], **stage_lists)
    return time.perf_counter() - start


def stage_overhead(runs: int) -> None:
    """Runs with and without the stages alternate, so load from other jobs hits both alike."""
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: skipped ({path} absent)")
            continue
        pipeline.analyze([path])  # warm-up: loads models
        with_stages, without = [], []
        for _ in range(runs):
            with_stages.append(timed(path))
            without.append(timed(path, **WITHOUT_TIME))
        w, wo = statistics.median(with_stages), statistics.median(without)
        print(
            f"analyze {name}: {wo * 1000:.0f} ms without timex+timeline, {w * 1000:.0f} ms with "
            f"(+{(w / wo - 1) * 100:.0f}%; median of {runs}, alternating)"
        )


def eval_time() -> None:
    if not TIMELINE17.exists():
        print(f"eval timeline: skipped ({TIMELINE17} absent)")
        return
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "eval", "timeline", str(TIMELINE17), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"eval timeline over {TIMELINE17}: {time.perf_counter() - start:.0f} s -> {done.stdout.splitlines()[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-eval", action="store_true", help="only the analyze overhead")
    args = parser.parse_args()
    stage_overhead(args.runs)
    if not args.skip_eval:
        eval_time()


if __name__ == "__main__":
    main()
