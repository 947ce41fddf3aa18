"""WARC archives (``.warc``, ``.warc.gz``): every HTML record is one page.

An HTML page is held in a ``response`` record (a crawl: the HTTP headers say the type) or a
``resource`` record (an archived file: the WARC headers say the type). Other records are
skipped; an HTML record with no article text is reported (``problems.report``) and skipped;
an archive with no article at all is an error. The WARC date is when the
page was *crawled*, not published, so it is not used as the publication date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .decode import decode, file_stem
from .html import extract
from .problems import report

PAGE_RECORDS = ("response", "resource")


def holds_html(record: Any) -> bool:
    """Is a WARC record an HTML page? A response says so in its HTTP headers, a resource in its
    WARC headers."""
    if record.rec_type not in PAGE_RECORDS:
        return False
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return headers is not None and "html" in (headers.get_header("Content-Type") or "")


def read(path: Path) -> list[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    articles: list[Article] = []
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if not holds_html(record):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = decode(record.content_stream().read(), path)
                article = extract(html, f"{file_stem(path)}-{len(articles) + 1}", str(path), url=url)
                if article is None:
                    report(path, f"record {url or '(no URI)'} skipped: no article text in its HTML")
                else:
                    articles.append(article)
    except (ArchiveLoadFailed, OSError) as exc:
        raise InputError(str(path), f"not a readable WARC archive ({exc})") from exc
    if not articles:
        raise InputError(str(path), "the WARC archive holds no HTML page with article text")
    return articles
