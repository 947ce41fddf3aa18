"""Problems inside a file that is still read: a bad JSON line, an archive record with no text.

A reader reports each one with :func:`report` and carries on with the rest of the file. The
problem is logged, and when the caller collects problems (``read_paths`` does, with
:func:`collected`) it becomes a :class:`ReadError` of the batch, so the user sees it on
standard error and in the report's ``errors`` beside the unreadable files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..model import ReadError

log = logging.getLogger(__name__)

_COLLECTOR: ContextVar[list[ReadError] | None] = ContextVar("storyline_read_problems", default=None)


def report(path: Path | str, reason: str) -> None:
    """One problem in ``path`` that did not stop it being read."""
    log.warning("%s: %s", path, reason)
    problems = _COLLECTOR.get()
    if problems is not None:
        problems.append(ReadError(str(path), reason))


@contextmanager
def collected() -> Iterator[list[ReadError]]:
    """Collect the problems reported inside the block (nested blocks collect their own)."""
    problems: list[ReadError] = []
    token = _COLLECTOR.set(problems)
    try:
        yield problems
    finally:
        _COLLECTOR.reset(token)
