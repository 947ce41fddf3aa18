"""Syndicated copies and near-duplicate passages, and counting independent sources."""

from datetime import date

from storyline.dedup import (
    independent_sources,
    mark_independent_sources,
    merge_repeated_quotes,
    near_duplicate_passages,
    shingles,
    syndicated_copies,
)
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
from storyline.render import render
from storyline.segment import segment

WIRE = (
    "The harbour authority closed the port of Eastmouth on Tuesday after a cargo ship ran aground in fog. "
    "Tugs tried for six hours to free the vessel before the tide turned. "
    "No injuries were reported and the crew of nineteen stayed on board."
)


def article(article_id: str, text: str, day: int = 1) -> Article:
    return segment(Article(article_id, text, published=date(2021, 5, day)))


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The Ship, ran aground!", 3) == shingles("the ship ran aground", 3)


def test_a_reprint_of_wire_copy_is_found_with_its_share():
    original = article("wire", WIRE, day=1)
    copy = article("paper", WIRE + " Local fishermen said the fog had been thick since dawn.", day=2)
    other = article("own", "Eastmouth fishermen met the mayor to ask for a new lighthouse on the point.", day=2)
    copies = syndicated_copies([copy, other, original])
    assert len(copies) == 1
    assert (copies[0].original, copies[0].copy) == ("wire", "paper")
    assert 0.7 < copies[0].shared < 1.0


def test_a_shared_sentence_is_a_near_duplicate_passage():
    a = article("a", "Crowds gathered early. " + WIRE.split(". ")[0] + ".")
    b = article("b", WIRE.split(". ")[0] + ", officials said. Shops stayed shut.")
    groups = near_duplicate_passages([a, b])
    assert len(groups) == 1
    assert {s.article_id for s in groups[0]} == {"a", "b"}


def test_copies_count_once_as_sources():
    spans = [Span("wire", 0, 10), Span("paper", 0, 10), Span("own", 0, 10), Span("own", 20, 30)]
    assert independent_sources(spans) == 3
    assert independent_sources(spans, [SyndicatedCopy("wire", "paper", 0.9)]) == 2


def test_near_identical_cited_passages_count_once():
    texts = {
        "a": "The port of Eastmouth was closed on Tuesday after a cargo ship ran aground in fog.",
        "b": "The port of Eastmouth was closed on Tuesday after a cargo ship ran aground in thick fog.",
        "c": "A grounded freighter shut Eastmouth's harbour, and tugs worked for hours to move it.",
    }
    spans = [Span(k, 0, len(t)) for k, t in texts.items()]
    assert independent_sources(spans, text_of=lambda s: texts[s.article_id]) == 2


def test_markdown_and_html_list_syndicated_copies():
    report = StoryReport(articles=[article("wire", WIRE), article("paper", WIRE, day=2)])
    report.syndication = [SyndicatedCopy("wire", "paper", 1.0)]
    assert "## Syndicated copies" in render(report, "md")
    assert "[2] repeats [1] (100% of its text is shared)" in render(report, "md")
    assert "Syndicated copies" in render(report, "html")
    assert render(report, "json").count('"shared": 1.0') == 1


OWN = "Eastmouth's harbour master said the grounded freighter would be refloated at the next spring tide."


def test_every_piece_of_evidence_counts_its_independent_sources():
    """Summary sentences, timeline entries, figures and dispute claims: a copy adds no source."""
    report = StoryReport(articles=[article("wire", WIRE), article("paper", WIRE, day=2), article("own", OWN)])
    closed = [Span("wire", 0, 60), Span("paper", 0, 60)]
    report.summary = Summary([SummarySentence("The port was closed.", closed)])
    report.timeline = [TimelineEntry("2021-05-01", "The port was closed.", [*closed, Span("own", 0, 40)], 3)]
    crew = [Span("wire", 170, 230), Span("paper", 170, 230)]
    report.figures = [NumericClaim("nineteen", 19, 19, "crew", None, None, "asserted", crew)]
    report.disputes = [Dispute("crew", [DisputeClaim("the crew of nineteen", None, "asserted", crew)])]
    mark_independent_sources(report)
    assert report.syndication == [SyndicatedCopy("wire", "paper", 1.0)]
    assert report.summary.sentences[0].independent_sources == 1
    assert report.timeline[0].independent_sources == 2
    assert report.figures[0].independent_sources == 1
    assert report.disputes[0].claims[0].independent_sources == 1
    md = render(report, "md")
    assert "- The port was closed. [1][2] (1 independent source)" in md
    assert "- **2021-05-01** The port was closed. [1][2][3] (2 independent sources)" in md
    assert "| nineteen | crew |  |  | asserted | [1][2] (1 independent source) |" in md
    assert "(2 independent sources)" in render(report, "html")


def _quote(article_id: str, speaker: str, content: str) -> Quote:
    cue = Span(article_id, 0, 4)
    return Quote(speaker, None, None, "indirect", "asserted", "said", content, None, cue, None, cue)


def test_a_quote_repeated_by_other_articles_is_one_quote_citing_each():
    quotes = [
        _quote("wire", "the harbour master", "the port is closed"),
        _quote("wire", "the harbour master", "the port is closed"),  # said twice in one article: kept
        _quote("paper", "the harbour master", "The port is closed."),
        _quote("own", "a pilot", "the port is closed"),  # someone else's words
    ]
    merged = merge_repeated_quotes(quotes)
    assert merged == [quotes[0], quotes[1], quotes[3]]
    assert [c.article_id for c in merged[0].citations] == ["wire", "paper"]
    report = StoryReport(articles=[article("wire", WIRE), article("paper", WIRE, day=2), article("own", OWN)])
    report.quotes = merged
    mark_independent_sources(report)
    assert merged[0].independent_sources == 1  # the paper re-runs the wire


def test_shingle_hashes_are_the_same_in_every_process() -> None:
    import subprocess
    import sys

    text = "Floodwater swept through the old town after the dam failed overnight."
    code = f"from storyline.dedup import shingles; print(sorted(shingles({text!r}, 3)))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)}
    assert len(runs) == 1 and runs != {""}  # two processes (two string-hash salts), one answer
    assert runs.pop().strip() == str(sorted(shingles(text, 3)))
