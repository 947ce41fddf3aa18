"""``storyline eval quotes``: locating gold snippets, matching quotes and speakers, the gold file."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from storyline.eval.quotes import GOLD, GoldRow, Predicted, Score, locate, read_gold, same_speaker


def _row(content: str, speaker: str, aliases: list[str] | None = None) -> GoldRow:
    return GoldRow("p", content, speaker, aliases or [], "dev")


def test_a_snippet_is_found_whatever_happened_to_spaces_and_curly_marks() -> None:
    text = "The mayor said:\n\n“The pier’s  safe,” and left."
    start, end = locate('"The pier\'s safe,"', text)  # type: ignore[misc]
    assert text[start:end] == "“The pier’s  safe,”"
    assert locate("the bridge fell", text) is None


def test_speaker_matches_the_name_or_an_alias_whatever_the_case_and_a_leading_the() -> None:
    row = _row("x", "Tomas Lind", ["Lind", "the harbour master"])
    assert same_speaker("tomas lind", row) and same_speaker("The harbour master", row)
    assert not same_speaker("Harbour", row) and not same_speaker(None, row)


def test_precision_recall_and_speaker_accuracy_count_what_a_reader_sees() -> None:
    text = "Lind said the pier was safe. Marsh said the ferry was late. The sun rose."
    gold = [_row("the pier was safe", "Tomas Lind", ["Lind"]), _row("the ferry was late", "Lena Marsh")]
    for g in gold:
        g.span = locate(g.content, text)
    score = Score()
    score.add(
        text,
        gold,
        [
            Predicted(10, 27, "Lind"),  # right quote, right speaker
            Predicted(40, 58, "Lind"),  # right quote, wrong speaker
            Predicted(60, 72, "Lind"),  # no gold quote there
        ],
    )
    figures = score.figures()
    assert (figures["precision"], figures["recall"], figures["speaker_accuracy"]) == (0.6667, 1.0, 0.5)


@pytest.mark.data
def test_every_gold_snippet_is_in_its_pages_hand_checked_body() -> None:
    bodies = json.loads(shared_path("extraction", "ground-truth.json").read_text(encoding="utf-8"))
    rows = read_gold(GOLD)
    assert {r.split for r in rows} == {"dev", "test"}
    for row in rows:
        assert row.content in bodies[row.page]["articleBody"]
