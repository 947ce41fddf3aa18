"""A lake into the SQLite story database: the articles in input order, the stories, the analyses
and those reports still current, through the store's own code (``store.bulk.load_stories``,
``Store.put_analysis``, ``Store.fingerprints``, ``Store.put_report``). A report is stored with the
fingerprint the store computes for the loaded story, so ``stories`` shows it current and ``show``
prints it without rebuilding; a report built by another version of the stages is left out and
rebuilt on demand. Reads the Parquet files with pyarrow: no Spark needed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import StorylineError
from ..model import ArticleAnalysis, StoryReport
from ..stages import analysis_version, report_version
from ..store import Store
from ..store.bulk import LoadedArticle, load_stories
from .tasks import article_from_row


@dataclass
class ExportResult:
    articles: int
    stories: int
    analyses: int
    reports: int


def read_table(lake: Path, table: str) -> pd.DataFrame:
    """One lake table as a frame (an empty table, written with no file, reads as empty)."""
    import pyarrow.dataset as ds

    folder = lake / table
    if not folder.is_dir():
        raise StorylineError(f"'{lake}' is not a storyline lake: no '{table}' table")
    if not any(folder.rglob("*.parquet")):
        return pd.DataFrame()
    frame = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pandas()
    return frame.drop(columns=["day"], errors="ignore")


def export(lake: str | Path, db: str | Path) -> ExportResult:
    lake = Path(lake)
    articles = read_table(lake, "articles")
    members = read_table(lake, "story_articles")
    analyses = read_table(lake, "analyses")
    reports = read_table(lake, "reports")
    if not articles.empty:
        articles = articles.sort_values("seq")
    stories: dict[int, list[str]] = {}
    if not members.empty:
        for row in members.sort_values(["story_id", "seq"]).itertuples(index=False):
            stories.setdefault(int(row.story_id), []).append(row.article_id)
    loaded = (LoadedArticle(article_from_row(row), row.junk) for row in articles.itertuples(index=False))
    version, built_from = analysis_version(), report_version()
    stored = 0
    with Store(db) as store:
        rowids = load_stories(store, loaded, stories)
        for row in analyses.itertuples(index=False):
            store.put_analysis(rowids[row.article_id], ArticleAnalysis.from_dict(json.loads(row.data)))
        fingerprints = store.fingerprints(version, built_from)
        for row in reports.itertuples(index=False):
            fingerprint = fingerprints.get(int(row.story_id))
            if fingerprint and (row.analysis_version, row.report_version) == (version, built_from):
                store.put_report(int(row.story_id), fingerprint, StoryReport.from_record(json.loads(row.data)))
                stored += 1
    return ExportResult(len(articles), len(stories), len(analyses), stored)
