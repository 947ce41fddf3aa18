"""The quotes table and the side-by-side disputes in Markdown and HTML: complete and escaped."""

from __future__ import annotations

import json

from storyline.model import Article, Dispute, DisputeClaim, NumericClaim, Quote, Span, StoryReport
from storyline.render import render

TEXT = 'The mayor said "<b>the | bridge</b> is safe". The engineer denied this.'


def _quote(kind: str, content: str, cue_at: int, content_at: int) -> Quote:
    """The mayor's attribution with its cue and content where the test puts them."""
    return Quote(
        speaker="The mayor",
        role="mayor",
        medium=None,
        kind=kind,
        stance="asserted",
        cue="said",
        content=content,
        source_span=Span("a", 0, 9),
        cue_span=Span("a", cue_at, cue_at + 4),
        content_span=Span("a", content_at, content_at + len(content)),
        citation=Span("a", 0, 44),
    )


def _report() -> StoryReport:
    article = Article("a", TEXT, title="Bridge", source="Gazette")
    quote = _quote("direct", '"<b>the | bridge</b> is safe"', cue_at=10, content_at=15)
    dispute = Dispute(
        "<b>the | bridge</b> is safe",
        [
            DisputeClaim("<b>the | bridge</b> is safe", "The mayor", "asserted", [Span("a", 15, 44)]),
            DisputeClaim("The engineer denied this", "The engineer", "denied", [Span("a", 46, 70)]),
        ],
    )
    figure = NumericClaim("<b>two", 2, 2, "bridges", "close", "The mayor", "asserted", [Span("a", 15, 44)])
    return StoryReport(articles=[article], quotes=[quote], disputes=[dispute], figures=[figure])


def test_json_has_the_issue_shape() -> None:
    data = json.loads(render(_report(), "json"))
    assert set(data["quotes"][0]) == {
        "speaker",
        "role",
        "medium",
        "kind",
        "stance",
        "cue",
        "content",
        "source_span",
        "cue_span",
        "content_span",
        "citation",
        "repeats",
        "independent_sources",
    }
    assert set(data["disputes"][0]) == {"topic", "claims"}
    assert set(data["disputes"][0]["claims"][0]) == {"text", "speaker", "stance", "citations", "independent_sources"}
    assert set(data["figures"][0]) == {
        "text",
        "low",
        "high",
        "counted",
        "event",
        "speaker",
        "stance",
        "citations",
        "independent_sources",
    }


def test_markdown_table_rows_survive_pipes() -> None:
    md = render(_report(), "md")
    assert "## Who said what" in md and "## Disputes" in md
    row = next(line for line in md.splitlines() if line.startswith("| The mayor"))
    assert "\\|" in row and row.endswith("[1] |") and "| direct | asserted |" in row
    assert "| The engineer denied this | The engineer | denied | [1] |" in md
    assert "## Figures" in md and "| \\<b\\>two | bridges | close | The mayor | asserted | [1] |" in md  # HTML is inert


def test_html_escapes_quotes_and_disputes() -> None:
    page = render(_report(), "html")
    assert "<b>the" not in page
    assert "&lt;b&gt;the | bridge&lt;/b&gt;" in page
    assert page.count('class="claim"') == 2
    assert 'class="quotes"' in page and "<td>direct</td>" in page
    assert 'class="figures"' in page and "<td>&lt;b&gt;two</td>" in page


def test_said_column_keeps_a_cue_only_where_it_comes_before_the_words() -> None:
    from storyline.render.common import said_text

    assert said_text(_quote("indirect", "the bridge is safe", 10, 15)) == "said the bridge is safe"  # X said ...
    assert said_text(_quote("indirect", "the bridge is safe", 30, 0)) == "the bridge is safe"  # ..., X said
