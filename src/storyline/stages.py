"""The stages of a report, as data: what runs on each article alone, and what runs on a story.

A report is made in two halves, so that the costly half runs once per article and the rest can
be redone in milliseconds whenever a story changes:

``ARTICLE_STAGES`` (per article; the result, an :class:`ArticleAnalysis`, is stored)
    dating    publication date and where it came from (given, else the dateline)
    quotes    attribution spans tagged, linked and read as quotes (parses the article)
    figures   the figures the article states, with the quote each sits in
    times     time expressions normalised against the publication date

``STORY_STAGES`` (per story, from the articles and their analyses; the report is stored)
    notes     a warning when the articles do not look like one story
    articles  each article dated and holding its time mentions, from its analysis
    off_topic articles far less related to the rest of the story are set apart
    summary   extractive, every sentence cited
    timeline  the dates that matter and what happened on each
    quotes    repeated quotes merged; quoted summary sentences get their speaker
    disputes  every figure, different figures for one quantity, claims beside denials
    sources   syndicated copies, and how many independent sources state each thing

Every stage is a plain function from its work item to a new one (inputs are not changed), so
``analyze``, the store's refresh, the web app and a Spark executor all run the same list, and a
stage is swapped by passing another list. The orchestration (which articles, when, where the
results go) is :mod:`.pipeline`'s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from .attribution.linking import SpanTagger
from .attribution.quotes import AttributedArticle, attribute_articles
from .dedup import mark_independent_sources, merge_repeated_quotes
from .disputes import article_figures, figures_and_disputes
from .model import Article, ArticleAnalysis, Quote, Span, StoryReport
from .nlp import Parses, unparsed_note
from .relatedness import article_relatedness, off_topic_flags, story_notes
from .summarize import summarize
from .timeline import DEFAULT_MAX_DATES, build_timeline
from .timex import publication_date, time_mentions

# Bump when a per-article stage's output changes for the same article and model: stored analyses
# of another format are stale and ``storyline refresh`` recomputes them.
ANALYSIS_FORMAT = 1
# Bump when a story stage's output changes for the same analyses: stored reports go stale.
REPORT_FORMAT = 1
DEFAULT_WORDS = 250

Work = TypeVar("Work")


@dataclass(frozen=True)
class Stage(Generic[Work]):
    """A named step: ``run`` takes the work item and returns the next one."""

    name: str
    run: Callable[[Work], Work]


# --- per article ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleWork:
    """One article on its way through the per-article stages. ``parses`` is the run's (stages
    share one parse of each paragraph); ``attributed`` is the quotes stage's working state, which
    the figures stage reads and the store never sees."""

    article: Article
    analysis: ArticleAnalysis
    parses: Parses
    tagger: SpanTagger | None = None
    attributed: AttributedArticle | None = None


def date_article(work: ArticleWork) -> ArticleWork:
    published, source = publication_date(work.article)
    return replace(work, analysis=replace(work.analysis, published=published, published_source=source))


def find_quotes(work: ArticleWork) -> ArticleWork:
    (attributed,) = attribute_articles([work.article], work.tagger, work.parses)
    return replace(work, attributed=attributed, analysis=replace(work.analysis, quotes=attributed.quotes))


def find_figures(work: ArticleWork) -> ArticleWork:
    attributed = work.attributed or attribute_articles([work.article], work.tagger, work.parses)[0]
    return replace(work, analysis=replace(work.analysis, figures=article_figures(attributed)))


def find_times(work: ArticleWork) -> ArticleWork:
    article, published = work.article, work.analysis.published
    mentions = time_mentions(article, published, work.parses.of(article.text))
    return replace(work, analysis=replace(work.analysis, time_mentions=mentions))


ARTICLE_STAGES: tuple[Stage[ArticleWork], ...] = (
    Stage("dating", date_article),
    Stage("quotes", find_quotes),
    Stage("figures", find_figures),
    Stage("times", find_times),
)


def analysis_version(stages: Sequence[Stage[ArticleWork]] = ARTICLE_STAGES, tagger: SpanTagger | None = None) -> str:
    """What made an analysis: the format, the stages and the attribution model. Cheap (the
    model's digest, not the model), so a listing can tell stale analyses without loading it."""
    from . import __version__
    from .attribution.weights import model_id

    model = model_id() if tagger is None else type(tagger).__name__
    names = ",".join(stage.name for stage in stages)
    return f"{__version__}/{ANALYSIS_FORMAT}/{names}/{model}"


def report_version(stages: Sequence[Stage[StoryWork]] | None = None, words: int = DEFAULT_WORDS) -> str:
    """What made a report from its analyses: the format, the story stages and the summary length."""
    from . import __version__

    names = ",".join(stage.name for stage in (STORY_STAGES if stages is None else stages))
    digest = hashlib.sha256(names.encode()).hexdigest()[:8]
    return f"{__version__}/{REPORT_FORMAT}/{digest}/{words}"


# --- per story -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryWork:
    """A story on its way through the story stages: its report so far, and each article's analysis
    by article id (an article without one is reported as read: undated, no quotes)."""

    report: StoryReport
    analyses: Mapping[str, ArticleAnalysis]
    words: int = DEFAULT_WORDS

    def on_topic(self) -> list[Article]:
        return [a for a in self.report.articles if not a.off_topic]

    def of(self, articles: list[Article]) -> list[ArticleAnalysis]:
        """The analyses of ``articles``, in their order (an empty one where none was made)."""
        return [self.analyses.get(a.id) or ArticleAnalysis(a.id, "") for a in articles]

    def with_report(self, **changes: object) -> StoryWork:
        return replace(self, report=replace(self.report, **changes))


def note_story(work: StoryWork) -> StoryWork:
    return work.with_report(notes=story_notes(work.report.articles) + unparsed_note(work.report.articles))


def apply_analyses(work: StoryWork) -> StoryWork:
    """Each article as its analysis dated it, holding its time mentions."""
    articles = []
    for article in work.report.articles:
        found = work.analyses.get(article.id)
        if found is not None:
            article = replace(
                article,
                published=found.published,
                published_source=found.published_source,
                time_mentions=list(found.time_mentions),
            )
        articles.append(article)
    return work.with_report(articles=articles)


def mark_off_topic(work: StoryWork) -> StoryWork:
    """Score each article's relatedness to the rest and flag the ones far below the others."""
    articles = work.report.articles
    scores = article_relatedness([a.text for a in articles])
    marked = [
        replace(a, relatedness=round(score, 4), off_topic=off)
        for a, score, off in zip(articles, scores, off_topic_flags(scores), strict=True)
    ]
    return work.with_report(articles=marked)


def summarize_story(work: StoryWork) -> StoryWork:
    return work.with_report(summary=summarize(work.on_topic(), words=work.words))


def story_timeline(work: StoryWork) -> StoryWork:
    return work.with_report(timeline=build_timeline(work.on_topic(), max_dates=DEFAULT_MAX_DATES))


def merge_quotes(work: StoryWork) -> StoryWork:
    """Every on-topic article's quotes, a quote repeated elsewhere merged into its first statement;
    a summary sentence that is someone's words without naming them gets their name."""
    quotes = [replace(q, repeats=list(q.repeats)) for a in work.of(work.on_topic()) for q in a.quotes]
    merged = merge_repeated_quotes(quotes)
    summary = replace(work.report.summary, sentences=[replace(s) for s in work.report.summary.sentences])
    for sentence in summary.sentences:
        quote = next((q for span in sentence.citations for q in merged if _quotes_without_naming(q, span)), None)
        if quote is not None:
            sentence.speaker = quote.speaker
    return work.with_report(quotes=merged, summary=summary)


def _quotes_without_naming(quote: Quote, span: Span) -> bool:
    """Does ``span`` lie in the quote's content (most of it), with the quote's source outside it?
    ('"It proves Afghan special forces are elite fighters ..."': a reader has to know whose
    claim it is; the sentence text stays as extracted, the speaker is metadata)."""
    content, source = quote.content_span, quote.source_span
    if content is None or quote.speaker is None:
        return False
    named = source is not None and span.start <= source.start < span.end
    return content.shared(span) >= 0.8 * (span.end - span.start) and not named


def find_disputes(work: StoryWork) -> StoryWork:
    articles = work.on_topic()
    analyses = work.of(articles)
    figures, disputes = figures_and_disputes(articles, [a.quotes for a in analyses], [a.figures for a in analyses])
    return work.with_report(figures=figures, disputes=disputes)


def count_sources(work: StoryWork) -> StoryWork:
    report = replace(work.report)
    mark_independent_sources(report)
    return replace(work, report=report)


STORY_STAGES: tuple[Stage[StoryWork], ...] = (
    Stage("notes", note_story),
    Stage("articles", apply_analyses),
    Stage("off_topic", mark_off_topic),
    Stage("summary", summarize_story),
    Stage("timeline", story_timeline),
    Stage("quotes", merge_quotes),
    Stage("disputes", find_disputes),
    Stage("sources", count_sources),
)
# ``storyline summarize``: no per-article stage, and of the story stages only what the summary needs.
SUMMARY_STAGES: tuple[Stage[StoryWork], ...] = tuple(
    s for s in STORY_STAGES if s.name in {"notes", "off_topic", "summary", "sources"}
)


def run_stages(work: Work, stages: Sequence[Stage[Work]]) -> Work:
    for stage in stages:
        work = stage.run(work)
    return work
