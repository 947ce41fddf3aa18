"""HTML reader: trafilatura finds the main text, title and site name; htmldate the publication date.

``extract`` is shared with the WARC reader, whose records are HTML pages too.

Pop-up cards inside paragraphs (a name's hover card) are removed first (``drop_popup_cards``).
Some layouts cut one article body into several sibling blocks of the same class (an ad or a
newsletter box between them), and the extractor keeps only the first; when most of a later
block's paragraphs are missing from the text, the blocks are joined and the page read again
(``rejoin_split_body``).

The text is read in trafilatura's precision mode first, which leaves out most link lists and
teasers; when that finds no text (some layouts defeat it: a long article in nested blocks
without paragraph tags), the default and then the recall mode are tried before the page is
given up. Tables are kept: in news they hold results, figures and schedules that the article
is about.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .decode import decode, file_stem, parse_date, read_bytes

log = logging.getLogger(__name__)

# From the most to the least selective; the first that finds text wins.
EXTRACTION_MODES = ({"favor_precision": True}, {}, {"favor_recall": True})
PUBLISHED_FROM_METADATA = "html metadata"  # publication meta tags, structured data, <time datetime>
PUBLISHED_FROM_URL = "page url"  # a date in the page's address
PUBLISHED_FROM_PAGE = "html page"  # a date found elsewhere in the page (its text, its scripts)


# Libraries that log their parse failures ("lxml parsing failed: Document is empty") without
# naming the file: their messages are caught here and given with the file's name.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan")


class _Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def library_messages() -> Iterator[list[str]]:
    """The warnings and errors the HTML libraries log inside the block, kept off standard error."""
    caught = _Caught()
    loggers = [logging.getLogger(name) for name in QUIET_LIBRARIES]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(caught)
        logger.propagate = False
    try:
        yield caught.messages
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(caught)
            logger.propagate = propagate


# Class names of article-body blocks: "article__body", "story-body", "entry-content", "post_text".
BODY_CLASS = re.compile(r"(?:article|story|post|entry)[-_]{0,2}(?:body|content|text)", re.IGNORECASE)
BODY_PARAGRAPH_MIN = 80  # characters: a paragraph long enough to be recognised in the text
BODY_BLOCK_MIN = 150  # characters of paragraphs a block needs to be part of the body


def _norm(text: str) -> str:
    return " ".join(text.split())


# Elements that end a paragraph built from line breaks and stay as they are.
BLOCK_TAGS = frozenset(
    "div p table ul ol dl figure blockquote center section aside pre h1 h2 h3 h4 h5 h6 hr img iframe".split()
)
BROKEN_TEXT_MIN = 200  # characters of text directly in a block before its line breaks are read as paragraphs


def paragraphs_from_breaks(tree: Any) -> int:
    """Rebuild blocks written as text divided by ``<br>`` (no ``<p>``) into paragraphs, as
    readability does; how many blocks were rebuilt (``tree`` is changed in place). An extractor
    reads such a block's later lines but can drop the text before its first child, which is
    where the lead paragraph sits."""
    rebuilt = 0
    for block in list(tree.iter("div", "td", "section", "article")):
        breaks = sum(1 for child in block if child.tag == "br")
        own = (block.text or "") + "".join(child.tail or "" for child in block)
        if breaks < 2 or len(_norm(own)) < BROKEN_TEXT_MIN:
            continue
        children, text = list(block), block.text
        for child in children:
            block.remove(child)  # lxml keeps a removed element's tail on it
        block.text = None
        paragraph = _new_paragraph(block, text)
        for child in children:
            tail, child.tail = child.tail, None
            if child.tag == "br" or child.tag in BLOCK_TAGS:
                _keep(block, paragraph)
                if child.tag != "br":
                    block.append(child)
                paragraph = _new_paragraph(block, tail)
            else:
                paragraph.append(child)
                child.tail = tail
        _keep(block, paragraph)
        rebuilt += 1
    return rebuilt


def _new_paragraph(block: Any, text: str | None) -> Any:
    paragraph = block.makeelement("p", {})
    paragraph.text = text
    return paragraph


def _keep(block: Any, paragraph: Any) -> None:
    if paragraph.text_content().strip():
        block.append(paragraph)


# Pop-up cards inside running text: a name's hover card with its photo and headlines.
POPUP_CLASS = re.compile(r"tooltip|popover|rollover|hover-?card", re.IGNORECASE)


def drop_popup_cards(tree: Any) -> int:
    """Remove pop-up cards nested in paragraphs (``tree`` is changed in place); how many went.

    A card is the innermost element of a pop-up class inside a ``<p>`` that holds a picture or
    several links: its text (the name again, the person's latest headlines) would otherwise be
    glued into the sentence ("Rep. Jane RoeJane RoeBudget talks stall | ..."). The link the
    card hangs on stays.
    """
    cards = [
        element
        for paragraph in tree.iter("p")
        for element in paragraph.iterdescendants()
        if isinstance(element.tag, str) and POPUP_CLASS.search(element.get("class") or "") and _is_card(element)
    ]
    innermost = [card for card in cards if not any(other in cards for other in card.iterdescendants())]
    for card in innermost:
        card.drop_tree()
    return len(innermost)


def _is_card(element: Any) -> bool:
    return next(element.iter("img"), None) is not None or sum(1 for _ in element.iter("a")) >= 2


def rejoin_split_body(tree: Any, text: str) -> bool:
    """Join sibling article-body blocks of one class into the first when the extracted ``text``
    misses most of a later block's paragraphs; says whether anything was joined (``tree`` is
    changed in place)."""
    have = _norm(text)
    groups: dict[str, list[Any]] = {}
    for element in tree.iter():
        cls = element.get("class") if isinstance(element.tag, str) else None
        if cls and BODY_CLASS.search(cls):
            groups.setdefault(cls, []).append(element)
    joined = False
    for blocks in groups.values():
        tops = [b for b in blocks if not any(a in blocks for a in b.iterancestors())]
        if len(tops) < 2 or not all(_paragraph_chars(b) >= BODY_BLOCK_MIN for b in tops):
            continue
        if not any(_mostly_missing(b, have) for b in tops[1:]):
            continue
        for other in tops[1:]:
            tops[0].extend(list(other))
            other.getparent().remove(other)
        joined = True
    return joined


def _paragraph_chars(block: Any) -> int:
    return sum(len(p.text_content()) for p in block.iter("p"))


def _mostly_missing(block: Any, have: str) -> bool:
    long = [text for p in block.iter("p") if len(text := _norm(p.text_content())) >= BODY_PARAGRAPH_MIN]
    return bool(long) and sum(t[:BODY_PARAGRAPH_MIN] not in have for t in long) > len(long) / 2


# The article's own publication date, most specific first: the Open Graph article tag, a
# schema.org datePublished, and a <time datetime> inside the <article>.
ARTICLE_DATE_XPATHS = (
    "//meta[@property='article:published_time' or @property='og:article:published_time']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//*[@itemprop='datePublished']/@content",
    "//article//time/@datetime",
)


URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/-]|$)")


def url_date(url: str | None) -> date | None:
    """The calendar date in a page's address ("/2024/06/02/", "/story/2024-06-02/"): the
    publisher's own day, where a UTC timestamp in the markup may already be the next one."""
    match = URL_DATE.search(url or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def article_date(tree: Any) -> date | None:
    """The date the page's markup gives the article itself (see ``ARTICLE_DATE_XPATHS``)."""
    for xpath in ARTICLE_DATE_XPATHS:
        for value in tree.xpath(xpath):
            found = parse_date(str(value).strip())
            if found is not None:
                return found
    return None


def published_date(html: str, tree: Any = None, url: str | None = None) -> tuple[date | None, str | None]:
    """The page's publication date and where it came from.

    A date in the page's address comes first, then the article's own markup
    (``article_date``): structured data in a script often describes the web page or a related
    item, and a page's scripts carry many timestamps. Then htmldate reads the rest of the
    metadata (other meta tags, JSON-LD, time elements); only without any is the whole page
    searched, since dates in scripts and body text are as often a related story's or a
    photo's as the article's.
    """
    from htmldate import find_date

    found = url_date(url)
    if found is not None:
        return found, PUBLISHED_FROM_URL
    found = article_date(tree) if tree is not None else None
    if found is not None:
        return found, PUBLISHED_FROM_METADATA
    for extensive, source in ((False, PUBLISHED_FROM_METADATA), (True, PUBLISHED_FROM_PAGE)):
        found = parse_date(find_date(html, url=url, extensive_search=extensive, original_date=True))
        if found is not None:
            return found, source
    return None, None


def _extract_text(page: Any, url: str | None, modes: tuple[dict[str, bool], ...]) -> tuple[Any, dict[str, bool]] | None:
    """trafilatura's document for the first mode that finds text in ``page``, and that mode."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    for mode in modes:
        doc = trafilatura.bare_extraction(
            deepcopy(page), url=url, with_metadata=True, include_comments=False, include_tables=True, **mode
        )
        if doc is not None and doc.text and doc.text.strip():
            return doc, mode
    return None


def extract(html: str, article_id: str, path: str, url: str | None = None) -> Article | None:
    """The article in one HTML page, or None when no extraction mode finds article text in it
    (what the libraries said about the page is then logged with the file's name)."""
    import trafilatura

    with library_messages() as messages:
        tree = trafilatura.load_html(html)
        found = None
        if tree is not None:
            drop_popup_cards(tree)
            paragraphs_from_breaks(tree)
            found = _extract_text(tree, url, EXTRACTION_MODES)
        if found is not None and rejoin_split_body(tree, found[0].text):
            rejoined = _extract_text(tree, url, (found[1],))
            if rejoined is not None and len(rejoined[0].text) > len(found[0].text):
                found = rejoined
        page_url = (found[0].url or url) if found is not None else None
        published, published_source = published_date(html, tree, page_url) if found is not None else (None, None)
    if found is None:
        for message in dict.fromkeys(messages):
            log.info("%s: %s", path, message)
        return None
    doc = found[0]
    return Article(
        id=article_id,
        text=doc.text,
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
