"""The learned sentence scorer: a linear model over ``features.FEATURES``, shipped as JSON.

``scripts/train_summary_scorer.py`` fits it on Multi-News dev (the only labelled data
here) to predict how many of a sentence's bigrams a human summary would contain. It
writes one model per cross-validation fold plus one fitted on everything:

- ``storyline analyze``/``summarize`` use the model fitted on everything;
- ``storyline eval summarization`` scores each example with the fold model that did
  not see it (fold = hash of the example id), so a dev figure is a cross-validated
  figure, and an unseen example gets a model that never saw it either.

Each model carries the redundancy threshold the training script chose for it by
cross-validation on that model's own training examples.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..config import read_feature_model
from .features import FEATURES

WEIGHTS_PATH = Path(__file__).with_name("scorer_weights.json")


@dataclass(frozen=True)
class SentenceScorer:
    """Predicted summary-worthiness of each sentence, and how alike two picks may be."""

    weights: tuple[float, ...]
    intercept: float
    redundancy: float

    def score(self, features: np.ndarray) -> np.ndarray:
        return features @ np.array(self.weights) + self.intercept

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceScorer:
        return cls(tuple(data["weights"]), float(data["intercept"]), float(data["redundancy"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "redundancy": self.redundancy,
        }


def fold_of(example_id: str, folds: int) -> int:
    """Stable fold of an example, the same in training and in evaluation."""
    return int(hashlib.sha1(example_id.encode("utf-8")).hexdigest(), 16) % folds


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return read_feature_model(WEIGHTS_PATH, FEATURES, "rerun scripts/train_summary_scorer.py")


def default_scorer() -> SentenceScorer:
    """The model fitted on all the labelled data: what ``storyline analyze`` uses."""
    return SentenceScorer.from_dict(_shipped()["all"])


def held_out_scorer(example_id: str) -> SentenceScorer:
    """The fold model that was not trained on ``example_id``: for honest evaluation."""
    folds = _shipped()["folds"]
    return SentenceScorer.from_dict(folds[fold_of(example_id, len(folds))])
