"""The write side of an ingest: prepared articles stored and assigned to stories, batch by batch.

Every batch is written in one transaction together with its story assignments, so a process
killed mid-ingest leaves the database as of the last committed batch, and re-running the ingest
skips what is stored (the content hash is UNIQUE) and adds the rest. Reading files and
preparing articles is the pipeline's (``pipeline.ingest_paths``); this module only persists.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..model import Article, ReadError
from ..stories.cluster import ClusterSettings, StoryClusterer
from ..stories.junk import junk_reason
from .db import Store, parse_day

BATCH_SIZE = 200  # articles per transaction: small enough to lose little on a crash
RESTORE_STORIES = 1000  # at most this many recent stories are re-opened when an ingest resumes


def content_hash(article: Article) -> str:
    """Identity of an article's content: the same title and cleaned text is the same article."""
    return hashlib.sha256(f"{article.title or ''}\n\n{article.text}".encode()).hexdigest()


@dataclass
class IngestResult:
    """What an ingest did: articles added and already present, junk found, inputs refused."""

    added: int = 0
    present: int = 0
    junk: int = 0
    stories: set[int] = field(default_factory=set)
    errors: list[ReadError] = field(default_factory=list)

    def merge(self, other: IngestResult) -> None:
        self.added += other.added
        self.present += other.present
        self.junk += other.junk
        self.stories |= other.stories
        self.errors += other.errors


def insert_article(db: sqlite3.Connection, article: Article, article_id: str, digest: str, junk: str | None) -> int:
    """Insert one prepared article under ``article_id`` (free in the file) and return its row id;
    the one INSERT of an article, shared by an ingest and a bulk load."""
    rowid = db.execute(
        "INSERT INTO articles (article_id, content_hash, title, source, url, published, published_source, "
        "path, text, junk) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article_id,
            digest,
            article.title,
            article.source,
            article.url,
            article.published.isoformat() if article.published else None,
            article.published_source if article.published else None,
            article.path,
            article.text,
            junk,
        ),
    ).lastrowid
    return int(rowid)  # type: ignore[arg-type]


def update_story_heads(db: sqlite3.Connection, story_ids: Iterable[int]) -> None:
    """Set each story's headline (its oldest titled article's) and first and last dates from its
    current members."""
    members = "FROM story_articles m JOIN articles a ON a.id = m.article_rowid WHERE m.story_id = stories.id"
    for story_id in story_ids:
        db.execute(
            f"UPDATE stories SET headline = (SELECT a.title {members} AND a.title IS NOT NULL "
            f"ORDER BY a.published, a.id LIMIT 1), first_published = (SELECT MIN(a.published) {members}), "
            f"last_published = (SELECT MAX(a.published) {members}) WHERE id = ?",
            (story_id,),
        )


