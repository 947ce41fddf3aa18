"""Stored analyses and reports: ingest leaves analysis pending, refresh analyses each article once
and builds each story's report, show reads it, and a story that changes goes stale."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES

from storyline import stages
from storyline.cli import main
from storyline.model import Article
from storyline.pipeline import _assemble, ingest_articles, ingest_paths, refresh, story_report
from storyline.render import render
from storyline.stages import analysis_version, report_version
from storyline.store import CURRENT, PENDING, STALE, Store


@pytest.fixture(scope="module")
def refreshed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ ingested and refreshed once for the module (the tagger runs on 7 articles)."""
    db = tmp_path_factory.mktemp("refresh") / "examples.db"
    with Store(db) as store:
        ingest_paths(store, [EXAMPLES])
        result = refresh(store)
    assert (result.analysed, result.reports) == (7, 2)
    return db


@pytest.fixture
def db(refreshed_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(refreshed_db, copy)
    return copy


def states(store: Store) -> list[str]:
    return [s.report for s in store.stories(analysis_version(), report_version())]


def test_ingest_leaves_analysis_pending(tmp_path: Path) -> None:
    with Store(tmp_path / "p.db") as store:
        ingest_paths(store, [EXAMPLES])
        assert states(store) == [PENDING, PENDING]
        assert store.count("article_analysis") == 0
        assert store.count_pending(analysis_version()) == 7


def test_a_second_refresh_and_a_second_ingest_analyse_nothing(db: Path) -> None:
    with Store(db) as store:
        assert states(store) == [CURRENT, CURRENT]
        again = ingest_paths(store, [EXAMPLES])
        assert (again.added, again.present) == (0, 7)
        assert (refresh(store).analysed, refresh(store).reports) == (0, 0)
        assert store.count("article_analysis") == 7


def test_show_reads_the_stored_report_which_renders_as_a_fresh_assembly(db: Path, monkeypatch) -> None:
    with Store(db) as store:
        fresh = _assemble(store, 1, stages.DEFAULT_WORDS)

        def no_analysis(*_: object, **__: object) -> None:
            raise AssertionError("a current report needs no analysis")

        monkeypatch.setattr("storyline.pipeline.analyse_articles", no_analysis)
        monkeypatch.setattr("storyline.pipeline.build_report", no_analysis)
        stored = story_report(store, 1)
    for fmt in ("json", "md", "html"):
        assert render(stored, fmt) == render(fresh, fmt)
    assert stored.quotes and stored.timeline and stored.summary.sentences
    for quote in stored.quotes:  # provenance survives the round trip
        text = stored.article(quote.citation.article_id).text
        assert quote.content in text[quote.citation.start : quote.citation.end]


def test_show_analyses_what_is_pending_first_and_says_so(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "s.db")
    assert main(["ingest", str(EXAMPLES / "01_lakeside_wire_dam_burst.txt"), "--db", path]) == 0
    capsys.readouterr()
    assert main(["show", "1", "--db", path, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "analysing 1 pending article(s) of story 1 first" in err
    assert json.loads(out)["quotes"]
    with Store(path) as store:  # what show analysed and built is stored
        assert states(store) == [CURRENT]
    assert main(["show", "1", "--db", path, "--format", "json"]) == 0
    assert "analysing" not in capsys.readouterr().err


def test_a_story_that_gains_an_article_is_stale_until_refreshed(db: Path) -> None:
    with Store(db) as store:
        story = store.story_articles(1)
        text = story[0].text + "\n\nRescuers said the water had begun to fall."
        ingest_articles(store, [Article("follow-up", text, published=story[-1].published)], records=True)
        assert states(store)[0] == PENDING  # the new article is not analysed yet
        result = refresh(store)
        assert result.analysed == 1  # only the new article: the others' analyses are reused
        assert states(store) == [CURRENT] * len(states(store))


def test_a_new_analysis_version_marks_every_article_pending(db: Path, monkeypatch) -> None:
    monkeypatch.setattr(stages, "ANALYSIS_FORMAT", stages.ANALYSIS_FORMAT + 1)
    with Store(db) as store:
        assert store.count_pending(analysis_version()) == 7
        assert states(store) == [PENDING, PENDING]


def test_a_read_only_store_cannot_write(db: Path) -> None:
    with Store(db, read_only=True) as store:
        assert story_report(store, 1).summary.sentences
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("DELETE FROM story_reports")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_kill_9_mid_refresh_loses_at_most_one_article_and_a_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"doc_id": f"d{i}", "text": f"Rescuers in Riverton said on Monday that {i} more homes were flooded."}
        for i in range(60)
    ]
    feed.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    with Store(db) as store:
        ingest_paths(store, [feed])
    command = [sys.executable, "-m", "storyline", "refresh", "--db", str(db)]
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline, analysed = time.monotonic() + 120, 0
    while time.monotonic() < deadline and proc.poll() is None and analysed < 20:
        with sqlite3.connect(db) as conn:
            analysed = conn.execute("SELECT COUNT(*) FROM article_analysis").fetchone()[0]
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < analysed < 60, "the refresh was not caught mid-way"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = conn.execute("SELECT COUNT(*) FROM article_analysis").fetchone()[0]
    assert kept >= analysed  # every analysis seen committed is still there
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    with Store(db) as store:
        assert store.count("article_analysis") == store.count("story_articles") == 60  # one each, none twice
        assert states(store) == [CURRENT] * store.count("stories")


def test_new_story_stages_make_reports_stale_and_reuse_every_analysis(db: Path, monkeypatch) -> None:
    monkeypatch.setattr(stages, "REPORT_FORMAT", stages.REPORT_FORMAT + 1)
    with Store(db) as store:
        assert states(store) == [STALE, STALE]
        assert (refresh(store).analysed, store.count("story_reports")) == (0, 2)
        assert states(store) == [CURRENT, CURRENT]
