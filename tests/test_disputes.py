"""Numeric claims and disputes: different figures for one quantity, and claims with their denials."""

from __future__ import annotations

import pytest

from storyline.attribution.quotes import AttributedArticle
from storyline.disputes import article_figures, figures_and_disputes
from storyline.model import Article, Dispute, NumericClaim, Quote, Span
from storyline.nlp import ParsedParagraph, spacy_pipeline
from storyline.numbers import find_numbers, number_value


@pytest.mark.parametrize(("word", "value"), [("200", 200.0), ("10,000", 10000.0), ("Thirteen", 13.0), ("x", None)])
def test_number_value(word: str, value: float | None) -> None:
    assert number_value(word) == value


def _numbers(text: str) -> list:
    return list(find_numbers(spacy_pipeline()(text)))


def test_hedged_figure_with_counted_thing_and_event() -> None:
    (found,) = _numbers("Officials said about 300 sheep had been drowned in the flood.")
    assert found.figure.text == "about 300"
    assert (found.figure.low, found.figure.high) == pytest.approx((270, 330))
    assert found.counted == "sheep" and found.event == "drown"


def test_vague_figure_counts_the_of_phrase() -> None:
    (found,) = _numbers("Hundreds of sheep were drowned.")
    assert found.figure.text == "Hundreds" and found.counted == "sheep" and found.event == "drown"


def test_figure_without_event_is_not_a_claim() -> None:
    assert _numbers("The farm is 300 metres from the river.") == []


def test_a_figure_that_counts_who_speaks_is_no_claim() -> None:
    assert _numbers("Two farmers said the sheep had drowned.") == []


def test_one_of_a_group_is_no_count_but_two_of_them_are() -> None:
    assert _numbers("One of the first signs of the flood came on Monday.") == []
    (found,) = _numbers("Two of the sheep were drowned.")
    assert found.figure.text == "Two" and found.counted == "sheep"


def _attributed(article_id: str, text: str, quotes: list[Quote] | None = None) -> AttributedArticle:
    article = Article(article_id, text, source=f"outlet {article_id}")
    return AttributedArticle(article, [ParsedParagraph(0, spacy_pipeline()(text))], [], quotes or [])


def _figures_and_disputes(items: list[AttributedArticle]) -> tuple[list[NumericClaim], list[Dispute]]:
    """The story stage over what the per-article stage found in each article."""
    articles = [item.article for item in items]
    return figures_and_disputes(articles, [item.quotes for item in items], [article_figures(i) for i in items])


def denial_disputes(items: list[AttributedArticle]) -> list[Dispute]:
    return _figures_and_disputes(items)[1]  # these texts state no figure: every dispute is a denial


def test_different_figures_for_one_quantity_form_a_dispute() -> None:
    items = [
        _attributed("a", "The council said about 300 sheep had been drowned."),
        _attributed("b", "Farmers say hundreds of sheep were drowned overnight."),
        _attributed("c", "Forty cars were towed away."),
    ]
    figures, (dispute,) = _figures_and_disputes(items)
    assert dispute.topic == "number of sheep drowned"
    assert [c.citations[0].article_id for c in dispute.claims] == ["a", "b"]
    assert dispute.claims[0].text.startswith("about 300 sheep")
    assert [(f.text, f.counted, f.event, f.speaker) for f in figures] == [
        ("about 300", "sheep", "drown", "outlet a"),
        ("hundreds", "sheep", "drown", "outlet b"),
        ("Forty", "cars", "tow", "outlet c"),
    ]


def test_same_figure_everywhere_is_no_dispute_but_one_figure_citing_each_outlet() -> None:
    items = [_attributed("a", "About 300 sheep were drowned."), _attributed("b", "About 300 sheep were drowned.")]
    (figure,), disputes = _figures_and_disputes(items)
    assert disputes == []
    assert [c.article_id for c in figure.citations] == ["a", "b"]
    assert figure.speaker == "outlet a, outlet b"


