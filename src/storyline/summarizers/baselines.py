"""Peer baselines behind storyline's summarizer interface: ``(articles, words) -> Summary``.

Textbook versions of the extractive methods Multi-News papers compare against, so that
``storyline eval summarization`` can run them on the same input in the same command.
Each ranks candidate sentences and fills the word budget in rank order, the last
sentence cut to fit (as these baselines are scored in the literature).
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..model import Article, Summary
from ..vectors import tfidf_vectors
from .base import SentencePool, column_sum, cosine_matrix, pagerank, ranked_summary

LEXRANK_THRESHOLD = 0.1  # Erkan & Radev's cosine threshold for an edge
MMR_LAMBDA = 0.7  # weight of relevance against redundancy


def first3(articles: list[Article], words: int) -> Summary:
    """The first three sentences of each document, documents in input order."""
    pool = SentencePool.of(articles, keep=lambda s: s.index < 3)
    return ranked_summary(pool, list(range(len(pool.candidates))), words)


def lexrank(articles: list[Article], words: int) -> Summary:
    """Erkan & Radev (2004): PageRank over a thresholded TF-IDF cosine graph."""
    pool = SentencePool.of(articles)
    vectors = tfidf_vectors([s.text for s in pool.candidates]) if pool.candidates else None
    if vectors is None:
        return Summary()
    graph = (cosine_matrix(vectors) >= LEXRANK_THRESHOLD).astype(float)
    return ranked_summary(pool, _by_score(pagerank(graph)), words)


def textrank(articles: list[Article], words: int) -> Summary:
    """Mihalcea & Tarau (2004): PageRank over word-overlap similarity, length-normalised."""
    pool = SentencePool.of(articles)
    if not pool.candidates:
        return Summary()
    bags = [set(re.findall(r"\w+", s.text.lower())) for s in pool.candidates]
    n = len(bags)
    graph = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            norm = math.log(len(bags[i]) + 1) + math.log(len(bags[j]) + 1)
            graph[i, j] = graph[j, i] = len(bags[i] & bags[j]) / norm if norm else 0.0
    return ranked_summary(pool, _by_score(pagerank(graph)), words)


def centroid_mmr(articles: list[Article], words: int) -> Summary:
    """Radev et al. centroid relevance with Carbonell & Goldstein's MMR re-ranking."""
    pool = SentencePool.of(articles)
    vectors = tfidf_vectors([s.text for s in pool.candidates]) if pool.candidates else None
    if vectors is None:
        return Summary()
    centroid = column_sum(vectors)
    relevance = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    similarity = cosine_matrix(vectors)
    ranking: list[int] = []
    remaining = set(range(len(relevance)))
    used = 0
    while remaining and used < words:
        redundancy = similarity[:, ranking].max(axis=1) if ranking else np.zeros(len(relevance))
        mmr = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        best = max(remaining, key=lambda i: mmr[i])
        ranking.append(best)
        remaining.discard(best)
        used += len(pool.candidates[best].text.split())
    return ranked_summary(pool, ranking, words)


def _by_score(scores: np.ndarray) -> list[int]:
    return [int(i) for i in np.argsort(-scores, kind="stable")]
