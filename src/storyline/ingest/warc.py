"""WARC archives (``.warc``, ``.warc.gz``): every HTML response record is one page.

Records that are not HTML responses, or hold no article text, are skipped (and counted
in the log); an archive with no article at all is an error. The WARC date is when the
page was *crawled*, not published, so it is not used as the publication date.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import decode, file_stem
from .html import extract

log = logging.getLogger(__name__)


def read(path: Path) -> list[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    articles: list[Article] = []
    skipped = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                content_type = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
                if record.rec_type != "response" or "html" not in content_type:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = decode(record.content_stream().read(), path)
                article = extract(html, f"{file_stem(path)}-{len(articles) + 1}", str(path), url=url)
                if article is None:
                    skipped += 1
                else:
                    articles.append(article)
    except (ArchiveLoadFailed, OSError) as exc:
        raise InputError(str(path), f"not a readable WARC archive ({exc})") from exc
    if skipped:
        log.info("%s: %d HTML records held no article text", path, skipped)
    if not articles:
        raise InputError(str(path), "the WARC archive holds no HTML page with article text")
    return articles
