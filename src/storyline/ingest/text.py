"""Plain-text reader.

A file may start with a small header block (``Title:``, ``Source:``, ``Published:``,
``URL:`` lines, then a blank line); the rest is the article's raw text. A file holding
``|||||`` separators is a Multi-News bundle and is handed to that reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Article
from . import multinews
from .decode import file_stem, parse_date, read_text

HEADER_LINE = re.compile(r"^(title|source|published|url):[ \t]*(.*)$", re.IGNORECASE)


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split a leading ``Key: value`` block off the text; no block gives an empty dict."""
    lines = raw.lstrip("\n").split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = HEADER_LINE.match(line.strip())
        if match:
            fields[match.group(1).lower()] = match.group(2).strip()
            continue
        if fields and not line.strip():
            return fields, "\n".join(lines[i + 1 :])
        break
    return {}, raw


def read(path: Path) -> list[Article]:
    raw = read_text(path)
    if multinews.SEPARATOR in raw:
        return multinews.from_text(raw, path)
    fields, body = split_header(raw)
    return [
        Article(
            id=file_stem(path),
            text=body,
            title=fields.get("title") or None,
            source=fields.get("source") or None,
            url=fields.get("url") or None,
            published=(published := parse_date(fields.get("published"))),
            path=str(path),
            published_source="text header" if published else None,
        )
    ]
