"""The one data model that flows through every stage.

Readers produce :class:`Article` objects, cleaning rewrites their ``text``, segmentation
adds :class:`Sentence` spans, and the later stages fill a :class:`StoryReport`.  Every
extracted thing points back into an article's cleaned text with a :class:`Span`, so
``article.text[span.start:span.end]`` is always the evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def opening(text: str | None, words: int = 12) -> str:
    """The first words of a text, "..." when cut: how an untitled article is named."""
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _spans(items: list[dict[str, Any]]) -> list[Span]:
    return [Span.from_dict(item) for item in items]


def _optional_span(item: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(item) if item is not None else None


@dataclass(frozen=True)
class Span:
    """A character range ``[start, end)`` in one article's cleaned text."""

    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["article_id"], data["start"], data["end"])

    def shared(self, other: Span) -> int:
        """How many characters both ranges cover (none across articles)."""
        if other.article_id != self.article_id:
            return 0
        return max(0, min(self.end, other.end) - max(self.start, other.start))


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
    time_mentions: list[TimeMention] = field(default_factory=list)
    published_source: str | None = None  # where ``published`` came from: a reader's source, "given", "dateline"

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
            "published_source": self.published_source if self.published else None,
            "time_mentions": [m.to_dict() for m in self.time_mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The article as :meth:`to_dict` wrote it (segment it again for its sentences)."""
        return cls(
            id=data["id"],
            text=data["text"],
            title=data["title"],
            source=data["source"],
            url=data["url"],
            published=_day(data["published"]),
            path=data["path"],
            off_topic=data["off_topic"],
            published_source=data["published_source"],
            time_mentions=[TimeMention.from_dict(m) for m in data["time_mentions"]],
        )


@dataclass
class SummarySentence:
    """A sentence of the summary: extracted text plus every place that states it."""

    text: str
    citations: list[Span]
    independent_sources: int | None = None  # citing articles, syndicated copies counted once (dedup.py)
    speaker: str | None = None  # whose words the sentence is, when it quotes someone it does not name

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "independent_sources": self.independent_sources,
            "speaker": self.speaker,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        return cls(data["text"], _spans(data["citations"]), data["independent_sources"], data["speaker"])


@dataclass
class Summary:
    sentences: list[SummarySentence] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": [s.to_dict() for s in self.sentences], "words": self.word_count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls([SummarySentence.from_dict(s) for s in data["sentences"]])


@dataclass
class ReadError:
    """An input that could not be read, with a reason a user can act on."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"cannot read '{self.path}': {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReadError:
        return cls(data["path"], data["reason"])


@dataclass
class StoryReport:
    """Everything storyline knows about one story; the renderers' only input."""

    articles: list[Article]
    summary: Summary = field(default_factory=Summary)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    figures: list[NumericClaim] = field(default_factory=list)  # every figure stated, disputed or not
    errors: list[ReadError] = field(default_factory=list)
    syndication: list[SyndicatedCopy] = field(default_factory=list)  # who re-ran whose text (dedup.py)
    notes: list[str] = field(default_factory=list)  # warnings about the inputs as a whole (relatedness.py)

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
            "quotes": [q.to_dict() for q in self.quotes],
            "timeline": [t.to_dict() for t in self.timeline],
            "disputes": [d.to_dict() for d in self.disputes],
            "figures": [f.to_dict() for f in self.figures],
            "errors": [e.to_dict() for e in self.errors],
            "syndication": [c.to_dict() for c in self.syndication],
            "notes": list(self.notes),
        }

    def to_record(self) -> dict[str, Any]:
        """:meth:`to_dict` with nothing rounded, for a store to give back the same report
        (:meth:`from_record`)."""
        return self.to_dict() | {"syndication": [asdict(c) for c in self.syndication]}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> StoryReport:
        return cls(
            articles=[Article.from_dict(a) for a in data["articles"]],
            summary=Summary.from_dict(data["summary"]),
            quotes=[Quote.from_dict(q) for q in data["quotes"]],
            timeline=[TimelineEntry.from_dict(t) for t in data["timeline"]],
            disputes=[Dispute.from_dict(d) for d in data["disputes"]],
            figures=[NumericClaim.from_dict(f) for f in data["figures"]],
            errors=[ReadError.from_dict(e) for e in data["errors"]],
            syndication=[SyndicatedCopy(**c) for c in data["syndication"]],
            notes=list(data["notes"]),
        )


@dataclass(frozen=True)
class SyndicatedCopy:
    """``copy`` re-runs ``original``'s text; ``shared`` is the share of the copy found in the original."""

    original: str
    copy: str
    shared: float

    def to_dict(self) -> dict[str, object]:
        return {"original": self.original, "copy": self.copy, "shared": round(self.shared, 3)}


@dataclass
class Quote:
    """Who said what (issue 4): an attribution read as speaker, role, medium, kind and stance.

    ``source_span``, ``cue_span`` and ``content_span`` index the article's cleaned text;
    ``citation`` covers the whole attribution (source, cue and content together).
    """

    speaker: str | None
    role: str | None
    medium: str | None
    kind: str  # "direct" (quotation marks) or "indirect"
    stance: str  # "asserted", "claimed", "unverified" or "denied"
    cue: str
    content: str
    source_span: Span | None
    cue_span: Span
    content_span: Span | None
    citation: Span
    repeats: list[Span] = field(default_factory=list)  # the same quote in other articles (dedup.py)
    independent_sources: int | None = None  # citing articles, syndicated copies counted once (dedup.py)

    @property
    def citations(self) -> list[Span]:
        """Every place that states the quote: its own attribution first."""
        return [self.citation, *self.repeats]

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "medium": self.medium,
            "kind": self.kind,
            "stance": self.stance,
            "cue": self.cue,
            "content": self.content,
            "source_span": self.source_span.to_dict() if self.source_span else None,
            "cue_span": self.cue_span.to_dict(),
            "content_span": self.content_span.to_dict() if self.content_span else None,
            "citation": self.citation.to_dict(),
            "repeats": [r.to_dict() for r in self.repeats],
            "independent_sources": self.independent_sources,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            speaker=data["speaker"],
            role=data["role"],
            medium=data["medium"],
            kind=data["kind"],
            stance=data["stance"],
            cue=data["cue"],
            content=data["content"],
            source_span=_optional_span(data["source_span"]),
            cue_span=Span.from_dict(data["cue_span"]),
            content_span=_optional_span(data["content_span"]),
            citation=Span.from_dict(data["citation"]),
            repeats=_spans(data["repeats"]),
            independent_sources=data["independent_sources"],
        )


