"""Serving while ingesting: an ingest in another process writes to the file the desk reads, and
no page request fails (SQLite WAL; every request has its own read-only connection)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from desk_fixtures import build_desk_db
from fastapi.testclient import TestClient

from storyline.web import create_app

TOPICS = ["harbour strike", "mountain rescue", "council budget", "rail closure", "river flood", "school reform"]


def write_feed(path: Path, n: int) -> None:
    lines = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        text = f"Report {i} on the {topic}: officials in Easton said the {topic} continued on day {i}. " * 3
        lines.append({"id": f"feed-{i}", "source": f"Outlet {i % 7}", "published": f"2026-05-{1 + i % 28:02d}",
                      "title": f"The {topic}, update {i}", "text": text})  # fmt: skip
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")


@pytest.mark.slow
def test_pages_answer_while_an_ingest_writes_the_same_file(tmp_path):
    db = tmp_path / "desk.db"
    build_desk_db(db)
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 240)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    command = [sys.executable, "-m", "storyline", "ingest", str(feed), "--db", str(db), "--batch-size", "4"]
    ingest = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    statuses, sizes = [], set()
    paths = ["/stories.json", "/stories/1.json", "/search.json?q=officials", "/sources.json", "/stories?limit=5"]
    while ingest.poll() is None:
        for path in paths:
            response = client.get(path)
            statuses.append((path, response.status_code, response.text[:200]))
            if path == "/search.json?q=officials":
                sizes.add(response.json()["hits"])
    assert ingest.wait() == 0, ingest.stderr.read()
    failed = [s for s in statuses if s[1] != 200]
    assert not failed, failed[:3]
    assert len(sizes) > 1, "no request ran while the ingest was writing"
    assert not any("locked" in s[2] for s in statuses)
