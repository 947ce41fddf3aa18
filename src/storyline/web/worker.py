"""The desk's one writer: a background thread that keeps stored reports current.

It owns its own writable :class:`Store` (a connection never crosses threads) and calls
:func:`storyline.pipeline.refresh` in a loop, so a desk left running picks up what ingests add.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class RefreshWorker:
    """Runs ``pipeline.refresh`` on ``db`` now, then every ``interval`` seconds until stopped."""

    def __init__(self, db: Path, interval: float = 10.0) -> None:
        self.db = db
        self.interval = interval
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyline-refresh", daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end and wait for the run in hand (a refresh stores as it goes)."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        from ..pipeline import refresh
        from ..store import Store

        with Store(self.db) as store:
            while not self._stop.is_set():
                try:
                    result = refresh(store)
                    if result.analysed or result.reports:
                        log.info("refreshed: %s articles analysed, %s reports", result.analysed, result.reports)
                except Exception:  # one bad run must not end the worker; the next run retries
                    log.exception("refresh failed")
                self.runs += 1
                self._stop.wait(self.interval)
