"""Debian's chromium for the browser tests: where it is, and the flags that keep it offline and
quiet (no background networking, no component updates, no sync) on a machine with no outside
network. Nothing is downloaded: a machine without chromium skips these tests."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = "chromium is not installed (apt-get install chromium)"
OFFLINE_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
