"""HTML reader: trafilatura finds the main text, title, publication date and site name.

``extract`` is shared with the WARC reader, whose records are HTML pages too.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import decode, parse_date, read_bytes


def extract(html: str, article_id: str, path: str, url: str | None = None) -> Article | None:
    """The article in one HTML page, or None when the page holds no article text."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return None
    return Article(
        id=article_id,
        text=text,
        title=doc.title or None,
        source=doc.sitename or None,
        url=doc.url or url,
        published=parse_date(doc.date),
        path=path,
    )


def read(path: Path) -> list[Article]:
    article = extract(decode(read_bytes(path), path), path.stem, str(path))
    if article is None:
        raise InputError(str(path), "no article text found in the HTML")
    return [article]
