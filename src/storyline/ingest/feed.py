"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``): one article per entry.

The entry's full content is used when the feed carries it, else its summary; HTML in
either is reduced to text with a paragraph break per block element. The feed's title is
the source.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .decode import file_stem, read_bytes
from .fields import printable

BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote")


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment; block elements become paragraph breaks."""
    import lxml.html

    fragment = printable(fragment)
    if "<" not in fragment:
        return fragment.strip()
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter(*BLOCKS):
        # a character reference such as "&#1;" in the tail is a control character lxml refuses
        element.tail = "\n\n" + printable(element.tail or "")
    return "\n\n".join(p.strip() for p in root.text_content().split("\n\n") if p.strip())


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    return html_fragment_to_text(html or "")


def _entry_date(entry: Any) -> date | None:
    """The entry's date; none for a date no calendar has (a ``pubDate`` of ``0000-00-00``)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None


CHARACTER_REFERENCE = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def _no_surrogate_reference(m: re.Match[bytes]) -> bytes:
    digits = m.group(1)
    code = int(digits[1:], 16) if digits[:1] in b"xX" else int(digits)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF else m.group(0)


def without_surrogate_references(data: bytes) -> bytes:
    """Rule ``feed_charref``: a character reference to a surrogate (``&#xD800;``) becomes U+FFFD's;
    feedparser would fail encoding the character it names."""
    return CHARACTER_REFERENCE.sub(_no_surrogate_reference, data) if b"&#" in data else data


def read(path: Path) -> list[Article]:
    import feedparser

    parsed = feedparser.parse(without_surrogate_references(read_bytes(path)))
    if not parsed.entries:
        reason = "not an RSS or Atom feed" if parsed.bozo else "the feed has no entries"
        raise InputError(str(path), reason)
    source = parsed.feed.get("title") or None
    articles = [
        Article(
            id=f"{file_stem(path)}-{i}",
            text=text,
            title=entry.get("title") or None,
            source=source,
            url=entry.get("link") or None,
            published=(published := _entry_date(entry)),
            path=str(path),
            published_source="feed entry" if published else None,
        )
        for i, entry in enumerate(parsed.entries, start=1)
        if (text := _entry_text(entry))
    ]
    if not articles:
        raise InputError(str(path), "no feed entry has any text")
    return articles
