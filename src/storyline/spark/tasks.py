"""What the Spark job runs inside its Python workers: plain functions from pandas frames to pandas
frames, each calling the pipeline's own functions (``pipeline.read_input``, ``prepare``,
``analyse_articles``, ``build_report``, the ingest's clusterer and junk rules), so the job has
no stage wiring of its own and these functions are tested without Spark.

Models load once per Python worker (``nlp`` and the attribution tagger are cached per process,
and Spark reuses its Python workers between tasks by default).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..dedup import ARTICLE_SHINGLE, shingles, stable_hash, syndicated_copies
from ..ingest import is_record_file
from ..model import Article, ArticleAnalysis
from ..pipeline import REFRESH_CHUNK, analyse_articles, build_report, prepare, read_input
from ..segment import segment
from ..stages import analysis_version, report_version
from ..store import BATCH_SIZE, content_hash
from ..stories.cluster import ClusterSettings, cluster_in_order
from ..stories.junk import junk_reason

# Article fields as stored (the columns of the articles table, less what the job adds).
ARTICLE_FIELDS = ["article_id", "title", "source", "url", "published", "published_source", "path", "text"]
READ_SCHEMA = (
    "file_index int, position int, article_id string, title string, source string, url string, "
    "published date, published_source string, path string, text string, content_hash string, junk string, "
    "bands array<bigint>, error_path string, error_reason string"
)
CLUSTER_SCHEMA = "block bigint, article_id string, local int"
COPY_SCHEMA = "copy string, original string, shared double"
ANALYSIS_SCHEMA = "article_id string, version string, data string"
REPORT_SCHEMA = "story_id bigint, analysis_version string, report_version string, data string"

# MinHash over the article's 5-gram shingles (the stable hashes of ``dedup``): 16 bands of 4 rows
# make two articles a candidate pair with probability 1/2 at Jaccard 0.5 (the syndication
# threshold is on containment, which is at least the Jaccard); candidates are then checked
# exactly by ``dedup.syndicated_copies``.
MINHASH_BANDS, MINHASH_ROWS = 16, 4
_MERSENNE = (1 << 31) - 1
# The hash functions a*x + b mod 2^31 - 1: fixed by a seed, so every worker and every run agree.
_HASH_A, _HASH_B = np.random.default_rng(22).integers(1, _MERSENNE, (2, MINHASH_BANDS * MINHASH_ROWS), dtype=np.uint64)


def band_keys(text: str) -> list[int]:
    """The article's LSH band keys (signed 64-bit, for Spark): articles sharing a key are candidates."""
    hashes = np.fromiter((h & _MERSENNE for h in shingles(text, ARTICLE_SHINGLE)), dtype=np.uint64)
    if not len(hashes):
        return []
    signature = ((_HASH_A[:, None] * hashes[None, :] + _HASH_B[:, None]) % _MERSENNE).min(axis=1)
    rows = signature.reshape(MINHASH_BANDS, MINHASH_ROWS)
    keys = (stable_hash([str(band), *map(str, row)]) for band, row in enumerate(rows))
    return [key - (1 << 64) if key >= 1 << 63 else key for key in keys]


def _day(value: Any) -> date | None:
    """A date column's value as Spark hands it to pandas (a date, or None/NaT when missing)."""
    return value if isinstance(value, date) else None


def article_from_row(row: Any) -> Article:
    """A prepared :class:`Article` back from a table row (segmented again, as the store does)."""
    article = Article(
        row.article_id, row.text, title=row.title, source=row.source, url=row.url, published=_day(row.published)
    )
    article.path, article.published_source = row.path, row.published_source
    return segment(article)


