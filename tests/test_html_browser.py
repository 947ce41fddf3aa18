"""The HTML report in a real headless browser: a citation link highlights its passage.

Skipped where no Chromium is installed (it is not a Python dependency).
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from browser import CHROMIUM, MISSING, OFFLINE_FLAGS
from conftest import EXAMPLES

from storyline.cli import main

FLAGS = ["--headless", *OFFLINE_FLAGS, "--virtual-time-budget=2000"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason=MISSING)
def test_citation_link_highlights_the_cited_sentence(tmp_path: Path):
    page, data = tmp_path / "report.html", tmp_path / "report.json"
    assert main(["analyze", str(EXAMPLES), "--format", "html", "-o", str(page)]) == 0
    assert main(["analyze", str(EXAMPLES), "--format", "json", "-o", str(data)]) == 0
    sentences = json.loads(data.read_text(encoding="utf-8"))["summary"]["sentences"]
    first_cited = sentences[0]["text"]
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", f"{page.as_uri()}#cite-1"],
            capture_output=True,
            text=True,
            timeout=90,
            check=True,
        ).stdout
    marks = re.findall(r"<mark>(.*?)</mark>", dom, re.DOTALL)
    assert marks == [first_cited.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")]
