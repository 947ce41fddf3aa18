"""The story database's schema and its migrations.

The schema version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` upgrades an older file
step by step, each step in one write transaction, so two processes opening a fresh file at once
do not both create its tables (the second waits, then finds the work done).

Tables: ``articles`` (one row per article after cleaning and splitting; junk documents are kept
and marked, in no story), ``stories``, ``story_articles``, ``articles_fts`` (FTS5 over title and
text, kept in step by triggers); from version 2, ``article_analysis`` (each article's per-article
analysis as JSON, with the version that made it) and ``story_reports`` (each story's report as
JSON, with the membership fingerprint it was built from).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import StorylineError

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
    # version 2: where each publication date came from; stored per-article analyses and story reports
    """
    ALTER TABLE articles ADD COLUMN published_source TEXT;
    CREATE TABLE article_analysis (
        article_rowid INTEGER PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX article_analysis_version ON article_analysis(version);
    CREATE TABLE story_reports (
        story_id INTEGER PRIMARY KEY REFERENCES stories(id),
        members TEXT NOT NULL,
        data TEXT NOT NULL,
        built TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(StorylineError):
    """The database cannot be used: newer schema, not a storyline database, no such story."""


def schema_version(db: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; a file that is not SQLite, or holds tables of something else,
    is refused with a clear reason instead of an SQLite error.

    The version and the table list are read in one statement, so one snapshot: read apart, a
    concurrent opener's migration could land between them and make a fresh file look foreign.
    """
    try:
        number, has_tables = db.execute(
            "SELECT user_version, EXISTS (SELECT 1 FROM sqlite_master) FROM pragma_user_version"
        ).fetchone()
        version = int(number)
        foreign = version == 0 and bool(has_tables)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"'{path}' is not a storyline database ({exc})") from exc
    if foreign:
        raise StoreError(f"'{path}' is an SQLite file but not a storyline database")
    if version > SCHEMA_VERSION:
        raise StoreError(f"'{path}' has schema version {version}; this storyline knows {SCHEMA_VERSION}")
    return version


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, one migration per write transaction; the
    version is read again inside the lock, so a concurrent opener's migration is not repeated."""
    while schema_version(db, path) < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            number = schema_version(db, path)
            if number < SCHEMA_VERSION:
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute("COMMIT")
        except sqlite3.Error:
            db.execute("ROLLBACK")
            raise


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script (triggers hold inner semicolons, so split with care)."""
    buffer = ""
    for line in script.strip().splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
