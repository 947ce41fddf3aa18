"""WARC archives (``.warc``, ``.warc.gz``): every HTML record is one page.

An HTML page is held in a ``response`` record (a crawl: the HTTP headers say the type) or a
``resource`` record (an archived file: the WARC headers say the type). Other records are
skipped; an HTML record with no article text, no target URI or more than
:data:`MAX_RECORD_MB` of content is reported (``problems.report``) and skipped (records are
read one at a time, so a gzip bomb never sits in memory whole); an archive with no article
at all is an error. The WARC date is when the page was *crawled*, not published, so it is not
used as the publication date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .decode import MB, decode, file_stem
from .html import extract
from .problems import report

PAGE_RECORDS = ("response", "resource")
MAX_RECORD_MB = 16  # a news page is well under 1 MB; a bigger record is no article


def holds_html(record: Any) -> bool:
    """Is a WARC record an HTML page? A response says so in its HTTP headers, a resource in its
    WARC headers."""
    if record.rec_type not in PAGE_RECORDS:
        return False
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return headers is not None and "html" in (headers.get_header("Content-Type") or "")


def _records(stream: Any) -> Any:
    """The archive's records; a record without ``WARC-Target-URI`` is read as one with an empty
    URI (warcio fails on it otherwise, and the archive's later records would be lost)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecordLoader

    class UriOptionalLoader(ArcWarcRecordLoader):  # type: ignore[misc]
        def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: int) -> Any:
            if not uri and rec_type == "response":
                return None if length == 0 else self.http_parser.parse(stream)
            return super().load_http_headers(rec_type, uri or "", stream, length)

    records = ArchiveIterator(stream)
    records.loader = UriOptionalLoader()
    return records


def _page(record: Any, number: int, path: Path) -> Article | None:
    """The article of one HTML record, or None (reported) when it holds none."""
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    name = url or f"{number} (no WARC-Target-URI)"
    content = record.content_stream().read(MAX_RECORD_MB * MB + 1)
    if len(content) > MAX_RECORD_MB * MB:
        report(path, f"record {name} skipped: record larger than {MAX_RECORD_MB} MB")
        return None
    article = extract(decode(content, path), f"{file_stem(path)}-{number}", str(path), url=url)
    if article is None:
        report(path, f"record {name} skipped: no article text in its HTML")
    return article


def read(path: Path) -> list[Article]:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    articles: list[Article] = []
    try:
        with path.open("rb") as stream:
            for record in _records(stream):
                if holds_html(record) and (article := _page(record, len(articles) + 1, path)):
                    articles.append(article)
    except (ArchiveLoadFailed, StatusAndHeadersParserException, OSError, EOFError) as exc:
        raise InputError(str(path), f"not a readable WARC archive ({exc})") from exc
    if not articles:
        raise InputError(str(path), "the WARC archive holds no HTML page with article text")
    return articles
