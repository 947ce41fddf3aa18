"""Train storyline's sentence scorer on Multi-News style JSONL, cross-validated.

    .venv/bin/python scripts/train_summary_scorer.py ../shared/data/multinews/dev.jsonl

Writes ``src/storyline/summarizers/scorer_weights.json``: one ridge model per fold
(trained on the other folds) and one on all examples. The label of a sentence is the
share of its bigrams found in the human summary (ROUGE tokenisation, Porter stems). The
redundancy threshold of each model is chosen from ``REDUNDANCY_GRID`` by ROUGE on that
model's own training examples, using inner cross-validated predictions, so no model
and no setting is ever chosen on the examples it is later scored on. CPU, about a minute.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import tokenizers
from sklearn.linear_model import Ridge

from storyline.eval.rouge import mean_scores, rouge_f1
from storyline.eval.summarization import example_articles, read_examples, summary_text
from storyline.model import Article
from storyline.summarize import summarize
from storyline.summarizers.base import SentencePool, cosine_matrix
from storyline.summarizers.features import FEATURES, sentence_features
from storyline.summarizers.scorer import WEIGHTS_PATH, SentenceScorer, fold_of
from storyline.vectors import tfidf_vectors

FOLDS = 5
REDUNDANCY_GRID = (0.3, 0.4, 0.5)
RIDGE_ALPHA = 1.0


@dataclass
class Example:
    id: str
    reference: str
    articles: list[Article]
    features: np.ndarray
    labels: np.ndarray


def bigram_precision(text: str, reference_bigrams: set[tuple[str, str]], tokenizer: tokenizers.Tokenizer) -> float:
    tokens = tokenizer.tokenize(text)
    pairs = list(zip(tokens, tokens[1:], strict=False))
    return sum(p in reference_bigrams for p in pairs) / len(pairs) if pairs else 0.0


def load(path: Path) -> list[Example]:
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    examples = []
    for raw in read_examples(path):
        articles = example_articles(raw)
        pool = SentencePool.of(articles)
        vectors = tfidf_vectors([s.text for s in pool.candidates]) if pool.candidates else None
        if vectors is None:
            continue
        ref = tokenizer.tokenize(raw["summary"])
        ref_bigrams = set(zip(ref, ref[1:], strict=False))
        labels = np.array([bigram_precision(s.text, ref_bigrams, tokenizer) for s in pool.candidates])
        examples.append(
            Example(
                raw["id"],
                raw["summary"],
                articles,
                sentence_features(pool.candidates, vectors, cosine_matrix(vectors), pool.copies()),
                labels,
            )
        )
    return examples


def fit(examples: list[Example]) -> Ridge:
    x = np.vstack([e.features for e in examples])
    y = np.concatenate([e.labels for e in examples])
    return Ridge(alpha=RIDGE_ALPHA).fit(x, y)


def scorer_of(model: Ridge, redundancy: float) -> SentenceScorer:
    return SentenceScorer(tuple(float(w) for w in model.coef_), float(model.intercept_), redundancy)


def rouge_of(pairs: list[tuple[Example, Ridge]], redundancy: float, words: int) -> float:
    """Mean of ROUGE-1 and ROUGE-2 F1 when each example is summarized with its paired model."""
    rows = [
        rouge_f1(summary_text(summarize(e.articles, words, scorer_of(m, redundancy))), e.reference) for e, m in pairs
    ]
    means = mean_scores(rows)
    return (means["rouge1"] + means["rouge2"]) / 2


def cross_fitted(examples: list[Example], folds: list[int]) -> list[tuple[Example, Ridge]]:
    """Each example paired with a model fitted on the examples of the other folds."""
    models = {f: fit([e for e, g in zip(examples, folds, strict=True) if g != f]) for f in set(folds)}
    return [(e, models[f]) for e, f in zip(examples, folds, strict=True)]


def choose_redundancy(examples: list[Example], folds: list[int], words: int) -> float:
    pairs = cross_fitted(examples, folds)
    return max(REDUNDANCY_GRID, key=lambda r: rouge_of(pairs, r, words))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args()

    examples = load(args.data)
    folds = [fold_of(e.id, FOLDS) for e in examples]
    fold_models = []
    for k in range(FOLDS):
        train = [(e, f) for e, f in zip(examples, folds, strict=True) if f != k]
        redundancy = choose_redundancy([e for e, _ in train], [f for _, f in train], args.words)
        fold_models.append(scorer_of(fit([e for e, _ in train]), redundancy).to_dict())
        print(f"fold {k}: {len(examples) - len(train)} held out, redundancy {redundancy}")
    redundancy = choose_redundancy(examples, folds, args.words)
    everything = scorer_of(fit(examples), redundancy).to_dict()
    print(f"all: {len(examples)} examples, redundancy {redundancy}")
    payload = {
        "features": list(FEATURES),
        "label": "share of the sentence's bigrams in the reference summary (rouge-score tokens, stemmed)",
        "trained_on": f"{args.data.name}, {len(examples)} examples, {FOLDS} folds by sha1(id) % {FOLDS}",
        "all": everything,
        "folds": fold_models,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
