"""The Spark job against ``storyline ingest`` on the same input in the same run: articles per
second and peak memory (the whole process tree: driver, JVM, Python workers).

The Timeline17 articles are written once to a temporary folder as one JSONL file per topic
(storyline's own reader then reads them, in both runs). Without analysis: every article, for
``storyline ingest``, the job in ``local[1]`` and in ``local[2]``. With analysis (about one
article a second on this machine, so not the whole set): the first ``--analyze-subset`` articles
in publication order, for ``storyline ingest --analyze`` and the job with ``--analyze``.
Each run is a subprocess started as a user would start it, so Spark's start-up is in its time.

Run: nice .venv/bin/python benchmarks/spark_timeline17.py [TIMELINE17_DIR] [--analyze-subset N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ingest_timeline17 import load_all

from storyline.model import Article


def write_topics(articles: list[Article], folder: Path) -> None:
    """One JSONL file per topic, in publication order."""
    folder.mkdir(parents=True)
    topics: dict[str, list[Article]] = {}
    for article in articles:
        topics.setdefault(article.source or "topic", []).append(article)
    for topic, items in topics.items():
        lines = [{"id": a.id, "text": a.text, "source": a.source, "published": a.published.isoformat()} for a in items]
        (folder / f"{topic}.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak tree memory (MB, sampled every 0.2 s) and the last line on stderr."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{err}")
    lines = [line for line in err.splitlines() if line.startswith(("added", "wrote", "analysed"))]
    return time.perf_counter() - started, peak[0], " | ".join(lines)


def compare(label: str, inputs: Path, count: int, work: Path, analyze: bool) -> None:
    flag = ["--analyze"] if analyze else []
    cli = [sys.executable, "-m", "storyline"]
    runs = {
        "storyline ingest": cli + ["ingest", str(inputs), "--db", str(work / f"{label}.db"), *flag],
        "spark local[1]": cli + ["spark", "ingest", str(inputs), "--out", str(work / f"{label}-1"), "--master"],
        "spark local[2]": cli + ["spark", "ingest", str(inputs), "--out", str(work / f"{label}-2"), "--master"],
    }
    runs["spark local[1]"] += ["local[1]", *flag]
    runs["spark local[2]"] += ["local[2]", *flag]
    print(f"== {label}: {count} articles, analysis {'on' if analyze else 'off'}")
    for name, command in runs.items():
        seconds, peak, said = timed(command)
        print(f"{name:18s} {seconds:7.1f} s  {count / seconds:7.2f} articles/s  peak {peak:6.0f} MB  ({said})")
        print(f"   load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", type=Path, default=default)
    parser.add_argument("--analyze-subset", type=int, default=40, help="articles analysed (0: skip)")
    parser.add_argument("--skip-off", action="store_true", help="only the run with analysis")
    args = parser.parse_args()
    articles = load_all(args.root)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_off:
            write_topics(articles, work / "all")
            compare("all", work / "all", len(articles), work, analyze=False)
        if args.analyze_subset:
            subset = articles[: args.analyze_subset]
            write_topics(subset, work / "subset")
            compare("subset", work / "subset", len(subset), work, analyze=True)


if __name__ == "__main__":
    main()
