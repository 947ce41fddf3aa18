"""Sentence and paragraph offsets index the cleaned text exactly."""

from storyline.model import Article
from storyline.segment import segment, split_sentences


def test_abbreviations_and_initials_do_not_end_sentences():
    text = 'Mr. Roe met Dr. J. Smith at 5 p.m. Sunday. "It is over," he said. The U.S. Army left.'
    assert split_sentences(text) == [
        "Mr. Roe met Dr. J. Smith at 5 p.m. Sunday.",
        '"It is over," he said.',
        "The U.S. Army left.",
    ]


def test_a_run_of_initials_does_not_end_a_sentence():
    text = "Astronomers used the R.T. Vance Telescope in Chile. They saw a comet. J.R.R. Moss agreed."
    assert split_sentences(text) == [
        "Astronomers used the R.T. Vance Telescope in Chile.",
        "They saw a comet.",
        "J.R.R. Moss agreed.",
    ]


def test_offsets_point_at_the_sentence_text():
    article = segment(Article(id="a", text="First one. Second one!\n\nNew paragraph? Yes."))
    assert [s.text for s in article.sentences] == ["First one.", "Second one!", "New paragraph?", "Yes."]
    for sent in article.sentences:
        assert article.text[sent.start : sent.end] == sent.text
    assert [s.paragraph for s in article.sentences] == [0, 0, 1, 1]
    assert [article.text[s:e] for s, e in article.paragraphs] == ["First one. Second one!", "New paragraph? Yes."]


def test_dateline_is_not_part_of_the_first_sentence():
    article = segment(Article(id="a", text="OSLO, Norway (Wire) -- Snow fell. Roads closed."))
    assert [s.text for s in article.sentences] == ["Snow fell.", "Roads closed."]
