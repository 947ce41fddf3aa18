"""The SQLite story store and the ingest/stories/show/search commands."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import shared_path

from storyline.cli import main
from storyline.model import Article
from storyline.pipeline import ingest_articles, ingest_paths
from storyline.store import SCHEMA_VERSION, Store, StoreError, StoryWriter

STORIES = {
    "flood": "Floodwater swept through Riverton after the Mallow dam failed and rescuers used boats to reach homes.",
    "vote": "Voters in Castleford re-elected mayor Ingrid Holm in the municipal election by a wide margin.",
}


def write_inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "flood-a.txt").write_text("Title: Dam fails\n\n" + STORIES["flood"], encoding="utf-8")
    (folder / "flood-b.txt").write_text(STORIES["flood"] + " The Mallow dam had cracked before.", encoding="utf-8")
    lines = [{"doc_id": "v1", "text": STORIES["vote"]}, {"doc_id": "j1", "text": "More soon"}]
    lines += [{"doc_id": "j2", "text": "More soon"}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    return folder


def table_count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_new_database_gets_the_current_schema(tmp_path):
    with Store(tmp_path / "n.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(tmp_path / "n.db") as store:  # reopening migrates nothing twice
        assert store.count("articles") == 0


def test_a_newer_schema_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="schema version"):
        Store(tmp_path / "new.db")


def test_ingesting_twice_adds_nothing_and_junk_joins_no_story(tmp_path):
    inputs = write_inputs(tmp_path / "in")
    with Store(tmp_path / "s.db") as store:
        first = ingest_paths(store, [inputs])
        assert (first.added, first.junk, first.present) == (4, 1, 1)  # the repeated stub is kept once
        again = ingest_paths(store, [inputs])
        assert (again.added, again.present) == (0, 5)
        assert store.count("articles") == 4
        assert store.count("story_articles") == 3
        stories = store.stories()
    assert sorted(s.size for s in stories) == [1, 2]
    assert any(s.headline == "Dam fails" for s in stories)


def test_a_stored_story_rebuilds_its_articles(tmp_path):
    with Store(tmp_path / "s.db") as store:
        ingest_articles(store, [Article("a1", STORIES["flood"]), Article("a2", STORIES["flood"] + " More rain.")], True)
        story_id = store.stories()[0].id
        articles = store.story_articles(story_id)
        with pytest.raises(StoreError, match="no story"):
            store.story_articles(999)
    assert [a.id for a in articles] == ["a1", "a2"]
    assert articles[0].text == STORIES["flood"] and articles[0].sentences


def test_ids_that_collide_get_a_suffix(tmp_path):
    with Store(tmp_path / "s.db") as store:
        ingest_articles(store, [Article("x", STORIES["flood"]), Article("x", STORIES["vote"])], True)
        ids = [r[0] for r in store.db.execute("SELECT article_id FROM articles ORDER BY id")]
    assert ids == ["x", "x~2"]


def test_search_finds_words_and_says_when_it_read_a_query_as_plain_words(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    with Store(db) as store:
        ingest_articles(store, [Article("a1", STORIES["flood"]), Article("v1", STORIES["vote"])], True)
        assert [h.article_id for h in store.search_hits("mallow dam")] == ["a1"]
        with pytest.raises(StoreError):
            store.search_hits('mayor "')
    assert main(["search", 'mayor "', "--db", db]) == 0  # an unbalanced quote: searched as plain words
    out, err = capsys.readouterr()
    assert out.startswith("v1\t") and "is not FTS5 syntax" in err and "searched for its words" in err
    assert main(["search", "volcano", "--db", db]) == 1


def test_a_batch_is_reassigned_before_it_commits(tmp_path):
    from datetime import date

    from test_cluster import DAM_CRACKS, DAM_FAILED, MAYOR_ON_DAM, MAYOR_RE_ELECTED, NARROW

    texts = [MAYOR_RE_ELECTED, MAYOR_ON_DAM, DAM_FAILED, DAM_CRACKS]
    articles = [
        Article(id=f"a{k}", text=text, title=f"Report {k}", published=date(2030, 5, k + 1))
        for k, text in enumerate(texts)
    ]
    with Store(tmp_path / "x.db") as store:
        StoryWriter(store, NARROW).add_batch(articles)  # online, the mayor's dam remarks join her election story
        summaries = {s.id: s for s in store.stories()}
        by_article = {a.id: sid for sid in summaries for a in store.story_articles(sid)}
    assert by_article["a0"] != by_article["a1"] == by_article["a2"] == by_article["a3"]
    dam = summaries[by_article["a1"]]
    assert (dam.size, dam.headline, dam.first_published, dam.last_published) == (
        3,
        "Report 1",
        "2030-05-02",
        "2030-05-04",
    )
    assert table_count(tmp_path / "x.db", "stories") == 2


def test_cli_ingest_reports_bad_files_and_ingests_the_rest(tmp_path, capsys):
    inputs = write_inputs(tmp_path / "in")
    (inputs / "broken.html").write_bytes(b"\x00\x01binary")
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(inputs), "--db", db]) == 0
    err = capsys.readouterr().err
    assert err.count("cannot read") == 1 and "broken.html" in err
    assert table_count(Path(db), "articles") == 4
    assert main(["stories", "--db", db]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all(line.split("\t")[0].isdigit() for line in lines)
    assert main(["search", "Castleford", "--db", db]) == 0
    assert "v1" in capsys.readouterr().out


def test_cli_says_when_a_search_or_a_listing_is_empty(tmp_path, capsys):
    db = str(tmp_path / "empty.db")
    Store(db).close()
    assert main(["stories", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no story yet" in err
    assert main(["search", "zebra", "--db", db]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "no article" in err and "zebra" in err


def test_cli_show_renders_a_stored_story(tmp_path, capsys):
    inputs = write_inputs(tmp_path / "in")
    db = str(tmp_path / "c.db")
    main(["ingest", str(inputs), "--db", db])
    capsys.readouterr()
    with Store(db) as store:
        story_id = next(s.id for s in store.stories() if s.size == 2)
    assert main(["show", str(story_id), "--db", db, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["articles"]) == 2 and "syndication" in report
    assert main(["show", "999", "--db", db]) == 1


def test_cli_refuses_a_missing_database(tmp_path, capsys):
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 1
    assert "no database at" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"this is a text file, not a database" * 100, "not a storyline database"), (None, "schema version")],
)
def test_a_file_that_is_no_usable_database_is_one_line_and_no_traceback(tmp_path, content, reason):
    db = tmp_path / "x.db"
    if content is None:
        with sqlite3.connect(db) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        db.write_bytes(content)
    for command in (["stories"], ["show", "1"], ["search", "dam"], ["refresh"], ["ingest", str(db)]):
        done = subprocess.run(
            [sys.executable, "-m", "storyline", *command, "--db", str(db)], capture_output=True, text=True
        )
        assert done.returncode == 1, command
        assert reason in done.stderr and "Traceback" not in done.stderr, command
        assert len(done.stderr.strip().splitlines()) == 1, (command, done.stderr)


def test_another_sqlite_database_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(StoreError, match="not a storyline database"):
        Store(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL


def _feed(path: Path, n: int) -> None:
    """``n`` distinct short articles over a handful of topics."""
    topics = ["dam flood Riverton rescue", "mayor election Castleford vote", "comet telescope Jupiter orbit"]
    lines = [
        {"doc_id": f"d{i}", "text": f"Report {i} on the {topics[i % 3]} story, update number {i} of the day."}
        for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")


def _ingest_command(feed: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline", "ingest", str(feed), "--db", str(db), "--batch-size", "1"]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_kill_9_mid_ingest_leaves_a_consistent_database_that_a_rerun_completes(tmp_path):
    feed, db, total = tmp_path / "feed.jsonl", tmp_path / "k.db", 400
    _feed(feed, total)
    proc = subprocess.Popen(_ingest_command(feed, db), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = table_count(db, "articles")
            except sqlite3.OperationalError:  # schema not created yet
                stored = 0
        if stored > 10:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert stored > 0, "the ingest ended before anything was stored"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert n < total, "the ingest finished before it was killed"
        assert conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == n  # no article without story
    subprocess.run(_ingest_command(feed, db), check=True, stderr=subprocess.DEVNULL)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone() == (total, total)
        assert conn.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == total
        assert conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'comet'").fetchone()[0] > 0


@pytest.mark.data
@pytest.mark.slow
def test_seeds_and_multinews_ingest_once(tmp_path):
    inputs = [shared_path("seeds"), shared_path("clustering", "multinews_dev_docs.jsonl")]
    with Store(tmp_path / "x.db") as store:
        first = ingest_paths(store, inputs)
        again = ingest_paths(store, inputs)
        assert store.count("articles") == 280  # 4 seed articles after splitting + 276 distinct texts
        junk = store.db.execute("SELECT COUNT(*) FROM articles WHERE junk IS NOT NULL").fetchone()[0]
        unassigned = store.db.execute(
            "SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_rowid FROM story_articles)"
        ).fetchone()[0]
    assert (first.added, again.added) == (280, 0)
    assert junk == unassigned > 0


def _topics_feed(path: Path, topics: list[str], n: int) -> None:
    """``n`` short reports of each made-up story in turn, one JSON line each: a writer that runs
    through it opens a new story part-way, while another writer may have opened one too."""
    lines = [
        {"doc_id": f"{path.stem}-{t}-{i}", "text": f"{topic} ({i + 1})"}
        for t, topic in enumerate(topics)
        for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")


def _partition(db: Path) -> set[frozenset[str]]:
    """The stories as sets of article ids (story ids may differ between runs)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT m.story_id, a.article_id FROM story_articles m JOIN articles a ON a.id = m.article_rowid"
        ).fetchall()
    stories: dict[int, set[str]] = {}
    for story_id, article_id in rows:
        stories.setdefault(story_id, set()).add(article_id)
    return {frozenset(members) for members in stories.values()}


