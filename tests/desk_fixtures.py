"""Story databases for the desk's tests: hand-written articles (one of them hostile), stored
with the real ingest, and a hand-built stored report whose citations point into them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storyline.model import (
    Article,
    Dispute,
    DisputeClaim,
    NumericClaim,
    Quote,
    Span,
    StoryReport,
    Summary,
    SummarySentence,
    SyndicatedCopy,
    TimelineEntry,
)
from storyline.pipeline import ingest_articles
from storyline.store import Store

FLOOD = (
    "Floodwater swept through Riverton on Tuesday after the Mallow dam failed. "
    "Rescuers used boats to reach homes in the lower town. "
    'Mayor Ingrid Holm said: "We have evacuated 400 people." '
    "Officials said 12 people were missing."
)
HOSTILE_TITLE = "<script>window.pwned=1</script>Flood warning"
HOSTILE_SOURCE = '"><img src=x onerror="window.pwned=2">'
HOSTILE_URL = "javascript:window.pwned=3"
HOSTILE_TEXT = (
    'The Mallow dam report <script>window.pwned=4</script> said "><img src=x onerror="window.pwned=5"> '
    "that the Riverton floodwater rose quickly after the dam failed."
)

RAW = [
    Article("flood-a", FLOOD, title="Mallow dam fails, Riverton floods", source="Riverton Post",
            url="https://post.example/flood", published=date(2026, 4, 7)),
    Article("flood-b", FLOOD + " More rain is expected.", title="Riverton flooded as dam fails",
            source="County Wire", url="https://wire.example/flood", published=date(2026, 4, 8)),
    Article("flood-hostile", HOSTILE_TEXT + " " + FLOOD, title=HOSTILE_TITLE, source=HOSTILE_SOURCE,
            url=HOSTILE_URL, published=date(2026, 4, 8)),
    Article("vote-a", "Voters in Castleford re-elected mayor Anna Berg by a wide margin on Sunday.",
            title="Castleford re-elects Berg", source="Castleford Times", published=date(2026, 3, 1)),
    Article("junk-1", "More soon", source="County Wire"),
]  # fmt: skip


def sentence(text: str, words: str) -> tuple[int, int]:
    """The offsets of the sentence of ``text`` that starts with ``words``."""
    start = text.index(words)
    return start, text.index(".", start) + 1


def build_desk_db(path: Path) -> dict[str, int]:
    """Ingest :data:`RAW` and store a report for the flood story; returns the story ids."""
    with Store(path) as store:
        ingest_articles(store, list(RAW), records=True)
        flood = store.article("flood-a").story_id
        vote = store.article("vote-a").story_id
        assert flood is not None and vote is not None and flood != vote
        articles = store.story_articles(flood)
        text = {a.id: a.text for a in articles}
        for a in articles:
            a.off_topic = a.id == "flood-hostile"

        def span(article_id: str, words: str) -> Span:
            return Span(article_id, *sentence(text[article_id], words))

        rescue = span("flood-a", "Rescuers used boats")
        quote = span("flood-a", "Mayor Ingrid Holm")
        start = text["flood-a"].index("We have")
        report = StoryReport(
            articles=articles,
            summary=Summary([SummarySentence(text[rescue.article_id][rescue.start : rescue.end], [rescue], 1)]),
            quotes=[
                Quote("Ingrid Holm", "mayor", None, "direct", "asserted", "said", "We have evacuated 400 people.",
                      None, Span("flood-a", quote.start + 17, quote.start + 21), Span("flood-a", start, start + 29),
                      quote, repeats=[span("flood-b", "Mayor Ingrid Holm")], independent_sources=1)
            ],
            timeline=[TimelineEntry("2026-04-07", "Floodwater swept through Riverton.",
                                    [span("flood-a", "Floodwater swept")], 1, 1)],
            disputes=[Dispute("people missing", [
                DisputeClaim("12 people were missing", "officials", "claimed", [span("flood-a", "Officials said")]),
                DisputeClaim("no one is missing", None, "denied", [span("flood-b", "More rain")]),
            ])],
            figures=[NumericClaim("12", 12, 12, "people", "miss", "officials", "claimed",
                                  [span("flood-a", "Officials said")])],
            syndication=[SyndicatedCopy("flood-a", "flood-b", 0.93)],
        )  # fmt: skip
        store.put_report(flood, "hand-built", report)
    return {"flood": flood, "vote": vote}
