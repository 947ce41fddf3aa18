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
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..model import Article, ArticleAnalysis, StoryReport, opening
from ..segment import segment
from .schema import SCHEMA_VERSION, StoreError, migrate, schema_version

CURRENT, STALE, PENDING = "current", "stale", "pending"


def report_state(fingerprint: str | None, built_from: str | None) -> str:
    """A story's report state from its current fingerprint (None: an article is not analysed yet)
    and the one its stored report was built from."""
    if fingerprint is None:
        return PENDING
    return CURRENT if built_from == fingerprint else STALE


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
    source: str | None = None
    published: str | None = None


class SearchSyntaxError(StoreError):
    """A search query FTS5 cannot parse; :func:`plain_words` reads it as words instead."""


def plain_words(query: str) -> str:
    """``query`` as an FTS5 expression of its words, each quoted: every word must appear."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in query.split())


def _search_filters(
    match: str, source: str | None, since: date | None, until: date | None
) -> tuple[str, tuple[object, ...]]:
    where, params = ["articles_fts MATCH ?"], [match]
    for clause, value in (("a.source = ?", source), ("a.published >= ?", since), ("a.published <= ?", until)):
        if value is not None:
            where.append(clause)
            params.append(value.isoformat() if isinstance(value, date) else value)
    return " AND ".join(where), tuple(params)


@dataclass
class StoryRow(StorySummary):
    """A line of the desk's story list: ``copies`` are members that re-run another member's text
    (from the stored report)."""

    copies: int = 0

    @property
    def key(self) -> tuple[str, int]:
        """Where the next page starts (see :meth:`Store.story_rows`)."""
        return self.last_published or "", self.id


@dataclass(frozen=True)
class StoryQuery:
    """Which stories a list shows: ``after`` a keyset, last published on or after ``since``, first
    published on or before ``until``, with ``min_independent`` non-copy articles, one outlet."""

    after: tuple[str, int] | None = None
    since: date | None = None
    until: date | None = None
    min_independent: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: its story (None when it joined none) and why it is junk, if it is."""

    article: Article
    story_id: int | None
    junk: str | None


@dataclass(frozen=True)
class PendingArticle:
    """An article whose analysis is missing or was made by another version."""

    rowid: int
    article: Article


