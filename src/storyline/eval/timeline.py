"""``storyline eval timeline DIR``: timelines scored as news-tls scores Timeline17.

For each topic folder (``articles.json`` with uid, dct and PTB-tokenised text, and one or
more ``*.timeline.json`` references) and each reference timeline, following the news-tls
protocol: only articles published between the reference's first and last date are used,
dates are chosen from that range, and the system produces as many dates as the reference
and, per date, the reference's mean number of sentences (rounded). Scores: alignment-based
ROUGE-1/2 F1 ("align+ m:1", see ``tls_metrics``) and date-selection F1, averaged over
timelines. The baseline in the same run ranks dates by mention count alone and takes the
first sentence that mentions each date.
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

DATEWISE_LEAD_DAYS = (0, -1)  # as DATEWISE's collector: leads count for the day of and the day before
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


def predict(articles: list[Article], ref: dict[date, list[str]], baseline: bool) -> dict[date, list[str]]:
    from ..timeline import build_timeline, date_scores, dated_sentences, select_dates

    start, end = min(ref), max(ref)
    inside = [a for a in articles if a.published and start <= a.published <= end]
    n_dates = len(ref)
    per_date = max(1, round(sum(len(s) for s in ref.values()) / len(ref)))
    if not baseline:
        entries = build_timeline(
            inside, max_dates=n_dates, sentences_per_date=per_date, start=start, end=end, lead_days=DATEWISE_LEAD_DAYS
        )
        timeline: dict[date, list[str]] = {}
        for entry in entries:
            if len(entry.date) == 10:
                timeline.setdefault(date.fromisoformat(entry.date), []).append(entry.text)
        return timeline
    dated = dated_sentences(inside)
    dates = select_dates(date_scores(dated, inside, pub_weight=0.0), n_dates, start, end)
    first: dict[str, str] = {}
    for item in dated:
        for day in item.dates:
            first.setdefault(day, item.sentence.text)
    return {date.fromisoformat(d): [first[d]] for d in dates if len(d) == 10}


def run(args: argparse.Namespace) -> int:
    from .tls_metrics import align_rouge, average, date_prf

    started = time.perf_counter()
    topics = load_topics(Path(args.data))
    if not topics:
        print(f"storyline: no topic folders with articles.json under {args.data}")
        return 1
    systems = {"storyline": False, "baseline: mention count + first sentence": True}
    results: dict[str, dict[str, list]] = {name: {"r1": [], "r2": [], "date": []} for name in systems}
    print(f"{'topic':<24}{'system':<12}{'AR1-F':>8}{'AR2-F':>8}{'date-F':>8}")
    for topic in topics:
        articles = prepare_articles(topic.articles, parse=not args.no_parse)
        for ref in topic.references:
            for name, is_baseline in systems.items():
                pred = predict(articles, ref, is_baseline)
                scores = (align_rouge(pred, ref, 1), align_rouge(pred, ref, 2), date_prf(pred, ref))
                for key, score in zip(("r1", "r2", "date"), scores, strict=True):
                    results[name][key].append(score)
                label = "storyline" if not is_baseline else "baseline"
                print(f"{topic.name:<24}{label:<12}{scores[0].f1:>8.3f}{scores[1].f1:>8.3f}{scores[2].f1:>8.3f}")
    elapsed = time.perf_counter() - started
    print(f"\n{'system':<44}{'AR1-F':>8}{'AR2-F':>8}{'date-F':>8}")
    for name, res in results.items():
        print(f"{name:<44}{average(res['r1']).f1:>8.4f}{average(res['r2']).f1:>8.4f}{average(res['date']).f1:>8.4f}")
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
