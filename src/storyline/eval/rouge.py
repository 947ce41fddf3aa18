"""ROUGE as Multi-News papers report it: rouge-score F1, Porter stemming, x100.

ROUGE-Lsum needs one sentence a line; rouge-score would split with nltk's punkt, which
is not available offline, so both sides are split with storyline's own splitter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..segment import split_sentences

METRICS = ("rouge1", "rouge2", "rougeLsum")


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def one_sentence_a_line(text: str) -> str:
    return "\n".join(s.replace("\n", " ") for s in split_sentences(text))


def rouge_f1(candidate: str, reference: str) -> dict[str, float]:
    """F1 x100 of each metric in ``METRICS`` for one candidate against one reference."""
    scores = _scorer().score(one_sentence_a_line(reference), one_sentence_a_line(candidate))
    return {name: 100.0 * scores[name].fmeasure for name in METRICS}


def mean_scores(rows: list[dict[str, float]]) -> dict[str, float]:
    """Per-metric average over examples (macro average, as rouge-score users report)."""
    if not rows:
        return {name: 0.0 for name in METRICS}
    return {name: sum(r[name] for r in rows) / len(rows) for name in METRICS}
