"""The one home of orchestration: read and prepare articles, run the stages of :mod:`.stages`
over them, and (for a story database) decide what is analysed when and where results go.

``analyze`` (files in, one report out), ``ingest``/``refresh``/``story_report`` (a store) and,
later, the web app and the Spark job all call these functions; none wires stages of its own.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .attribution.linking import SpanTagger
from .clean import clean_text
from .errors import StorylineError
from .ingest import may_be_glued, read_paths
from .ingest.fields import tidy
from .model import Article, ArticleAnalysis, ReadError, StoryReport
from .nlp import Parses
from .relatedness import paragraph_relatedness
from .segment import segment
from .split import split_off_topic_run, split_on_datelines, take_headline
from .stages import (
    ARTICLE_STAGES,
    DEFAULT_WORDS,
    STORY_STAGES,
    SUMMARY_STAGES,
    ArticleWork,
    Stage,
    StoryWork,
    analysis_version,
    report_version,
    run_stages,
)
from .store import BATCH_SIZE, CURRENT, STALE, IngestResult, Store, StoryWriter, report_state

log = logging.getLogger(__name__)


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


def prepare(raw_articles: Iterable[Article], records: bool = False) -> tuple[list[Article], list[ReadError]]:
    """Clean, split and segment raw articles.

    An input that holds nothing after cleaning becomes a :class:`ReadError` rather than
    vanishing, so the user sees every input accounted for.

    Only an input that may be several articles glued together (``ingest.may_be_glued``: a
    plain-text file) is split, each on its own, so a page is split the same way in any batch.
    ``records=True`` is for independent records of a stream (JSONL lines, Multi-News
    documents, an ingest): each raw article is exactly one article, cleaned and segmented
    but never split. Which articles are off-topic is the story's question (``STORY_STAGES``).
    """
    raw_articles = [tidy(raw) for raw in raw_articles]
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

    return articles, errors


def analyse_articles(
    articles: Sequence[Article],
    stages: Sequence[Stage[ArticleWork]] = ARTICLE_STAGES,
    tagger: SpanTagger | None = None,
) -> Iterator[ArticleAnalysis]:
    """Each article through the per-article ``stages``, yielded as soon as it is done (a store
    commits each one, so an interrupted run loses at most the article in hand).

    The articles' paragraphs worth tagging are parsed in one batch first (batched parsing is much
    faster); the result of each article depends on that article alone.
    """
    version = analysis_version(stages, tagger)  # no tagger given: the shipped model
    parses = Parses()
    if articles and any(stage.name == "quotes" for stage in stages):
        from .attribution.transformer import default_transformer_tagger

        tagger = tagger or default_transformer_tagger()
        parses.parse([a.text for a in articles], keep=tagger.worth_parsing)
    for article in articles:
        work = ArticleWork(article, ArticleAnalysis(article.id, version), parses, tagger)
        yield run_stages(work, stages).analysis


def build_report(
    articles: list[Article],
    analyses: Mapping[str, ArticleAnalysis] | Iterable[ArticleAnalysis] = (),
    words: int = DEFAULT_WORDS,
    errors: list[ReadError] | None = None,
    stages: Sequence[Stage[StoryWork]] = STORY_STAGES,
) -> StoryReport:
    """The story stages over prepared articles and their analyses (by article id)."""
    by_id = analyses if isinstance(analyses, Mapping) else {a.article_id: a for a in analyses}
    work = StoryWork(StoryReport(articles=list(articles), errors=list(errors or [])), by_id, words)
    return run_stages(work, stages).report


MAX_REPORT_ARTICLES = 1000  # one story's report; the largest Timeline17 topic has about 300
TOO_MANY = f"more than {MAX_REPORT_ARTICLES} articles for one report; use `storyline ingest`"


def within_report_limit(raw: list[Article]) -> tuple[list[Article], list[ReadError]]:
    """The inputs one report can hold: a file of more than :data:`MAX_REPORT_ARTICLES` articles
    (a bundle of 10,000 documents, a JSON array of 100,000 items) is refused with one error and
    the other files kept; more than that in all refuses the run (a :class:`StorylineError`).
    A store has no such limit: ``ingest`` sorts any number of articles into stories."""
    per_file = Counter(a.path for a in raw if a.path is not None)
    too_many = {path for path, n in per_file.items() if n > MAX_REPORT_ARTICLES}
    kept = [a for a in raw if a.path not in too_many]
    if len(kept) > MAX_REPORT_ARTICLES:
        raise StorylineError(TOO_MANY)
    return kept, [ReadError(path, TOO_MANY) for path in sorted(too_many)]


def analyze(
    inputs: Iterable[str | Path | Article],
    words: int = DEFAULT_WORDS,
    published: date | None = None,
    on_file: Callable[[Path], None] | None = None,
    summary_only: bool = False,
    article_stages: Sequence[Stage[ArticleWork]] = ARTICLE_STAGES,
    story_stages: Sequence[Stage[StoryWork]] = STORY_STAGES,
    tagger: SpanTagger | None = None,
) -> StoryReport:
    """Turn files, folders or :class:`Article` objects about one story into a report.

    ``published`` is the publication date for inputs that do not state one (the caller's
    articles are left as they are); ``summary_only`` runs no per-article stage and only the
    story stages the summary needs; other stage lists, or another attribution ``tagger``, run
    instead of the defaults.
    """
    items = list(inputs)
    given = [replace(i, published=i.published or published) for i in items if isinstance(i, Article)]
    paths = [i for i in items if not isinstance(i, Article)]
    raw, errors = read_paths(paths, published=published, on_file=on_file)
    raw, refused = within_report_limit(given + raw)
    articles, clean_errors = prepare(raw)
    if summary_only:
        article_stages, story_stages = (), SUMMARY_STAGES
    analyses = analyse_articles(articles, article_stages, tagger)
    return build_report(articles, analyses, words, errors + refused + clean_errors, story_stages)


# --- a story database ----------------------------------------------------------------------

REFRESH_CHUNK = 16  # articles parsed in one batch by a refresh (each is stored as soon as it is done)


def ingest_articles(
    store: Store, raw: list[Article], records: bool, batch_size: int = BATCH_SIZE, writer: StoryWriter | None = None
) -> IngestResult:
    """Clean and split raw articles (:func:`prepare`), then store and cluster them in batches.
    Analysis is left pending (:func:`refresh`)."""
    articles, errors = prepare(raw, records=records)
    writer = writer or StoryWriter(store)
    result = IngestResult(errors=errors)
    for start in range(0, len(articles), batch_size):
        result.merge(writer.add_batch(articles[start : start + batch_size]))
    return result


def read_input(path: Path) -> tuple[list[Article] | None, list[ReadError]]:
    """One file through its reader: its raw articles (None when it cannot be read at all) and
    the problems met (the reason it was refused, or bad lines inside a file still read). Shared
    by ``ingest`` and the Spark job so both account for a bad input the same way."""
    from .errors import InputError
    from .ingest import problems, read_file

    try:
        with problems.collected() as inside:  # bad lines in a file that is still read
            raw = read_file(path)
    except InputError as exc:
        return None, [ReadError(exc.path, exc.reason)]
    except (OSError, ValueError) as exc:  # a reader tripped on malformed content
        return None, [ReadError(str(path), str(exc) or type(exc).__name__)]
    return raw, inside


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    batch_size: int = BATCH_SIZE,
    on_file: Callable[[Path, IngestResult], None] | None = None,
) -> IngestResult:
    """Read every input with storyline's readers and ingest it; unreadable inputs become errors
    and the rest carries on. One clusterer serves the whole run."""
    from .ingest import expand_paths, is_record_file

    writer = StoryWriter(store)
    total = IngestResult()
    for path in expand_paths(paths):
        raw, problems = read_input(path)
        if raw is None:
            step = IngestResult(errors=problems)
        else:
            total.errors += problems
            step = ingest_articles(store, raw, is_record_file(path, raw), batch_size, writer)
        total.merge(step)
        if on_file:
            on_file(path, step)
    return total


@dataclass
class RefreshResult:
    """What a refresh did: articles analysed, story reports built."""

    analysed: int = 0
    reports: int = 0


def analyse_pending(
    store: Store,
    story_id: int | None = None,
    on_article: Callable[[], None] | None = None,
    stages: Sequence[Stage[ArticleWork]] = ARTICLE_STAGES,
    tagger: SpanTagger | None = None,
) -> int:
    """Analyse the stored articles (of one story, or all) whose analysis is missing or stale, each
    stored as soon as it is done: a killed run loses at most the article in hand, and the next
    run starts where it stopped. Returns how many were analysed."""
    version = analysis_version(stages, tagger)
    done = 0
    while pending := store.pending_articles(version, story_id, limit=REFRESH_CHUNK):
        for item, analysis in zip(pending, analyse_articles([p.article for p in pending], stages, tagger), strict=True):
            store.put_analysis(item.rowid, analysis)
            done += 1
            if on_article:
                on_article()
    return done


def refresh(
    store: Store,
    on_article: Callable[[], None] | None = None,
    on_story: Callable[[], None] | None = None,
    tagger: SpanTagger | None = None,
) -> RefreshResult:
    """Analyse every pending article, then rebuild every story report that is not current."""
    result = RefreshResult(analysed=analyse_pending(store, on_article=on_article, tagger=tagger))
    fingerprints = store.fingerprints(analysis_version(tagger=tagger), report_version())
    stored = store.built_from()
    for story_id, fingerprint in sorted(fingerprints.items()):
        if fingerprint is None or report_state(fingerprint, stored.get(story_id)) != STALE:
            continue  # pending (an article arrived meanwhile) or current
        _store_report(store, story_id, fingerprint, _assemble(store, story_id, DEFAULT_WORDS))
        result.reports += 1
        if on_story:
            on_story()
    return result


def stale_reports(store: Store, tagger: SpanTagger | None = None) -> int:
    """How many stories' reports a refresh would build."""
    states = store.report_states(analysis_version(tagger=tagger), report_version())
    return sum(1 for state in states.values() if state != CURRENT)


