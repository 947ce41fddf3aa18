"""Readers: one module per input format, each turning a file into raw :class:`Article` s.

``read_paths`` walks files and folders, picks the reader by extension (and by content for
Multi-News bundles), and collects a :class:`ReadError` for every input it cannot read so
that the rest of the batch carries on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..model import Article, ReadError
from . import feed, html, jsonl, multinews, problems, text, warc

log = logging.getLogger(__name__)

Reader = Callable[[Path], list[Article]]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".jsonl": jsonl.read,
    ".json": jsonl.read_json,
    ".mnews": multinews.read,
    ".warc": warc.read,
    ".rss": feed.read,
    ".atom": feed.read,
    ".xml": feed.read,
}


def format_suffix(path: Path) -> str:
    """The extension that names a file's format: ``.html`` for ``page.html.gz`` (the readers
    decompress gzip themselves), ``.warc`` for ``crawl.warc.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) > 1 and suffixes[-1] == ".gz":
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def reader_for(path: Path) -> Reader:
    """The reader for a file's extension (compressed or not); plain text otherwise."""
    return READERS.get(format_suffix(path), text.read)


def may_be_glued(path: str | Path | None, articles_from_file: int) -> bool:
    """Could one input article be several articles glued together? Only the text of a plain-text
    file read as one article can (a wire file of several reports); an HTML page, a JSON record,
    a feed entry or a WARC record is one article by construction, and so is each article of a
    file read as several (a Multi-News bundle). An article with no file (given through the
    API) may be glued text too."""
    if path is None:
        return True
    return reader_for(Path(path)) is text.read and articles_from_file == 1


def is_record_file(path: Path, raw: list[Article]) -> bool:
    """Are a file's articles records, one article each (never split)?"""
    return not may_be_glued(path, len(raw))


def is_readable_name(path: Path) -> bool:
    return format_suffix(path) in READERS


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Readable files under ``folder``, sorted, following links to folders once each (a link
    loop ends where it meets a folder already walked). A folder that cannot be listed is
    yielded itself, so that reading it reports why."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        yield folder
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            key = (child.stat().st_dev, child.stat().st_ino)
            if key not in seen:
                seen.add(key)
                yield from _walk(child, seen)
        elif child.is_file() and is_readable_name(child):
            yield child


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and readable files found recursively in folders (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, {(path.stat().st_dev, path.stat().st_ino)})
        else:
            yield path


def read_file(path: Path) -> list[Article]:
    """Read one file with the reader its extension names (plain text for unknown ones). Only a
    regular file is read: a FIFO or a device would block or never end."""
    if not path.exists():
        reason = "a link that loops or points nowhere" if path.is_symlink() else "no such file or folder"
        raise InputError(str(path), reason)
    if path.is_dir():
        raise InputError(str(path), "a folder that cannot be read (permission denied)")
    if not path.is_file():
        raise InputError(str(path), "not a regular file (a FIFO, socket or device)")
    return reader_for(path)(path)


def read_paths(
    paths: Iterable[str | Path],
    published: date | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> tuple[list[Article], list[ReadError]]:
    """Read every input; return the articles read and one error per unreadable input, and one
    per problem inside a file that was read all the same (a bad JSON line).

    ``published`` fills in the publication date of articles whose input gives none (its source
    is then "given"; each reader names its own: "text header", "html metadata", ...).
    ``on_file`` is called after each file (the CLI advances its progress bar with it).
    """
    articles: list[Article] = []
    errors: list[ReadError] = []
    for path in expand_paths(paths):
        try:
            with problems.collected() as inside:
                found = read_file(path)
        except InputError as exc:
            errors.extend(inside)  # what went wrong inside says why nothing was left (a record too large)
            errors.append(ReadError(exc.path, exc.reason))
            log.warning("%s", exc)
        else:
            errors.extend(inside)
            for art in found:
                if art.published is None and published is not None:
                    art.published, art.published_source = published, "given"
            articles.extend(found)
        if on_file:
            on_file(path)
    return articles, errors
