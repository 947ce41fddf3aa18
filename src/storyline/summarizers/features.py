"""Per-sentence evidence that a sentence belongs in a story's summary.

Each candidate sentence gets a small vector of unsupervised signals: where it sits in
its article, how central it is to the story, how many *other* articles say something
similar, how much of its wording other articles share (the facts several outlets
report), and whether its article belongs with the others at all (Multi-News bundles
carry archive notices and unrelated pages). A linear scorer trained offline
(``scripts/train_summary_scorer.py``) weighs them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from ..model import Sentence
from .base import column_sum, pagerank, word_count

FEATURES = (
    "lead",
    "first",
    "position",
    "paragraph",
    "length",
    "length_sq",
    "centrality",
    "centrality_others",
    "support_high",
    "support_low",
    "max_similarity_other",
    "lexrank",
    "unigram_share",
    "bigram_share",
    "article_relatedness",
    "article_size",
    "quote",
    "digits",
    "capitals",
)
SUPPORT_HIGH = 0.5
SUPPORT_LOW = 0.3
LEXRANK_THRESHOLD = 0.1
WORD = re.compile(r"[a-z0-9]+")
QUOTE = re.compile(r"[\"“”]")
DIGIT = re.compile(r"\d")
STOP = frozenset(
    """a an the of in on at to by for from with and or but is are was were be been has have had
    it its he she they his her their this that as not said says will would can could""".split()
)


def content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def shared_fraction(items: list[set], owners: list[str]) -> np.ndarray:
    """For each sentence, the fraction of its items that some *other* article also has."""
    by_article: dict[str, Counter] = {}
    for own, bag in zip(owners, items, strict=True):
        by_article.setdefault(own, Counter()).update(bag)
    article_count: Counter = Counter()
    for counts in by_article.values():
        article_count.update(counts.keys())
    out = np.zeros(len(items))
    for k, (own, bag) in enumerate(zip(owners, items, strict=True)):
        if bag:
            own_has = by_article[own]
            out[k] = sum(1 for x in bag if article_count[x] - (1 if own_has[x] else 0) > 0) / len(bag)
    return out


def supporting_articles(similar: np.ndarray, other: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """For each sentence, how many other articles hold a sentence this similar to it."""
    articles = list(dict.fromkeys(owners.tolist()))
    membership = np.array([[owner == a for a in articles] for owner in owners], dtype=float)
    return ((similar & other).astype(float) @ membership > 0).sum(axis=1).astype(float)


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def sentence_features(
    candidates: list[Sentence], vectors: Any, similarity: np.ndarray, copies: np.ndarray | None = None
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate.

    ``vectors`` are the candidates' L2-normalised TF-IDF rows and ``similarity`` their
    pairwise cosines. ``copies`` counts, per candidate, the other articles that state it
    word for word: the pool merges such copies into one candidate, but each is still an
    article vouching for the sentence, so it counts as support and as shared wording.
    """
    copies = np.zeros(len(candidates)) if copies is None else np.asarray(copies, dtype=float)
    n = len(candidates)
    owners = np.array([s.article_id for s in candidates])
    other = owners[None, :] != owners[:, None]
    total = column_sum(vectors)
    centrality = vectors @ unit(total)
    rows_of = {a: np.flatnonzero(owners == a) for a in dict.fromkeys(owners.tolist())}
    article_sums = {a: column_sum(vectors[rows]) for a, rows in rows_of.items()}
    relatedness = {a: float(unit(own) @ unit(total - own)) for a, own in article_sums.items()}
    centrality_others = np.zeros(n)
    for a, rows in rows_of.items():
        centrality_others[rows] = vectors[rows] @ unit(total - article_sums[a])
    n_others = max(len(article_sums) - 1, 1)
    support_high = np.minimum((supporting_articles(similarity >= SUPPORT_HIGH, other, owners) + copies) / n_others, 1)
    support_low = np.minimum((supporting_articles(similarity >= SUPPORT_LOW, other, owners) + copies) / n_others, 1)
    max_other = np.where(other, similarity, 0.0).max(axis=1) if n else np.zeros(0)
    lexrank = pagerank((similarity >= LEXRANK_THRESHOLD).astype(float)) * n
    words = [content_words(s.text) for s in candidates]
    copied = copies > 0
    unigram_share = np.where(copied, 1.0, shared_fraction([set(w) for w in words], owners.tolist()))
    bigram_share = np.where(copied, 1.0, shared_fraction([bigrams(w) for w in words], owners.tolist()))
    sizes = Counter(owners.tolist())
    rows = []
    for k, sent in enumerate(candidates):
        length = word_count(sent.text) / 30.0
        rows.append(
            [
                1.0 / (1.0 + sent.index) ** 0.5,
                float(sent.index == 0),
                min(sent.index, 40) / 40.0,
                min(sent.paragraph, 40) / 40.0,
                length,
                length * length,
                centrality[k],
                centrality_others[k],
                support_high[k],
                support_low[k],
                max_other[k],
                lexrank[k],
                unigram_share[k],
                bigram_share[k],
                relatedness[sent.article_id],
                np.log1p(sizes[sent.article_id]) / 5.0,
                float(bool(QUOTE.search(sent.text))),
                float(bool(DIGIT.search(sent.text))),
                sum(1 for w in sent.text.split() if w[:1].isupper()) / max(word_count(sent.text), 1),
            ]
        )
    return np.array(rows, dtype=float).reshape(n, len(FEATURES))
