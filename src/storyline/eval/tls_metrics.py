"""Timeline metrics as news-tls reports them: alignment-based ROUGE and date-selection F1.

This re-implements tilse's ``evaluate_align_date_content_costs_many_to_one`` ("align+ m:1",
Martschat & Markert 2017) without its Perl ROUGE-1.5.5 back end:

* every predicted date is aligned to the reference date of least cost (for precision),
  and every reference date to the predicted date of least cost (for recall); the cost is
  ``(1 - 1/(|day difference| + 1)) * (1 - approximate ROUGE-1 F1)`` of the two daily
  summaries, the approximation on whitespace tokens exactly as tilse computes it;
* aligned summaries are compared by n-gram overlap counts, each weighted by
  ``1/(|day difference| + 1)``; precision and recall are micro-averaged over dates.

Where it differs from tilse: the n-gram counts come from rouge-score's tokeniser (lower
case, alphanumeric tokens, Porter stemming) with scikit-learn's English stop-word list
(318 words) removed, instead of ROUGE-1.5.5 with ``-m -s`` and its 571-word SMART list;
bigrams are formed within a sentence. The figures are therefore close to, not identical
with, published tilse figures. Averaging over timelines follows news-tls: precision and
recall are averaged, and F1 is taken of the averages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

Timeline = dict[date, list[str]]


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], list[str]]:
    from rouge_score.tokenizers import DefaultTokenizer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    tokenizer = DefaultTokenizer(use_stemmer=True)
    stop = {w for word in ENGLISH_STOP_WORDS for w in tokenizer.tokenize(word)} | set(ENGLISH_STOP_WORDS)

    def tokens(text: str) -> list[str]:
        return [
            t for t in tokenizer.tokenize(" ".join(w for w in text.split() if w.lower() not in stop)) if t not in stop
        ]

    return tokens


@lru_cache(maxsize=200_000)
def _sentence_ngrams(sentence: str, n: int) -> Counter[tuple[str, ...]]:
    toks = _tokenizer()(sentence)
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def ngrams(sentences: list[str], n: int) -> Counter[tuple[str, ...]]:
    total: Counter[tuple[str, ...]] = Counter()
    for sentence in sentences:
        total.update(_sentence_ngrams(sentence, n))
    return total


def approx_rouge1(pred: list[str], ref: list[str]) -> float:
    """tilse's ROUGE-1 approximation used only to build alignment costs (raw tokens)."""
    p = Counter(w for s in pred for w in s.split())
    r = Counter(w for s in ref for w in s.split())
    match = sum(min(c, r[w]) for w, c in p.items())
    prec = match / sum(p.values()) if p else 0.0
    rec = match / sum(r.values()) if r else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def _cost(a: date, b: date, pred: list[str], ref: list[str]) -> float:
    return (1 - 1 / (abs((a - b).days) + 1)) * (1 - approx_rouge1(pred, ref))


@dataclass
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def align_rouge(pred: Timeline, ref: Timeline, n: int) -> PRF:
    """Alignment-based ROUGE-n ("align+ m:1") of one predicted timeline against one reference."""
    if not pred or not ref:
        return PRF(0.0, 0.0)
    p_num = p_den = r_num = r_den = 0.0
    for p_date, p_sents in pred.items():
        r_date = min(ref, key=lambda d: (_cost(p_date, d, p_sents, ref[d]), d))
        hits, p_count, _ = _overlap(p_sents, ref[r_date], n)
        p_num += hits / (abs((p_date - r_date).days) + 1)
        p_den += p_count
    for r_date, r_sents in ref.items():
        p_date = min(pred, key=lambda d: (_cost(d, r_date, pred[d], r_sents), d))
        hits, _, r_count = _overlap(pred[p_date], r_sents, n)
        r_num += hits / (abs((p_date - r_date).days) + 1)
        r_den += r_count
    return PRF(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)


def _overlap(pred: list[str], ref: list[str], n: int) -> tuple[int, int, int]:
    p, r = ngrams(pred, n), ngrams(ref, n)
    return sum(min(c, r[g]) for g, c in p.items()), sum(p.values()), sum(r.values())


def date_prf(pred: Timeline, ref: Timeline) -> PRF:
    shared = len(set(pred) & set(ref))
    return PRF(shared / len(pred) if pred else 0.0, shared / len(ref) if ref else 0.0)


def average(results: list[PRF]) -> PRF:
    """news-tls averaging: mean precision and mean recall; F1 of those means."""
    if not results:
        return PRF(0.0, 0.0)
    return PRF(sum(r.precision for r in results) / len(results), sum(r.recall for r in results) / len(results))
