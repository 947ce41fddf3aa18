"""Shared fixtures: where the evaluation data lives, and the bundled examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("STORYLINE_SHARED_DATA", REPO.parent / "shared" / "data"))
EXAMPLES = REPO / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data; the test is skipped cleanly when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not present: {path}")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """``examples/`` ingested and analysed, as ``make demo`` builds ``out/demo.db`` (slow: the models load)."""
    from storyline.cli import main

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--analyze"]) == 0
    return db
