"""``storyline eval summarization``: ROUGE helpers, the command's output, and dev-set faithfulness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_path

from storyline.cli import main
from storyline.eval.rouge import one_sentence_a_line, rouge_f1
from storyline.eval.summarization import cut_to_words, example_articles, read_examples
from storyline.summarize import summarize
from storyline.summarizers.scorer import held_out_scorer

DOCS = [
    "The city council of Brennock voted on Tuesday to build a new library by the harbour. "
    "The library will cost twelve million pounds and open in two years. Residents had asked for it for a decade.",
    "Brennock councillors approved a new harbour library on Tuesday after a long debate. "
    "Construction starts next spring, the council said. The old library will become a museum.",
]
REFERENCE = "Brennock will build a new library by the harbour, the council decided on Tuesday."


def test_identical_text_scores_one_hundred() -> None:
    scores = rouge_f1(REFERENCE, REFERENCE)
    assert scores == pytest.approx({"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0})


def test_rouge_lsum_input_has_one_sentence_a_line() -> None:
    assert one_sentence_a_line("First one here. Second one here.") == "First one here.\nSecond one here."


def test_cut_to_words_keeps_the_first_words() -> None:
    assert cut_to_words("a b  c\nd e", 3) == "a b c"


def test_command_prints_table_and_json_last_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "tiny.jsonl"
    data.write_text(json.dumps({"id": "x1", "documents": DOCS, "summary": REFERENCE}) + "\n", encoding="utf-8")
    assert main(["eval", "summarization", str(data), "--words", "40", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split()[:4] == ["system", "R1", "R2", "RLsum"]
    figures = json.loads(lines[-1])
    assert figures["n"] == 1 and 0 < figures["rouge1"] <= 100
    assert set(figures["baselines"]) == {"first3", "lexrank", "textrank", "centroid_mmr"}


def test_unknown_system_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "tiny.jsonl"
    data.write_text(json.dumps({"id": "x1", "documents": DOCS, "summary": REFERENCE}) + "\n", encoding="utf-8")
    assert main(["eval", "summarization", str(data), "--systems", "storyline,nonesuch"]) == 2


@pytest.mark.data
@pytest.mark.slow
def test_dev_summaries_are_verbatim_cited_and_within_budget() -> None:
    """Every sentence of every dev summary is at its cited offsets; no summary exceeds --words."""
    for example in read_examples(shared_path("multinews", "dev.jsonl")):
        articles = {a.id: a for a in example_articles(example)}
        for words in (100, 300):
            summary = summarize(list(articles.values()), words, scorer=held_out_scorer(example["id"]))
            assert summary.word_count <= words
            for sentence in summary.sentences:
                assert sentence.citations
                for span in sentence.citations:
                    assert articles[span.article_id].text[span.start : span.end] == sentence.text
