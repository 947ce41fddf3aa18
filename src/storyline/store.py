"""The embedded store: articles, the stories they form, and full-text search, in SQLite.

SQLite in WAL mode is the default because it needs no server and survives crashes: every
batch of articles is written in one transaction together with its story assignments, so
a process killed mid-ingest leaves the database as of the last committed batch, and
re-running the ingest skips what is stored (the content hash is UNIQUE) and adds the rest.

Tables: ``articles`` (one row per article after cleaning and splitting; junk documents are
kept and marked, in no story), ``stories``, ``story_articles``, and ``articles_fts`` (FTS5
over title and text, kept in step by triggers). The schema version lives in
``PRAGMA user_version``; :data:`MIGRATIONS` upgrades an older file step by step.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import StorylineError
from .model import Article, ReadError, opening
from .stories.cluster import ClusterSettings, StoryClusterer
from .stories.junk import junk_reason

BATCH_SIZE = 200  # articles per transaction: small enough to lose little on a crash
RESTORE_STORIES = 1000  # at most this many recent stories are re-opened when an ingest resumes

MIGRATIONS: list[str] = [
    # version 1: articles, stories, membership, full-text index
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        source TEXT,
        url TEXT,
        published TEXT,
        path TEXT,
        text TEXT NOT NULL,
        junk TEXT
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        headline TEXT,
        first_published TEXT,
        last_published TEXT
    );
    CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(id),
        article_rowid INTEGER NOT NULL UNIQUE REFERENCES articles(id),
        PRIMARY KEY (story_id, article_rowid)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(StorylineError):
    """The database cannot be used: newer schema, not a storyline database, no such story."""


def content_hash(article: Article) -> str:
    """Identity of an article's content: the same title and cleaned text is the same article."""
    return hashlib.sha256(f"{article.title or ''}\n\n{article.text}".encode()).hexdigest()


@dataclass
class StorySummary:
    """One line of ``storyline stories``."""

    id: int
    size: int
    sources: int
    first_published: str | None
    last_published: str | None
    headline: str


@dataclass
class SearchHit:
    article_id: str
    story_id: int | None
    title: str | None
    snippet: str


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


