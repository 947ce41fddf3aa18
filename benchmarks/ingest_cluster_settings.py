"""Derive the clusterer's join threshold from Timeline17, not from the data it is scored on.

Articles of different Timeline17 topics (flu, oil spill, Egypt, Haiti, Michael Jackson)
are surely different stories. Their cosine similarities are the null distribution: how
similar unrelated news gets by chance. An article is compared with every active story, so
with ``ACTIVE_STORIES`` open stories a per-comparison false-join rate ``a`` costs about
``ACTIVE_STORIES * a`` wrongly joined articles. Allowing ``FALSE_JOIN_BUDGET`` of articles
to join a wrong story by chance gives ``a`` and so the threshold: the (1 - a) quantile of
the null similarities.

(A first attempt scored thresholds on proxy streams labelled by Timeline17 topic; it chose
the lowest threshold tried, because a topic there spans many events: topic labels are too
coarse to stand for stories.)

Run: .venv/bin/python benchmarks/ingest_cluster_settings.py [TIMELINE17_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from ingest_timeline17 import load_all
from scipy.sparse import csr_matrix

from storyline.stories.cluster import ClusterSettings, article_vector

ACTIVE_STORIES = 200
FALSE_JOIN_BUDGET = 0.02


def sparse_rows(vectors: list[dict[str, float]]) -> csr_matrix:
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, vec in enumerate(vectors):
        for term, weight in vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(weight)
    return csr_matrix((vals, (rows, cols)), shape=(len(vectors), len(vocab)))


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
    articles = load_all(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
    matrix = sparse_rows([article_vector(a.text, ClusterSettings()) for a in articles])
    sims = (matrix @ matrix.T).toarray()
    topic = np.array([a.id.split("_", 1)[0] for a in articles])
    upper = np.triu_indices(len(articles), 1)
    null = sims[upper][topic[upper[0]] != topic[upper[1]]]
    rate = FALSE_JOIN_BUDGET / ACTIVE_STORIES
    print(f"{len(articles)} articles, {null.size} cross-topic pairs")
    for q in (0.99, 0.999, 1 - rate):
        print(f"  {q:.4%} quantile of cross-topic cosine: {np.quantile(null, q):.3f}")
    print(
        f"threshold for a {FALSE_JOIN_BUDGET:.0%} false-join budget with {ACTIVE_STORIES} active stories: "
        f"{np.quantile(null, 1 - rate):.3f}"
    )


if __name__ == "__main__":
    main()