def story_report(
    store: Store,
    story_id: int,
    words: int = DEFAULT_WORDS,
    on_pending: Callable[[int], None] | None = None,
    tagger: SpanTagger | None = None,
) -> StoryReport:
    """A stored story's report: the stored one when it is current; else the story's pending
    articles are analysed first (``on_pending`` is told how many) and stored, and the report is
    assembled from the stored analyses and stored (a report of another length is assembled and
    not stored)."""
    version, built_from = analysis_version(tagger=tagger), report_version(words=words)
    fingerprint = store.fingerprints(version, built_from, story_id).get(story_id)
    stored = store.report(story_id, fingerprint) if fingerprint is not None else None
    if stored is not None:
        return stored
    articles = store.story_articles(story_id)  # a missing story is a StoreError
    if fingerprint is None and not store.read_only:
        pending = store.count_pending(version, story_id)
        if on_pending and pending:
            on_pending(pending)
        analyse_pending(store, story_id, tagger=tagger)
        fingerprint = store.fingerprints(version, built_from, story_id).get(story_id)
    report = _assemble(store, story_id, words, articles)
    if fingerprint is not None and words == DEFAULT_WORDS and not store.read_only:
        _store_report(store, story_id, fingerprint, report)
    return report


def _assemble(store: Store, story_id: int, words: int, articles: list[Article] | None = None) -> StoryReport:
    """The story stages over the stored articles and their stored analyses."""
    articles = articles if articles is not None else store.story_articles(story_id)
    return build_report(articles, store.analyses(story_id), words)


def _store_report(store: Store, story_id: int, fingerprint: str, report: StoryReport) -> None:
    try:
        store.put_report(story_id, fingerprint, report)
    except sqlite3.IntegrityError:  # the story went (merged away by a concurrent ingest) meanwhile
        log.info("story %s is gone; its report is not stored", story_id)
