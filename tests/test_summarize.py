"""Storyline's summarizer: cited, verbatim, within budget, and fed by shared facts."""

from __future__ import annotations

import pytest

from storyline.model import Article
from storyline.segment import segment
from storyline.summarize import summarize
from storyline.summarizers.base import stands_alone, without_dateline
from storyline.summarizers.scorer import default_scorer, fold_of, held_out_scorer

SHARED = "The river bridge in Tarrow closed on Monday after engineers found deep cracks in two piers."
STORY = [
    f"{SHARED} Commuters were told to use the ferry instead. The mayor said repairs could take a month.",
    f"TARROW (AP) — {SHARED} A ferry service will run every twenty minutes until the bridge reopens.",
    f"{SHARED} Local shops near the bridge fear losing trade during the closure, their owners said.",
    "Engineers from the state transport office will inspect every pier again on Friday morning. "
    "The bridge carried about twelve thousand vehicles a day before it was closed this week.",
]


def story() -> list[Article]:
    return [segment(Article(id=f"a{k}", text=text)) for k, text in enumerate(STORY, start=1)]


def test_every_sentence_is_verbatim_at_its_citations() -> None:
    articles = {a.id: a for a in story()}
    summary = summarize(list(articles.values()), words=200)
    assert summary.sentences
    for sentence in summary.sentences:
        for span in sentence.citations:
            assert articles[span.article_id].text[span.start : span.end] == sentence.text


@pytest.mark.parametrize("words", [1, 12, 20, 35, 60])
def test_word_budget_is_never_exceeded(words: int) -> None:
    assert summarize(story(), words=words).word_count <= words


def test_fact_stated_by_several_articles_is_picked_and_cites_them_all() -> None:
    summary = summarize(story(), words=20)
    assert [s.text for s in summary.sentences] == [SHARED]
    assert {c.article_id for c in summary.sentences[0].citations} == {"a1", "a2", "a3"}


@pytest.mark.parametrize(
    "dateline", ["LONDON (Reuters) - ", "(CNN) ", "Salem, Oregon (CNN) ", "SALEM, Ore. --", "TARROW (AP) — "]
)
def test_dateline_is_trimmed_with_offsets_moved(dateline: str) -> None:
    article = segment(Article(id="x", text=f"{dateline}Prices rose sharply in the spring."))
    trimmed = without_dateline(article.sentences[0])
    assert trimmed.text == "Prices rose sharply in the spring."
    assert article.text[trimmed.start : trimmed.end] == trimmed.text


def test_sentence_without_dateline_is_kept_whole() -> None:
    article = segment(Article(id="x", text="Officials in the city said the vote would go ahead."))
    assert without_dateline(article.sentences[0]) is article.sentences[0]


def test_nothing_to_summarize_gives_an_empty_summary() -> None:
    assert summarize([], words=100).sentences == []
    assert summarize([segment(Article(id="x", text="Short."))], words=100).sentences == []


def test_evaluation_folds_are_stable_and_use_other_models() -> None:
    assert fold_of("example-1", 5) == fold_of("example-1", 5)
    models = {held_out_scorer(f"example-{k}") for k in range(40)}
    assert len(models) > 1
    assert default_scorer().redundancy > 0


def test_a_single_article_is_summarized_from_its_own_sentences() -> None:
    article = story()[3]
    summary = summarize([article], words=40)
    assert summary.sentences
    assert all(c.article_id == "a4" for s in summary.sentences for c in s.citations)


def test_a_very_large_story_keeps_every_article_s_lead_within_the_candidate_cap() -> None:
    from storyline.model import Sentence
    from storyline.summarize import leads_first

    candidates = [Sentence(f"a{a}", 10 * k, 10 * k + 9, f"s{k}", index=k) for a in range(4) for k in range(5)]
    kept = leads_first(candidates, limit=8)
    assert [(c.article_id, c.index) for c in kept] == [(f"a{a}", k) for a in range(4) for k in range(2)]
    assert leads_first(candidates, limit=100) == candidates  # a story under the cap is untouched


def test_a_quotation_carried_on_from_an_earlier_sentence_or_a_bare_he_said_is_no_candidate() -> None:
    text = (
        "The harbour reopened on Monday after the storm.\n\n"
        '"We lost two boats. And we are lucky it was only two. The pier held," the harbour master said.\n\n'
        "He said the ferries would run again from Tuesday. Tomas Lind said the quay was safe."
    )
    article = segment(Article("a", text))
    alone = {s.text: stands_alone(s, text) for s in article.sentences}
    assert not alone["And we are lucky it was only two."]  # carries on a quotation begun before it
    assert alone['"We lost two boats.'] and alone['The pier held," the harbour master said.']
    assert not alone["He said the ferries would run again from Tuesday."]  # "he" is no one to a reader
    assert alone["The harbour reopened on Monday after the storm."] and alone["Tomas Lind said the quay was safe."]
