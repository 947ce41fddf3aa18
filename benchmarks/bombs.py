"""Peak memory of storyline refusing hostile inputs: gzip bombs, huge arrays and bundles.

Each bomb is written into a temporary folder (never into the project), then
``storyline analyze BOMB`` (and ``storyline ingest`` for the bombs a store reads) runs under
``/usr/bin/time -v``; its peak resident set, exit status and the line it printed are shown.
The goal is every bomb refused (or read within its limits) below 1 GB peak.

Run: .venv/bin/python benchmarks/bombs.py [--gb 4]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
GOAL_MB = 1024
PAGE_START = b"<html><body><article><p>The dam burst on Monday, officials said. "


def gzip_stream(path: Path, head: bytes, filler: bytes, size: int, tail: bytes = b"") -> None:
    """A gzip file whose content is ``head``, then ``filler`` repeated to ``size`` bytes, then ``tail``."""
    chunk = filler * (MB // len(filler))
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head)
        written = 0
        while written < size:
            out.write(chunk)
            written += len(chunk)
        out.write(tail)


def warc_bomb(path: Path, size: int) -> None:
    size = size // MB * MB
    header = (
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "WARC-Date: 2024-05-06T10:00:00Z\r\nWARC-Target-URI: https://example.org/bomb\r\n"
        f"Content-Type: text/html\r\nContent-Length: {len(PAGE_START) + size}\r\n\r\n"
    ).encode()
    gzip_stream(path, header + PAGE_START, b"a ", size, b"\r\n\r\n")


def page_bomb(path: Path, size: int) -> None:
    gzip_stream(path, PAGE_START, b"a ", size)


def lines_bomb(path: Path, size: int) -> None:
    gzip_stream(path, b'{"text": "', b"a ", size, b'"}\n')


def tiny_items(path: Path, count: int = 100_000) -> None:
    path.write_text(json.dumps([{"text": f"Item {i} of the dam story."} for i in range(count)]))


def big_bundle(path: Path, count: int = 10_000) -> None:
    path.write_text("|||||".join(f"Document {i}: the dam burst on Monday, officials said." for i in range(count)))


def measure(args: list[str], cwd: Path) -> tuple[float, int, str, float]:
    """Peak resident MB, exit status, last stderr line and wall seconds of one command."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *args], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    said = [line for line in done.stderr.splitlines() if line.startswith("storyline:")]
    return peak_kb / 1024, done.returncode, said[0] if said else "(nothing)", wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gb", type=float, default=4.0, help="uncompressed size of each gzip bomb")
    size = int(parser.parse_args().gb * 1024 * MB)
    bombs: list[tuple[str, Callable[[Path], None], bool]] = [
        ("crawl.warc.gz", lambda p: warc_bomb(p, size), True),
        ("page.html.gz", lambda p: page_bomb(p, size), False),
        ("lines.jsonl.gz", lambda p: lines_bomb(p, size), True),
        ("items.json", tiny_items, False),
        ("bundle.mnews", big_bundle, False),
    ]
    python = sys.executable
    src = Path(__file__).resolve().parents[1] / "src"
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, write, ingest_too in bombs:
            path = folder / name
            write(path)
            runs = [("analyze", ["analyze", str(path), "-o", str(folder / "out.json"), "--format", "json"])]
            if ingest_too:
                runs.append(("ingest", ["ingest", str(path), "--db", str(folder / "bomb.db")]))
            for command, argv in runs:
                peak, status, said, wall = measure([python, "-m", "storyline", *argv], cwd=src)
                worst = max(worst, peak)
                print(
                    f"{name:15} {path.stat().st_size / MB:7.1f} MB on disk  {command:8} peak {peak:7.0f} MB  "
                    f"exit {status}  {wall:6.1f} s  {said}"
                )
            path.unlink()
    verdict = "met" if worst < GOAL_MB else "MISSED"
    print(f"worst peak {worst:.0f} MB; goal {GOAL_MB} MB: {verdict}")


if __name__ == "__main__":
    main()
