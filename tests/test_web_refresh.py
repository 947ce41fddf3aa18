"""``serve --refresh``: the desk's background worker analyses what an ingest adds, so a story's
report turns current again while the desk runs."""

from __future__ import annotations

import shutil
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

from storyline.model import Article
from storyline.pipeline import ingest_articles
from storyline.store import Store
from storyline.web import create_app

UPDATE = (
    "VARENNA FALLS (Lakeside Wire) -- Rescue teams searching the flooded old town of Varenna Falls after the "
    "Kessel dam burst found two more survivors on Friday, the regional civil protection office said."
)


@pytest.mark.slow
def test_the_refresh_worker_rebuilds_a_report_an_ingest_made_stale(demo_db, tmp_path):
    db = tmp_path / "desk.db"
    shutil.copy(demo_db, db)
    with Store(db) as store:
        before = store.count("story_reports")
        ingest_articles(store, [Article("wire-friday", UPDATE, source="Lakeside Wire", published=date(2026, 3, 13))],
                        records=True)  # fmt: skip
        story = store.article("wire-friday").story_id
    app = create_app(db, refresh=True, refresh_interval=0.2)
    with TestClient(app) as client:  # the context runs the app's lifespan: the worker starts
        states = [client.get(f"/stories/{story}.json").json()["report_state"]]
        deadline = time.monotonic() + 240
        while states[-1] != "current" and time.monotonic() < deadline:
            time.sleep(0.5)
            states.append(client.get(f"/stories/{story}.json").json()["report_state"])
        data = client.get(f"/stories/{story}.json").json()
    assert states[0] == "pending" and states[-1] == "current", states[-3:]
    assert "wire-friday" in [a["id"] for a in data["report"]["articles"]]
    assert app.state.worker.runs >= 1 and not app.state.worker.running
    with Store(db, read_only=True) as store:
        assert store.count("story_reports") >= before
