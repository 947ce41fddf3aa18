"""How strongly a passage belongs to the story the input is about.

One TF-IDF space over all paragraphs of the input; a passage's relatedness is its cosine
with the sum of everything *else*, so a passage cannot vouch for itself. Used to split
unrelated items out of glued files and to mark off-topic articles, which then never
reach the summary.
"""

from __future__ import annotations

import numpy as np

from .vectors import tfidf_vectors

OFF_TOPIC_RATIO = 0.4  # an article this far below the story's typical relatedness is off-topic


def _vectors(texts: list[str]) -> np.ndarray | None:
    matrix = tfidf_vectors(texts)
    return None if matrix is None else matrix.toarray()


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else 0.0


def paragraph_relatedness(inputs: list[list[str]]) -> list[list[float]] | None:
    """For each paragraph of each input, its relatedness to all the *other* inputs.

    An input is a unit known to be separate: a file, or a dateline-delimited piece of one.
    Only other inputs count as "the story": neighbouring paragraphs of one report often
    share no content words, so a report judged against itself looks off-topic in places.
    None when there are fewer than two inputs to compare.
    """
    flat = [p for paragraphs in inputs for p in paragraphs]
    owners = [k for k, paragraphs in enumerate(inputs) for _ in paragraphs]
    vectors = _vectors(flat) if sum(1 for paragraphs in inputs if paragraphs) >= 2 else None
    if vectors is None:
        return None
    input_sums = np.zeros((len(inputs), vectors.shape[1]))
    for row, owner in zip(vectors, owners, strict=True):
        input_sums[owner] += row
    total = input_sums.sum(axis=0)
    scores = iter(_cosine(vec, total - input_sums[owner]) for vec, owner in zip(vectors, owners, strict=True))
    return [[next(scores) for _ in paragraphs] for paragraphs in inputs]


def article_relatedness(texts: list[str]) -> list[float]:
    """For each article, its relatedness to all the other articles together."""
    if len(texts) < 2:
        return [1.0] * len(texts)
    vectors = _vectors(texts)
    if vectors is None:
        return [1.0] * len(texts)
    total = vectors.sum(axis=0)
    return [_cosine(vec, total - vec) for vec in vectors]


def off_topic_flags(scores: list[float]) -> list[bool]:
    """Articles far below the median relatedness; needs three articles to have a median."""
    if len(scores) < 3:
        return [False] * len(scores)
    median = float(np.median(scores))
    return [score < OFF_TOPIC_RATIO * median for score in scores]
