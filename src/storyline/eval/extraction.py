"""``storyline eval extraction DIR``: article bodies read from real HTML pages against hand-checked ones.

DIR holds ``ground-truth.json`` (``{id: {"articleBody", "url"}}``) and ``html/ID.html.gz`` (or
``.html``). Each page goes through what ``storyline analyze PAGE`` does before the report: the HTML
reader, cleaning and splitting (``pipeline.prepare``); the body storyline read is every piece of the
page joined, so a page split in two loses nothing here but is counted apart, since every page of
the set is one article.

The metric is the article-extraction benchmark's: the shingles (4-grams of ``\\w+`` tokens, case
kept) of the prediction and of the gold body are matched as multisets; a page's true positives,
false positives and false negatives are divided by their sum so that long pages weigh no more than
short ones; precision and recall are the means over pages (a page with nothing predicted has no
precision), and F1 is the harmonic mean of the two means. A text shorter than four tokens is one
shingle of all its tokens.

The baseline is trafilatura's default ``extract()`` on the same HTML, in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SHINGLE = 4
TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """A page's (tp, fp, fn) over shingles, normalised to sum to 1 (all 0 when both are empty)."""
    want, got = shingles(gold), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else tp / (tp + fn)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision (pages with a prediction), mean recall (pages with a gold body), their F1."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4)}


def page_file(folder: Path, page_id: str) -> Path | None:
    for name in (f"{page_id}.html.gz", f"{page_id}.html"):
        if (folder / "html" / name).is_file():
            return folder / "html" / name
    return None


def storyline_body(path: Path) -> tuple[str, int]:
    """The body storyline reads from a page (its pieces joined), and into how many articles it went."""
    from ..errors import InputError
    from ..ingest import read_file
    from ..pipeline import prepare

    try:
        raw = read_file(path)
    except InputError:
        return "", 0
    articles, _ = prepare(raw)
    return "\n\n".join(a.text for a in articles), len(articles)


def trafilatura_body(path: Path) -> str:
    import trafilatura

    html = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DIR", help="folder with ground-truth.json and html/ID.html.gz pages")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura's default extract()")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list the N pages storyline scores worst")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object of the figures")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.data)
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        print(f"storyline: no ground-truth.json in '{folder}'")
        return 1
    truth: dict[str, dict[str, str]] = json.loads(truth_path.read_text(encoding="utf-8"))
    baselines: dict[str, Callable[[Path], str]] = (
        {} if args.no_baseline else {"trafilatura extract()": trafilatura_body}
    )
    counts: dict[str, list[tuple[float, float, float]]] = {"storyline": [], **{name: [] for name in baselines}}
    per_page: list[tuple[float, str]] = []
    missing = lost = split = 0
    for page_id in sorted(truth):
        path = page_file(folder, page_id)
        if path is None:
            missing += 1
            continue
        gold = truth[page_id].get("articleBody", "")
        body, pieces = storyline_body(path)
        lost += pieces == 0
        split += pieces > 1
        counts["storyline"].append(page_counts(gold, body))
        per_page.append((_f1_of(counts["storyline"][-1]), page_id))
        for name, extract in baselines.items():
            counts[name].append(page_counts(gold, extract(path)))
    results = {name: score(c) for name, c in counts.items() if c}
    print(f"{len(per_page)} pages ({missing} without an HTML file); storyline lost {lost}, split {split}")
    for name, figures in results.items():
        print(f"{name:24s} F1 {figures['f1']:.4f}  P {figures['precision']:.4f}  R {figures['recall']:.4f}")
    for f1, page_id in sorted(per_page)[: args.errors]:
        print(f"  {f1:.3f}  {page_id}  {truth[page_id].get('url', '')}")
    if args.json:
        print(json.dumps({"pages": len(per_page), "lost": lost, "split": split, **results}))
    return 0


def _f1_of(counts: tuple[float, float, float]) -> float:
    """One page's shingle F1 (for listing the worst pages)."""
    p, r = _precision(*counts), _recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0
