"""Near-duplicate passages and syndicated copies, so that copies are not counted as sources.

Outlets often run the same wire text, lightly edited. Ten articles that repeat one agency
report are one source, not ten. Two levels:

* **article syndication**: article B is a copy of article A when most of B's word
  5-grams (shingles) occur in A. ``shared`` is that fraction; the earlier (or, on the same
  day, the longer) article is the original.
* **near-duplicate passages**: sentences of different articles whose word 3-gram sets are
  almost the same (Jaccard); a wire paragraph quoted inside an otherwise original report.

:func:`independent_sources` counts, for any list of evidence spans (summary sentences,
timeline entries, claims), the sources that are independent of each other: spans in
articles of one syndication group count once, and so do spans whose texts are
near-identical passages.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from .model import Article, Quote, Span, StoryReport, SyndicatedCopy
from .summarizers.base import normalise

WORD = re.compile(r"\w+")
ARTICLE_SHINGLE = 5
PASSAGE_SHINGLE = 3
SYNDICATED = 0.5  # share of a copy's shingles found in the original
NEAR_DUPLICATE = 0.7  # Jaccard of two passages' shingle sets
MIN_PASSAGE_WORDS = 8  # shorter sentences repeat by chance ("He said no.")


def stable_hash(words: Sequence[str]) -> int:
    """A 64-bit hash of a word n-gram that is the same in every process and on every machine
    (Python's ``hash`` of a str is salted per process), so shingles computed by different
    workers, or stored, can be compared."""
    return int.from_bytes(hashlib.blake2b("\x1f".join(words).encode(), digest_size=8).digest(), "little")


def shingles(text: str, size: int) -> set[int]:
    """Stable hashes of the lower-cased word n-grams of ``text`` (a text shorter than n is one shingle)."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        return {stable_hash(words)} if words else set()
    return {stable_hash(words[i : i + size]) for i in range(len(words) - size + 1)}


def _overlaps(sets: list[set[int]]) -> dict[tuple[int, int], int]:
    """Shared shingle counts for every pair (i < j) that shares any, via an inverted index."""
    index: dict[int, list[int]] = {}
    for i, items in enumerate(sets):
        for item in items:
            index.setdefault(item, []).append(i)
    counts: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if len(members) > 1:
            for a, i in enumerate(members):
                for j in members[a + 1 :]:
                    counts[(i, j)] += 1
    return counts


def _earlier(a: Article, b: Article) -> bool:
    """Whether ``a`` is the likelier original of the two: published first, else longer."""
    a_day, b_day = a.published or date.max, b.published or date.max
    if a_day != b_day:
        return a_day < b_day
    return len(a.text) >= len(b.text)


def syndicated_copies(articles: list[Article]) -> list[SyndicatedCopy]:
    """Every article that copies another, with its best original (one entry per copy)."""
    sets = [shingles(a.text, ARTICLE_SHINGLE) for a in articles]
    best: dict[int, tuple[float, int]] = {}
    for (i, j), shared in _overlaps(sets).items():
        original, copy = (i, j) if _earlier(articles[i], articles[j]) else (j, i)
        share = shared / len(sets[copy])
        if share >= SYNDICATED and share > best.get(copy, (0.0, -1))[0]:
            best[copy] = (share, original)
    return [SyndicatedCopy(articles[orig].id, articles[copy].id, share) for copy, (share, orig) in sorted(best.items())]


def near_duplicate_passages(articles: list[Article]) -> list[list[Span]]:
    """Groups of near-identical sentences found in more than one article."""
    sentences = [s for a in articles for s in a.sentences if len(s.text.split()) >= MIN_PASSAGE_WORDS]
    sets = [shingles(s.text, PASSAGE_SHINGLE) for s in sentences]
    groups = _UnionFind()
    for (i, j), shared in _overlaps(sets).items():
        different_articles = sentences[i].article_id != sentences[j].article_id
        if different_articles and shared / (len(sets[i]) + len(sets[j]) - shared) >= NEAR_DUPLICATE:
            groups.union(i, j)
    members: dict[int, list[Span]] = {}
    for i in groups.parents:
        members.setdefault(groups.find(i), []).append(sentences[i].span)
    return [sorted(spans, key=lambda s: (s.article_id, s.start)) for spans in members.values()]


class _UnionFind:
    def __init__(self) -> None:
        self.parents: dict[object, object] = {}

    def find(self, item: object) -> object:
        self.parents.setdefault(item, item)
        while self.parents[item] != item:
            self.parents[item] = self.parents[self.parents[item]]
            item = self.parents[item]
        return item

    def union(self, a: object, b: object) -> None:
        self.parents[self.find(a)] = self.find(b)


def independent_sources(
    spans: Iterable[Span],
    copies: Iterable[SyndicatedCopy] = (),
    text_of: Callable[[Span], str] | None = None,
) -> int:
    """How many independent sources state the evidence ``spans``.

    Spans in the same article count once; articles linked by syndication count once; with
    ``text_of`` (span -> its text), spans whose passages are near-identical count once too.
    """
    spans = list(spans)
    groups = _UnionFind()
    for copy in copies:
        groups.union(copy.copy, copy.original)
    for span in spans:
        groups.find(span.article_id)
    if text_of is not None:
        sets = [shingles(text_of(s), PASSAGE_SHINGLE) for s in spans]
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                union = len(sets[i] | sets[j])
                long_enough = min(len(sets[i]), len(sets[j])) >= MIN_PASSAGE_WORDS - PASSAGE_SHINGLE + 1
                if long_enough and union and len(sets[i] & sets[j]) / union >= NEAR_DUPLICATE:
                    groups.union(spans[i].article_id, spans[j].article_id)
    return len({groups.find(s.article_id) for s in spans})


def merge_repeated_quotes(quotes: list[Quote]) -> list[Quote]:
    """One entry per quote: a quote that another article repeats (same speaker, same words, case
    and punctuation aside) keeps its first statement, and the repeats become its ``repeats``, so
    a wire quote re-run by five outlets is one quote citing five places (and counted as one
    source or several by ``mark_independent_sources``)."""
    first: dict[tuple[str | None, str], Quote] = {}
    merged = []
    for quote in quotes:
        key = (quote.speaker, normalise(quote.content))
        earlier = first.get(key)
        if earlier is not None and quote.citation.article_id not in {c.article_id for c in earlier.citations}:
            earlier.repeats.append(quote.citation)
            continue
        first.setdefault(key, quote)
        merged.append(quote)
    return merged


def mark_independent_sources(report: StoryReport) -> None:
    """Find the report's syndicated copies, and count the independent sources of every piece of
    evidence it cites: summary sentences, timeline entries, quotes, figures and the claims of
    disputes."""
    report.syndication = syndicated_copies(report.articles)

    def text_of(span: Span) -> str:
        return report.article(span.article_id).text[span.start : span.end]

    claims = [claim for dispute in report.disputes for claim in dispute.claims]
    for cited in (*report.summary.sentences, *report.timeline, *report.quotes, *report.figures, *claims):
        cited.independent_sources = independent_sources(cited.citations, report.syndication, text_of)