class StoryWriter:
    """Adds batches of prepared articles to a store and keeps its stories: one per ingest run,
    holding the online clusterer re-opened on the stored stories that may still grow.

    Several writers may run at once (two ingests into one file): each batch is written under
    SQLite's write lock, and a writer whose clusterer was loaded before another writer's commit
    re-opens it inside the lock, so no two writers hand out the same story id or cluster against
    stories they cannot see."""

    def __init__(self, store: Store, settings: ClusterSettings | None = None) -> None:
        self.store = store
        self.db = store.db
        self.settings = settings or ClusterSettings()
        self._clusterer: StoryClusterer | None = None
        self._seen: int | None = None  # PRAGMA data_version when the clusterer last matched the file

    @property
    def clusterer(self) -> StoryClusterer:
        if self._clusterer is None:
            self._clusterer = self._restore_clusterer()
        return self._clusterer

    def _restore_clusterer(self) -> StoryClusterer:
        next_id = (self.db.execute("SELECT MAX(id) FROM stories").fetchone()[0] or 0) + 1
        clusterer = StoryClusterer(self.settings, next_id=next_id)
        latest = self.db.execute("SELECT MAX(last_published) FROM stories").fetchone()[0]
        since = None
        if latest:
            since = date.fromordinal(date.fromisoformat(latest).toordinal() - self.settings.window_days).isoformat()
        story_ids = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM stories WHERE last_published IS NULL OR last_published >= ? ORDER BY id DESC LIMIT ?",
                (since or "", RESTORE_STORIES),
            )
        ]
        for story_id in reversed(story_ids):
            rows = self.db.execute(
                "SELECT a.text, a.published, a.id FROM story_articles s JOIN articles a ON a.id = s.article_rowid "
                "WHERE s.story_id = ? ORDER BY a.published, a.id",
                (story_id,),
            ).fetchall()
            clusterer.restore(story_id, [r[0] for r in rows], [parse_day(r[1]) for r in rows], [r[2] for r in rows])
        return clusterer

    def add_batch(self, articles: list[Article]) -> IngestResult:
        """Store a batch and assign its new articles to stories, then reconsider the open stories'
        articles (``StoryClusterer.reassign``), all in one transaction."""
        result = IngestResult()
        ordered = sorted(articles, key=lambda a: a.published or date.max)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if self._data_version() != self._seen:  # another connection committed since: re-read
                self._clusterer = None
            for article in ordered:
                self._add(article, result)
            self._move(self.clusterer.reassign(), result)
            self.db.execute("COMMIT")
            self._seen = self._data_version()  # unchanged by this connection's own commits
        except BaseException:
            self.db.execute("ROLLBACK")
            self._clusterer = None  # its memory may hold assignments that were rolled back
            raise
        return result

    def _data_version(self) -> int:
        """SQLite's counter of commits by other connections (``PRAGMA data_version``)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def _add(self, article: Article, result: IngestResult) -> None:
        digest = content_hash(article)
        if self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)).fetchone():
            result.present += 1
            return
        junk = junk_reason(article.text)
        rowid = insert_article(self.db, article, self._free_article_id(article.id), digest, junk)
        result.added += 1
        if junk:
            result.junk += 1
            return
        story_id = self.clusterer.assign(article.text, article.published, key=rowid)
        self._record_membership(story_id, rowid, article)
        result.stories.add(story_id)

    def _move(self, moves: dict[Hashable, int], result: IngestResult) -> None:
        """Record the clusterer's reassignment of open stories' articles: their membership, then the
        headline and dates of every story that gained or lost one; a story left empty goes (with
        its stored report)."""
        touched = set(moves.values())
        for rowid, story_id in moves.items():
            old = self.db.execute("SELECT story_id FROM story_articles WHERE article_rowid = ?", (rowid,)).fetchone()
            touched.add(old[0])
            self.db.execute("UPDATE story_articles SET story_id = ? WHERE article_rowid = ?", (story_id, rowid))
        # Only a story that lost an article can be left empty: look at those, not the whole table.
        has_member = "SELECT 1 FROM story_articles WHERE story_id = ? LIMIT 1"
        emptied = {story_id for story_id in touched if self.db.execute(has_member, (story_id,)).fetchone() is None}
        update_story_heads(self.db, touched - emptied)
        gone = [(story_id,) for story_id in emptied]
        self.db.executemany("DELETE FROM story_reports WHERE story_id = ?", gone)
        self.db.executemany("DELETE FROM stories WHERE id = ?", gone)
        result.stories = (result.stories | touched) - emptied

    def _free_article_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted~n`` when another article already has that id."""
        candidate, n = wanted, 1
        while self.db.execute("SELECT 1 FROM articles WHERE article_id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{wanted}~{n}"
        return candidate

    def _record_membership(self, story_id: int, rowid: int, article: Article) -> None:
        day = article.published.isoformat() if article.published else None
        self.db.execute(
            "INSERT INTO stories (id, headline, first_published, last_published) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET "
            "headline = COALESCE(headline, excluded.headline), "
            "first_published = MIN(COALESCE(first_published, excluded.first_published), "
            "COALESCE(excluded.first_published, first_published)), "
            "last_published = MAX(COALESCE(last_published, excluded.last_published), "
            "COALESCE(excluded.last_published, last_published))",
            (story_id, article.title, day, day),
        )
        self.db.execute("INSERT INTO story_articles (story_id, article_rowid) VALUES (?, ?)", (story_id, rowid))
