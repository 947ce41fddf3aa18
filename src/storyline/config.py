"""Where storyline keeps what it ships and what it builds: the model folder inside the package,
the cache folder for models assembled on first use, and how a shipped linear model is read."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "models"
CACHE_ENV = "STORYLINE_CACHE"


def cache_dirs() -> list[Path]:
    """Where built models are kept: ``$STORYLINE_CACHE`` if set, else the user's cache folder,
    then the system's temporary folder (for a home that cannot be written)."""
    if os.environ.get(CACHE_ENV):
        return [Path(os.environ[CACHE_ENV])]
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return [Path(root) / "storyline", Path(tempfile.gettempdir()) / "storyline"]


def read_feature_model(path: Path, features: tuple[str, ...], retrain: str) -> dict[str, Any]:
    """A shipped linear model's JSON, refused when it was trained on other features than the code
    computes (a stale file would score silently wrong); ``retrain`` says how to make a new one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != features:
        raise ValueError(f"{path.name} was trained on other features: {data['features']}; {retrain}")
    return data