@dataclass
class NumericClaim:
    """A figure and what it counts (``about 200`` / ``Taliban fighters`` / ``kill``), and who states
    it: one entry per figure, speaker and quantity, cited wherever a report states it."""

    text: str  # the figure as written: "about 200", "hundreds"
    low: float  # the range the figure allows, for comparing figures
    high: float
    counted: str  # what is counted: "Taliban fighters"
    event: str | None  # the lemma of what happened to them: "kill"
    speaker: str | None
    stance: str
    citations: list[Span]  # the clauses stating the figure: the evidence
    independent_sources: int | None = None  # citing articles, syndicated copies counted once (dedup.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "low": self.low,
            "high": self.high,
            "counted": self.counted,
            "event": self.event,
            "speaker": self.speaker,
            "stance": self.stance,
            "citations": [c.to_dict() for c in self.citations],
            "independent_sources": self.independent_sources,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NumericClaim:
        fields = {k: v for k, v in data.items() if k != "citations"}
        return cls(**fields, citations=_spans(data["citations"]))


@dataclass
class DisputeClaim:
    """One side of a dispute: what is claimed, by whom, how firmly, and where."""

    text: str
    speaker: str | None
    stance: str
    citations: list[Span]
    independent_sources: int | None = None  # citing articles, syndicated copies counted once (dedup.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "stance": self.stance,
            "citations": [c.to_dict() for c in self.citations],
            "independent_sources": self.independent_sources,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DisputeClaim:
        return cls(
            data["text"], data["speaker"], data["stance"], _spans(data["citations"]), data["independent_sources"]
        )


