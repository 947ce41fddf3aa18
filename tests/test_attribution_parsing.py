"""Parsing for attribution: one parse per paragraph shared within a run, and which paragraphs get parsed."""

from __future__ import annotations

from pathlib import Path

from storyline.attribution.crf import AttributionFilter
from storyline.nlp import parse_texts, parsed_text, shared_parses
from storyline.timex import ParsedTense

TEXT = "The council met on Monday.\n\nThe mayor said the bridge will reopen on Friday."


def test_parses_are_shared_inside_a_run_only() -> None:
    with shared_parses():
        first = parse_texts([TEXT])[0]
        again = parse_texts([TEXT])[0]
        assert [p.doc for p in again] == [p.doc for p in first]  # the same Doc objects, not re-parsed
        assert [p.offset for p in parsed_text(TEXT) or []] == [0, 28]
    assert parsed_text(TEXT) is None  # nothing outlives the run


def test_a_filtered_parse_leaves_the_rest_for_later_stages() -> None:
    def said(piece: str) -> bool:
        return "said" in piece

    with shared_parses():
        (only,) = parse_texts([TEXT], keep=said)
        assert [p.offset for p in only] == [28]
        assert [p.offset for p in parse_texts([TEXT])[0]] == [0, 28]


def test_tense_from_a_shared_parse_matches_its_own_parse() -> None:
    start = TEXT.index("Friday")
    bounds = [(0, 26), (28, len(TEXT))]
    own = ParsedTense(bounds)(TEXT, start, start + 6)
    with shared_parses():
        shared = ParsedTense(bounds, parse_texts([TEXT])[0])(TEXT, start, start + 6)
    assert own == shared == "future"


def test_filter_keeps_quotes_and_cue_forms(tmp_path: Path) -> None:
    forms = tmp_path / "cues_forms.txt"
    forms.write_text("said\n:\n", encoding="utf-8")
    worth = AttributionFilter(forms)
    assert worth("The mayor said so.")
    assert worth('"It held," residents agreed.')  # a quotation mark
    assert worth("Her verdict: guilty.")  # a cue mark
    assert not worth("The river rose overnight.")
    assert AttributionFilter(tmp_path / "missing.txt")("The river rose overnight.")  # no forms: parse all
