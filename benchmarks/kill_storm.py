"""kill -9 at seeded random moments of ``storyline ingest`` and ``storyline refresh``, then a
re-run to completion: the counts must come out exact (every article once, each in one story,
each analysed once) and SQLite's integrity check must pass after every kill.

The ingest runs over a feed long enough that no run reaches its end before its kill (so each
kill lands mid-ingest); the refresh over a store of fewer articles, fully ingested first.

Run: .venv/bin/python benchmarks/kill_storm.py [--kills 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TOPICS = ["dam flood Riverton rescue", "mayor election Castleford vote", "comet telescope Jupiter orbit"]


def feed(path: Path, n: int) -> None:
    lines = [
        {"doc_id": f"d{i}", "text": f"Report {i} on the {TOPICS[i % 3]} story, update number {i} of the day."}
        for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline", *args]


def counts(db: Path) -> tuple[int, int, int, int]:
    """Articles, distinct texts, memberships and analyses; the integrity check must pass."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        one = conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone()
        members = conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0]
        analysed = conn.execute("SELECT COUNT(*) FROM article_analysis").fetchone()[0]
    return one[0], one[1], members, analysed


def storm(argv: list[str], db: Path, kills: int, rng: random.Random, window: tuple[float, float]) -> int:
    """Start the command and kill -9 it at a random moment, ``kills`` times; how many runs it
    finished before its kill came."""
    finished = 0
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for _ in range(kills):
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(*window))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        else:
            finished += 1
        proc.wait()
        if db.exists():
            counts(db)
    return finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ingest-articles", type=int, default=4000)
    parser.add_argument("--refresh-articles", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory() as tmp:
        source, db = Path(tmp) / "feed.jsonl", Path(tmp) / "k.db"
        n = args.ingest_articles
        feed(source, n)
        ingest = command("ingest", str(source), "--db", str(db), "--batch-size", "1")
        done = storm(ingest, db, args.kills, rng, (1.0, 4.0))
        before = counts(db)
        subprocess.run(ingest, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        after = counts(db)
        ok = after[:3] == (n, n, n)
        print(
            f"ingest: {args.kills} kills ({done} runs ended first), {before[0]} stored before the re-run, "
            f"after it {after[0]} articles, {after[1]} distinct, {after[2]} in stories of {n}: "
            f"{'exact' if ok else 'WRONG'}"
        )
        source, db = Path(tmp) / "small.jsonl", Path(tmp) / "r.db"
        n = args.refresh_articles
        feed(source, n)
        subprocess.run(command("ingest", str(source), "--db", str(db)), check=True, capture_output=True, env=env)
        refresh = command("refresh", "--db", str(db))
        done = storm(refresh, db, args.kills, rng, (3.0, 9.0))
        before = counts(db)
        subprocess.run(refresh, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        final = counts(db)
        ok_refresh = final == (n, n, n, n)
        print(
            f"refresh: {args.kills} kills ({done} runs ended first), {before[3]} analysed before the re-run, "
            f"after it {final[3]} of {n}: {'exact' if ok_refresh else 'WRONG'}"
        )
    sys.exit(0 if ok and ok_refresh else 1)


if __name__ == "__main__":
    main()
