"""Wires the stages: read -> clean -> split -> segment -> relatedness -> summary.

Each stage is a plain function over the shared model (``model.py``), so a stage can run
in a test, a worker process or a Spark executor the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from .clean import clean_text
from .ingest import read_paths
from .model import Article, ReadError, StoryReport
from .relatedness import article_relatedness, off_topic_flags, paragraph_relatedness
from .segment import segment
from .split import split_off_topic_run, split_on_datelines, take_headline
from .summarize import summarize

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
    )


def prepare(raw_articles: Iterable[Article]) -> tuple[list[Article], list[ReadError]]:
    """Clean, split and segment raw articles; mark off-topic ones.

    An input that holds nothing after cleaning becomes a :class:`ReadError` rather than
    vanishing, so the user sees every input accounted for.
    """
    cleaned: list[tuple[Article, list[list[str]]]] = []
    errors: list[ReadError] = []
    for raw in raw_articles:
        paragraphs = clean_text(raw.text).paragraphs
        if not paragraphs:
            errors.append(ReadError(raw.path or raw.id, "no article text left after removing boilerplate"))
            continue
        cleaned.append((raw, split_on_datelines(paragraphs)))

    relatedness = iter(paragraph_relatedness([piece for _, pieces in cleaned for piece in pieces]))
    articles: list[Article] = []
    taken: set[str] = set()
    for raw, pieces in cleaned:
        parts = [part for piece in pieces for part in split_off_topic_run(piece, next(relatedness))]
        for k, part in enumerate(parts, start=1):
            wanted = raw.id if len(parts) == 1 else f"{raw.id}-{k}"
            articles.append(segment(_article_from(raw, part, _unique_id(wanted, taken), first=k == 1)))

    scores = article_relatedness([a.text for a in articles])
    for article, score, off in zip(articles, scores, off_topic_flags(scores), strict=True):
        article.relatedness = round(score, 4)
        article.off_topic = off
    return articles, errors


def analyze(
    inputs: Iterable[str | Path | Article],
    words: int = DEFAULT_WORDS,
    published: date | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> StoryReport:
    """Turn files, folders or :class:`Article` objects about one story into a report.

    ``published`` is the publication date for inputs that do not state one.
    """
    items = list(inputs)
    given = [i for i in items if isinstance(i, Article)]
    paths = [i for i in items if not isinstance(i, Article)]
    raw, errors = read_paths(paths, published=published, on_file=on_file)
    for art in given:
        if art.published is None:
            art.published = published
    articles, clean_errors = prepare(given + raw)
    report = StoryReport(articles=articles, errors=errors + clean_errors)
    report.summary = summarize([a for a in articles if not a.off_topic], words=words)
    return report
