"""HTML reader: trafilatura finds the main text, title, publication date and site name."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import decode, parse_date, read_bytes


def read(path: Path) -> list[Article]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    html = decode(read_bytes(path), path)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(str(path), "no article text found in the HTML")
    return [
        Article(
            id=path.stem,
            text=text,
            title=doc.title or None,
            source=doc.sitename or None,
            url=doc.url or None,
            published=parse_date(doc.date),
            path=str(path),
        )
    ]
