"""The one data model that flows through every stage.

Readers produce :class:`Article` objects, cleaning rewrites their ``text``, segmentation
adds :class:`Sentence` spans, and the later stages fill a :class:`StoryReport`.  Every
extracted thing points back into an article's cleaned text with a :class:`Span`, so
``article.text[span.start:span.end]`` is always the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Span:
    """A character range ``[start, end)`` in one article's cleaned text."""

    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "start": self.start, "end": self.end}


@dataclass
class Sentence:
    """A sentence of an article, located by offsets into the article's cleaned text."""

    article_id: str
    start: int
    end: int
    text: str
    paragraph: int = 0
    index: int = 0

    @property
    def span(self) -> Span:
        return Span(self.article_id, self.start, self.end)


@dataclass
class Article:
    """One news report. ``text`` is the cleaned text that every span indexes."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    path: str | None = None
    off_topic: bool = False
    relatedness: float | None = None
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "path": self.path,
            "off_topic": self.off_topic,
            "text": self.text,
        }


@dataclass
class SummarySentence:
    """A sentence of the summary: extracted text plus every place that states it."""

    text: str
    citations: list[Span]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations]}


@dataclass
class Summary:
    sentences: list[SummarySentence] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": [s.to_dict() for s in self.sentences], "words": self.word_count}


@dataclass
class ReadError:
    """An input that could not be read, with a reason a user can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"cannot read '{self.path}': {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class StoryReport:
    """Everything storyline knows about one story; the renderers' only input."""

    articles: list[Article]
    summary: Summary = field(default_factory=Summary)
    quotes: list[Any] = field(default_factory=list)
    timeline: list[Any] = field(default_factory=list)
    disputes: list[Any] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def sources(self) -> list[dict[str, Any]]:
        """Outlets in the report, each with the articles it contributed, in first-seen order."""
        outlets: dict[str, list[str]] = {}
        for art in self.articles:
            outlets.setdefault(art.source or "unknown", []).append(art.id)
        return [{"name": name, "article_ids": ids} for name, ids in outlets.items()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "summary": self.summary.to_dict(),
            "sources": self.sources(),
            "quotes": [_as_dict(q) for q in self.quotes],
            "timeline": [_as_dict(t) for t in self.timeline],
            "disputes": [_as_dict(d) for d in self.disputes],
            "errors": [e.to_dict() for e in self.errors],
        }


def _as_dict(item: Any) -> Any:
    """Later stages add their own dataclasses; each provides ``to_dict``."""
    return item.to_dict() if hasattr(item, "to_dict") else item
