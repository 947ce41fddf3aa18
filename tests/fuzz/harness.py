"""A seeded mutation fuzzer over the readers, cleaning and the analysis, built from the examples.

Each input is an example file (or a feed, WARC or Multi-News bundle made from one) mutated a
few times (bytes flipped, slices cut, doubled or spliced from another example, hostile tokens
inserted: NULs, lone-surrogate escapes, runs of dots, calendar-limit dates, HTML payloads,
deep nesting), saved under a reader's extension, sometimes gzipped. Each is analysed and
checked: no exception but a :class:`StorylineError` (a crash), no input over the time limit (a
hang), and every span indexes its article's text exactly (a citation mismatch).

The cheap layers (readers, cleaning, splitting, segmentation and the summary's story stages)
run on every input; the full analysis (tagger, tenses, figures, timeline) on every
``full_every``-th one, because it costs about a second an input here.

Run: PYTHONPATH=src .venv/bin/python tests/fuzz/harness.py --inputs 10000 --seed 1
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import io
import json
import logging
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.model import Span, StoryReport
from storyline.pipeline import analyze

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SUFFIXES = (".txt", ".html", ".jsonl", ".json", ".mnews", ".rss", ".xml", ".warc", ".md")
HOSTILE = (
    b"\x00",
    b"\\ud800",
    b"\xed\xa0\x80",
    b"." * 5000,
    b"!?" * 2000,
    b"Published: 0001-01-01\n",
    b"Published: 9999-12-31\n",
    b" on Monday ",
    b"<script>alert(1)</script>",
    b"](javascript:alert(1))",
    b"&#1;&#0;&#xD800;",
    b"[" * 3000,
    b"|||||",
    b"NEWLINE_CHAR",
    b"\r\n\r\n",
    b"\xff\xfe",
    b"\x1f\x8b",
    b'"text": 5, "source": {"a": [1]}',
    b"WARC/1.0\r\n",
    "ダムが決壊した。".encode() * 200,
    b' said the mayor. "We will rebuild," ',
    b"\n\n",
)
TIME_LIMIT_S = 30


class Hang(Exception):
    """An input ran past the time limit."""


@dataclass
class Tally:
    inputs: int = 0
    full: int = 0
    refused: int = 0  # a StorylineError or a read error: the one-line refusal a user sees
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    slowest_s: float = 0.0


def seeds() -> list[tuple[str, bytes]]:
    """The examples, and the other formats built from their texts."""
    found = [(p.suffix, p.read_bytes()) for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    items = "".join(
        f"<item><title>T{i}</title><description>{t[:800]}</description></item>" for i, t in enumerate(texts)
    )
    found.append((".rss", f"<?xml version='1.0'?><rss><channel><title>F</title>{items}</channel></rss>".encode()))
    found.append((".mnews", " ||||| ".join(t.replace("\n", "NEWLINE_CHAR") for t in texts).encode()))
    found.append((".json", json.dumps([{"text": t, "title": f"T{i}"} for i, t in enumerate(texts)]).encode()))
    found.append((".warc", warc(texts[0])))
    return found


def warc(text: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    page = f"<html><body><article>{paragraphs}</article></body></html>".encode()
    writer.write_record(
        writer.create_warc_record("https://example.org/p", "response", payload=io.BytesIO(page), http_headers=http)
    )
    return out.getvalue()


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """One to four random edits of ``data``."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and data:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at] + rng.choice(HOSTILE) + data[at:]
        elif kind == 2:
            data = data[:at] + data[at + rng.randrange(1, 400) :]
        elif kind == 3:
            end = min(len(data), at + rng.randrange(1, 2000))
            data = data[:end] + data[at:end] * rng.randrange(1, 4) + data[end:]
        elif kind == 4:
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            data = data[:at] + other[start : start + rng.randrange(1, 3000)] + data[at:]
        else:
            data = data[:at]
    return data


def inputs(seed: int) -> Iterator[tuple[str, bytes]]:
    """Endless (name suffix, content) pairs, the same for the same seed."""
    rng = random.Random(seed)
    pool = seeds()
    others = [data for _, data in pool]
    while True:
        suffix, data = rng.choice(pool)
        data = mutate(data, rng, others)
        if rng.random() < 0.1:
            suffix = rng.choice(SUFFIXES)
        if rng.random() < 0.1:
            data, suffix = gzip.compress(data), suffix + ".gz"
        yield suffix, data


