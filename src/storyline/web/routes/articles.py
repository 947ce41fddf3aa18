"""An article (``/articles/{id}``): its cleaned text, one range of it marked, and every span the
analysis extracted from it (quotes, dates, figures, cited sentences) as a link that marks it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from ...model import ArticleAnalysis, Span, StoryReport
from ...render.common import display_title
from ..evidence import span_url
from ..pages import Page, open_store, page_route

router = APIRouter(tags=["articles"])
Offset = Annotated[int | None, Query(ge=0, le=100_000_000, description="character offset into the cleaned text")]


def safe_url(url: str | None) -> str | None:
    """The original URL when it is a web address; anything else (``javascript:``) is not linked."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def extracted_spans(article_id: str, analysis: ArticleAnalysis | None, report: StoryReport | None) -> list[dict]:
    """Every span of this article the analysis and the story report point to, in text order."""
    found: list[tuple[str, str, Span]] = []
    if analysis:
        found += [("quote", f"{q.speaker or 'unnamed'} {q.cue}", q.citation) for q in analysis.quotes]
        found += [("date", f"{m.type} {m.value or '?'}", m.span) for m in analysis.time_mentions]
        found += [
            ("figure", f"{f.claim.text} {f.claim.counted}", c) for f in analysis.figures for c in f.claim.citations
        ]
    if report:
        found += [("summary", "summary sentence", c) for s in report.summary.sentences for c in s.citations]
        found += [("timeline", f"timeline {e.date}", c) for e in report.timeline for c in e.citations]
    spans = {(kind, label, s.start, s.end) for kind, label, s in found if s.article_id == article_id}
    return [
        {"kind": kind, "label": label, "start": start, "end": end}
        for kind, label, start, end in sorted(spans, key=lambda x: (x[2], x[3], x[0]))
    ]


@page_route(router, "/articles/{article_id:path}", "An article's cleaned text with its extracted spans")
def article_page(
    request: Request,
    article_id: Annotated[str, Path(min_length=1, max_length=500, description="the article's id")],
    start: Offset = None,
    end: Offset = None,
) -> Page:
    with open_store(request) as store:
        stored = store.article(article_id)  # a missing article is a StoreError: 404
        story = stored.story_id
        analysis = store.analyses(story).get(article_id) if story is not None else None
        report = store.report(story) if story is not None else None
    article = stored.article
    text = article.text
    highlight: dict[str, Any] | None = None
    if start is not None or end is not None:
        if start is None or end is None or not start < end <= len(text):
            raise HTTPException(400, f"start and end must satisfy 0 <= start < end <= {len(text)} (the text's length)")
        highlight = {"start": start, "end": end, "text": text[start:end]}
    spans = extracted_spans(article.id, analysis, report)
    for span in spans:
        span["text"] = text[span["start"] : span["end"]]
        span["url"] = span_url(Span(article.id, span["start"], span["end"]))
    data = {
        "article": article.to_dict() | {"title": display_title(article), "url": safe_url(article.url)},
        "original_url": article.url,
        "story_id": story,
        "junk": stored.junk,
        "highlight": highlight,
        "spans": spans,
    }
    parts = (text[:start], text[start:end], text[end:]) if highlight else (text, "", "")
    return Page("article.html", data, {"parts": parts})
