"""Extractive multi-document summary in which every sentence cites its sources.

Candidate sentences are scored by a small linear model over unsupervised evidence
(``summarizers.features``: cross-article support, shared wording, centrality, position,
length, whether the article belongs with the others) to predict what share of each
sentence's wording a human summary would use; a greedy pass then takes the highest
predictions that are not too alike any sentence already taken, within the word budget,
which is never exceeded. A picked sentence cites every article that states it word for
word; a leading dateline or wire credit ("PARIS (Reuters) -") is trimmed off first
(``summarizers.base.without_dateline``), its citation trimmed with it. Only sentences that
stand alone are candidates (``summarizers.base.stands_alone``): a summary is read without the
sentence before each of its own.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from .model import Article, Sentence, Summary, SummarySentence
from .summarizers.base import SentencePool, cosine_matrix, is_candidate, stands_alone, word_count
from .summarizers.features import sentence_features
from .summarizers.scorer import SentenceScorer, default_scorer
from .vectors import tfidf_vectors


def select(
    candidates: list[Sentence], scores: np.ndarray, similarity: np.ndarray, words: int, redundancy: float
) -> list[int]:
    """Greedy pick by score, skipping repeats and sentences that would break the budget."""
    chosen: list[int] = []
    used = 0
    for i in np.argsort(-scores, kind="stable"):
        n = word_count(candidates[i].text)
        if used + n > words:
            continue
        if chosen and float(similarity[i, chosen].max()) >= redundancy:
            continue
        chosen.append(int(i))
        used += n
    return chosen


# Candidates scored at most: the scorer compares every pair (dense matrices of this size squared),
# so a story of a thousand articles would need tens of GB. 3,000 is far above any Multi-News
# example or bundled story and costs about 70 MB per matrix.
MAX_CANDIDATES = 3000


def leads_first(candidates: list[Sentence], limit: int = MAX_CANDIDATES) -> list[Sentence]:
    """At most ``limit`` candidates, in their order: every article's first sentences before any
    article's later ones (news puts what matters first), so a very large story keeps the leads
    of all its articles rather than the whole of its first ones."""
    if len(candidates) <= limit:
        return candidates
    ranked = sorted(range(len(candidates)), key=lambda i: (candidates[i].index, i))
    return [candidates[i] for i in sorted(ranked[:limit])]


def summarize(articles: list[Article], words: int = 250, scorer: SentenceScorer | None = None) -> Summary:
    """Summary of the articles' sentences within ``words`` words, each sentence cited.

    ``scorer`` defaults to the shipped model; evaluation passes a held-out fold model.
    """
    texts = {a.id: a.text for a in articles}
    pool = SentencePool.of(articles, keep=lambda s: is_candidate(s) and stands_alone(s, texts[s.article_id]))
    pool.candidates = leads_first(pool.candidates)
    if not pool.candidates or words <= 0:
        return Summary()
    vectors = tfidf_vectors([c.text for c in pool.candidates])
    if vectors is None:
        return Summary()
    scorer = scorer or default_scorer()
    similarity = cosine_matrix(vectors)
    scores = scorer.score(sentence_features(pool.candidates, vectors, similarity, pool.copies()))
    chosen = select(pool.candidates, scores, similarity, words, scorer.redundancy)
    # read in story order: earliest reports first (undated ones keep their input order, last)
    by_date = sorted(range(len(articles)), key=lambda k: (articles[k].published or date.max, k))
    order = {articles[k].id: rank for rank, k in enumerate(by_date)}
    chosen.sort(key=lambda i: (order[pool.candidates[i].article_id], pool.candidates[i].start))
    return Summary([SummarySentence(pool.candidates[i].text, pool.citations(pool.candidates[i])) for i in chosen])
