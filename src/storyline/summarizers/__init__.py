"""Summarizers behind one interface, ``(articles, words) -> Summary``: storyline's and its peers.

``SYSTEMS`` names every summarizer that ``storyline eval summarization`` runs side by
side; storyline's own (``storyline.summarize.summarize``) comes first.
"""

from __future__ import annotations

from .base import Summarizer


def systems() -> dict[str, Summarizer]:
    """Storyline's summarizer and the peer baselines, by the names the evaluation reports."""
    from ..summarize import summarize
    from .baselines import centroid_mmr, first3, lexrank, textrank

    return {
        "storyline": summarize,
        "first3": first3,
        "lexrank": lexrank,
        "textrank": textrank,
        "centroid_mmr": centroid_mmr,
    }
