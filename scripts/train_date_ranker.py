"""Fit the timeline's date ranker on Timeline17, leave-one-topic-out, and report it by story length.

Writes ``src/storyline/models/date_ranker.json``: one logistic regression over
``timeline.DATE_FEATURES`` per held-out topic (fitted on the other topics) plus one fitted on
all of them. ``storyline eval timeline`` scores each shared topic with the model that did not
see it; ``analyze`` and unseen topics use the all-topic model.

Examples are the candidate dates of every reference timeline (days mentioned by the articles
published inside the reference's range, as the eval protocol picks them), labelled by whether
the reference holds them. Each timeline also gives shorter variants (its reference cut into 2
and 4 runs of consecutive dates, with the articles of each run's range), so the model sees
stories of many lengths, and the report gives date F1 by length with the mention-count
baseline of the same run. Each timeline's examples are weighted so that every timeline and
variant counts once, whatever its number of candidate dates.

    PYTHONPATH=src .venv/bin/python scripts/train_date_ranker.py ../shared/data/timeline17 \\
        [--cache tagged.pkl] [--no-parse] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from storyline.eval.timeline import length_bucket, load_topics, prepare_articles, sub_ranges
from storyline.eval.tls_metrics import PRF, average, date_prf
from storyline.model import Article
from storyline.timeline import (
    DATE_FEATURES,
    RANKER_PATH,
    DateRanker,
    date_features,
    dated_sentences,
    mention_counts,
    select_dates,
)

C = 1.0  # sklearn's default regularisation: not tuned


@dataclass
class Window:
    """One timeline or a sub-range of it: candidate dates with features and labels."""

    topic: str
    n_articles: int
    reference: set[str]
    days: list[str]
    features: np.ndarray
    labels: np.ndarray
    counts: dict[str, float]
    start: date
    end: date


def windows_of(topic: str, articles: list[Article], ref: dict[date, list[str]]) -> list[Window]:
    result = []
    for dates in sub_ranges(sorted(ref)):
        start, end = dates[0], dates[-1]
        inside = [a for a in articles if a.published and start <= a.published <= end]
        dated = dated_sentences(inside)
        feats = date_features(dated)
        days = sorted(d for d in feats if len(d) == 10 and start <= date.fromisoformat(d) <= end)
        reference = {d.isoformat() for d in dates}
        result.append(
            Window(
                topic,
                len(inside),
                reference,
                days,
                np.array([feats[d] for d in days]).reshape(-1, len(DATE_FEATURES)),
                np.array([d in reference for d in days], dtype=int),
                mention_counts(dated),
                start,
                end,
            )
        )
    return result


def fit(windows: list[Window]) -> DateRanker:
    """Logistic regression on features centred per window: only how a date compares with the
    other dates of its own story is learned, not how big the story is."""
    usable = [w for w in windows if len(w.days)]
    x = np.vstack([w.features - w.features.mean(axis=0) for w in usable])
    y = np.concatenate([w.labels for w in usable])
    weight = np.concatenate([np.full(len(w.days), 1.0 / len(w.days)) for w in usable])
    model = LogisticRegression(C=C, max_iter=1000).fit(x, y, sample_weight=weight * len(usable))
    return DateRanker(tuple(float(v) for v in model.coef_[0]))


def date_f1(window: Window, scores: dict[str, float]) -> PRF:
    """Date selection scored as ``eval timeline`` scores it, for the dates these scores pick."""
    picked = select_dates(scores, len(window.reference), window.start, window.end)
    as_timeline = {date.fromisoformat(d): [] for d in picked}
    return date_prf(as_timeline, {date.fromisoformat(d): [] for d in window.reference})


def learned(window: Window, ranker: DateRanker) -> dict[str, float]:
    return ranker.scores(dict(zip(window.days, window.features.tolist(), strict=True)))


def tagged_topics(data: Path, cache: Path | None, parse: bool) -> dict[str, tuple[list[Article], list]]:
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    topics = {t.name: (prepare_articles(t.articles, parse), t.references) for t in load_topics(data)}
    if cache:
        cache.write_bytes(pickle.dumps(topics))
    return topics


def report(rows: list[tuple[Window, PRF, PRF]]) -> None:
    print(f"\n{'topic (full reference)':<24}{'articles':>9}{'dates':>7}{'ranker':>9}{'counts':>9}")
    full = {}
    for window, ours, base in rows:
        key = window.topic
        if key not in full or len(window.reference) > len(full[key][0].reference):
            full[key] = (window, ours, base)
    for window, ours, base in full.values():
        print(f"{window.topic:<24}{window.n_articles:>9}{len(window.reference):>7}{ours.f1:>9.3f}{base.f1:>9.3f}")
    print(f"{'mean over topics':<40}{average([r[1] for r in full.values()]).f1:>9.4f}", end="")
    print(f"{average([r[2] for r in full.values()]).f1:>9.4f}")
    print(f"\n{'story length (articles)':<24}{'windows':>9}{'ranker':>9}{'counts':>9}")
    buckets: dict[str, list[tuple[PRF, PRF]]] = {}
    for window, ours, base in rows:
        buckets.setdefault(length_bucket(window.n_articles), []).append((ours, base))
    for bucket, pairs in sorted(buckets.items()):
        ours_f1, base_f1 = average([p[0] for p in pairs]).f1, average([p[1] for p in pairs]).f1
        print(f"{bucket:<24}{len(pairs):>9}{ours_f1:>9.4f}{base_f1:>9.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--cache", type=Path, help="pickle of the tagged articles (written if absent)")
    parser.add_argument("--no-parse", action="store_true", help="tag without spaCy tense (faster)")
    parser.add_argument("--dry-run", action="store_true", help="report only; do not write the model")
    args = parser.parse_args()
    topics = tagged_topics(args.data, args.cache, not args.no_parse)
    windows = {
        name: [w for ref in refs for w in windows_of(name, articles, ref)] for name, (articles, refs) in topics.items()
    }
    held_out, rows = {}, []
    for name in windows:
        ranker = fit([w for other, ws in windows.items() if other != name for w in ws])
        held_out[name] = ranker
        for window in windows[name]:
            rows.append((window, date_f1(window, learned(window, ranker)), date_f1(window, window.counts)))
    report(rows)
    everything = fit([w for ws in windows.values() for w in ws])
    print("\nall-topic weights:", dict(zip(DATE_FEATURES, np.round(everything.weights, 3), strict=True)))
    if args.dry_run:
        return
    out = {
        "features": list(DATE_FEATURES),
        "trained_on": "Timeline17, 11 timelines, with 2- and 4-way sub-ranges",
        "all": {"weights": [round(w, 6) for w in everything.weights]},
        "held_out": {name: {"weights": [round(w, 6) for w in r.weights]} for name, r in held_out.items()},
    }
    RANKER_PATH.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RANKER_PATH}")


if __name__ == "__main__":
    main()
