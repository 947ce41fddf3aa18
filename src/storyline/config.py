"""Where storyline keeps what it ships and what it builds: the model folder inside the package,
and the cache folder for models assembled on first use."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "models"
CACHE_ENV = "STORYLINE_CACHE"


def cache_dirs() -> list[Path]:
    """Where built models are kept: ``$STORYLINE_CACHE`` if set, else the user's cache folder,
    then the system's temporary folder (for a home that cannot be written)."""
    if os.environ.get(CACHE_ENV):
        return [Path(os.environ[CACHE_ENV])]
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return [Path(root) / "storyline", Path(tempfile.gettempdir()) / "storyline"]
