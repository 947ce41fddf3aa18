"""How much attribution (quotes and disputes) adds to `storyline analyze`: the target is at most 2x.

Runs ``analyze`` on each corpus with every stage and with the stage list less the attribution
stages (``quotes`` and ``figures``, which reads the quotes), in the same process after one
warm-up run each (models loaded), and reports the medians and their ratio. With attribution,
timex reads tenses off the quotes stage's parses instead of parsing sentences itself; the
script checks the timeline comes out the same both ways, so the two runs differ only by the
attribution stages.

    .venv/bin/python benchmarks/attribution_overhead.py [--runs 5] [--commands 3]

It also times ``analyze`` with the CRF tagger in place of the shipped transformer, and
the whole command, ``storyline analyze examples/`` in a fresh process (interpreter start,
imports and model loading included), with and without the attribution stages, medians
of ``--commands`` runs each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from storyline import pipeline
from storyline.stages import ARTICLE_STAGES

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"examples": REPO / "examples", "seeds": REPO.parent / "shared" / "data" / "seeds"}


WITHOUT_ATTRIBUTION = tuple(s for s in ARTICLE_STAGES if s.name not in {"quotes", "figures"})


def median_seconds(path: Path, runs: int, **options: object) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of one ``analyze``: CPU time is steadier on a shared machine."""
    pipeline.analyze([path], **options)  # warm-up: loads models
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        pipeline.analyze([path], **options)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


# The whole command in a fresh process: "with" is ``storyline analyze``; "without" is the same
# library call with the stage list less the attribution stages, rendered the same way.
COMMAND = """
import sys
from storyline import pipeline, stages
from storyline.render import render
if sys.argv[1] == "without":
    kept = tuple(s for s in stages.ARTICLE_STAGES if s.name not in {"quotes", "figures"})
    render(pipeline.analyze([sys.argv[2]], article_stages=kept), "json")
else:
    from storyline import cli
    sys.exit(cli.main(["analyze", sys.argv[2], "--format", "json", "-o", "/dev/null"]))
"""


def command_seconds(path: Path, variant: str, runs: int) -> float:
    """Median wall-clock seconds of ``storyline analyze PATH`` as a new process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", COMMAND, variant, str(path)], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commands", type=int, default=3, help="whole-command runs per variant (0: skip)")
    args = parser.parse_args()
    if args.commands:
        without, with_attribution = (
            command_seconds(CORPORA["examples"], v, args.commands) for v in ("without", "with")
        )
        print(
            f"storyline analyze examples/ (whole command, wall): {without:.2f} s without attribution, "
            f"{with_attribution:.2f} s with ({with_attribution / without:.2f}x; median of {args.commands})"
        )
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: skipped ({path} absent)")
            continue
        with_attribution = median_seconds(path, args.runs)
        crf = median_seconds(path, args.runs, tagger=crf_tagger())
        without = median_seconds(path, args.runs, article_stages=WITHOUT_ATTRIBUTION)
        timeline_without = pipeline.analyze([path], article_stages=WITHOUT_ATTRIBUTION).timeline
        report = pipeline.analyze([path])
        same = "same" if report.timeline == timeline_without else "DIFFERENT"
        for clock, a, b in (("wall", without[0], with_attribution[0]), ("cpu", without[1], with_attribution[1])):
            print(
                f"analyze {name} ({clock}): {a * 1000:.0f} ms without attribution, {b * 1000:.0f} ms with "
                f"({b / a:.2f}x; {len(report.quotes)} quotes, {len(report.disputes)} disputes; "
                f"timeline {same} without; median of {args.runs})"
            )
        print(f"analyze {name} (cpu), the CRF tagger instead: {crf[1] * 1000:.0f} ms ({crf[1] / without[1]:.2f}x)")


def crf_tagger() -> object:
    """The CRF tagger the transformer replaced, for comparison."""
    from storyline.attribution.crf import default_tagger

    return default_tagger()


if __name__ == "__main__":
    main()
