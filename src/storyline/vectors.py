"""TF-IDF rows, the one text representation shared by relatedness, the summary and its baselines."""

from __future__ import annotations

from typing import Any


def tfidf_vectors(texts: list[str]) -> Any:
    """L2-normalised TF-IDF rows (a sparse matrix), or None when the texts hold no content words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return None
