"""The desk in a real browser (Playwright driving Debian's chromium): a citation opens its
passage marked, hostile text stays inert, and screenshots of the story list and a story page
go to ``out/`` for a person to look at.

Skipped where chromium or Playwright is missing; nothing is downloaded.
"""

from __future__ import annotations

import pytest
from browser import CHROMIUM, MISSING, OFFLINE_FLAGS
from conftest import REPO
from desk_fixtures import HOSTILE_SOURCE, HOSTILE_TITLE, build_desk_db
from desk_server import serving

from storyline.store import Store
from storyline.web import create_app

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason=MISSING),
]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=OFFLINE_FLAGS)
        yield browser
        browser.close()


def test_clicking_a_summary_citation_marks_the_cited_sentence(browser, demo_db):
    with Store(demo_db, read_only=True) as store:
        story = max(store.stories(), key=lambda s: s.size)
        first = store.report(story.id).summary.sentences[0]
    out = REPO / "out"
    out.mkdir(exist_ok=True)
    with serving(create_app(demo_db)) as base:
        page = browser.new_page(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
        page.goto(f"{base}/")
        page.screenshot(path=str(out / "desk-stories.png"), full_page=True)
        page.click(f"text={story.headline}")
        assert page.url == f"{base}/stories/{story.id}"
        page.screenshot(path=str(out / "desk-story.png"), full_page=True)
        page.locator("ul.summary li").first.locator("a.cite").first.click()
        assert page.locator("mark#passage").inner_text() == first.text
        assert page.url.endswith("#passage")
        page.screenshot(path=str(out / "desk-citation.png"))
        page.close()


def test_hostile_title_source_url_and_text_stay_inert(browser, tmp_path):
    db = tmp_path / "desk.db"
    ids = build_desk_db(db)
    with serving(create_app(db)) as base:
        page = browser.new_page()  # JavaScript on: an injected script would run
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("/", f"/stories/{ids['flood']}", "/articles/flood-hostile", "/search?q=Mallow", "/sources"):
            page.goto(base + path)
            assert page.evaluate("window.pwned") is None, path
            assert page.locator("img").count() == 0, path
        page.goto(base + "/articles/flood-hostile")
        assert page.locator("h1").inner_text() == HOSTILE_TITLE  # shown as text, not run
        assert HOSTILE_SOURCE in page.locator("p.meta").first.inner_text()
        assert page.locator("a[href^='javascript']").count() == 0
        assert dialogs == []
        page.close()
