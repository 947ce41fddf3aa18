"""Multi-News bundles: documents joined by ``|||||``, newlines written as ``NEWLINE_CHAR``."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import file_stem, read_text

SEPARATOR = "|||||"


def unescape(document: str) -> str:
    return document.replace("NEWLINE_CHAR", "\n").strip()


def from_text(raw: str, path: Path) -> list[Article]:
    documents = [unescape(d) for d in raw.split(SEPARATOR)]
    articles = [
        Article(id=f"{file_stem(path)}-{i}", text=doc, path=str(path))
        for i, doc in enumerate((d for d in documents if d), start=1)
    ]
    if not articles:
        raise InputError(str(path), "a Multi-News bundle with no documents")
    return articles


def read(path: Path) -> list[Article]:
    return from_text(read_text(path), path)
