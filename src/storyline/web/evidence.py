"""Citations as links into the desk's article pages, and the story report laid out for a page.

A citation is a :class:`~storyline.model.Span`; its link opens ``/articles/{id}?start=&end=``,
where the server marks exactly that range of the cleaned text (no script needed). Numbering,
display names, table cells and corroboration notes are the HTML report's own
(:mod:`storyline.render.common`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..model import Span, StoryReport
from ..render.common import (
    FIGURE_COLUMNS,
    QUOTE_COLUMNS,
    corroboration,
    display_title,
    figure_cells,
    quote_cells,
    source_numbers,
)


def article_url(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


def span_url(span: Span) -> str:
    """The article page with the span marked, scrolled to it."""
    return f"{article_url(span.article_id)}?start={span.start}&end={span.end}#passage"


@dataclass(frozen=True)
class Cite:
    n: int
    url: str
    article_id: str


class Evidence:
    """Citation links of one report, numbered as the report numbers its articles."""

    def __init__(self, report: StoryReport) -> None:
        self.numbers = source_numbers(report)

    def cites(self, citations: Sequence[Span]) -> list[Cite]:
        return [Cite(self.numbers[c.article_id], span_url(c), c.article_id) for c in citations]

    def item(self, text: str, citations: Sequence[Span], independent: int | None, **extra: Any) -> dict[str, Any]:
        return {
            "text": text,
            "cites": self.cites(citations),
            "note": corroboration(citations, independent),
            **extra,
        }


def story_layout(report: StoryReport) -> dict[str, Any]:
    """Everything the story page shows, each shown thing with its citation links."""
    evidence = Evidence(report)
    numbers = evidence.numbers
    copies = {c.copy: c for c in report.syndication}
    outlets = []
    for outlet in report.sources():
        members = [report.article(i) for i in outlet["article_ids"]]
        on_topic = [a for a in members if not a.off_topic]
        if not on_topic:
            continue
        outlets.append(
            {
                "name": outlet["name"],
                "articles": [
                    {
                        "n": numbers[a.id],
                        "id": a.id,
                        "url": article_url(a.id),
                        "title": display_title(a),
                        "published": a.published.isoformat() if a.published else None,
                        "copy_of": numbers[copies[a.id].original] if a.id in copies else None,
                        "shared": copies[a.id].shared if a.id in copies else None,
                    }
                    for a in on_topic
                ],
            }
        )
    return {
        "summary": [
            evidence.item(s.text, s.citations, s.independent_sources, speaker=s.speaker, anchor=f"s{i}")
            for i, s in enumerate(report.summary.sentences, start=1)
        ],
        "timeline": [
            evidence.item(e.text, e.citations, e.independent_sources, date=e.date, anchor=f"t{i}")
            for i, e in enumerate(report.timeline, start=1)
        ],
        "quote_columns": QUOTE_COLUMNS,
        "quotes": [
            evidence.item("", q.citations, q.independent_sources, cells=quote_cells(q), anchor=f"q{i}")
            for i, q in enumerate(report.quotes, start=1)
        ],
        "figure_columns": FIGURE_COLUMNS,
        "figures": [
            evidence.item("", f.citations, f.independent_sources, cells=figure_cells(f), anchor=f"f{i}")
            for i, f in enumerate(report.figures, start=1)
        ],
        "disputes": [
            {
                "topic": d.topic,
                "anchor": f"d{i}",
                "claims": [
                    evidence.item(c.text, c.citations, c.independent_sources, speaker=c.speaker, stance=c.stance)
                    for c in d.claims
                ],
            }
            for i, d in enumerate(report.disputes, start=1)
        ],
        "outlets": outlets,
        "off_topic": [
            {"n": numbers[a.id], "url": article_url(a.id), "title": display_title(a), "source": a.source}
            for a in report.articles
            if a.off_topic
        ],
        "errors": [str(e) for e in report.errors],
    }
