"""The command line end to end, on the bundled examples and (where present) the seeds."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from storyline.cli import main

BOILERPLATE = ("Image copyright", "Image caption", "Related Topics", "haveyoursay")


def run_json(capsys, *args: str) -> dict:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def assert_verifiably_cited(report: dict, words: int) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    sentences = report["summary"]["sentences"]
    assert sentences
    assert sum(len(s["text"].split()) for s in sentences) <= words
    for sent in sentences:
        assert sent["citations"]
        for cite in sent["citations"]:
            assert texts[cite["article_id"]][cite["start"] : cite["end"]] == sent["text"]


def test_examples_json(capsys):
    report = run_json(capsys, str(EXAMPLES), "--words", "150")
    assert len(report["articles"]) == 7  # six files, one of them two glued items
    assert {a["source"] for a in report["articles"]} >= {"Lakeside Wire", "Valley Gazette", "Harbor Courier"}
    assert_verifiably_cited(report, 150)
    for key in ("sources", "quotes", "timeline", "disputes"):
        assert key in report
    sport = [a for a in report["articles"] if "Bramley Rovers" in a["text"]]
    assert [a["off_topic"] for a in sport] == [True]
    for article in report["articles"]:
        for marker in BOILERPLATE + ("Share this story", "Subscribe"):
            assert marker not in article["text"]


def test_examples_markdown_has_markers_and_a_numbered_source_list(capsys, tmp_path):
    out = tmp_path / "report.md"
    assert main(["summarize", str(EXAMPLES), "--format", "md", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert re.search(r"^- .+ \[\d+\]", text, re.MULTILINE)
    assert "## Sources" in text and re.search(r"^1\. ", text, re.MULTILINE)


def test_unreadable_inputs_are_reported_and_the_rest_carries_on(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    good = EXAMPLES / "02_valley_gazette_rerun.txt"
    assert main(["analyze", str(bad), str(good), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "cannot read" in captured.err and "bad.txt" in captured.err and "binary" in captured.err
    assert len(json.loads(captured.out)["articles"]) == 1


def test_exit_status_is_1_when_nothing_could_be_read(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["analyze", str(empty)]) == 1
    assert "empty.txt" in capsys.readouterr().err


def test_help_runs_as_a_real_process():
    result = subprocess.run([sys.executable, "-m", "storyline", "--help"], capture_output=True, text=True, check=True)
    assert "analyze" in result.stdout and "summarize" in result.stdout


@pytest.mark.data
def test_seeds_report(capsys, seeds_dir: Path):
    report = run_json(capsys, str(seeds_dir), "--words", "200")
    assert len(report["articles"]) == 4
    for article in report["articles"]:
        for marker in BOILERPLATE:
            assert marker not in article["text"]
        # no hard-wrapped mid-sentence breaks: a single newline never occurs inside a paragraph
        assert "\n" not in article["text"].replace("\n\n", "")
    assert_verifiably_cited(report, 200)
    summary = " ".join(s["text"] for s in report["summary"]["sentences"])
    assert "Channel" not in summary and "migrant" not in summary
    off_topic = [a for a in report["articles"] if a["off_topic"]]
    assert len(off_topic) == 1 and "Eritrean migrant" in off_topic[0]["text"]


def test_summarize_runs_the_summary_stage_only(capsys):
    assert main(["summarize", str(EXAMPLES), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["sentences"]
    assert (report["quotes"], report["timeline"], report["disputes"]) == ([], [], [])


@pytest.mark.parametrize("target", ["folder", "read-only/x.md", "/dev/full"])
def test_an_unwritable_output_is_one_line(tmp_path: Path, capsys, target: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "read-only").mkdir(mode=0o500)
    output = target if target.startswith("/") else str(tmp_path / target)
    if target.startswith("read-only") and os.access(tmp_path / "read-only", os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip("no /dev/full here")
    assert main(["analyze", str(EXAMPLES / "04_northline_radio.txt"), "-o", output, "--format", "md"]) == 1
    err = capsys.readouterr().err
    assert f"cannot write '{output}'" in err and len(err.strip().splitlines()) == 1
    assert list((tmp_path / "folder").iterdir()) == []  # no partial file left behind


def test_a_written_report_leaves_no_temporary_file(tmp_path: Path) -> None:
    assert main(["summarize", str(EXAMPLES), "-o", str(tmp_path / "s.md")]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["s.md"]


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, capsys, tmp_path: Path) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("storyline.pipeline.analyze", interrupted)
    assert main(["analyze", str(EXAMPLES), "-o", str(tmp_path / "r.json")]) == 130
    assert capsys.readouterr().err.strip() == "storyline: interrupted"
    assert list(tmp_path.iterdir()) == []  # no partial report


def test_search_help_shows_fts5_syntax_that_fts5_accepts():
    import re
    import sqlite3

    from storyline.cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command")
    query_help = next(a.help for a in commands.choices["search"]._actions if a.dest == "query")
    example = re.search(r"NEAR\([^)]*\)", query_help).group()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.execute("INSERT INTO t VALUES ('air strikes hit kunduz before dawn')")
    assert db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (example,)).fetchone() == (1,)
