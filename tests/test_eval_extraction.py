"""``storyline eval extraction``: the shingle metric, and a run over a small made-up page set."""

import gzip
import json
from pathlib import Path

from storyline.cli import main
from storyline.eval.extraction import page_counts, score, shingles

BODY = "The ferry resumed service on Monday after a week of storms kept it in port at the harbour."


def test_shingles_are_four_token_runs_and_a_short_text_is_one():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("Hello, world") == {("Hello", "world"): 1}
    assert shingles("") == {}


def test_page_counts_are_normalised_and_score_averages_pages():
    assert page_counts(BODY, BODY) == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts(BODY, BODY + " Sign up for our newsletter today to get more")
    assert round(tp + fp + fn, 9) == 1 and fp > 0 and fn == 0
    figures = score([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)])  # a perfect page, and a page with nothing read
    assert figures == {"f1": 0.6667, "precision": 1.0, "recall": 0.5}


def test_run_scores_storyline_beside_trafilatura(tmp_path: Path, capsys):
    (tmp_path / "html").mkdir()
    second = BODY.replace("Monday", "Friday")
    page = f"<html><body><article><h1>Ferry</h1><p>{BODY}</p><p>{second}</p></article></body></html>"
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    truth = {"p1": {"articleBody": f"{BODY}\n{second}", "url": "https://example.org/p1"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "extraction", str(tmp_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (figures["pages"], figures["lost"], figures["split"]) == (1, 0, 0)
    assert figures["storyline"]["f1"] > 0.95 and "trafilatura extract()" in figures