def _quote(text: str, speaker: str, cue: str, content: str, stance: str) -> Quote:
    start = text.index(speaker)
    c_start = text.index(content, start) if content else text.index(cue) + len(cue)
    cue_start = text.index(cue, start)
    end = max(c_start + len(content), cue_start + len(cue))
    return Quote(
        speaker,
        None,
        None,
        "indirect",
        stance,
        cue,
        content,
        Span("a", start, start + len(speaker)),
        Span("a", cue_start, cue_start + len(cue)),
        Span("a", c_start, c_start + len(content)),
        Span("a", start, end),
    )


def test_denial_pointing_back_pairs_with_the_claim_before_it() -> None:
    text = "The ministry says the dam was sabotaged, but the contractor has denied this."
    claim = _quote(text, "The ministry", "says", "the dam was sabotaged", "asserted")
    denial = _quote(text, "the contractor", "has denied", "this", "denied")
    (dispute,) = denial_disputes([_attributed("a", text, [claim, denial])])
    assert dispute.topic == "the dam was sabotaged"
    assert [c.stance for c in dispute.claims] == ["asserted", "denied"]
    assert dispute.claims[1].text == "the contractor has denied this"


def test_a_quote_that_only_points_back_is_not_the_claim_a_denial_answers() -> None:
    text = (
        "The mayor accused the contractor of skipping inspections. The union has not responded to the"
        " accusation. The contractor denied the accusation."
    )
    claim = _quote(text, "The mayor", "accused", "the contractor of skipping inspections", "asserted")
    reference = _quote(text, "The union", "has not responded to", "the accusation", "asserted")
    denial = _quote(text, "The contractor", "denied", "the accusation", "denied")
    (dispute,) = denial_disputes([_attributed("a", text, [claim, reference, denial])])
    assert [c.speaker for c in dispute.claims] == ["The mayor", "The contractor"]


def test_denial_without_a_matching_claim_is_not_a_dispute() -> None:
    text = "The contractor denied that workers were unpaid."
    denial = _quote(text, "The contractor", "denied", "that workers were unpaid", "denied")
    assert denial_disputes([_attributed("a", text, [denial])]) == []


def test_same_figure_from_different_speakers_stays_apart() -> None:
    text = "The mayor said about 300 sheep were drowned. The vet said about 300 sheep were drowned."
    mayor = _quote(text, "The mayor", "said", "about 300 sheep were drowned", "asserted")
    vet = _quote(text, "The vet", "said", "about 300 sheep were drowned", "asserted")
    figures, _ = _figures_and_disputes([_attributed("a", text, [mayor, vet])])
    assert [(f.speaker, len(f.citations)) for f in figures] == [("The mayor", 1), ("The vet", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "A 2017 survey found that the sheep had drowned.",  # a year names the survey, counts nothing
        "The farm paid $812K to settle the claims raised.",  # an amount of money, not 812 of "K"
        "Vets saw 10 times as many sheep drowned this spring.",  # a ratio
    ],
)
def test_years_amounts_and_ratios_are_no_counts(text: str) -> None:
    assert [n for n in _numbers(text) if n.figure.text[0].isdigit()] == []


def test_a_hedged_figure_has_no_floating_point_noise() -> None:
    (found,) = _numbers("About 2,750 sheep were drowned.")
    assert (found.figure.low, found.figure.high) == (2475.0, 3025.0)


def test_figures_of_one_sentence_or_of_a_narrower_set_are_no_dispute() -> None:
    items = [
        _attributed("a", "The 12 farms chosen in March will share the fund."),
        _attributed("b", "Four farms share the fund now, and six farms share the loans."),
    ]
    assert _figures_and_disputes(items)[1] == []


def test_none_against_a_count_of_the_same_event_is_a_dispute() -> None:
    items = [
        _attributed("a", "No arrests have yet been made."),
        _attributed("b", "Three farmers were arrested on Friday."),
    ]
    (dispute,) = _figures_and_disputes(items)[1]
    assert sorted(c.text for c in dispute.claims) == [
        "No arrests have yet been made",
        "Three farmers were arrested on Friday",
    ]
