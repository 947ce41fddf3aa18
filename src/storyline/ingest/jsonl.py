"""JSON Lines: one article a line (``text`` plus optional ``title``, ``url``, ``source``,
``published``, ``id``), or one Multi-News example a line (``documents``: a list of texts).
Plain JSON (``.json``): an array of such objects, or one object.

A bad line (or array item) is reported with its number (``problems.report``: on standard error
and in the report's errors) and skipped; the others are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .decode import file_stem, parse_date, read_text
from .fields import printable, text_field
from .multinews import unescape
from .problems import report

METADATA = ("title", "source", "url", "id", "doc_id")


def _metadata(obj: dict[str, Any], where: str, path: Path) -> dict[str, str | None]:
    """The record's metadata as text (``fields.text_field``); a field of another type (an
    object, a list) is reported and ignored, and the record kept."""
    found = {name: text_field(obj.get(name)) for name in METADATA}
    for name, value in found.items():
        if value is None and obj.get(name) not in (None, ""):
            report(path, f"{where}: {name!r} ignored: a JSON {type(obj[name]).__name__}, not text")
    return found


# Python's JSON parser recurses once per level: a file of a million "[" would exhaust the stack
TOO_DEEP = "JSON nested too deeply to read"


def _article(obj: dict[str, Any], default_id: str, where: str, path: Path) -> Article:
    published = parse_date(obj.get("published") or obj.get("date"))
    meta = _metadata(obj, where, path)
    return Article(
        id=meta["id"] or meta["doc_id"] or default_id,
        text=printable(obj["text"]),
        title=meta["title"],
        source=meta["source"],
        url=meta["url"],
        published=published,
        path=str(path),
        published_source="record" if published else None,
    )


def articles_from_line(obj: Any, lineno: int, path: Path, unit: str = "line") -> list[Article]:
    """The articles one parsed line stands for; raises ValueError for an unusable line."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    if isinstance(obj.get("text"), str) and obj["text"].strip():
        return [_article(obj, f"{file_stem(path)}-{lineno}", f"{unit} {lineno}", path)]
    docs = obj.get("documents")
    if isinstance(docs, list):
        base = text_field(obj.get("id")) or f"{file_stem(path)}-{lineno}"
        return [
            Article(id=f"{base}-{i}", text=printable(unescape(d)), path=str(path))
            for i, d in enumerate(docs, start=1)
            if isinstance(d, str) and d.strip()
        ]
    raise ValueError("no non-empty 'text' field")


def _articles(
    path: Path, items: Iterable[tuple[int, Any]], unit: str, load: Callable[[Any], Any]
) -> tuple[list[Article], int]:
    """The articles of numbered items (``load`` turns one into a JSON value, so a line that is not
    JSON is one more bad item), and how many items were bad; each bad one is reported by number."""
    articles: list[Article] = []
    problems = 0
    for number, item in items:
        try:
            articles.extend(articles_from_line(load(item), number, path, unit))
        except ValueError as exc:  # json.JSONDecodeError is one
            problems += 1
            report(path, f"{unit} {number} skipped: {exc}")
        except RecursionError:
            problems += 1
            report(path, f"{unit} {number} skipped: {TOO_DEEP}")
    return articles, problems


def read(path: Path) -> list[Article]:
    return _from_lines(path, read_text(path))


def _from_lines(path: Path, raw: str) -> list[Article]:
    """The articles of a file's text read as JSON Lines."""
    lines = ((n, line) for n, line in enumerate(raw.splitlines(), start=1) if line.strip())
    articles, problems = _articles(path, lines, "line", json.loads)
    if not articles:
        raise InputError(str(path), f"no usable JSON lines ({problems} bad)")
    return articles


def read_json(path: Path) -> list[Article]:
    """A ``.json`` file: an array of article objects (as JSON Lines takes them), or one object.
    A file that is JSON Lines under a ``.json`` name is read as such."""
    raw = read_text(path)
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InputError(str(path), TOO_DEEP) from None
    except json.JSONDecodeError:
        if len([line for line in raw.splitlines() if line.strip()]) > 1:
            return _from_lines(path, raw)
        raise InputError(str(path), "not valid JSON") from None
    items = data if isinstance(data, list) else [data]
    articles, problems = _articles(path, enumerate(items, start=1), "item", lambda obj: obj)
    if not articles:
        raise InputError(str(path), f"no article objects with a 'text' field ({problems} bad)")
    return articles