def spans(value: Any) -> Iterator[Span]:
    """Every span held anywhere in a report's dataclasses."""
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from spans(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from spans(item)


def mismatches(report: StoryReport) -> list[str]:
    """Spans that do not index their article's text, and cited texts that differ from their span."""
    texts = {a.id: a.text for a in report.articles}
    wrong = [
        f"{s} outside its article"
        for s in spans(report)
        if not 0 <= s.start <= s.end <= len(texts.get(s.article_id, ""))
    ]
    if s_missing := [s for s in spans(report) if s.article_id not in texts]:
        wrong += [f"{s} cites no article" for s in s_missing]
    checks = [(s.span, s.text) for a in report.articles for s in a.sentences]
    checks += [(m.span, m.text) for a in report.articles for m in a.time_mentions]
    checks += [(c, s.text) for s in report.summary.sentences for c in s.citations]
    checks += [(q.cue_span, q.cue) for q in report.quotes]
    checks += [(q.content_span, q.content) for q in report.quotes if q.content_span is not None]
    for span, text in checks:
        if texts.get(span.article_id, "")[span.start : span.end] != text:
            wrong.append(f"{span} holds {texts.get(span.article_id, '')[span.start : span.end]!r}, not {text!r}")
    return wrong


def _alarm(*_: object) -> None:
    raise Hang


def check_one(path: Path, full: bool, tally: Tally) -> None:
    """Analyse one input and count what went wrong."""
    start = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT_S)
    try:
        report = analyze([path]) if full else analyze([path], summary_only=True)
        tally.mismatches += [f"{path.name}: {m}" for m in mismatches(report)]
        tally.refused += bool(report.errors)
    except StorylineError:
        tally.refused += 1
    except Hang:
        tally.hangs.append(path.name)
    except Exception:  # noqa: BLE001 - a crash is what the fuzzer looks for
        tally.crashes.append(f"{path.name}: {traceback.format_exc(limit=-3)}")
    finally:
        signal.alarm(0)
    tally.slowest_s = max(tally.slowest_s, time.perf_counter() - start)


def run(count: int, seed: int, full_every: int = 50, keep: Path | None = None, seconds: float | None = None) -> Tally:
    """Fuzz ``count`` inputs (or until ``seconds`` pass); a failing input is kept in ``keep``."""
    tally = Tally()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n, (suffix, data) in enumerate(inputs(seed)):
            if n >= count or (seconds is not None and time.perf_counter() - began > seconds):
                break
            path = Path(tmp) / f"input{n}{suffix}"
            path.write_bytes(data)
            full = full_every > 0 and n % full_every == 0
            failures = len(tally.crashes) + len(tally.hangs) + len(tally.mismatches)
            check_one(path, full, tally)
            tally.inputs += 1
            tally.full += full
            if keep is not None and len(tally.crashes) + len(tally.hangs) + len(tally.mismatches) > failures:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / path.name).write_bytes(data)
            path.unlink()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full-every", type=int, default=50, help="full analysis on every n-th input (0: never)")
    parser.add_argument("--keep", type=Path, help="folder for the inputs that fail")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # every refused input logs its line; the tally counts them
    began = time.perf_counter()
    tally = run(args.inputs, args.seed, args.full_every, args.keep)
    print(
        f"seed {args.seed}: {tally.inputs} inputs ({tally.full} fully analysed), {tally.refused} refused in one line, "
        f"{len(tally.crashes)} crashes, {len(tally.hangs)} hangs over {TIME_LIMIT_S} s, "
        f"{len(tally.mismatches)} citation mismatches; slowest input {tally.slowest_s:.1f} s; "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    for line in tally.crashes[:5] + tally.hangs[:5] + tally.mismatches[:5]:
        print(line, file=sys.stderr)
    sys.exit(1 if tally.crashes or tally.hangs or tally.mismatches else 0)


if __name__ == "__main__":
    main()
