"""The Spark job in local[2] against ``storyline ingest --analyze`` + ``show`` on the same inputs:
the same articles, the same stories, the same reports; a re-run into the same lake rewrites the
same tables; a bad input is reported and the rest processed. One SparkSession serves the module
(start-up costs 20-30 s)."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, shared_path

pytest.importorskip("pyspark", reason="the Spark extra is not installed (pip install storyline[spark])")
if shutil.which("java") is None:
    pytest.skip("no Java on this machine: Spark needs Java 17", allow_module_level=True)

from storyline.pipeline import ingest_paths, read_input, refresh, story_report  # noqa: E402
from storyline.render import render  # noqa: E402
from storyline.spark.export import export, read_table  # noqa: E402
from storyline.spark.job import TABLES, ingest  # noqa: E402
from storyline.spark.session import spark_session  # noqa: E402
from storyline.stages import analysis_version, report_version  # noqa: E402
from storyline.store import CURRENT, Store  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs() -> list[Path]:
    return [EXAMPLES, shared_path("seeds")]


@pytest.fixture(scope="module")
def lake(spark, inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("spark") / "lake"
    result = ingest(inputs, out, analyze=True, spark=spark)
    assert not result.errors and result.reports == result.stories > 0
    return out


@pytest.fixture(scope="module")
def databases(lake, inputs, tmp_path_factory) -> tuple[Path, Path]:
    """The lake exported, and the same inputs through ingest + refresh."""
    folder = tmp_path_factory.mktemp("dbs")
    exported, ingested = folder / "spark.db", folder / "ingest.db"
    export(lake, exported)
    with Store(ingested) as store:
        assert not ingest_paths(store, inputs).errors
        refresh(store)
    return exported, ingested


def articles_of(store: Store) -> dict[str, tuple]:
    rows = store.db.execute(
        "SELECT article_id, content_hash, title, source, url, published, published_source, path, text, junk "
        "FROM articles"
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def stories_of(store: Store) -> dict[frozenset[str], int]:
    """Each story's member ids -> its story id (ids are numbered differently; members must match)."""
    return {frozenset(a.id for a in store.story_articles(s.id)): s.id for s in store.stories()}


def test_the_job_gives_the_articles_stories_and_reports_of_ingest_and_show(databases) -> None:
    exported, ingested = databases
    with Store(exported, read_only=True) as spark_db, Store(ingested, read_only=True) as ingest_db:
        assert articles_of(spark_db) == articles_of(ingest_db)
        spark_stories, ingest_stories = stories_of(spark_db), stories_of(ingest_db)
        assert set(spark_stories) == set(ingest_stories)
        headlines = {s.id: (s.headline, s.first_published, s.last_published) for s in spark_db.stories()}
        assert headlines == {
            spark_stories[m]: next(
                (s.headline, s.first_published, s.last_published) for s in ingest_db.stories() if s.id == i
            )
            for m, i in ingest_stories.items()
        }
        # every exported report is current (show prints it without rebuilding) and renders byte for
        # byte as the one ingest + show stored
        states = spark_db.report_states(analysis_version(), report_version())
        assert set(states.values()) == {CURRENT}
        for members, story_id in spark_stories.items():
            ours = story_report(spark_db, story_id)
            theirs = story_report(ingest_db, ingest_stories[members])
            assert ours.to_record() == theirs.to_record()
            assert render(ours, "json") == render(theirs, "json")


def test_search_reads_the_exported_database(databases) -> None:
    exported, ingested = databases
    with Store(exported, read_only=True) as spark_db, Store(ingested, read_only=True) as ingest_db:
        hits = [(h.article_id, h.title, h.snippet) for h in spark_db.search_hits("dam")]
        assert hits and hits == [(h.article_id, h.title, h.snippet) for h in ingest_db.search_hits("dam")]


def table_rows(lake: Path, table: str) -> list[str]:
    frame = read_table(lake, table)
    return sorted(json.dumps(row, default=str, sort_keys=True) for row in frame.to_dict("records"))


def test_a_rerun_into_the_same_lake_rewrites_the_same_tables(spark, lake, inputs) -> None:
    before = {table: table_rows(lake, table) for table in TABLES}
    days = sorted(p.name for p in (lake / "articles").iterdir() if p.is_dir())
    ingest(inputs, lake, analyze=True, spark=spark)
    assert {table: table_rows(lake, table) for table in TABLES} == before
    assert sorted(p.name for p in (lake / "articles").iterdir() if p.is_dir()) == days  # partitioned by date
    assert "day=undated" in days and "day=2026-03-10" in days


def test_a_bad_input_file_is_reported_and_the_rest_processed(spark, tmp_path, capsys) -> None:
    from storyline.spark.command import main

    bad = tmp_path / "crawl.warc.gz"
    bad.write_bytes(b"not a gzip file")
    good = EXAMPLES / "01_lakeside_wire_dam_burst.txt"
    status = main(["ingest", str(good), str(bad), "--out", str(tmp_path / "lake")])
    assert status == 0
    (expected,) = read_input(bad)[1]
    assert f"storyline: {expected}\n" in capsys.readouterr().err
    assert str(bad) in str(expected)
    lake = tmp_path / "lake"
    assert list(read_table(lake, "articles").article_id) == ["01_lakeside_wire_dam_burst"]
    assert list(read_table(lake, "errors").error_path) == [expected.path]
    assert export(lake, tmp_path / "s.db").stories == 1
    with Store(tmp_path / "s.db", read_only=True) as store:
        assert [a.id for a in store.story_articles(1)] == ["01_lakeside_wire_dam_burst"]
