"""HTML reader: trafilatura finds the main text, title and site name; htmldate the publication date.

``extract`` is shared with the WARC reader, whose records are HTML pages too.

The text is read in trafilatura's precision mode first, which leaves out most link lists and
teasers; when that finds no text (some layouts defeat it: a long article in nested blocks
without paragraph tags), the default and then the recall mode are tried before the page is
given up. Tables are kept: in news they hold results, figures and schedules that the article
is about.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import decode, file_stem, parse_date, read_bytes

# From the most to the least selective; the first that finds text wins.
EXTRACTION_MODES = ({"favor_precision": True}, {}, {"favor_recall": True})
PUBLISHED_FROM_METADATA = "html metadata"  # a publication meta tag, JSON-LD or a <time datetime>
PUBLISHED_FROM_PAGE = "html page"  # a date found elsewhere in the page (its text, its scripts)


def published_date(html: str) -> tuple[date | None, str | None]:
    """The page's publication date and where it came from.

    The page's own metadata (publication meta tags, structured data, ``<time datetime>``) is
    asked first; only without it is the whole page searched, since the dates in scripts and
    body text are as often a related story's or a photo's as the article's.
    """
    from htmldate import find_date

    for extensive, source in ((False, PUBLISHED_FROM_METADATA), (True, PUBLISHED_FROM_PAGE)):
        found = parse_date(find_date(html, extensive_search=extensive, original_date=True))
        if found is not None:
            return found, source
    return None, None


def extract(html: str, article_id: str, path: str, url: str | None = None) -> Article | None:
    """The article in one HTML page, or None when no extraction mode finds article text in it."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    for mode in EXTRACTION_MODES:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, **mode
        )
        text = getattr(doc, "text", None) if doc is not None else None
        if text and text.strip():
            break
    else:
        return None
    published, published_source = published_date(html)
    return Article(
        id=article_id,
        text=text,
        title=doc.title or None,
        source=doc.sitename or None,
        url=doc.url or url,
        published=published,
        path=path,
        published_source=published_source,
    )


def read(path: Path) -> list[Article]:
    article = extract(decode(read_bytes(path), path), file_stem(path), str(path))
    if article is None:
        raise InputError(str(path), "no article text found in the HTML")
    return [article]