WRITE_WAIT_SECONDS = 30.0  # how long a writer waits for another process's lock before giving up


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
            # transactions are explicit
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
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
        self._use_wal()
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
        self.db.execute("PRAGMA foreign_keys=ON")
        migrate(self.db, self.path)

    def _use_wal(self) -> None:
        """Switch the file to WAL, waiting for other openers as a write would.

        Changing the journal mode needs the file to itself, and SQLite can answer "database is
        locked" at once, without calling its busy handler, while another process opens or
        migrates the same fresh file; so the switch is retried for as long as a write would wait.
        """
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    message = f"'{self.path}' stayed locked by another process for {WRITE_WAIT_SECONDS:.0f} s"
                    raise StoreError(message) from error
                time.sleep(0.02)

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

    def story_articles(self, story_id: int, sentences: bool = True) -> list[Article]:
        """The story's articles rebuilt as prepared :class:`Article` objects, oldest first
        (without their sentences if not wanted: segmenting a big story costs time)."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM story_articles m JOIN articles a ON a.id = m.article_rowid "
            "WHERE m.story_id = ? ORDER BY a.published, a.id",
            (story_id,),
        ).fetchall()
        if not rows:
            raise StoreError(f"no story {story_id} in '{self.path}' (see 'storyline stories')")
        return [_article(row, sentences) for row in rows]

    def search_hits(
        self,
        match: str,
        limit: int = 20,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
        marks: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        """Articles matching the FTS5 expression ``match`` (of one outlet and publication days,
        when given), best first, each with a snippet whose matched words sit between ``marks``.
        A query FTS5 cannot parse raises :class:`SearchSyntaxError` (the caller says so); one of
        more than :data:`MAX_QUERY_WORDS` words or :data:`MAX_QUERY_CHARS` characters is refused,
        as FTS5's cost grows with every term (10,000 words took minutes)."""
        if len(match.split()) > MAX_QUERY_WORDS or len(match) > MAX_QUERY_CHARS:
            raise StoreError(f"search query too long: at most {MAX_QUERY_WORDS} words, {MAX_QUERY_CHARS} characters")
        where, params = _search_filters(match, source, since, until)
        sql = (
            "SELECT a.article_id, m.story_id, a.title, snippet(articles_fts, 1, ?, ?, ' ... ', 12), a.source, "
            f"a.published FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"LEFT JOIN story_articles m ON m.article_rowid = a.id WHERE {where} ORDER BY rank LIMIT ?"
        )
        rows = self._match(sql, (*marks, *params, limit))
        return [SearchHit(r[0], r[1], r[2], " ".join(r[3].split()), r[4], r[5]) for r in rows]

    def search_facets(
        self, match: str, source: str | None = None, since: date | None = None, until: date | None = None
    ) -> dict[str, list[tuple[str | None, int]]]:
        """How many matching articles each outlet and each publication day holds (most first,
        days in order): the counts a search page offers as filters."""
        where, params = _search_filters(match, source, since, until)
        base = f"FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE {where}"
        sources = self._match(f"SELECT a.source, COUNT(*) {base} GROUP BY a.source ORDER BY 2 DESC, 1", params)
        days = self._match(f"SELECT a.published, COUNT(*) {base} GROUP BY a.published ORDER BY 1", params)
        return {"source": [(r[0], r[1]) for r in sources], "day": [(r[0], r[1]) for r in days]}

    def _match(self, sql: str, params: tuple[object, ...]) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:  # the query is the only free input: FTS5 refused it
            if "locked" in str(exc) or "I/O" in str(exc):
                raise
            raise SearchSyntaxError(str(exc)) from exc

    # -- the desk's listings -----------------------------------------------------------------

    def story_rows(self, query: StoryQuery, limit: int = 20) -> list[StoryRow]:
        """One page of stories, newest last publication first (undated last), after the keyset
        ``query.after`` (the ``key`` of the previous page's last row): a page costs the same however
        deep it is. Copies are counted from the stored report (none before one is built)."""
        where, params = ["1"], []
        if query.after is not None:
            where.append("(COALESCE(g.last_published, ''), g.id) < (?, ?)")
            params += [query.after[0], query.after[1]]
        for clause, value in (
            ("g.last_published >= ?", query.since),
            ("g.first_published <= ?", query.until),
            ("g.size - COALESCE(c.copies, 0) >= ?", query.min_independent),
            (
                "EXISTS (SELECT 1 FROM story_articles m2 JOIN articles a2 ON a2.id = m2.article_rowid "
                "WHERE m2.story_id = g.id AND a2.source = ?)",
                query.source,
            ),
        ):
            if value is not None:
                where.append(clause)
                params.append(value.isoformat() if isinstance(value, date) else value)
        rows = self.db.execute(
            "WITH g AS (SELECT s.id, s.headline, s.first_published, s.last_published, COUNT(*) AS size, "
            "COUNT(DISTINCT a.source) AS outlets, MIN(a.id) AS first_rowid FROM stories s "
            "JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_rowid GROUP BY s.id), "
            "c AS (SELECT story_id, (SELECT COUNT(DISTINCT json_extract(value, '$.copy')) "
            "FROM json_each(data, '$.syndication')) AS copies FROM story_reports) "
            "SELECT g.id, g.size, g.outlets, g.first_published, g.last_published, g.headline, "
            "COALESCE(c.copies, 0), (SELECT substr(text, 1, 400) FROM articles WHERE id = g.first_rowid) "
            f"FROM g LEFT JOIN c ON c.story_id = g.id WHERE {' AND '.join(where)} "
            "ORDER BY COALESCE(g.last_published, '') DESC, g.id DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [StoryRow(r[0], r[1], r[2], r[3], r[4], r[5] or opening(r[7]), copies=r[6]) for r in rows]

    def story_days(self, story_ids: list[int]) -> dict[int, list[tuple[str | None, int]]]:
        """How many of each story's articles were published on each day, days in order (None:
        undated): what the coverage charts draw."""
        marks = ",".join("?" * len(story_ids))
        rows = self.db.execute(
            "SELECT m.story_id, a.published, COUNT(*) FROM story_articles m JOIN articles a ON a.id = m.article_rowid "
            f"WHERE m.story_id IN ({marks}) GROUP BY m.story_id, a.published ORDER BY m.story_id, a.published",
            story_ids,
        ).fetchall()
        days: dict[int, list[tuple[str | None, int]]] = {story_id: [] for story_id in story_ids}
        for story_id, day, count in rows:
            days[story_id].append((day, count))
        return days

    def article(self, article_id: str) -> StoredArticle:
        """One article by its id, with its story (None for junk, which joins none)."""
        row = self.db.execute(
            f"SELECT m.story_id, a.junk, {_ARTICLE_COLUMNS} FROM articles a "
            "LEFT JOIN story_articles m ON m.article_rowid = a.id WHERE a.article_id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id!r} in '{self.path}'")
        return StoredArticle(_article(row[2:]), row[0], row[1])

    def sources(self) -> list[tuple[str | None, int]]:
        """Every outlet (None: not stated) with how many articles it has, most first."""
        return self.db.execute("SELECT source, COUNT(*) FROM articles GROUP BY source ORDER BY 2 DESC, 1").fetchall()

    def source_articles(self, source: str | None, limit: int = 500) -> list[StoredArticle]:
        """Up to ``limit`` articles of an outlet (None: those that state none), newest first; each
        without its sentences (a listing shows titles)."""
        rows = self.db.execute(
            f"SELECT m.story_id, a.junk, {_ARTICLE_COLUMNS} FROM articles a "
            "LEFT JOIN story_articles m ON m.article_rowid = a.id WHERE a.source IS ? "
            "ORDER BY COALESCE(a.published, '') DESC, a.id DESC LIMIT ?",
            (source, limit),
        ).fetchall()
        return [StoredArticle(_article(row[2:], sentences=False), row[0], row[1]) for row in rows]

    def syndication(self) -> list[tuple[str, str]]:
        """Every (original, copy) pair of article ids the stored reports found."""
        return self.db.execute(
            "SELECT json_extract(value, '$.original'), json_extract(value, '$.copy') "
            "FROM story_reports, json_each(story_reports.data, '$.syndication')"
        ).fetchall()

    def story_state(self, story_id: int) -> str:
        """A digest of everything a story's page shows that can change: its members, the versions
        of their analyses and its stored report's fingerprint and build time. A cache of the page
        keyed by it is never out of date."""
        members = self.db.execute(
            "SELECT m.article_rowid, x.version FROM story_articles m "
            "LEFT JOIN article_analysis x ON x.article_rowid = m.article_rowid WHERE m.story_id = ? ORDER BY 1",
            (story_id,),
        ).fetchall()
        if not members:
            raise StoreError(f"no story {story_id} in '{self.path}' (see 'storyline stories')")
        report = self.db.execute("SELECT members, built FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()
        return hashlib.sha256(repr((members, report)).encode()).hexdigest()[:24]

    def database_state(self, analysis_version: str) -> str:
        """A digest of what the story list and search show: the articles and memberships (an
        ingest adds articles in the same transaction as it moves or merges stories), how many
        analyses are of ``analysis_version`` and every stored report's fingerprint and build time.
        Cheap (counts over indexes and a short report table), so pages can be cached by it."""
        row = self.db.execute(
            "SELECT (SELECT MAX(id) FROM articles), (SELECT COUNT(*) FROM story_articles), "
            "(SELECT MAX(id) FROM stories), (SELECT COUNT(*) FROM stories), "
            "(SELECT COUNT(*) FROM article_analysis WHERE version = ?), (SELECT COUNT(*) FROM article_analysis), "
            "(SELECT group_concat(story_id || ':' || members || ':' || built) FROM story_reports)",
            (analysis_version,),
        ).fetchone()
        return hashlib.sha256(repr(row).encode()).hexdigest()[:24]

    def report_built(self, story_id: int) -> str | None:
        """When the story's stored report was built (ISO time), None when none is stored."""
        row = self.db.execute("SELECT built FROM story_reports WHERE story_id = ?", (story_id,)).fetchone()
        return row[0] if row else None

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

    def count_pending(self, version: str, story_id: int | None = None) -> int:
        """How many articles in stories (of ``story_id`` only, if given) :meth:`pending_articles` would give."""
        story, params = ("AND m.story_id = ?", (version, story_id)) if story_id is not None else ("", (version,))
        sql = (
            "SELECT COUNT(*) FROM story_articles m LEFT JOIN article_analysis x ON x.article_rowid = m.article_rowid "
            f"WHERE (x.version IS NULL OR x.version != ?) {story}"
        )
        return int(self.db.execute(sql, params).fetchone()[0])

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

    def built_from(self) -> dict[int, str]:
        """The fingerprint each stored report was built from, by story."""
        return dict(self.db.execute("SELECT story_id, members FROM story_reports").fetchall())

    def report_states(self, analysis_version: str, report_version: str) -> dict[int, str]:
        stored = self.built_from()
        return {
            story_id: report_state(fingerprint, stored.get(story_id))
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


def _article(row: tuple, sentences: bool = True) -> Article:
    article_id, text, title, source, url, published, published_source, path = row
    article = Article(article_id, text, title=title, source=source, url=url, published=parse_day(published), path=path)
    article.published_source = published_source
    return segment(article) if sentences else article


def _fingerprint(rowids: list[int], analysis_version: str, report_version: str) -> str:
    key = f"{report_version}|{analysis_version}|{','.join(map(str, rowids))}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]
