"""The issue's must-show on the seed coverage: who said what, and the two disputes.

Checks behaviour, not wording: the speakers found, their media and stances, and that the
disputes group the right claims; every span must point at its own text.
"""

from __future__ import annotations

import pytest
from conftest import shared_path

from storyline.model import StoryReport
from storyline.pipeline import analyze

pytestmark = [pytest.mark.data, pytest.mark.slow]


@pytest.fixture(scope="module")
def report() -> StoryReport:
    return analyze([shared_path("seeds")])


def _quotes_by(report: StoryReport, speaker: str) -> list:
    return [q for q in report.quotes if q.speaker == speaker]


def test_spans_are_the_evidence(report: StoryReport) -> None:
    for q in report.quotes:
        text = report.article(q.cue_span.article_id).text
        assert text[q.cue_span.start : q.cue_span.end] == q.cue
        if q.content_span:
            assert text[q.content_span.start : q.content_span.end] == q.content


def test_hussaini_quoted_twice_with_media_and_role(report: StoryReport) -> None:
    quotes = _quotes_by(report, "Sayed Sarwar Hussaini")
    assert {q.medium for q in quotes} >= {"BBC Afghan", "Reuters"}
    assert any(q.role == "spokesman for Kunduz's police chief" for q in quotes)


def test_other_named_speakers(report: StoryReport) -> None:
    assert _quotes_by(report, "Sediq Sediqqi")
    assert _quotes_by(report, "Mullah Akhtar Mansour")


def test_stances_from_the_text(report: StoryReport) -> None:
    stances = {q.stance for q in report.quotes}
    assert {"unverified", "denied"} <= stances
    assert any(q.stance == "unverified" and "200" in q.content for q in report.quotes)


def test_casualty_figures_disagree(report: StoryReport) -> None:
    texts = [[c.text for c in d.claims] for d in report.disputes]
    assert any(
        any("about 200 Taliban fighters" in t for t in claims) and any("Hundreds of Taliban" in t for t in claims)
        for claims in texts
    )


def test_claim_and_denial_grouped(report: StoryReport) -> None:
    denials = [d for d in report.disputes if any(c.stance == "denied" for c in d.claims)]
    assert any(any("Taliban leader" in c.text for c in d.claims) for d in denials)
