"""``storyline eval summarization``: ROUGE of storyline's summarizer and its peers, one run.

Each example's documents become segmented :class:`Article` objects, and every system
(storyline's summarizer and the baselines in ``storyline.summarizers``) summarizes the
same articles within ``--words`` words. Summaries are cut to ``--words`` words before
scoring, as the literature does; storyline's never needs the cut.

Storyline's sentence scorer is learned from Multi-News dev itself, so each example is
summarized with the cross-validation fold model that was not trained on it
(``summarizers.scorer.held_out_scorer``): the dev figure is a cross-validated one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help='JSONL, one {"id", "documents": [...], "summary"} a line')
    parser.add_argument("--words", type=int, default=300, help="summary length limit in words (default 300)")
    parser.add_argument("--limit", type=int, help="score only the first N examples (quick checks)")
    parser.add_argument("--systems", help="comma-separated subset of systems to run (default: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")


def read_examples(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def example_articles(example: dict[str, Any]) -> list[Any]:
    """The example's documents as segmented articles ``doc1``, ``doc2``, ... (empty ones dropped)."""
    from ..ingest.multinews import unescape
    from ..model import Article
    from ..segment import segment

    texts = [unescape(d) for d in example["documents"]]
    return [segment(Article(id=f"doc{k}", text=t)) for k, t in enumerate((t for t in texts if t), start=1)]


def cut_to_words(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def summary_text(summary: Any) -> str:
    """Summary sentences one per line, the form ROUGE-Lsum expects."""
    return "\n".join(s.text for s in summary.sentences)


def evaluate(examples: list[dict[str, Any]], systems: dict[str, Any], words: int) -> dict[str, dict[str, float]]:
    """Mean ROUGE and median milliseconds per example of each system."""
    from statistics import median

    from ..summarizers.scorer import held_out_scorer
    from .rouge import mean_scores, rouge_f1

    rows: dict[str, list[dict[str, float]]] = {name: [] for name in systems}
    times: dict[str, list[float]] = {name: [] for name in systems}
    for example in examples:
        articles = example_articles(example)
        for name, summarize in systems.items():
            scorer = {"scorer": held_out_scorer(example["id"])} if name == "storyline" else {}
            start = time.perf_counter()
            summary = summarize(articles, words, **scorer)
            times[name].append(1000 * (time.perf_counter() - start))
            candidate = cut_to_words(summary_text(summary), words)
            rows[name].append(rouge_f1(candidate, example["summary"]))
    return {name: {**mean_scores(rows[name]), "ms": median(times[name]) if times[name] else 0.0} for name in systems}


def print_table(results: dict[str, dict[str, float]], n: int, words: int) -> None:
    print(f"{n} examples, {words} words")
    print(f"{'system':<14}{'R1':>7}{'R2':>7}{'RLsum':>7}{'ms/ex':>8}")
    for name, r in results.items():
        print(f"{name:<14}{r['rouge1']:>7.2f}{r['rouge2']:>7.2f}{r['rougeLsum']:>7.2f}{r['ms']:>8.1f}")


def figures(results: dict[str, dict[str, float]], n: int) -> dict[str, Any]:
    def rounded(r: dict[str, float]) -> dict[str, float]:
        return {k: round(v, 2) for k, v in r.items()}

    ours = rounded(results.get("storyline", {}))
    baselines = {name: rounded(r) for name, r in results.items() if name != "storyline"}
    return {**ours, "n": n, "baselines": baselines}


def run(args: argparse.Namespace) -> int:
    from ..summarizers import systems

    available = systems()
    wanted = args.systems.split(",") if args.systems else list(available)
    unknown = [w for w in wanted if w not in available]
    if unknown:
        print(f"storyline: unknown system(s) {', '.join(unknown)}; choose from {', '.join(available)}", file=sys.stderr)
        return 2
    if not args.data.exists():
        print(f"storyline: cannot read '{args.data}': no such file", file=sys.stderr)
        return 2
    examples = list(read_examples(args.data, args.limit))
    results = evaluate(examples, {w: available[w] for w in wanted}, args.words)
    print_table(results, len(examples), args.words)
    if args.json:
        print(json.dumps(figures(results, len(examples))))
    return 0
