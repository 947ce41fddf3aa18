"""What every human-readable renderer shares: source numbering and display names."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, NumericClaim, Quote, Span, StoryReport, opening


def source_numbers(report: StoryReport) -> dict[str, int]:
    """Articles numbered 1..n in report order; citations print as ``[n]``."""
    return {a.id: n for n, a in enumerate(report.articles, start=1)}


def display_title(article: Article) -> str:
    return article.title or opening(article.text)


def story_headline(report: StoryReport) -> str:
    for article in report.articles:
        if not article.off_topic and article.title:
            return article.title
    return "Story report"


def source_line(article: Article) -> str:
    """``Title — Outlet, 2015-09-30`` with whatever of those the article states."""
    parts = [display_title(article)]
    meta = ", ".join(x for x in (article.source, article.published and article.published.isoformat()) if x)
    if meta:
        parts.append(meta)
    return " — ".join(parts)


def said_text(quote: Quote) -> str:
    """What the speaker said, as the table shows it. An indirect claim keeps a cue that comes
    before it ("accused X of ...", "denied that ..."); a cue after the words ("..., officials
    said") is left out, where putting it first would garble the sentence ("said At least 12 ...")."""
    cue_first = quote.content_span is None or quote.cue_span.start < quote.content_span.start
    return f"{quote.cue} {quote.content}" if quote.kind == "indirect" and cue_first else quote.content


QUOTE_COLUMNS = ("Speaker", "Role", "Medium", "Kind", "Stance", "Said")
FIGURE_COLUMNS = ("Figure", "Counts", "Event", "Who", "Stance")


def quote_cells(quote: Quote) -> tuple[str | None, ...]:
    """A quote's row of the "Who said what" table, one cell per ``QUOTE_COLUMNS``."""
    return quote.speaker or "(unnamed)", quote.role, quote.medium, quote.kind, quote.stance, said_text(quote)


def figure_cells(figure: NumericClaim) -> tuple[str | None, ...]:
    """A figure's row of the "Figures" table, one cell per ``FIGURE_COLUMNS``."""
    return figure.text, figure.counted, figure.event, figure.speaker, figure.stance


def corroboration(citations: Sequence[Span], independent: int | None) -> str:
    """``(2 independent sources)`` after evidence cited in more than one article, so a reader sees
    whether copies make up the count (``(1 independent source)`` for a wire text and its re-runs);
    empty for evidence from one article, where the count says nothing new."""
    if independent is None or len({c.article_id for c in citations}) < 2:
        return ""
    return f"({independent} independent source{'' if independent == 1 else 's'})"
