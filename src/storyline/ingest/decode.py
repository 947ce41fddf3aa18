"""Bytes to text, shared by every reader: binary detection and encoding fallback."""

from __future__ import annotations

import gzip
import zlib
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError

GZIP_MAGIC = b"\x1f\x8b"


def read_bytes(path: Path) -> bytes:
    """A file's bytes, gunzipped when it is gzip-compressed (saved pages often are: ``.html.gz``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(str(path), f"a damaged gzip file ({exc})") from exc
    if not data.strip():
        raise InputError(str(path), "the file is empty")
    return data


def decode(data: bytes, path: Path) -> str:
    """UTF-8 first; otherwise the encoding charset-normalizer detects; binary is refused."""
    if b"\x00" in data[:4096]:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
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
