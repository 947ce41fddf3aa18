"""``storyline eval timeline DIR``: timelines scored as news-tls scores Timeline17.

For each topic folder (``articles.json`` with uid, dct and PTB-tokenised text, and one or
more ``*.timeline.json`` references) and each reference timeline, following the news-tls
protocol: only articles published between the reference's first and last date are used,
dates are chosen from that range, and the system produces as many dates as the reference
and, per date, the reference's mean number of sentences (rounded). Scores: alignment-based
ROUGE-1/2 F1 ("align+ m:1", see ``tls_metrics``) and date-selection F1, averaged over
timelines. The baseline in the same run ranks dates by mention count alone and takes the
first sentence that mentions each date.

Each topic the shipped date ranker was trained on is scored with the ranker fitted without it
(leave-one-topic-out), so the figures on the shared topics are held-out figures; any other
topic gets the ranker fitted on all of them. Besides the full timelines, date F1 is reported
by story length: each reference is also cut into 2 and 4 runs of consecutive dates, each run
scored on the articles of its own range, and the windows are grouped by their number of
articles.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Article
    from ..timeline import DateRanker

DATEWISE_LEAD_DAYS = (0, -1)  # as DATEWISE's collector: leads count for the day of and the day before
SPLITS = (1, 2, 4)  # a reference, its halves and its quarters (runs of consecutive dates)
MIN_WINDOW_DATES = 3  # shorter runs say nothing about date selection
LENGTH_BUCKETS = (50, 100, 200)  # story length classes, in articles: < 50, 50-99, 100-199, >= 200
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


@dataclass
class Topic:
    name: str
    articles: list[dict]
    references: list[dict[date, list[str]]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DIR", help="folder of topic folders (articles.json + *.timeline.json)")
    parser.add_argument("--no-parse", action="store_true", help="no spaCy tense for weekday names (faster)")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object of the figures")


def detokenise(text: str) -> str:
    """Undo the PTB brackets and quotes so the regex tagger and the sentence splitter see news text."""
    text = re.sub(r"`` ?| ?''", lambda m: '"', text)
    text = re.sub(r"-[LR][RSC]B-", lambda m: PTB[m.group(0)], text)
    text = re.sub(r" (?=[.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b)", "", text)
    return re.sub(r"([(\[{$]) ", r"\1", text)


def split_reference(text: str) -> list[str]:
    """A reference day's summary: sentences separated by two or more spaces."""
    return [s.strip() for s in re.split(r"\s{2,}", text.strip()) if s.strip()]


def sub_ranges(dates: list[date]) -> list[list[date]]:
    """The reference's dates, then its halves and quarters: shorter variants of the same story."""
    result = []
    for parts in SPLITS:
        size = len(dates) / parts
        for k in range(parts):
            part = dates[round(k * size) : round((k + 1) * size)]
            if len(part) >= MIN_WINDOW_DATES and part not in result:
                result.append(part)
    return result


def length_bucket(n_articles: int) -> str:
    """The story-length class of a window, by its number of articles (sortable labels)."""
    lower = 0
    for upper in LENGTH_BUCKETS:
        if n_articles < upper:
            return f"{lower:>3}-{upper - 1} articles"
        lower = upper
    return f"{lower:>3}+ articles"


def load_topics(root: Path) -> list[Topic]:
    topics = []
    for folder in sorted(p for p in root.iterdir() if (p / "articles.json").exists()):
        references = []
        for path in sorted(folder.glob("*.timeline.json")):
            ref: dict[date, list[str]] = {}
            for item in json.loads(path.read_text(encoding="utf-8")):
                ref.setdefault(date.fromisoformat(item["date"][:10]), []).extend(split_reference(item["text"]))
            references.append(ref)
        articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        topics.append(Topic(folder.name, articles, references))
    return topics


def prepare_articles(raw: list[dict], parse: bool) -> list[Article]:
    """Articles with sentences and time mentions resolved against each one's ``dct``."""
    from ..model import Article
    from ..segment import segment
    from ..timex import tag_article

    articles = []
    for item in raw:
        article = Article(
            id=str(item["uid"]), text=detokenise(item["text"]), published=date.fromisoformat(item["dct"][:10])
        )
        articles.append(tag_article(segment(article), parse=parse))
    return articles


