"""The story's timeline: dated entries, each an extracted sentence that says what happened.

Date-wise, as in DATEWISE (Gholipour Ghalandari & Ifrim 2020): first pick the dates that
matter, then say what happened on each.

* **Dates.** A sentence is about the dates its time expressions resolve to (``timex/``).
  A date that many reports point back to, and that reports open with, is a date something
  happened: a small linear ranker (``DateRanker``) weighs the two counts, fitted on
  Timeline17 leave-one-topic-out.
* **Content.** For each date, the sentences that mention it are compared by TF-IDF; the
  one closest to their centroid is the entry's text (what most reports agree on), and
  every sentence close to it becomes a citation, so one event told by three outlets is one
  entry with three citations.

Month- or year-only mentions ("in December") keep their precision (``2015-12``) and are
used only when the story has few day-precise dates.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .clean import TERMINAL
from .config import read_feature_model
from .model import Article, Sentence, Span, TimelineEntry, TimeMention

DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
MONTH = re.compile(r"^(\d{4})-(\d\d)$")
CITE_SIMILARITY = 0.35  # a sentence this close to the entry's text reports the same event
DEFAULT_MAX_DATES = 20  # a report's timeline: the 20 top-ranked dates at most
DEFAULT_SENTENCES_PER_DATE = 3  # different events on one day, at most
LEAD_SENTENCES = 5  # DATEWISE's clip: the first five sentences of a report
MAX_CANDIDATE_WORDS = 60  # longer "sentences" are usually run-on lists or lost paragraph breaks


@dataclass
class DatedSentence:
    """A sentence with the dates its time expressions point to."""

    sentence: Sentence
    article: Article
    dates: frozenset[str]
    specific: bool = True  # False when the sentence names several dates: it is less about each of them


def mention_day(mention: TimeMention) -> str | None:
    """The day (``YYYY-MM-DD``) a DATE/TIME mention points to, if it is day-precise."""
    if mention.type not in {"DATE", "TIME"} or not mention.value:
        return None
    match = DAY.match(mention.value)
    return match.group(0) if match else None


def mention_month(mention: TimeMention) -> str | None:
    if mention.type != "DATE" or not mention.value:
        return None
    return mention.value if MONTH.match(mention.value) else None


def dated_sentences(articles: Iterable[Article], with_months: bool = False) -> list[DatedSentence]:
    """Every sentence that holds at least one resolved date (or month, if asked)."""
    result = []
    for article in articles:
        mentions = sorted(article.time_mentions, key=lambda m: m.span.start)
        k = 0
        for sent in article.sentences:
            dates = set()
            while k < len(mentions) and mentions[k].span.start < sent.end:
                if mentions[k].span.start >= sent.start:
                    day = mention_day(mentions[k]) or (mention_month(mentions[k]) if with_months else None)
                    if day:
                        dates.add(day)
                k += 1
            if dates:
                result.append(DatedSentence(sent, article, frozenset(dates), specific=len(dates) == 1))
    return result


def lead_sentences(
    articles: Iterable[Article], dated: list[DatedSentence], lead_days: tuple[int, ...] = (0,)
) -> list[DatedSentence]:
    """Opening sentences that name no date are about the day of publication (``lead_days``
    are offsets from it: DATEWISE also files them under the day before, ``(0, -1)``).

    A report's lead says what just happened, usually without a date. Only full sentences
    count: a photo caption or a headline above the lead says nothing about when.
    """
    has_date = {(d.sentence.article_id, d.sentence.start) for d in dated}
    result = []
    for article in articles:
        if article.published is None:
            continue
        days = frozenset((article.published + timedelta(days=k)).isoformat() for k in lead_days)
        for sent in article.sentences[:LEAD_SENTENCES]:
            if (sent.article_id, sent.start) not in has_date and TERMINAL.search(sent.text):
                result.append(DatedSentence(sent, article, days))
    return result


def mention_counts(dated: list[DatedSentence]) -> dict[str, float]:
    """How many sentences, across all outlets, mention each date (the baseline's ranking)."""
    scores: dict[str, float] = defaultdict(float)
    for item in dated:
        for day in item.dates:
            scores[day] += 1.0
    return scores


# What a date's importance is read from (``date_features``), in the order of the weights.
DATE_FEATURES = ("articles", "lead_mentions")


def date_features(dated: list[DatedSentence]) -> dict[str, list[float]]:
    """Per date, the evidence that it matters, as ``log(1 + count)`` in ``DATE_FEATURES`` order.

    How many reports mention the date (a date many outlets point back to is an event; one
    chronology listing a date ten times is one report), and how many of their lead sentences
    do (what a report opens with is what it is about). Counts, not shares, so a date's
    evidence does not shrink as the story grows. Of the seven signals tried (sentences,
    reports, reports days later, leads, dates spelled out, publication bursts, spread of the
    mentioning reports), this pair scored best on topics the ranker had not seen; more
    signals scored lower (docs/bench/timeline.md).
    """
    mentioning: dict[str, set[str]] = defaultdict(set)
    lead: dict[str, int] = defaultdict(int)
    lead_starts = {(item.article.id, s.start) for item in dated for s in item.article.sentences[:LEAD_SENTENCES]}
    for item in dated:
        is_lead = (item.article.id, item.sentence.start) in lead_starts
        for day in item.dates:
            mentioning[day].add(item.article.id)
            lead[day] += is_lead
    return {day: [math.log1p(len(ids)), math.log1p(lead[day])] for day, ids in mentioning.items()}


@dataclass(frozen=True)
class DateRanker:
    """A linear model over ``DATE_FEATURES``: the higher the score, the likelier an editor's
    timeline holds the date. Fitted by ``scripts/train_date_ranker.py`` on Timeline17; only
    the order of the scores matters, so it has no intercept."""

    weights: tuple[float, ...]

    def scores(self, features: dict[str, list[float]]) -> dict[str, float]:
        return {day: sum(w * x for w, x in zip(self.weights, vec, strict=True)) for day, vec in features.items()}


RANKER_PATH = Path(__file__).with_name("models") / "date_ranker.json"


@lru_cache(maxsize=1)
def _ranker_file() -> dict[str, Any]:
    return read_feature_model(RANKER_PATH, DATE_FEATURES, "rerun scripts/train_date_ranker.py")


def date_ranker(held_out: str | None = None) -> DateRanker:
    """The shipped ranker; with ``held_out``, the one fitted without that Timeline17 topic (so
    ``storyline eval timeline`` scores each shared topic with a model that never saw it)."""
    data = _ranker_file()
    model = data["held_out"].get(held_out, data["all"]) if held_out else data["all"]
    return DateRanker(tuple(model["weights"]))


def date_scores(dated: list[DatedSentence], ranker: DateRanker | None = None) -> dict[str, float]:
    """How much each date matters, by the learned ranker (``date_ranker()`` unless given)."""
    return (ranker or date_ranker()).scores(date_features(dated))


def select_dates(scores: dict[str, float], n: int, start: date | None = None, end: date | None = None) -> list[str]:
    """The ``n`` highest-scoring dates inside ``[start, end]``; ties go to the earlier date."""

    def inside(day: str) -> bool:
        if len(day) != 10:
            return True
        d = date.fromisoformat(day)
        return (start is None or d >= start) and (end is None or d <= end)

    ranked = sorted((d for d in scores if inside(d)), key=lambda d: (-scores[d], d))
    return sorted(ranked[:n])


def _terms(text: str) -> list[str]:
    """Lower-cased words and adjacent word pairs. Pairs make the centroid favour the sentence
    that repeats the phrases the reports share ("oil spill", "top kill"), not just their words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _tfidf(texts: list[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors over :func:`_terms` (small sets: plain dicts are fastest)."""
    docs = [_terms(t) for t in texts]
    df: dict[str, int] = defaultdict(int)
    for terms in docs:
        for w in set(terms):
            df[w] += 1
    n = len(docs)
    vectors = []
    for terms in docs:
        vec: dict[str, float] = defaultdict(float)
        for w in terms:
            if len(w) > 2 or w.isdigit():  # a pair is always longer than two characters
                vec[w] += math.log((1 + n) / (1 + df[w])) + 1
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def rank_by_centrality(texts: list[str], weights: list[float]) -> tuple[list[int], list[dict[str, float]]]:
    """Indices of ``texts`` from most to least central (closest to the TF-IDF centroid), each
    closeness scaled by the text's weight."""
    vectors = _tfidf(texts)
    centroid: dict[str, float] = defaultdict(float)
    for vec in vectors:
        for w, v in vec.items():
            centroid[w] += v
    order = sorted(range(len(texts)), key=lambda i: -weights[i] * _cosine(vectors[i], centroid))
    return order, vectors


def pick_sentences(candidates: list[DatedSentence], k: int) -> list[tuple[DatedSentence, list[DatedSentence]]]:
    """The ``k`` most central, mutually different sentences, each with those that say the same."""
    usable = [c for c in candidates if len(c.sentence.text.split()) <= MAX_CANDIDATE_WORDS] or candidates
    # A sentence that names only this date is about it; one naming several dates less so.
    weights = [1.0 if c.specific else 0.5 for c in usable]
    order, vectors = rank_by_centrality([c.sentence.text for c in usable], weights)
    picked: list[int] = []
    for i in order:
        if len(picked) == k:
            break
        if all(_cosine(vectors[i], vectors[j]) < CITE_SIMILARITY for j in picked):
            picked.append(i)
    groups = []
    for i in picked:
        same = [usable[j] for j in range(len(usable)) if j == i or _cosine(vectors[i], vectors[j]) >= CITE_SIMILARITY]
        groups.append((usable[i], same))
    return groups


def build_timeline(
    articles: list[Article],
    max_dates: int | None = None,
    sentences_per_date: int = DEFAULT_SENTENCES_PER_DATE,
    start: date | None = None,
    end: date | None = None,
    lead_days: tuple[int, ...] = (0,),
    ranker: DateRanker | None = None,
) -> list[TimelineEntry]:
    """Dated entries for the story, ordered by date.

    ``max_dates`` caps the number of dates (all mentioned dates when None); at most
    ``sentences_per_date`` different events per date; ``start`` and ``end`` bound the dates;
    ``ranker`` ranks them (the shipped model unless given).
    """
    dated = dated_sentences(articles)
    day_precise = {d for item in dated for d in item.dates}
    if len(day_precise) < 3:  # few exact days: month-precise mentions are worth showing too
        dated = dated_sentences(articles, with_months=True)
    scores = date_scores(dated, ranker)
    dates = select_dates(scores, max_dates or len(scores), start, end)
    by_date: dict[str, list[DatedSentence]] = defaultdict(list)
    for item in dated:
        for day in item.dates:
            by_date[day].append(item)
    for item in lead_sentences(articles, dated, lead_days):
        for day in item.dates:
            by_date[day].append(item)
    entries = []
    for day in dates:
        for best, same in pick_sentences(by_date[day], sentences_per_date):
            citations = _unique_spans(same)
            entries.append(
                TimelineEntry(
                    date=day,
                    text=best.sentence.text,
                    citations=citations,
                    sources=len({c.article_id for c in citations}),
                )
            )
    return entries


def _unique_spans(items: list[DatedSentence]) -> list[Span]:
    seen: dict[tuple[str, int, int], Span] = {}
    for item in items:
        span = item.sentence.span
        seen.setdefault((span.article_id, span.start, span.end), span)
    return list(seen.values())
