"""Peer baselines share storyline's interface and contract: cited source text within budget."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.segment import segment
from storyline.summarizers import systems
from storyline.summarizers.baselines import first3

TEXTS = [
    "Heavy rain flooded the low streets of Penmore overnight. Firefighters rescued six people from cars. "
    "Schools in the town stayed closed on Tuesday. A fourth sentence is not part of the lead here.",
    "Flood water rose quickly in Penmore after a night of heavy rain. Six people were pulled from cars by "
    "firefighters on the main road. The council opened a shelter in the sports hall for displaced families.",
]


def articles() -> list[Article]:
    return [segment(Article(id=f"a{k}", text=t)) for k, t in enumerate(TEXTS, start=1)]


@pytest.mark.parametrize("name", ["first3", "lexrank", "textrank", "centroid_mmr", "storyline"])
def test_each_system_cites_source_text_within_budget(name: str) -> None:
    arts = {a.id: a for a in articles()}
    summary = systems()[name](list(arts.values()), 25)
    assert 0 < summary.word_count <= 25
    for sentence in summary.sentences:
        span = sentence.citations[0]
        assert arts[span.article_id].text[span.start : span.end] == sentence.text


def test_first3_takes_the_lead_of_each_document_in_order() -> None:
    summary = first3(articles(), 1000)
    assert [s.citations[0].article_id for s in summary.sentences] == ["a1"] * 3 + ["a2"] * 3
    assert "fourth sentence" not in " ".join(s.text for s in summary.sentences)


def test_last_baseline_sentence_is_cut_to_the_budget() -> None:
    summary = first3(articles(), 12)
    assert summary.word_count == 12
    assert summary.sentences[-1].text == "Firefighters rescued six"
