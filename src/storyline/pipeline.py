"""Wires the stages: read -> clean -> split -> segment -> relatedness -> summary.

Each stage is a plain function over the shared model (``model.py``), so a stage can run
in a test, a worker process or a Spark executor the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from .attribution.quotes import attribute_articles
from .clean import clean_text
from .dedup import mark_independent_sources, merge_repeated_quotes
from .disputes import figures_and_disputes
from .ingest import may_be_glued, read_paths
from .model import Article, Quote, ReadError, Span, StoryReport
from .nlp import shared_parses
from .relatedness import article_relatedness, off_topic_flags, paragraph_relatedness, story_notes
from .segment import segment
from .split import split_off_topic_run, split_on_datelines, take_headline
from .summarize import summarize
from .timeline import DEFAULT_MAX_DATES, build_timeline
from .timex import tag_article

DEFAULT_WORDS = 250


def _unique_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}~{n}"
    taken.add(candidate)
    return candidate


def _article_from(raw: Article, paragraphs: list[str], article_id: str, first: bool) -> Article:
    """An article from one piece of a raw input; only the first piece inherits its title."""
    headline, body = take_headline(paragraphs)
    title = raw.title if first else None
    if headline is not None and (title is None or headline == title):
        title, paragraphs = headline, body
    return Article(
        id=article_id,
        text="\n\n".join(paragraphs),
        title=title,
        source=raw.source,
        url=raw.url,
        published=raw.published,
        path=raw.path,
        published_source=raw.published_source,
    )


def _split_off_topic_runs(pieces: list[list[str]]) -> list[list[str]]:
    """One input's dateline pieces, each split further where a run unrelated to the input's other
    pieces meets a related one (the rest of the batch plays no part)."""
    scores = paragraph_relatedness(pieces)
    if scores is None:
        return pieces
    return [
        part
        for piece, piece_scores in zip(pieces, scores, strict=True)
        for part in split_off_topic_run(piece, piece_scores)
    ]


def mark_off_topic(articles: list[Article]) -> None:
    """Score each article's relatedness to the rest and flag the ones far below the others."""
    scores = article_relatedness([a.text for a in articles])
    for article, score, off in zip(articles, scores, off_topic_flags(scores), strict=True):
        article.relatedness = round(score, 4)
        article.off_topic = off


def prepare(raw_articles: Iterable[Article], records: bool = False) -> tuple[list[Article], list[ReadError]]:
    """Clean, split and segment raw articles; mark off-topic ones.

    An input that holds nothing after cleaning becomes a :class:`ReadError` rather than
    vanishing, so the user sees every input accounted for.

    Only an input that may be several articles glued together (``ingest.may_be_glued``: a
    plain-text file) is split, each on its own, so a page is split the same way in any batch.
    ``records=True`` is for independent records of a stream (JSONL lines, Multi-News
    documents, an ingest): each raw article is exactly one article, cleaned and segmented
    but never split, and not judged off-topic, since a stream mixes many stories.
    """
    raw_articles = list(raw_articles)
    per_file = Counter(raw.path for raw in raw_articles)
    cleaned: list[tuple[Article, list[list[str]]]] = []
    errors: list[ReadError] = []
    for raw in raw_articles:
        paragraphs = clean_text(raw.text).paragraphs
        if not paragraphs:
            errors.append(ReadError(raw.path or raw.id, "no article text left after removing boilerplate"))
            continue
        glued = not records and may_be_glued(raw.path, per_file[raw.path])
        cleaned.append((raw, _split_off_topic_runs(split_on_datelines(paragraphs)) if glued else [paragraphs]))

    articles: list[Article] = []
    taken: set[str] = set()
    for raw, parts in cleaned:
        for k, part in enumerate(parts, start=1):
            wanted = raw.id if len(parts) == 1 else f"{raw.id}-{k}"
            articles.append(segment(_article_from(raw, part, _unique_id(wanted, taken), first=k == 1)))

    if not records:
        mark_off_topic(articles)
    return articles, errors


def analyze(
    inputs: Iterable[str | Path | Article],
    words: int = DEFAULT_WORDS,
    published: date | None = None,
    on_file: Callable[[Path], None] | None = None,
    summary_only: bool = False,
) -> StoryReport:
    """Turn files, folders or :class:`Article` objects about one story into a report.

    ``published`` is the publication date for inputs that do not state one;
    ``summary_only`` skips the timeline, quote and dispute stages.
    """
    items = list(inputs)
    given = [i for i in items if isinstance(i, Article)]
    paths = [i for i in items if not isinstance(i, Article)]
    raw, errors = read_paths(paths, published=published, on_file=on_file)
    for art in given:
        if art.published is None:
            art.published = published
    articles, clean_errors = prepare(given + raw)
    return build_report(articles, words=words, errors=errors + clean_errors, summary_only=summary_only)


def name_quoted_speakers(report: StoryReport) -> None:
    """A summary sentence that is someone's words without naming them ('"It proves Afghan special
    forces are elite fighters ..."') gets the speaker of the quote it lies in: a reader has to
    know whose claim it is. The sentence text stays as extracted; the speaker is metadata."""
    for sentence in report.summary.sentences:
        for span in sentence.citations:
            quote = next((q for q in report.quotes if _quotes_without_naming(q, span)), None)
            if quote is not None:
                sentence.speaker = quote.speaker
                break


def _quotes_without_naming(quote: Quote, span: Span) -> bool:
    """Does ``span`` lie in the quote's content (most of it), with the quote's source outside it?"""
    content, source = quote.content_span, quote.source_span
    if content is None or quote.speaker is None:
        return False
    named = source is not None and span.start <= source.start < span.end
    return content.shared(span) >= 0.8 * (span.end - span.start) and not named


def build_report(
    articles: list[Article],
    words: int = DEFAULT_WORDS,
    errors: list[ReadError] | None = None,
    summary_only: bool = False,
) -> StoryReport:
    """Every report stage over prepared articles (``prepare``, or articles rebuilt from a store)."""
    report = StoryReport(articles=articles, errors=list(errors or []), notes=story_notes(articles))
    on_topic = [a for a in articles if not a.off_topic]
    report.summary = summarize(on_topic, words=words)
    if summary_only:
        mark_independent_sources(report)
        return report
    with shared_parses():  # quotes parse each article once; timex tenses reuse those parses
        attributed = attribute_articles(on_topic)
        for article in articles:
            tag_article(article)
    report.timeline = build_timeline(on_topic, max_dates=DEFAULT_MAX_DATES)
    report.quotes = merge_repeated_quotes([q for item in attributed for q in item.quotes])
    name_quoted_speakers(report)
    report.figures, report.disputes = figures_and_disputes(attributed)
    mark_independent_sources(report)
    return report
