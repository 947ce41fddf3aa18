"""The story database (SQLite): :mod:`.schema` (tables and migrations), :mod:`.db` (the
:class:`Store`: reads, stored analyses and reports, read-only option) and :mod:`.ingest` (the
write side of an ingest: articles stored and clustered into stories). Persistence only: what is
analysed and when is the pipeline's."""

from .db import (
    CURRENT,
    PENDING,
    STALE,
    SearchHit,
    SearchSyntaxError,
    Store,
    StoredArticle,
    StoryQuery,
    StoryRow,
    StorySummary,
    plain_words,
    report_state,
)
from .ingest import BATCH_SIZE, IngestResult, StoryWriter, content_hash
from .schema import SCHEMA_VERSION, StoreError

__all__ = [
    "BATCH_SIZE",
    "CURRENT",
    "PENDING",
    "SCHEMA_VERSION",
    "STALE",
    "IngestResult",
    "SearchHit",
    "SearchSyntaxError",
    "Store",
    "StoredArticle",
    "StoreError",
    "StoryQuery",
    "StoryRow",
    "StorySummary",
    "StoryWriter",
    "content_hash",
    "plain_words",
    "report_state",
]