TOPICS = [
    [
        "Voters in Castleford re-elected mayor Ingrid Holm as the municipal election count ended.",
        "A storm flooded the harbour road in Port Ellis and ferries to the islands were cancelled.",
        "Lawmakers in Velmar passed the pension reform bill after a long night of debate.",
    ],
    [
        "Bramley Rovers beat Ostmark United three goals to one in the league football match.",
        "Astronomers at the Kessel observatory tracked a bright comet passing close to Jupiter.",
        "The Sellan river wine harvest came in early after a hot and dry summer in the valley.",
    ],
]


@pytest.mark.slow
def test_two_ingests_at_once_make_the_stories_one_after_the_other_makes(tmp_path):
    feeds = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    for feed, topics in zip(feeds, TOPICS, strict=True):
        _topics_feed(feed, topics, 120)
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    first = subprocess.Popen(_ingest_command(feeds[0], together), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:  # the second starts mid-way through the first
        try:
            if table_count(together, "story_articles") > 20:
                break
        except sqlite3.OperationalError:  # schema not created yet
            pass
        time.sleep(0.005)
    second = subprocess.Popen(_ingest_command(feeds[1], together), stderr=subprocess.DEVNULL)
    assert (first.wait(timeout=120), second.wait(timeout=120)) == (0, 0)
    for feed in feeds:
        subprocess.run(_ingest_command(feed, apart), check=True, stderr=subprocess.DEVNULL)
    assert len(_partition(apart)) == 6  # each made-up story is one story
    assert _partition(together) == _partition(apart)  # never one story mixing two writers' stories


def test_two_writers_taking_turns_never_share_a_story(tmp_path):
    """Two connections (two ingests) alternate batches: each opens new stories while the other
    has opened some it has not seen; ids must not collide, or one story would mix both."""
    texts = [[f"{topic} ({i + 1})" for topic in topics for i in range(3)] for topics in TOPICS]
    with Store(tmp_path / "t.db") as one, Store(tmp_path / "t.db") as other:
        writers = [StoryWriter(one), StoryWriter(other)]
        for k in range(9):
            for w, writer in enumerate(writers):
                writer.add_batch([Article(f"w{w}-{k}", texts[w][k])])
    with Store(tmp_path / "s.db") as store:
        for w in range(2):  # one after the other
            writer = StoryWriter(store)
            for k in range(9):
                writer.add_batch([Article(f"w{w}-{k}", texts[w][k])])
    assert _partition(tmp_path / "t.db") == _partition(tmp_path / "s.db")
    assert len(_partition(tmp_path / "s.db")) == 6


@pytest.mark.slow
def test_processes_opening_a_fresh_database_at_once_migrate_it_once(tmp_path):
    """Each process switches the journal and migrates while others do the same: the switch waits
    for the file instead of failing with 'database is locked', the version is read in one
    snapshot (a fresh file never looks foreign), and the ones that wait for the write lock find
    the tables made instead of failing with 'table articles already exists'."""
    opener = "import sys; from storyline.store import Store; Store(sys.argv[1]).close()"
    for attempt in range(3):
        db = tmp_path / f"fresh{attempt}.db"
        procs = [
            subprocess.Popen([sys.executable, "-c", opener, str(db)], stderr=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        results = [(proc.wait(timeout=60), proc.stderr.read() if proc.stderr else "") for proc in procs]
        assert all(code == 0 for code, _ in results), results
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'articles'").fetchone()[0] == 1
