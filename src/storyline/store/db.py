"""The embedded store: articles, the stories they form, their analyses and reports, and
full-text search, in SQLite.

SQLite in WAL mode because it needs no server, survives crashes and lets readers run beside one
writer: a desk or a ``show`` reads while an ingest or a refresh writes. A read-only store opens
the file with ``mode=ro``, so it can never write, even by mistake.

Each per-article analysis is stored with the version of what made it (the stages and the
attribution model): a newer version marks it stale. Each story report is stored with the
fingerprint of what it was built from (its members, their analysis version, the story stages):
when the story gains or loses an article, or its articles are re-analysed, the fingerprint
changes and the report is stale until rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..model import Article, ArticleAnalysis, StoryReport, opening
from ..segment import segment
from .schema import SCHEMA_VERSION, StoreError, migrate, schema_version

CURRENT, STALE, PENDING = "current", "stale", "pending"


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class StorySummary:
    """One line of ``storyline stories``; ``report`` is ``current``, ``stale`` (the story changed
    since its report was built) or ``pending`` (some article is not analysed yet)."""

    id: int
    size: int
    sources: int
    first_published: str | None
    last_published: str | None
    headline: str
    report: str = PENDING


@dataclass
class SearchHit:
    article_id: str
    story_id: int | None
    title: str | None
    snippet: str


@dataclass(frozen=True)
class PendingArticle:
    """An article whose analysis is missing or was made by another version."""

    rowid: int
    article: Article


class Store:
    """A storyline database file; use as a context manager so it is always closed.

    ``read_only=True`` opens the file without write access (it must exist and be current).
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            if not self.path.is_file():
                raise StoreError(f"no database at '{self.path}'")
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)  # transactions are explicit
        try:
            self._open()
        except BaseException:
            self.db.close()
            raise

    def _open(self) -> None:
        if self.read_only:
            version = schema_version(self.db, self.path)
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"'{self.path}' has schema version {version}; open it once for writing "
                    f"(e.g. 'storyline refresh --db {self.path}') to upgrade it to {SCHEMA_VERSION}"
                )
            return
        schema_version(self.db, self.path)  # refuse a foreign file before changing its journal
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self.db.execute("PRAGMA foreign_keys=ON")
        migrate(self.db, self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- articles and stories --------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "stories", "story_articles", "article_analysis", "story_reports"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def stories(self, analysis_version: str | None = None, report_version: str | None = None) -> list[StorySummary]:
        """Every story, oldest id first; with both versions, each says whether its report is current."""
        rows = self.db.execute(
            "SELECT g.*, (SELECT text FROM articles WHERE id = g.first_rowid) FROM ("
            "SELECT s.id, COUNT(*), COUNT(DISTINCT a.source), s.first_published, s.last_published, "
            "s.headline, MIN(a.id) AS first_rowid "
            "FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_rowid "
            "GROUP BY s.id) g ORDER BY g.id"
        ).fetchall()
        states = self.report_states(analysis_version, report_version) if analysis_version and report_version else {}
        return [
            StorySummary(r[0], r[1], r[2], r[3], r[4], r[5] or opening(r[7]), states.get(r[0], PENDING)) for r in rows
        ]

    def story_articles(self, story_id: int) -> list[Article]:
        """The story's articles rebuilt as prepared :class:`Article` objects, oldest first."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM story_articles m JOIN articles a ON a.id = m.article_rowid "
            "WHERE m.story_id = ? ORDER BY a.published, a.id",
            (story_id,),
        ).fetchall()
        if not rows:
            raise StoreError(f"no story {story_id} in '{self.path}' (see 'storyline stories')")
        return [_article(row) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching ``query`` (FTS5 syntax; plain words when it does not parse), best first.
        A query of more than :data:`MAX_QUERY_WORDS` words or :data:`MAX_QUERY_CHARS` characters
        is refused: FTS5's cost grows with every term (10,000 words took minutes)."""
        if len(query.split()) > MAX_QUERY_WORDS or len(query) > MAX_QUERY_CHARS:
            raise StoreError(f"search query too long: at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters")
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

    # -- per-article analyses --------------------------------------------------------------

    def pending_articles(self, version: str, story_id: int | None = None, limit: int = 100) -> list[PendingArticle]:
        """Up to ``limit`` articles in stories (of ``story_id`` only, if given) whose analysis is
        missing or of another version, oldest row first: what a refresh does next."""
        story = "AND m.story_id = ?" if story_id is not None else ""
        params: tuple[object, ...] = (version, story_id, limit) if story_id is not None else (version, limit)
        rows = self.db.execute(
            f"SELECT a.id, {_ARTICLE_COLUMNS} FROM story_articles m JOIN articles a ON a.id = m.article_rowid "
            f"LEFT JOIN article_analysis x ON x.article_rowid = a.id "
            f"WHERE (x.version IS NULL OR x.version != ?) {story} ORDER BY a.id LIMIT ?",
            params,
        ).fetchall()
        return [PendingArticle(row[0], _article(row[1:])) for row in rows]

    def count_pending(self, version: str) -> int:
        sql = (
            "SELECT COUNT(*) FROM story_articles m LEFT JOIN article_analysis x ON x.article_rowid = m.article_rowid "
            "WHERE x.version IS NULL OR x.version != ?"
        )
        return int(self.db.execute(sql, (version,)).fetchone()[0])

    def put_analysis(self, rowid: int, analysis: ArticleAnalysis) -> None:
        """Store one article's analysis in its own transaction (a crash loses at most the next one)."""
        self.db.execute(
            "INSERT INTO article_analysis (article_rowid, version, data) VALUES (?, ?, ?) "
            "ON CONFLICT(article_rowid) DO UPDATE SET version = excluded.version, data = excluded.data",
            (rowid, analysis.version, json.dumps(analysis.to_dict(), ensure_ascii=False)),
        )

    def analyses(self, story_id: int) -> dict[str, ArticleAnalysis]:
        """The stored analyses of the story's articles (any version), by article id."""
        rows = self.db.execute(
            "SELECT x.data FROM story_articles m JOIN article_analysis x ON x.article_rowid = m.article_rowid "
            "WHERE m.story_id = ?",
            (story_id,),
        ).fetchall()
        found = [ArticleAnalysis.from_dict(json.loads(row[0])) for row in rows]
        return {a.article_id: a for a in found}

    # -- story reports ---------------------------------------------------------------------

    def fingerprints(
        self, analysis_version: str, report_version: str, story_id: int | None = None
    ) -> dict[int, str | None]:
        """Each story's (or one story's) fingerprint of what its report is built from, or None
        while an article of it is not analysed by ``analysis_version``."""
        where, params = ("WHERE m.story_id = ?", (story_id,)) if story_id is not None else ("", ())
        rows = self.db.execute(
            "SELECT m.story_id, m.article_rowid, x.version FROM story_articles m "
            f"LEFT JOIN article_analysis x ON x.article_rowid = m.article_rowid {where} "
            "ORDER BY m.story_id, m.article_rowid",
            params,
        ).fetchall()
        members: dict[int, list[int]] = defaultdict(list)
        analysed: dict[int, bool] = defaultdict(lambda: True)
        for story_id, rowid, version in rows:
            members[story_id].append(rowid)
            analysed[story_id] &= version == analysis_version
        return {
            story_id: _fingerprint(rowids, analysis_version, report_version) if analysed[story_id] else None
            for story_id, rowids in members.items()
        }

    def report_states(self, analysis_version: str, report_version: str) -> dict[int, str]:
        stored = dict(self.db.execute("SELECT story_id, members FROM story_reports").fetchall())
        return {
            story_id: PENDING if fingerprint is None else CURRENT if stored.get(story_id) == fingerprint else STALE
            for story_id, fingerprint in self.fingerprints(analysis_version, report_version).items()
        }

    def put_report(self, story_id: int, fingerprint: str, report: StoryReport) -> None:
        built = datetime.now(UTC).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT INTO story_reports (story_id, members, data, built) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(story_id) DO UPDATE SET "
            "members = excluded.members, data = excluded.data, built = excluded.built",
            (story_id, fingerprint, json.dumps(report.to_record(), ensure_ascii=False), built),
        )

    def report(self, story_id: int, fingerprint: str | None = None) -> StoryReport | None:
        """The stored report of the story (only if built from ``fingerprint``, when given)."""
        row = self.db.execute("SELECT members, data FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()
        if row is None or (fingerprint is not None and row[0] != fingerprint):
            return None
        return StoryReport.from_record(json.loads(row[1]))


MAX_QUERY_WORDS = 64
MAX_QUERY_CHARS = 1000
_ARTICLE_COLUMNS = "a.article_id, a.text, a.title, a.source, a.url, a.published, a.published_source, a.path"


def _article(row: tuple) -> Article:
    article_id, text, title, source, url, published, published_source, path = row
    article = Article(article_id, text, title=title, source=source, url=url, published=parse_day(published), path=path)
    article.published_source = published_source
    return segment(article)


def _fingerprint(rowids: list[int], analysis_version: str, report_version: str) -> str:
    key = f"{report_version}|{analysis_version}|{','.join(map(str, rowids))}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]
