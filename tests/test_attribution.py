"""Attribution: reading brat gold, scoring, and reading a triple as speaker / role / medium / stance."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from storyline.attribution.corpus import parse_ann
from storyline.attribution.crf import split_conjoined_cues
from storyline.attribution.linking import Attribution
from storyline.attribution.quotes import attribute_articles, continued_quotations, kind_of, medium_of, stance_of
from storyline.attribution.spans import TaggedSpan, spans_from_tags, tags_for_spans
from storyline.attribution.speakers import NameIndex, group_antecedents, names_someone, speaker_and_role
from storyline.eval.attribution import Tally, _shares_token, score
from storyline.nlp import PARSE_DISABLED, ParsedParagraph, spacy_pipeline

ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 30;35 40\tthe bridge was safe\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 50 62\taccording to\n"
    "T6\tContent 41 49\tit rains\n"
    "E2\tAttribution-no-source:T5 Cue:T5 Content:T6\n"
)


def test_parse_ann_links_roles_and_keeps_fragments() -> None:
    first, second = parse_ann(ANN)
    assert (first.source.start, first.source.end) == (0, 9)
    assert first.content.fragments == ((15, 30), (35, 40))
    assert second.source is None and second.cue.start == 50


def test_overlap_needs_a_shared_non_space_character() -> None:
    text = "ab cd"
    assert _shares_token(((0, 3),), ((2, 5),), text) is False  # only the space is shared
    assert _shares_token(((0, 4),), ((3, 5),), text) is True


def test_tally_matches_one_to_one() -> None:
    tally = Tally()
    tally.add(["g"], ["p1", "p2"], lambda g, p: True)  # two predictions cannot both claim one gold
    assert tally.prf() == pytest.approx((0.5, 1.0, 2 / 3))


def test_score_relation_requires_all_roles() -> None:
    text = "The mayor said the bridge was safe."
    gold = parse_ann("T1\tSource 0 9\tx\nT2\tCue 10 14\tx\nT3\tContent 15 34\tx\nE1\tSource:T1 Cue:T2 Content:T3\n")
    right = Attribution(
        TaggedSpan("cue", 10, 14, 2, 2), TaggedSpan("source", 4, 9, 1, 1), TaggedSpan("content", 19, 25, 4, 4), None
    )  # type: ignore[arg-type]
    no_source = Attribution(right.cue, None, right.content, None)  # type: ignore[arg-type]
    tallies = score([(text, gold, [right])])
    assert tallies["relation"]["overlap"].prf()[2] == 1.0
    assert tallies["source"]["exact"].prf()[2] == 0.0
    assert score([(text, gold, [no_source])])["relation"]["overlap"].prf()[2] == 0.0


def test_bio_tags_round_trip_to_character_spans() -> None:
    nlp = spacy_pipeline()
    text = "The mayor said the bridge was safe."
    doc = nlp(text)
    tags = tags_for_spans(doc, 100, [("S", 100, 109), ("C", 110, 114), ("T", 115, 134)])
    assert tags[:4] == ["B-S", "I-S", "B-C", "B-T"]
    spans = spans_from_tags(doc, 100, tags)
    assert [(s.role, s.start, s.end) for s in spans] == [("source", 100, 109), ("cue", 110, 114), ("content", 115, 134)]


def _span_of_words(doc: Any, role: str, words: str | None) -> TaggedSpan | None:
    """The span of the first occurrence of ``words`` in a paragraph at offset 0."""
    if words is None:
        return None
    start = doc.text.index(words)
    piece = doc.char_span(start, start + len(words), alignment_mode="expand")
    return TaggedSpan(role, start, start + len(words), piece.start, piece.end - 1)


def _attribution(text: str, source: str | None, cue: str, content: str) -> tuple[Attribution, NameIndex]:
    """An attribution over a parsed paragraph, with spans given by their words."""
    (att,), names = _attributions_of(text, [(source, cue, content)])
    return att, names


def test_speaker_named_with_apposition_role_and_told_medium() -> None:
    text = "Maria Ostrova, a spokeswoman for the harbour authority, told Reuters that the pier had reopened."
    att, names = _attribution(
        text, "Maria Ostrova, a spokeswoman for the harbour authority", "told", "the pier had reopened"
    )
    assert speaker_and_role(att, names) == ("Maria Ostrova", "spokeswoman for the harbour authority")
    assert medium_of(att) == "Reuters"
    assert stance_of(att) == "asserted" and kind_of(text, att) == "indirect"


def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = "Harbour master Tomas Lind inspected the pier. He said the pier had reopened."
    att, names = _attribution(text, "He", "said", "the pier had reopened")
    assert speaker_and_role(att, names)[0] == "Tomas Lind"


def test_title_becomes_the_role_and_a_named_paper_is_no_person() -> None:
    text = "President Lena Marsh spoke to the Harbor Courier on Monday. She said the pier had reopened."
    att, names = _attribution(text, "She", "said", "the pier had reopened")
    assert speaker_and_role(att, names) == ("Lena Marsh", "President")


def _attributions_of(text: str, triples: list[tuple[str | None, str, str]]) -> tuple[list[Attribution], NameIndex]:
    """Attributions over one parsed paragraph (parsed as in a run: no NER), each given as
    (source, cue, content) words."""
    doc = spacy_pipeline(PARSE_DISABLED)(text)
    paragraph = ParsedParagraph(0, doc)
    found = [
        Attribution(
            _span_of_words(doc, "cue", c),
            _span_of_words(doc, "source", s),
            _span_of_words(doc, "content", t),
            paragraph,
        )  # type: ignore[arg-type]
        for s, c, t in triples
    ]
    return found, NameIndex([paragraph])


def test_it_carries_on_the_group_that_spoke_before() -> None:
    text = "The harbour authority said ferries to Eastmouth had stopped. It added that the pier was closed."
    (authority, it), names = _attributions_of(
        text, [("The harbour authority", "said", "ferries to Eastmouth had stopped"), ("It", "added", "that the pier")]
    )
    antecedents = group_antecedents([authority, it], [authority.paragraph], names)
    assert antecedents == {1: authority}
    assert speaker_and_role(it, names, antecedents[1])[0] == "The harbour authority"
    assert speaker_and_role(it, names)[0] == "Eastmouth"  # without it: the group named last


def test_it_does_not_carry_on_a_person_or_a_plural() -> None:
    text = (
        "Maria Ostrova said the tide was high. It added that the road was shut. "
        "Officials claimed the pier was open, and it noted that ferries run."
    )
    triples = [
        ("Maria Ostrova", "said", "the tide was high"),
        ("It", "added", "that the road was shut"),
        ("Officials", "claimed", "the pier was open"),
        ("it", "noted", "that ferries run"),
    ]
    atts, names = _attributions_of(text, triples)
    assert group_antecedents(atts, [atts[0].paragraph], names) == {}


def test_a_quoted_sentence_after_a_quote_carries_it_on() -> None:
    text = '"The pier is safe," the mayor said. "We checked it twice." "Twice," he added. The council met.'
    (mayor, added), _ = _attributions_of(
        text, [("the mayor", "said", '"The pier is safe,"'), ("he", "added", '"Twice,"')]
    )
    (carried,) = continued_quotations([mayor, added])  # not the sentence "he added" holds, nor the last
    assert (carried.source, carried.cue) == (mayor.source, mayor.cue)
    assert text[carried.content.start : carried.content.end] == '"We checked it twice."'  # type: ignore[union-attr]
    indirect, _ = _attributions_of(
        'The mayor said the pier is safe. "We checked it."', [("The mayor", "said", "the pier")]
    )
    assert continued_quotations(indirect) == []


def test_an_outlet_before_the_name_is_the_role_without_its_possessive() -> None:
    text = "The Gazette's Tomas Lind says the pier had reopened."
    att, names = _attribution(text, "The Gazette's Tomas Lind", "says", "the pier had reopened")
    assert speaker_and_role(att, names) == ("Tomas Lind", "Gazette")


def test_unnamed_source_stays_a_role() -> None:
    text = "A spokesman for the port said the pier had reopened."
    att, names = _attribution(text, "A spokesman for the port", "said", "the pier had reopened")
    assert speaker_and_role(att, names) == ("A spokesman for the port", "spokesman for the port")


@pytest.mark.parametrize(
    ("text", "cue", "content", "stance"),
    [
        ("The rebels claimed the pier was theirs.", "claimed", "the pier was theirs", "claimed"),
        (
            "The rebels said the pier was theirs, which could not be independently verified.",
            "said",
            "the pier was theirs",
            "unverified",
        ),
        ("The navy denied the pier was damaged.", "denied", "the pier was damaged", "denied"),
    ],
)
def test_stance_comes_from_the_words(text: str, cue: str, content: str, stance: str) -> None:
    att, _ = _attribution(text, text.split(" ", 2)[0] + " " + text.split(" ", 2)[1], cue, content)
    assert stance_of(att) == stance


def test_direct_quotation_and_medium_phrase() -> None:
    text = 'The governor said in a televised address: "We will rebuild the pier."'
    att, _ = _attribution(text, "The governor", "said", "We will rebuild the pier.")
    assert kind_of(text, att) == "direct"
    assert medium_of(att) == "in a televised address"


def test_eval_module_declares_its_arguments() -> None:
    from storyline.eval import attribution

    parser = argparse.ArgumentParser()
    attribution.add_arguments(parser)
    args = parser.parse_args(["some/folder", "--json", "--limit", "3"])
    assert args.json and args.limit == 3


def test_sourceless_attribution_inherits_the_source_of_its_sentence() -> None:
    from storyline.attribution.linking import inherit_sources

    text = 'The mayor told reporters the pier was safe, adding: "We are proud."'
    first, _ = _attribution(text, "The mayor", "told", "the pier was safe")
    second, _ = _attribution(text, None, "adding", '"We are proud."')
    second = Attribution(second.cue, None, second.content, first.paragraph)
    assert inherit_sources([first, second])[1].source == first.source


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker"),
    [
        # the subject of the clause the cue hangs off
        (
            "The harbour master went on television, describing the new pier as a hazard.",
            "describing",
            "the new pier as a hazard",
            "The harbour master",
        ),
        # a passive cue's agent; its subject (the pier) is what is spoken of
        ("The pier was described as a hazard by the harbour master.", "described as", "a hazard", "the harbour master"),
    ],
)
def test_a_sourceless_cue_takes_its_speaker_from_the_parse(text: str, cue: str, content: str, speaker: str) -> None:
    from storyline.attribution.linking import subject_sources

    att, _ = _attribution(text, None, cue, content)
    [found] = subject_sources([att])
    assert found.source is not None
    assert text[found.source.start : found.source.end] == speaker


def test_a_passive_subject_is_spoken_of_not_a_speaker() -> None:
    from storyline.attribution.linking import assemble

    text = "The rebels are reported to have looted the harbour office."
    att, _ = _attribution(text, "The rebels", "are reported", "to have looted the harbour office")
    [found] = assemble(att.paragraph, [att.source, att.cue, att.content])  # type: ignore[list-item]
    assert found.source is None and found.content == att.content


def _assembled(text: str, runs: list[tuple[str, str]]) -> list[tuple[str | None, str, str]]:
    """``assemble`` over tagged runs given as (role, words): (source, cue, content) texts found."""
    from storyline.attribution.linking import assemble

    doc = spacy_pipeline(PARSE_DISABLED)(text)
    spans = [_span_of_words(doc, role, words) for role, words in runs]
    found = assemble(ParsedParagraph(0, doc), spans)  # type: ignore[arg-type]
    return [
        (
            a.source and text[a.source.start : a.source.end],
            text[a.cue.start : a.cue.end],
            text[a.content.start : a.content.end],
        )  # type: ignore[union-attr]
        for a in found
    ]


@pytest.mark.parametrize(
    ("text", "runs", "expected"),
    [
        pytest.param(
            "The reporter asked the mayor whether the pier would reopen.",
            [("source", "The reporter"), ("cue", "asked"), ("content", "the mayor"), ("content", "whether the pier")],
            ("The reporter", "asked", "the mayor whether the pier"),
            id="a content broken around an addressee is kept whole",
        ),
        pytest.param(
            "The mayor said the pier was safe. The council wondered whether it will reopen.",
            [("source", "The mayor"), ("cue", "said"), ("content", "the pier was safe"), ("content", "whether it")],
            ("The mayor", "said", "the pier was safe"),
            id="a content run of another sentence is not joined",
        ),
        pytest.param(
            "Citing a leaked memo, the mayor said the pier was safe.",
            [("content", "a leaked memo"), ("source", "the mayor"), ("cue", "said"), ("content", "the pier was safe")],
            ("the mayor", "said", "the pier was safe"),
            id="a content run is not joined over the cue and the speaker",
        ),
        pytest.param(
            "The mayor hinted at what the plans hold, but Governor Lind wants none of it, citing the mayor's plans.",
            [
                ("source", "The mayor"),
                ("cue", "hinted at"),
                ("content", "what the plans hold"),
                ("source", "Governor Lind"),
                ("content", "the mayor's plans"),
            ],
            ("The mayor", "hinted at", "what the plans hold"),
            id="a content run is not joined over another speaker",
        ),
        pytest.param(
            "The mayor took a swipe at the council by suggesting that the pier was safe.",
            [("source", "The mayor"), ("cue", "took a swipe"), ("cue", "suggesting"), ("content", "that the pier")],
            ("The mayor", "took a swipe at the council by suggesting", "that the pier"),
            id="a broken cue is joined and keeps its source",
        ),
        pytest.param(
            "The mayor said the pier was safe on Monday.",
            [("source", "The mayor"), ("cue", "said"), ("content", "the pier was safe"), ("cue", "on Monday")],
            ("The mayor", "said", "the pier was safe"),
            id="a cue run is not joined over the content",
        ),
    ],
)
def test_leftover_runs_join_the_nearest_attribution_of_their_sentence(
    text: str, runs: list[tuple[str, str]], expected: tuple[str, str, str]
) -> None:
    assert _assembled(text, runs) == [expected]


def test_runs_of_one_role_are_not_joined_across_a_sentence_end() -> None:
    text = "Farmers fear the flood will reach the valley. Council engineers are understood to want a new dam."
    runs = [
        ("source", "Farmers"),
        ("cue", "fear"),
        ("content", "the flood will reach the valley"),
        ("content", "Council engineers"),  # the next sentence's own: only a full stop lies between
        ("cue", "are understood"),
        ("content", "to want a new dam"),
    ]
    first, second = _assembled(text, runs)
    assert first == ("Farmers", "fear", "the flood will reach the valley")
    assert second[1] == "are understood"


def test_a_content_does_not_start_or_end_on_the_punctuation_that_ties_it_to_its_cue() -> None:
    text = 'The ferry company said: "Every hull was inspected in May", and the harbour master agreed.'
    runs = [("source", "The ferry company"), ("cue", "said"), ("content", ': "Every hull was inspected in May",')]
    assert _assembled(text, runs) == [("The ferry company", "said", '"Every hull was inspected in May"')]


def test_linking_prefers_the_spans_the_parse_ties_to_the_cue() -> None:
    from storyline.attribution.linking import _CueLinks, _parse_links, sentence_starts

    text = "The mayor, who met the engineer, said the pier was safe."
    att, _ = _attribution(text, "The mayor", "said", "the pier was safe")
    other, _ = _attribution(text, "the engineer", "said", "the pier was safe")
    doc = att.paragraph.doc
    links = _CueLinks.of(doc, att.cue, sentence_starts(doc))
    assert _parse_links(links, att.source)  # type: ignore[arg-type]
    assert _parse_links(links, att.content)  # type: ignore[arg-type]
    other_links = _CueLinks.of(other.paragraph.doc, other.cue, sentence_starts(other.paragraph.doc))
    assert not _parse_links(other_links, other.source)  # type: ignore[arg-type]


def test_a_source_that_names_nobody_gives_no_quote() -> None:
    there, _ = _attribution("There are reports of gunfire near the pier.", "There", "are reports", "of gunfire")
    article, _ = _attribution("A ferry was said to have sunk.", "A", "was said", "to have sunk")
    captain, _ = _attribution("The captain said the pier had reopened.", "The captain", "said", "the pier had reopened")
    she, _ = _attribution("She said the pier had reopened.", "She", "said", "the pier had reopened")
    assert not names_someone(there) and not names_someone(article)
    assert names_someone(captain) and names_someone(she)


def test_a_denial_clause_after_the_content_is_split_out_whatever_the_tagger_made_of_it() -> None:
    text = "The mayor says the bridge is safe, but the ferry company has denied this."
    doc = spacy_pipeline(PARSE_DISABLED)(text)

    def span(role: str, words: str) -> TaggedSpan:
        start = text.index(words)
        piece = doc.char_span(start, start + len(words), alignment_mode="expand")
        return TaggedSpan(role, start, start + len(words), piece.start, piece.end - 1)

    muddled = [
        span("source", "The mayor"),
        span("cue", "says"),
        span("content", "the bridge is safe, but"),
        span("content", "the ferry company"),  # the tagger's roles for the second clause are wrong
        span("cue", "has"),
        span("content", "denied this"),
    ]
    spans = split_conjoined_cues(doc, 0, muddled, frozenset({"say", "deny"}))
    assert [(s.role, text[s.start : s.end]) for s in spans] == [
        ("source", "The mayor"),
        ("cue", "says"),
        ("content", "the bridge is safe"),
        ("source", "the ferry company"),
        ("cue", "has denied"),
        ("content", "this"),
    ]


def test_an_article_gets_the_same_quotes_alone_or_with_others() -> None:
    """The int8 graph scales activations per batch, so articles are tagged one at a time."""
    from storyline.model import Article

    first = Article(id="a", text="The harbour master told reporters that the ferry would not sail before Friday.")
    second = Article(
        id="b",
        text="Fishermen, who had waited on the quay since dawn, said the storm was the worst in years "
        "and that several boats had been lost, although the coastguard later denied that any crew was missing.",
    )
    [alone] = attribute_articles([first])
    together = attribute_articles([first, second])[0]
    assert [(q.speaker, q.cue, q.content) for q in alone.quotes] == [
        (q.speaker, q.cue, q.content) for q in together.quotes
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            '"The pier is safe", Maria Ostrova',
            [("Maria Ostrova, spokeswoman for the harbour", "said", '"The pier is safe"')],
            id="a name read into the quotation is its source",
        ),
        pytest.param(
            '"The pier is safe", again',
            [("spokeswoman for the harbour", "said", '"The pier is safe", again')],
            id="other words after the quotation stay in the content",
        ),
    ],
)
def test_a_quotation_that_runs_into_the_speakers_name_gives_the_name_back(
    content: str, expected: list[tuple[str, str, str]]
) -> None:
    text = f"{content}, spokeswoman for the harbour said on Monday."
    runs = [("content", content), ("source", "spokeswoman for the harbour"), ("cue", "said")]
    assert _assembled(text, runs) == expected
