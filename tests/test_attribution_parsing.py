"""Parsing for attribution: one parse per paragraph shared within a run, and which paragraphs get parsed."""

from __future__ import annotations

from pathlib import Path

from storyline.attribution.crf import AttributionFilter
from storyline.nlp import Parses
from storyline.timex import ParsedTense

TEXT = "The council met on Monday.\n\nThe mayor said the bridge will reopen on Friday."


def test_parses_are_shared_inside_a_run_only() -> None:
    run = Parses()
    first = run.parse([TEXT])[0]
    again = run.parse([TEXT])[0]
    assert [p.doc for p in again] == [p.doc for p in first]  # the same Doc objects, not re-parsed
    assert [p.offset for p in run.of(TEXT) or []] == [0, 28]
    assert Parses().of(TEXT) is None  # another run starts with nothing


def test_runs_in_threads_keep_their_own_parses() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"The council met on day {n}.\n\nThe mayor said it would reopen." for n in range(8)]

    def run_one(text: str) -> tuple[str, list[str]]:
        run = Parses()
        run.parse([text])
        return text, [p.doc.text for p in run.of(text) or []] + [t for t in texts if run.of(t) and t != text]

    with ThreadPoolExecutor(max_workers=4) as pool:
        for text, seen in pool.map(run_one, texts):
            assert seen == text.split("\n\n")  # its own paragraphs, and no other run's text


def test_a_filtered_parse_leaves_the_rest_for_later_stages() -> None:
    def said(piece: str) -> bool:
        return "said" in piece

    run = Parses()
    (only,) = run.parse([TEXT], keep=said)
    assert [p.offset for p in only] == [28]
    assert [p.offset for p in run.parse([TEXT])[0]] == [0, 28]


def test_tense_from_a_shared_parse_matches_its_own_parse() -> None:
    start = TEXT.index("Friday")
    bounds = [(0, 26), (28, len(TEXT))]
    own = ParsedTense(bounds)(TEXT, start, start + 6)
    shared = ParsedTense(bounds, Parses().parse([TEXT])[0])(TEXT, start, start + 6)
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
