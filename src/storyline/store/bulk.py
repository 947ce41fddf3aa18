"""Loading finished results into a store in one go: articles already prepared and judged junk or
not, and stories already formed elsewhere (the Spark job's export). The articles go in through
the same INSERT as an ingest, and story headlines and dates are set by the same query, so a
loaded file is read by ``stories``, ``show`` and ``search`` exactly like an ingested one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Article
from .db import Store
from .ingest import content_hash, insert_article, update_story_heads
from .schema import StoreError


@dataclass(frozen=True)
class LoadedArticle:
    """One article to load, with its junk reason (None for news)."""

    article: Article
    junk: str | None = None


def load_stories(
    store: Store, articles: Iterable[LoadedArticle], stories: Mapping[int, Sequence[str]]
) -> dict[str, int]:
    """Insert ``articles`` in the order given and ``stories`` (story id -> its article ids) in one
    transaction, into a store that holds no article yet (a load does not merge with an ingest:
    their story ids and article ids would collide). Returns each article id's row id."""
    if store.count("articles"):
        raise StoreError(f"'{store.path}' already holds articles; load into a new database")
    db = store.db
    rowids: dict[str, int] = {}
    db.execute("BEGIN IMMEDIATE")
    try:
        for item in articles:
            article = item.article
            rowids[article.id] = insert_article(db, article, article.id, content_hash(article), item.junk)
        db.executemany("INSERT INTO stories (id) VALUES (?)", [(story_id,) for story_id in stories])
        db.executemany(
            "INSERT INTO story_articles (story_id, article_rowid) VALUES (?, ?)",
            [(story_id, rowids[a]) for story_id, members in stories.items() for a in members],
        )
        update_story_heads(db, stories)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return rowids
