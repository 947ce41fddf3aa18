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
from . import feed, html, jsonl, multinews, text, warc

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


def reader_for(path: Path) -> Reader:
    """The reader for a file's extension (``.warc.gz`` included); plain text otherwise."""
    if path.name.lower().endswith(".warc.gz"):
        return warc.read
    return READERS.get(path.suffix.lower(), text.read)


# Readers whose every article is a record of its own (a JSON object, a Multi-News document),
# never several articles glued together: the store does not try to split them.
RECORD_READERS = frozenset({jsonl.read, jsonl.read_json, multinews.read})


def is_record_file(path: Path, raw: list[Article]) -> bool:
    """Are a file's articles records, one article each? Those of a record reader are, and so are
    the articles of any file that was read as several (a feed, an archive); a single text may
    hold glued articles."""
    return reader_for(path) in RECORD_READERS or len(raw) > 1


def is_readable_name(path: Path) -> bool:
    return path.suffix.lower() in READERS or path.name.lower().endswith(".warc.gz")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and readable files found recursively in folders (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and is_readable_name(child):
                    yield child
        else:
            yield path


def read_file(path: Path) -> list[Article]:
    """Read one file with the reader its extension names (plain text for unknown ones)."""
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return reader_for(path)(path)


def read_paths(
    paths: Iterable[str | Path],
    published: date | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> tuple[list[Article], list[ReadError]]:
    """Read every input; return the articles read and one error per unreadable input.

    ``published`` fills in the publication date of articles whose input gives none.
    ``on_file`` is called after each file (the CLI advances its progress bar with it).
    """
    articles: list[Article] = []
    errors: list[ReadError] = []
    for path in expand_paths(paths):
        try:
            found = read_file(path)
        except InputError as exc:
            errors.append(ReadError(exc.path, exc.reason))
            log.warning("%s", exc)
        else:
            for art in found:
                if art.published is None:
                    art.published = published
            articles.extend(found)
        if on_file:
            on_file(path)
    return articles, errors
