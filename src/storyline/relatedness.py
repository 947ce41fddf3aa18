"""How strongly a passage belongs to the story the input is about.

One TF-IDF space over all paragraphs of the input; a passage's relatedness is its cosine
with the sum of everything *else*, so a passage cannot vouch for itself. Used to split
unrelated items out of glued files and to mark off-topic articles, which then never
reach the summary.
"""

from __future__ import annotations

import numpy as np

OFF_TOPIC_RATIO = 0.4  # an article this far below the story's typical relatedness is off-topic


def _vectors(texts: list[str]) -> np.ndarray | None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no content words at all
        return None
    return matrix.toarray()


def leave_one_out(vectors: np.ndarray, groups: list[int]) -> list[float]:
    """Cosine of each group's vector with the sum of all other groups' vectors."""
    n_groups = max(groups) + 1
    sums = np.zeros((n_groups, vectors.shape[1]))
    for row, group in zip(vectors, groups, strict=True):
        sums[group] += row
    total = sums.sum(axis=0)
    scores = []
    for vec in sums:
        rest = total - vec
        norm = float(np.linalg.norm(vec) * np.linalg.norm(rest))
        scores.append(float(vec @ rest) / norm if norm else 0.0)
    return scores


def paragraph_relatedness(pieces: list[list[str]]) -> list[list[float]]:
    """For each paragraph of each piece, its relatedness to the rest of the input."""
    flat = [p for piece in pieces for p in piece]
    vectors = _vectors(flat)
    if vectors is None or len(flat) < 2:
        return [[1.0] * len(piece) for piece in pieces]
    scores = iter(leave_one_out(vectors, list(range(len(flat)))))
    return [[next(scores) for _ in piece] for piece in pieces]


def article_relatedness(texts: list[str]) -> list[float]:
    """For each article, its relatedness to all the other articles together."""
    if len(texts) < 2:
        return [1.0] * len(texts)
    vectors = _vectors(texts)
    if vectors is None:
        return [1.0] * len(texts)
    return leave_one_out(vectors, list(range(len(texts))))


def off_topic_flags(scores: list[float]) -> list[bool]:
    """Articles far below the median relatedness; needs three articles to have a median."""
    if len(scores) < 3:
        return [False] * len(scores)
    median = float(np.median(scores))
    return [score < OFF_TOPIC_RATIO * median for score in scores]