class Store:
    """A storyline database file; use as a context manager so it is always closed."""

    def __init__(self, path: str | Path, settings: ClusterSettings | None = None) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)  # transactions are explicit
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()
        self.settings = settings or ClusterSettings()
        self._clusterer: StoryClusterer | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`, one migration per transaction."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"'{self.path}' has schema version {version}; this storyline knows {SCHEMA_VERSION}")
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")
                raise

    # -- writing -------------------------------------------------------------------------

    @property
    def clusterer(self) -> StoryClusterer:
        """The online clusterer, re-opened on the stored stories that may still grow."""
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
            clusterer.restore(story_id, [r[0] for r in rows], [_date(r[1]) for r in rows], [r[2] for r in rows])
        return clusterer

    def add_batch(self, articles: list[Article]) -> IngestResult:
        """Store a batch and assign its new articles to stories, then reconsider the open stories'
        articles (``StoryClusterer.reassign``), all in one transaction."""
        result = IngestResult()
        ordered = sorted(articles, key=lambda a: a.published or date.max)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for article in ordered:
                self._add(article, result)
            self._move(self.clusterer.reassign(), result)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._clusterer = None  # its memory may hold assignments that were rolled back
            raise
        return result

    def _add(self, article: Article, result: IngestResult) -> None:
        digest = content_hash(article)
        if self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)).fetchone():
            result.present += 1
            return
        junk = junk_reason(article.text)
        rowid = self.db.execute(
            "INSERT INTO articles (article_id, content_hash, title, source, url, published, path, text, junk) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._free_article_id(article.id),
                digest,
                article.title,
                article.source,
                article.url,
                article.published.isoformat() if article.published else None,
                article.path,
                article.text,
                junk,
            ),
        ).lastrowid
        result.added += 1
        if junk:
            result.junk += 1
            return
        story_id = self.clusterer.assign(article.text, article.published, key=rowid)
        self._record_membership(story_id, rowid, article)
        result.stories.add(story_id)

    def _move(self, moves: dict[Hashable, int], result: IngestResult) -> None:
        """Record the clusterer's reassignment of open stories' articles: their membership, then the
        headline and dates of every story that gained or lost one; a story left empty goes."""
        touched = set(moves.values())
        for rowid, story_id in moves.items():
            old = self.db.execute("SELECT story_id FROM story_articles WHERE article_rowid = ?", (rowid,)).fetchone()
            touched.add(old[0])
            self.db.execute("UPDATE story_articles SET story_id = ? WHERE article_rowid = ?", (story_id, rowid))
        # Only a story that lost an article can be left empty: look at those, not the whole table.
        has_member = "SELECT 1 FROM story_articles WHERE story_id = ? LIMIT 1"
        emptied = {story_id for story_id in touched if self.db.execute(has_member, (story_id,)).fetchone() is None}
        members = "FROM story_articles m JOIN articles a ON a.id = m.article_rowid WHERE m.story_id = stories.id"
        for story_id in touched - emptied:
            self.db.execute(
                f"UPDATE stories SET headline = (SELECT a.title {members} AND a.title IS NOT NULL "
                f"ORDER BY a.published, a.id LIMIT 1), first_published = (SELECT MIN(a.published) {members}), "
                f"last_published = (SELECT MAX(a.published) {members}) WHERE id = ?",
                (story_id,),
            )
        self.db.executemany("DELETE FROM stories WHERE id = ?", [(story_id,) for story_id in emptied])
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

    # -- reading -------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "stories", "story_articles"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def stories(self) -> list[StorySummary]:
        rows = self.db.execute(
            "SELECT g.*, (SELECT text FROM articles WHERE id = g.first_rowid) FROM ("
            "SELECT s.id, COUNT(*), COUNT(DISTINCT a.source), s.first_published, s.last_published, "
            "s.headline, MIN(a.id) AS first_rowid "
            "FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_rowid "
            "GROUP BY s.id) g ORDER BY g.id"
        ).fetchall()
        return [StorySummary(r[0], r[1], r[2], r[3], r[4], r[5] or opening(r[7])) for r in rows]

    def story_articles(self, story_id: int) -> list[Article]:
        """The story's articles rebuilt as prepared :class:`Article` objects, oldest first."""
        rows = self.db.execute(
            "SELECT a.article_id, a.text, a.title, a.source, a.url, a.published, a.path "
            "FROM story_articles m JOIN articles a ON a.id = m.article_rowid "
            "WHERE m.story_id = ? ORDER BY a.published, a.id",
            (story_id,),
        ).fetchall()
        if not rows:
            raise StoreError(f"no story {story_id} in '{self.path}' (see 'storyline stories')")
        from .segment import segment

        return [
            segment(Article(id=r[0], text=r[1], title=r[2], source=r[3], url=r[4], published=_date(r[5]), path=r[6]))
            for r in rows
        ]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching ``query`` (FTS5 syntax; plain words when it does not parse), best first."""
        sql = (
            "SELECT a.article_id, m.story_id, a.title, snippet(articles_fts, 1, '[', ']', ' ... ', 12) "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "LEFT JOIN story_articles m ON m.article_rowid = a.id "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            words = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            rows = self.db.execute(sql, (words, limit)).fetchall() if words else []
        return [SearchHit(r[0], r[1], r[2], " ".join(r[3].split())) for r in rows]


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script (triggers hold inner semicolons, so split with care)."""
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _batches(articles: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(articles), size):
        yield articles[start : start + size]


def ingest_articles(store: Store, raw: list[Article], records: bool, batch_size: int = BATCH_SIZE) -> IngestResult:
    """Clean and split raw articles (``pipeline.prepare``), then store and cluster them in batches."""
    from .pipeline import prepare

    articles, errors = prepare(raw, records=records)
    result = IngestResult(errors=errors)
    for batch in _batches(articles, batch_size):
        result.merge(store.add_batch(batch))
    return result


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    batch_size: int = BATCH_SIZE,
    on_file: Callable[[Path, IngestResult], None] | None = None,
) -> IngestResult:
    """Read every input with storyline's readers and ingest it; unreadable inputs become errors."""
    from .errors import InputError
    from .ingest import expand_paths, is_record_file, read_file

    total = IngestResult()
    for path in expand_paths(paths):
        try:
            raw = read_file(path)
        except InputError as exc:
            total.errors.append(ReadError(exc.path, exc.reason))
            step = IngestResult()
        except (OSError, ValueError) as exc:  # a reader tripped on malformed content
            total.errors.append(ReadError(str(path), str(exc) or type(exc).__name__))
            step = IngestResult()
        else:
            step = ingest_articles(store, raw, is_record_file(path, raw), batch_size)
            total.merge(step)
            total.errors += step.errors
        if on_file:
            on_file(path, step)
    return total
