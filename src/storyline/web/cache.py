"""Rendered pages kept in memory, keyed by what they show, so a story page read many times is
rendered once per change of the story.

The key includes a digest of the story's state in the database (:meth:`Store.story_state`):
members, their analyses' versions and the stored report. Any ingest, analysis or rebuild that
would change the page changes the key; nothing is ever invalidated by hand. One cache per app
(on its settings, never a module global), guarded by a lock: requests run in many threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    status: int = 200


class PageCache:
    """A bounded least-recently-used map from a page's key to its rendered body."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._lock = threading.Lock()
        self.rendering: dict[Hashable, asyncio.Future[Rendered | None]] = {}  # used on the event loop only

    def get(self, key: Hashable) -> Rendered | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: Rendered) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