def _file_rows(file_index: int, path: Path) -> list[dict[str, Any]]:
    """One input file read and prepared as ``ingest`` does it: its articles and its problems."""
    raw, problems = read_input(path)
    articles, clean_errors = ([], []) if raw is None else prepare(raw, records=is_record_file(path, raw))
    rows: list[dict[str, Any]] = [
        {"file_index": file_index, "error_path": e.path, "error_reason": e.reason} for e in problems + clean_errors
    ]
    for position, article in enumerate(articles):
        row = {name: getattr(article, name) for name in ARTICLE_FIELDS[1:]}
        # the store keeps a date's source only with the date
        row["published_source"] = article.published_source if article.published else None
        row.update(
            file_index=file_index,
            position=position,
            article_id=article.id,
            content_hash=content_hash(article),
            junk=junk_reason(article.text),
            bands=band_keys(article.text),
        )
        rows.append(row)
    return rows


def read_files(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: (file_index, path) rows in, one row per prepared article or problem out."""
    columns = [c.split()[0] for c in READ_SCHEMA.split(", ")]
    for frame in frames:
        rows = [row for i, p in zip(frame.file_index, frame.path, strict=True) for row in _file_rows(int(i), Path(p))]
        # every field of every row given (None, not NaN, where a row has none: an error has no text)
        yield pd.DataFrame([dict.fromkeys(columns) | row for row in rows], columns=columns, dtype=object)


def cluster_block(frame: pd.DataFrame) -> pd.DataFrame:
    """``applyInPandas`` per time block: the block's articles through the ingest's online
    clusterer in publication order (undated last, ties in input order), reassigned after every
    ingest batch, as ``storyline ingest`` does."""
    dates = [_day(d) for d in frame.published]
    orders = list(frame.seq)
    sequence = sorted(range(len(frame)), key=lambda i: (dates[i] is None, dates[i] or date.min, orders[i]))
    stories = cluster_in_order(list(frame.text), dates, sequence, ClusterSettings(), batch_size=BATCH_SIZE)
    return pd.DataFrame(
        {"block": frame.block.iloc[0], "article_id": frame.article_id, "local": [stories[i] for i in range(len(frame))]}
    )


def check_copies(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over candidate pairs (a_*, b_* columns): the pairs that really are a
    syndicated copy and its original, by ``dedup.syndicated_copies``."""
    for frame in frames:
        found = []
        for pair in frame.itertuples(index=False):
            articles = [
                Article(pair.a_id, pair.a_text, published=_day(pair.a_published)),
                Article(pair.b_id, pair.b_text, published=_day(pair.b_published)),
            ]
            found += [(c.copy, c.original, c.shared) for c in syndicated_copies(articles)]
        yield pd.DataFrame(found, columns=["copy", "original", "shared"])


def analyse(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas``: each article through the article stages (``pipeline.analyse_articles``),
    parsed in chunks as a refresh does."""
    for frame in frames:
        articles = [article_from_row(row) for row in frame.itertuples(index=False)]
        rows = []
        for start in range(0, len(articles), REFRESH_CHUNK):
            for analysis in analyse_articles(articles[start : start + REFRESH_CHUNK]):
                rows.append((analysis.article_id, analysis.version, json.dumps(analysis.to_dict(), ensure_ascii=False)))
        yield pd.DataFrame(rows, columns=["article_id", "version", "data"])


def story_report(frame: pd.DataFrame) -> pd.DataFrame:
    """``applyInPandas`` per story: its articles (oldest first, undated first and ties in input
    order, as the store lists them) and their analyses through the story stages."""
    frame = frame.assign(_dated=frame.published.map(lambda d: _day(d) is not None))
    frame = frame.assign(_day=frame.published.map(lambda d: _day(d) or date.min))
    frame = frame.sort_values(["_dated", "_day", "seq"])
    articles = [article_from_row(row) for row in frame.itertuples(index=False)]
    analyses = [ArticleAnalysis.from_dict(json.loads(data)) for data in frame.data]
    report = build_report(articles, analyses)
    record = json.dumps(report.to_record(), ensure_ascii=False)
    return pd.DataFrame(
        {
            "story_id": [frame.story_id.iloc[0]],
            "analysis_version": [analysis_version()],
            "report_version": [report_version()],
            "data": [record],
        }
    )


def components(edges: list[tuple[int, int]]) -> dict[int, int]:
    """Each node that has an edge mapped to its component's smallest node (union-find)."""
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: find(node) for node in parent}
