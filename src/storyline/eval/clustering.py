"""``storyline eval clustering DOCS.jsonl``: BCubed scores of story clustering.

DOCS holds one JSON object a line with a text and a gold story label. storyline's online
clusterer (``cluster.py``) sees the documents in publication order when a date field is
given; without dates the order is unknown, so it runs over several fixed random orders
and the mean is reported (an online method must not profit from a file sorted by story).
As in ``storyline ingest``, the open stories are reconsidered after each batch of
``store.BATCH_SIZE`` documents and at the end (``StoryClusterer.reassign`` moves documents
to a better story); the same run also reports the online pass alone.

Junk documents (``junk.py``) join no story. For BCubed each one is its own singleton
cluster: the honest default, since a junk document still belongs to a gold story and
leaving it out would only hide the recall lost on it.

A second figure leaves out *cross-story copies*: documents whose exact text is filed under
two or more gold stories (a web archive's crawl notice saved for pages of five different
stories). Such a text is about none of them, so its gold label cannot be earned by any
clusterer. The copies are found from the gold labels alone, not by ``junk.py``, so the
detector is not graded with its own answer. The first figure stays the headline.

Two *ceiling* rows score the gold clustering itself with some documents taken out into
singletons: those ``junk.py`` flags (the most any clusterer can score while junk joins no
story, as the store requires), and the cross-story copies. They bound what the figure can
reach, whatever the clusterer. Two *oracle* rows bound what storyline's representation can
reach: every pair of non-junk documents of one gold story whose cosine (storyline's
vectors) reaches the join threshold, or the 1% cross-topic level, is linked, and nothing
else (perfect precision); the stories are the linked groups.

``--errors`` prints, for one order, every gold story that storyline split: the size of each
piece, and for each document outside the largest piece why it is there (junk, or its best
cosine to the rest of its story), to see where recall is lost.

The baseline is TF-IDF (fitted on the documents themselves) with agglomerative
average-linkage clustering cut at fixed cosine thresholds, shown at several thresholds so
its best setting is visible; it has no junk detection.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

BASELINE_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3)
# Cosine reached by 1% of cross-topic Timeline17 article pairs (benchmarks/ingest_cluster_settings.py):
# below it, unrelated pairs are common, so no similarity threshold can safely link there
NULL_99_COSINE = 0.10
DEFAULT_ORDERS = 5


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin; Amigó et al. 2009)."""
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    pairs = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(c * c / pred_sizes[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_, g), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def singletons_for_junk(labels: list[int | None]) -> list[Hashable]:
    """Junk documents (label None) become clusters of their own."""
    return [("junk", i) if label is None else label for i, label in enumerate(labels)]


def cross_story_copies(texts: Sequence[str], gold: Sequence[Hashable]) -> set[int]:
    """Indices of documents whose exact text is filed under two or more gold stories."""
    stories: dict[str, set[Hashable]] = {}
    for text, label in zip(texts, gold, strict=True):
        stories.setdefault(text.strip(), set()).add(label)
    return {i for i, text in enumerate(texts) if len(stories[text.strip()]) > 1}


def gold_with_singletons(gold: Sequence[Hashable], singles: set[int]) -> list[Hashable]:
    """The gold clustering with the documents ``singles`` each made a cluster of its own."""
    return [("single", i) if i in singles else label for i, label in enumerate(gold)]


def without(items: Sequence[Any], left_out: set[int]) -> list[Any]:
    return [x for i, x in enumerate(items) if i not in left_out]


def storyline_labels(
    texts: list[str], dates: list[date | None], junk: set[int], seed: int | None, reassign: bool = True
) -> list[int | None]:
    """Story labels from the online clusterer (the ``junk`` documents join none); undated input is
    fed in the order ``seed`` shuffles to."""
    from ..store import BATCH_SIZE
    from ..stories.cluster import cluster_in_order

    order = list(range(len(texts)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    order.sort(key=lambda i: dates[i] or date.min)  # stable: keeps the shuffle among equal dates
    kept = [i for i in order if i not in junk]
    stories = cluster_in_order(texts, dates, kept, reassign=reassign, batch_size=BATCH_SIZE)  # as ingest commits
    return [stories.get(i) for i in range(len(texts))]


def baseline_labels(texts: list[str], threshold: float) -> list[int]:
    """TF-IDF + agglomerative average linkage, merging while the average cosine >= threshold."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distances = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, None)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    )
    return [int(x) for x in model.fit(distances).labels_]


def load(path: Path, text_field: str, label_field: str, date_field: str) -> tuple[list[str], list[Any], list]:
    from ..ingest.decode import parse_date

    texts, gold, dates = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts.append(str(row[text_field]))
            gold.append(row[label_field])
            dates.append(parse_date(row.get(date_field)))
    return texts, gold, dates


def score_row(name: str, predicted: list[Hashable], gold: list[Any], copies: set[int]) -> dict[str, Any]:
    """BCubed on every document, and on the documents left once cross-story copies are taken out."""
    p, r, f = bcubed(predicted, gold)
    _, _, f_kept = bcubed(without(predicted, copies), without(gold, copies))
    return {
        "method": name,
        "bcubed_p": p,
        "bcubed_r": r,
        "bcubed_f1": f,
        "n_clusters": len(set(predicted)),
        "bcubed_f1_without_copies": f_kept,
    }


def ceiling_rows(gold: list[Any], junk: set[int], copies: set[int]) -> list[dict[str, Any]]:
    """The gold clustering scored with junk-flagged documents, then cross-story copies, as singletons."""
    return [
        score_row(name, gold_with_singletons(gold, singles), gold, copies)
        for name, singles in (
            ("ceiling: gold, junk.py flags as singletons", junk),
            ("ceiling: gold, copies as singletons", copies),
        )
    ]


def linked_pairs_oracle(texts: list[str], gold: list[Any], junk: set[int], threshold: float) -> list[Hashable]:
    """Groups formed by linking every same-story pair of non-junk documents with cosine >= threshold."""
    from ..stories.cluster import ClusterSettings, article_vector

    settings = ClusterSettings()
    vectors = {i: article_vector(text, settings) for i, text in enumerate(texts) if i not in junk}
    group = list(range(len(texts)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in vectors:
        for j in vectors:
            if i < j and gold[i] == gold[j] and _dot(vectors[i], vectors[j]) >= threshold:
                group[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def oracle_rows(texts: list[str], gold: list[Any], junk: set[int], copies: set[int]) -> list[dict[str, Any]]:
    """Scores of :func:`linked_pairs_oracle` at the join threshold and at the 1% cross-topic cosine."""
    from ..stories.cluster import ClusterSettings

    return [
        score_row(
            f"oracle: same-story pairs >= {t:.2f} linked", linked_pairs_oracle(texts, gold, junk, t), gold, copies
        )
        for t in (ClusterSettings().threshold, NULL_99_COSINE)
    ]


def mean_row(name: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("bcubed_p", "bcubed_r", "bcubed_f1", "n_clusters", "bcubed_f1_without_copies")
    return {"method": name, **{k: sum(r[k] for r in rows) / len(rows) for k in keys}}


def print_split_stories(texts: list[str], gold: list[Any], predicted: list[Hashable]) -> None:
    """Each gold story storyline split: piece sizes, and why each document off the main piece is there."""
    from ..stories.cluster import ClusterSettings, article_vector
    from ..stories.junk import junk_reason

    settings = ClusterSettings()
    vectors = [article_vector(text, settings) for text in texts]
    members: dict[Any, list[int]] = {}
    for i, label in enumerate(gold):
        members.setdefault(label, []).append(i)
    for label, docs in members.items():
        pieces = Counter(predicted[i] for i in docs)
        if len(pieces) == 1:
            continue
        main_piece = pieces.most_common(1)[0][0]
        print(f"gold story {label}: {len(docs)} documents in pieces of {sorted(pieces.values(), reverse=True)}")
        for i in docs:
            if predicted[i] != main_piece:
                best = max((_dot(vectors[i], vectors[j]) for j in docs if j != i), default=0.0)
                why = junk_reason(texts[i]) or f"best cosine to its story {best:.3f}"
                print(f"  document {i}: {why}: {' '.join(texts[i].split())[:70]}")


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DOCS.jsonl", help="one JSON object a line: text and gold story label")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--label-field", default="story_label")
    parser.add_argument("--date-field", default="published", help="publication date field, used when present")
    parser.add_argument(
        "--orders", type=int, default=DEFAULT_ORDERS, help="random orders to average over when there are no dates"
    )
    parser.add_argument("--errors", action="store_true", help="list the gold stories storyline split (first order)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of storyline's figures")


def run(args: argparse.Namespace) -> int:
    from ..stories.junk import is_junk

    texts, gold, dates = load(Path(args.data), args.text_field, args.label_field, args.date_field)
    dated = all(d is not None for d in dates)
    seeds: list[int | None] = [None] if dated else list(range(max(1, args.orders)))
    copies = cross_story_copies(texts, gold)
    junk = {i for i, text in enumerate(texts) if is_junk(text)}
    predictions = [singletons_for_junk(storyline_labels(texts, dates, junk, s)) for s in seeds]
    runs = [score_row("storyline", predicted, gold, copies) for predicted in predictions]
    online = [
        score_row("online", singletons_for_junk(storyline_labels(texts, dates, junk, s, reassign=False)), gold, copies)
        for s in seeds
    ]
    label = "storyline (publication order)" if dated else f"storyline (mean of {len(seeds)} random orders)"
    rows = [mean_row(label, runs), mean_row("  same, online only (no reassignment)", online)]
    rows += [
        score_row(f"baseline TF-IDF avg-link >= {t}", baseline_labels(texts, t), gold, copies)
        for t in BASELINE_THRESHOLDS
    ]
    ceilings = ceiling_rows(gold, junk, copies) + oracle_rows(texts, gold, junk, copies)
    if args.errors:
        print_split_stories(texts, gold, predictions[0])
    n_junk = len(junk)
    print(f"{'method':44} {'P':>6} {'R':>6} {'F1':>6} {'clusters':>8} {'F1 w/o copies':>13}")
    for row in rows + ceilings:
        print(
            f"{row['method']:44} {row['bcubed_p']:6.3f} {row['bcubed_r']:6.3f} {row['bcubed_f1']:6.3f} "
            f"{row['n_clusters']:8.1f} {row['bcubed_f1_without_copies']:13.3f}"
        )
    print(f"{len(texts)} documents, {len(set(gold))} gold stories, {n_junk} junk documents (scored as singletons)")
    print(f"{len(copies)} cross-story copies (same text under 2+ gold stories), left out of 'F1 w/o copies'")
    if args.json:
        best = max(rows[2:], key=lambda r: r["bcubed_f1"])
        ceiling = {
            key: _rounded(row)
            for key, row in zip(
                (
                    "ceiling_junk_singletons",
                    "ceiling_copies_singletons",
                    "oracle_pairs_at_threshold",
                    "oracle_pairs_at_0_10",
                ),
                ceilings,
                strict=True,
            )
        }
        figures = {k: round(v, 4) for k, v in rows[0].items() if k != "method"}
        baseline = _rounded(best)
        extra = {
            "n_docs": len(texts),
            "n_junk": n_junk,
            "n_cross_story_copies": len(copies),
            "orders": len(seeds),
            "online_only": _rounded(rows[1]),
            "baseline_best": baseline,
            **ceiling,
        }
        print(json.dumps({**figures, **extra}))
    return 0


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