@dataclass
class Dispute:
    """Claims about the same thing that disagree: different figures, or a claim and its denial."""

    topic: str
    claims: list[DisputeClaim]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "claims": [c.to_dict() for c in self.claims]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dispute:
        return cls(data["topic"], [DisputeClaim.from_dict(c) for c in data["claims"]])


@dataclass
class TimeMention:
    """A time expression normalised TIMEX3-style (issue 5): ``type`` DATE/TIME/DURATION/SET and a
    ``value`` such as ``2015-09-28``, ``2015-W40``, ``P3D``, ``PRESENT_REF``; None when it needs
    a publication date the article does not have."""

    text: str
    type: str
    value: str | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "type": self.type, "value": self.value, "span": self.span.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeMention:
        return cls(data["text"], data["type"], data["value"], Span.from_dict(data["span"]))


@dataclass
class TimelineEntry:
    """One dated event of the story: ``date`` is ``YYYY-MM-DD`` (or ``YYYY-MM`` when only the
    month is known), ``text`` an extracted sentence, cited wherever an outlet states it."""

    date: str
    text: str
    citations: list[Span]
    sources: int  # citing articles
    independent_sources: int | None = None  # the same, syndicated copies counted once (dedup.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "sources": self.sources,
            "independent_sources": self.independent_sources,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimelineEntry:
        fields = {k: v for k, v in data.items() if k != "citations"}
        return cls(**fields, citations=_spans(data["citations"]))


@dataclass
class FigureStatement:
    """One statement of a figure in one article, with what is needed to compare it with other
    statements (``disputes`` groups them): what an article alone says about a figure."""

    claim: NumericClaim
    counted_lemmas: frozenset[str]
    event_text: str
    sentence: tuple[str, int]  # article id and offset of the sentence that states it
    qualifier: str | None = None  # "selected" in "the 11 companies selected in May": a narrower set
    counts_events: bool = False  # "no arrests have been made" counts the events themselves

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim.to_dict(),
            "counted_lemmas": sorted(self.counted_lemmas),
            "event_text": self.event_text,
            "sentence": list(self.sentence),
            "qualifier": self.qualifier,
            "counts_events": self.counts_events,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FigureStatement:
        return cls(
            NumericClaim.from_dict(data["claim"]),
            frozenset(data["counted_lemmas"]),
            data["event_text"],
            (data["sentence"][0], data["sentence"][1]),
            data["qualifier"],
            data["counts_events"],
        )


@dataclass
class ArticleAnalysis:
    """Everything whose result depends on one article alone: its date, time mentions, quotes and
    figures. Computed once per article (``stages.ARTICLE_STAGES``) and stored with ``version``
    (what made it), so a story report is assembled from these without parsing anything again."""

    article_id: str
    version: str
    published: date | None = None
    published_source: str | None = None
    time_mentions: list[TimeMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[FigureStatement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "version": self.version,
            "published": self.published.isoformat() if self.published else None,
            "published_source": self.published_source,
            "time_mentions": [m.to_dict() for m in self.time_mentions],
            "quotes": [q.to_dict() for q in self.quotes],
            "figures": [f.to_dict() for f in self.figures],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleAnalysis:
        return cls(
            article_id=data["article_id"],
            version=data["version"],
            published=_day(data["published"]),
            published_source=data["published_source"],
            time_mentions=[TimeMention.from_dict(m) for m in data["time_mentions"]],
            quotes=[Quote.from_dict(q) for q in data["quotes"]],
            figures=[FigureStatement.from_dict(f) for f in data["figures"]],
        )
