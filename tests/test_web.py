"""The desk's routes through FastAPI's test client: every page in HTML and JSON, and every
error path answering with one clear message (never a server error)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from desk_fixtures import FLOOD, HOSTILE_TITLE, HOSTILE_URL, build_desk_db, sentence
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.store import Store, StoreError
from storyline.web import create_app
from storyline.web.charts import coverage_bar, day_chart


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> tuple[TestClient, dict[str, int]]:
    db = tmp_path_factory.mktemp("desk") / "desk.db"
    ids = build_desk_db(db)
    return TestClient(create_app(db), raise_server_exceptions=False), ids


def test_story_list_newest_first_with_coverage_and_states(desk):
    client, ids = desk
    data = client.get("/stories.json").json()
    assert [s["id"] for s in data["stories"]] == [ids["flood"], ids["vote"]]  # 2026-04 before 2026-03
    flood = data["stories"][0]
    assert (flood["size"], flood["copies"], flood["independent"]) == (3, 1, 2)
    assert flood["per_day"] == [{"day": "2026-04-07", "articles": 1}, {"day": "2026-04-08", "articles": 2}]
    assert flood["report"] == "pending"  # hand-built: no analysis stored, so not current
    assert data["stories"][1]["single_source"] is True
    assert data["next"] is None
    html = client.get("/").text
    assert "<svg" in html and "single source" in html and 'class="state state-pending"' in html
    assert client.get("/", headers={"accept": "application/json"}).json() == data


def test_story_list_pages_by_keyset_and_filters(desk):
    client, ids = desk
    first = client.get("/stories.json?limit=1").json()
    assert [s["id"] for s in first["stories"]] == [ids["flood"]]
    second = client.get(first["next"].replace("/stories?", "/stories.json?")).json()
    assert [s["id"] for s in second["stories"]] == [ids["vote"]] and second["next"] is None
    assert client.get(first["next"]).status_code == 200
    only = {
        "since=2026-04-01": [ids["flood"]],
        "until=2026-03-31": [ids["vote"]],
        "min_independent=2": [ids["flood"]],
        "source=Castleford%20Times": [ids["vote"]],
        "source=Nobody": [],
    }
    for query, expected in only.items():
        assert [s["id"] for s in client.get(f"/stories.json?{query}").json()["stories"]] == expected, query


@pytest.mark.parametrize(
    "query", ["after=nonsense", "limit=0", "limit=101", "min_independent=0", "since=2026-13-01", "source="]
)
def test_story_list_refuses_bad_parameters_with_a_clear_error(desk, query):
    response = desk[0].get(f"/stories.json?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_story_page_cites_into_the_article_page(desk):
    client, ids = desk
    html = client.get(f"/stories/{ids['flood']}").text
    start, end = sentence(FLOOD, "Rescuers used boats")
    link = f"/articles/flood-a?start={start}&amp;end={end}#passage"
    assert f'href="{link}"' in html
    marked = client.get(link.replace("&amp;", "&")).text
    assert re.search(r'<mark id="passage">(.*?)</mark>', marked).group(1) == FLOOD[start:end]
    for heading in ("Summary", "Timeline", "Who said what", "Disputes", "Figures", "Sources"):
        assert f"<h2>{heading} " in html
    assert 'class="copy"' in html and "copy of [1] (93% shared)" in html
    assert "Off-topic (kept apart)" in html
    assert 'id="s1"' in html and 'href="#s1"' in html  # a permalink per summary sentence
    assert html.count('class="claim"') == 2


def test_story_json_is_the_stored_report(desk):
    client, ids = desk
    data = client.get(f"/stories/{ids['flood']}.json").json()
    assert data["report_state"] == "pending" and data["built"]
    assert data["report"]["syndication"] == [{"original": "flood-a", "copy": "flood-b", "shared": 0.93}]
    assert client.get(f"/stories/{ids['flood']}", headers={"accept": "application/json"}).json() == data


def test_a_story_without_a_report_lists_its_articles(desk):
    client, ids = desk
    data = client.get(f"/stories/{ids['vote']}.json").json()
    assert data["report"] is None and data["report_state"] == "pending"
    assert "No report is stored for this story yet" in client.get(f"/stories/{ids['vote']}").text


def test_atom_feed_lists_the_story_articles(desk):
    client, ids = desk
    response = client.get(f"/stories/{ids['flood']}/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    import xml.etree.ElementTree as ET

    feed = ET.fromstring(response.text)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)]
    assert len(titles) == 3 and HOSTILE_TITLE in titles  # escaped in the XML, text again once parsed
    assert "<script>" not in response.text


def test_article_page_lists_its_spans_and_refuses_spans_outside_it(desk):
    client, _ = desk
    data = client.get("/articles/flood-a.json").json()
    kinds = {s["kind"] for s in data["spans"]}
    assert kinds == {"summary", "timeline"}  # no analysis stored: only the report's citations
    for span in data["spans"]:
        assert span["text"] == data["article"]["text"][span["start"] : span["end"]]
    assert 'href="https://post.example/flood"' in client.get("/articles/flood-a").text
    for query in ("start=5", "start=9&end=3", "start=0&end=999999"):
        response = client.get(f"/articles/flood-a?{query}")
        assert response.status_code == 400 and "start &lt; end" in response.text
        assert client.get(f"/articles/flood-a.json?{query}").json()["error"].startswith("start and end")
    assert client.get("/articles/flood-a?start=-1&end=3").status_code == 422


def test_hostile_text_is_escaped_and_its_javascript_url_not_linked(desk):
    client, ids = desk
    pages = [
        client.get("/").text,
        client.get(f"/stories/{ids['flood']}").text,
        client.get("/articles/flood-hostile").text,
        client.get("/search?q=Mallow").text,
        client.get("/sources").text,
    ]
    for html in pages:
        assert "<script>" not in html and "<img" not in html
        assert 'href="javascript:' not in html.lower()
    article = client.get("/articles/flood-hostile.json").json()
    assert article["article"]["url"] is None and article["original_url"] == HOSTILE_URL


def test_search_groups_by_story_with_facets_and_marks(desk):
    client, ids = desk
    data = client.get("/search.json?q=floodwater").json()
    assert data["message"] is None and data["hits"] == 3
    assert [g["story_id"] for g in data["stories"]] == [ids["flood"]]
    assert {f["source"] for f in data["facets"]["source"]} >= {"Riverton Post", "County Wire"}
    assert [f["day"] for f in data["facets"]["day"]] == ["2026-04-07", "2026-04-08"]
    snippet = data["stories"][0]["hits"][0]["snippet"]
    assert any(part[0].lower() == "floodwater" for part in snippet[1:])
    narrowed = client.get("/search.json?q=floodwater&source=County%20Wire&since=2026-04-08").json()
    assert narrowed["hits"] == 1
    assert "<b>Floodwater</b>" in client.get("/search?q=floodwater").text


@pytest.mark.parametrize("query", ['"unclosed', "AND", "title:", "NEAR(", "(((", "*"])
def test_a_bad_search_query_is_said_and_never_a_server_error(desk, query):
    client, _ = desk
    response = client.get(f"/search.json?q={quote(query)}")
    assert response.status_code == 200
    assert "not a query the search understands" in response.json()["message"]
    assert "not a query the search understands" in client.get(f"/search?q={quote(query)}").text


def test_sources_page_and_an_outlet_with_its_copies_and_junk(desk):
    client, _ = desk
    names = [s["name"] for s in client.get("/sources.json").json()["sources"]]
    assert "County Wire" in names and "(unstated)" not in names
    wire = client.get("/sources/County%20Wire.json").json()
    assert [a["id"] for a in wire["articles"]] == ["flood-b"] and wire["copies"] == 1
    assert [a["id"] for a in wire["junk"]] == ["junk-1"]
    post = client.get("/sources/Riverton%20Post.json").json()
    assert post["copied"] == 1 and post["articles"][0]["copied_by"] == 1
    assert "Junk (in no story)" in client.get("/sources/County%20Wire").text


@pytest.mark.parametrize(
    "path", ["/stories/999", "/stories/999.json", "/stories/999/feed.atom", "/articles/nope", "/sources/Nobody", "/x"]
)
def test_what_does_not_exist_is_a_404_with_a_message(desk, path):
    response = desk[0].get(path)
    assert response.status_code == 404
    assert ("error" in response.json()) if "json" in response.headers["content-type"] else "Error 404" in response.text


def test_no_cdn_docs_page_and_the_spec_documents_errors(desk):
    client, _ = desk
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    spec = client.get("/openapi.json").json()
    story = spec["paths"]["/stories/{story_id}.json"]["get"]
    assert {"200", "400", "404", "422"} <= set(story["responses"])
    limit = next(p for p in spec["paths"]["/stories.json"]["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 100)
    assert client.get("/static/desk.css").status_code == 200


def test_a_missing_database_is_refused_at_start(tmp_path, capsys):
    with pytest.raises(StoreError):
        create_app(tmp_path / "none.db")
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(tmp_path / "none.db"), "--port", "70000"])
    assert "from 1 to 65535" in capsys.readouterr().err


def test_charts_are_proportional_and_escape_nothing_unsafe():
    bar = str(coverage_bar(3, 1, width=100))
    assert 'width="75"' in bar and "3 independent, 1 copy" in bar
    chart = str(day_chart([("2026-04-01", 2), ("2026-04-03", 1), (None, 4)], frozenset({"2026-04-03"})))
    assert chart.count("<rect") == 2 and 'class="event"' in chart
    assert "undated" in str(day_chart([(None, 3)]))
    long = str(day_chart([("2025-01-01", 1), ("2026-01-01", 1)]))
    assert "articles per 7 days" in long


def test_a_cached_story_page_changes_when_its_report_is_rebuilt(tmp_path):
    db = tmp_path / "desk.db"
    ids = build_desk_db(db)
    client = TestClient(create_app(db))
    before = client.get(f"/stories/{ids['flood']}").text
    assert client.get(f"/stories/{ids['flood']}").text == before  # from the cache
    with Store(db) as store:
        report = store.report(ids["flood"])
        report.summary.sentences[0].text = "A rebuilt summary sentence."
        store.put_report(ids["flood"], "rebuilt", report)
    after = client.get(f"/stories/{ids['flood']}").text
    assert "A rebuilt summary sentence." in after and after != before
    assert client.get(f"/stories/{ids['flood']}.json").json()["report"]["summary"]["sentences"][0]["text"] == (
        "A rebuilt summary sentence."
    )


def test_requests_missing_the_cache_together_render_the_page_once(tmp_path, monkeypatch):
    import asyncio

    import httpx

    from storyline.web.routes import story

    db = tmp_path / "desk.db"
    ids = build_desk_db(db)
    renders = []
    view = story.story_view
    monkeypatch.setattr(
        story, "story_view", lambda request, story_id: renders.append(story_id) or view(request, story_id)
    )
    app = create_app(db)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk") as client:
            return await asyncio.gather(*(client.get(f"/stories/{ids['flood']}") for _ in range(8)))

    responses = asyncio.run(burst())
    assert {r.status_code for r in responses} == {200} and len({r.text for r in responses}) == 1
    assert renders == [ids["flood"]]


def test_cached_list_and_search_change_when_an_ingest_adds_articles(tmp_path):
    from datetime import date

    from storyline.model import Article
    from storyline.pipeline import ingest_articles

    db = tmp_path / "desk.db"
    build_desk_db(db)
    client = TestClient(create_app(db))
    before = client.get("/stories.json").json()["stories"]
    assert client.get("/search.json?q=lighthouse").json()["hits"] == 0
    with Store(db) as store:
        text = "Keepers restored the Penmore lighthouse lamp after a storm on Friday. " * 3
        ingest_articles(store, [Article("lamp", text, source="Coast News", published=date(2026, 6, 1))], records=True)
    after = client.get("/stories.json").json()["stories"]
    assert len(after) == len(before) + 1 and after[0]["headline"].startswith("Keepers restored")
    assert client.get("/search.json?q=lighthouse").json()["hits"] == 1
