"""Golden outputs: ``storyline analyze examples/`` in each format, byte for byte.

A change that moves these files is a change in what users read; regenerate them with
``make golden`` and say why in the commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from storyline.cli import main

GOLDEN = REPO / "tests" / "golden"


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_analyze_examples_matches_the_golden_file(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the report names inputs by the path given: examples/...
    out = tmp_path / f"examples.{fmt}"
    assert main(["analyze", "examples/", "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes() == (GOLDEN / f"examples.{fmt}").read_bytes()