def predict(
    articles: list[Article], ref: dict[date, list[str]], baseline: bool, ranker: DateRanker | None = None
) -> dict[date, list[str]]:
    from ..timeline import build_timeline, dated_sentences, mention_counts, select_dates

    start, end = min(ref), max(ref)
    inside = [a for a in articles if a.published and start <= a.published <= end]
    n_dates = len(ref)
    per_date = max(1, round(sum(len(s) for s in ref.values()) / len(ref)))
    if not baseline:
        entries = build_timeline(
            inside,
            max_dates=n_dates,
            sentences_per_date=per_date,
            start=start,
            end=end,
            lead_days=DATEWISE_LEAD_DAYS,
            ranker=ranker,
        )
        timeline: dict[date, list[str]] = {}
        for entry in entries:
            if len(entry.date) == 10:
                timeline.setdefault(date.fromisoformat(entry.date), []).append(entry.text)
        return timeline
    dated = dated_sentences(inside)
    dates = select_dates(mention_counts(dated), n_dates, start, end)
    first: dict[str, str] = {}
    for item in dated:
        for day in item.dates:
            first.setdefault(day, item.sentence.text)
    return {date.fromisoformat(d): [first[d]] for d in dates if len(d) == 10}


def run(args: argparse.Namespace) -> int:
    from ..timeline import date_ranker
    from .tls_metrics import align_rouge, average, date_prf

    started = time.perf_counter()
    topics = load_topics(Path(args.data))
    if not topics:
        print(f"storyline: no topic folders with articles.json under {args.data}")
        return 1
    systems = {"storyline": False, "baseline: mention count + first sentence": True}
    results: dict[str, dict[str, list]] = {name: {"r1": [], "r2": [], "date": []} for name in systems}
    by_length: dict[str, dict[str, list]] = {}  # bucket -> system -> date PRF of each window
    print(f"{'topic':<24}{'system':<12}{'AR1-F':>8}{'AR2-F':>8}{'date-F':>8}")
    for topic in topics:
        articles = prepare_articles(topic.articles, parse=not args.no_parse)
        ranker = date_ranker(held_out=topic.name)
        for ref in topic.references:
            for name, is_baseline in systems.items():
                pred = predict(articles, ref, is_baseline, ranker)
                scores = (align_rouge(pred, ref, 1), align_rouge(pred, ref, 2), date_prf(pred, ref))
                for key, score in zip(("r1", "r2", "date"), scores, strict=True):
                    results[name][key].append(score)
                label = "storyline" if not is_baseline else "baseline"
                print(f"{topic.name:<24}{label:<12}{scores[0].f1:>8.3f}{scores[1].f1:>8.3f}{scores[2].f1:>8.3f}")
            for dates in sub_ranges(sorted(ref)):
                window = {d: ref[d] for d in dates}
                n_articles = sum(1 for a in articles if a.published and dates[0] <= a.published <= dates[-1])
                bucket = by_length.setdefault(length_bucket(n_articles), {name: [] for name in systems})
                for name, is_baseline in systems.items():
                    bucket[name].append(date_prf(predict(articles, window, is_baseline, ranker), window))
    elapsed = time.perf_counter() - started
    print(f"\n{'system':<44}{'AR1-F':>8}{'AR2-F':>8}{'date-F':>8}")
    for name, res in results.items():
        print(f"{name:<44}{average(res['r1']).f1:>8.4f}{average(res['r2']).f1:>8.4f}{average(res['date']).f1:>8.4f}")
    print(f"\ndate F1 by story length (timelines, halves and quarters){'windows':>12}{'storyline':>11}{'baseline':>10}")
    for bucket, res in sorted(by_length.items()):
        ours, base = (average(res[name]).f1 for name in systems)
        print(f"{bucket:<56}{len(res['storyline']):>12}{ours:>11.4f}{base:>10.4f}")
    n = len(results["storyline"]["r1"])
    print(f"{n} timelines, {sum(len(t.articles) for t in topics)} articles, {elapsed:.0f} s")
    if args.json:
        ours = results["storyline"]
        print(
            json.dumps(
                {
                    "ar1_f1": round(average(ours["r1"]).f1, 4),
                    "ar2_f1": round(average(ours["r2"]).f1, 4),
                    "date_f1": round(average(ours["date"]).f1, 4),
                    "n_timelines": n,
                }
            )
        )
    return 0
