"""Bytes to text, shared by every reader: a size limit, binary detection and encoding fallback.

A file (after gunzipping) larger than :data:`MAX_FILE_MB` is refused: a news input is far
smaller, and a gzip bomb (4 MB expanding to 4 GB) is stopped as soon as it passes the limit,
because it is decompressed in pieces.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from datetime import date
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from ..errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
MB = 1024 * 1024
MAX_FILE_MB = 64
CHUNK = MB


def too_large(path: Path) -> InputError:
    return InputError(str(path), f"file larger than {MAX_FILE_MB} MB (uncompressed); split it")


def _bounded(stream: BinaryIO, path: Path) -> bytes:
    """The stream's bytes, read in pieces and refused past the size limit."""
    pieces: list[bytes] = []
    size = 0
    while piece := stream.read(CHUNK):
        size += len(piece)
        if size > MAX_FILE_MB * MB:
            raise too_large(path)
        pieces.append(piece)
    return b"".join(pieces)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, gunzipped when it is gzip-compressed (saved pages often are: ``.html.gz``)."""
    try:
        with path.open("rb") as stream:
            data = _bounded(stream, path)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    if data.startswith(GZIP_MAGIC):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = _bounded(unzipped, path)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(str(path), f"a damaged gzip file ({exc})") from exc
    if not data.strip():
        raise InputError(str(path), "the file is empty")
    return data


def utf16_codec(data: bytes) -> str | None:
    """Rule ``utf16``: UTF-16 text, by its byte-order mark or, without one, by NUL bytes on one
    side of nearly every pair (English in UTF-16: every other byte is zero); else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    if head[1::2].count(0) > 0.9 * pairs and head[0::2].count(0) == 0:
        return "utf-16-le"
    if head[0::2].count(0) > 0.9 * pairs and head[1::2].count(0) == 0:
        return "utf-16-be"
    return None


# A single-byte Western text: Latin-1 letters and the punctuation cp1252 adds. charset-normalizer
# may name a Baltic code page for a few accents ("Värenna" read as "Võrenna").
WESTERN = re.compile(r"[\x00-\x7f\u00a0-\u00ff\u20ac\u201a-\u201e\u2018\u2019\u2013\u2014\u2022\u2026\u2122]*")


WESTERN_MAX_ACCENTED = 0.2  # share of letters; text in another single-byte script is mostly high bytes


def western_text(data: bytes) -> str | None:
    """Rule ``western``: bytes that read as cp1252 holding only Western letters and punctuation,
    mostly ASCII letters with a few accented ones (Cyrillic in cp1251 also reads as cp1252
    letters, but nearly all of them accented)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(c.isalpha() for c in text)
    accented = sum(c.isalpha() and not c.isascii() for c in text)
    if not WESTERN.fullmatch(text) or accented > WESTERN_MAX_ACCENTED * letters:
        return None
    return text


def decode(data: bytes, path: Path) -> str:
    """UTF-16 or UTF-8 first; then Western cp1252; otherwise the encoding charset-normalizer
    detects; binary (a NUL byte anywhere outside UTF-16) is refused."""
    if codec := utf16_codec(data):
        try:
            return data.decode(codec).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise InputError(str(path), "damaged UTF-16 text") from None
    if b"\x00" in data:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (text := western_text(data)) is not None:
        return text
    best = from_bytes(data).best()
    if best is None:
        raise InputError(str(path), "not UTF-8 and no text encoding could be detected")
    return str(best)


def file_stem(path: Path) -> str:
    """A file's name without its format extension and a ``.gz`` after it: ``page`` for
    ``page.html.gz``, ``crawl`` for ``crawl.warc.gz``; the stem of the ids of its articles."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def read_text(path: Path) -> str:
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise InputError(str(path), "the file holds no text")
    return text


def parse_date(value: object) -> date | None:
    """An ISO date (or the date part of an ISO timestamp), else None."""
    from datetime import date

    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
