"""A story (``/stories/{id}``) from its stored report, and its Atom feed.

The page shows the stored report even when it is stale (flagged), and never assembles one on a
request: that can take seconds for a big story, and the refresh worker does it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ...model import StoryReport
from ...render.common import display_title, story_headline
from ...store import Store
from ..cache import Rendered
from ..charts import day_chart
from ..evidence import article_url, story_layout
from ..pages import JSON_ERROR, Page, cached, desk, open_store, page_route

router = APIRouter(tags=["stories"])
StoryId = Annotated[int, Path(ge=1, le=2**62, description="the story's id")]


def load_story(request: Request, store: Store, story_id: int) -> tuple[StoryReport | None, str, dict]:
    """The stored report (any version), its state and what the list knows of the story."""
    settings = desk(request)
    articles = store.story_articles(story_id, sentences=False)  # a missing story is a StoreError: 404
    fingerprint = store.fingerprints(settings.analysis_version, settings.report_version, story_id).get(story_id)
    report = store.report(story_id, fingerprint) if fingerprint else None
    state = "current"
    if report is None:
        report = store.report(story_id)
        state = "pending" if fingerprint is None else "stale"
    days = store.story_days([story_id])[story_id]
    facts = {"articles": articles, "days": days, "built": store.report_built(story_id)}
    return report, state, facts


@page_route(router, "/stories/{story_id}", "A story: summary, timeline, quotes, disputes, figures, sources")
async def story_page(request: Request, story_id: StoryId) -> Rendered:
    """Rendered once per change of the story (:mod:`..cache`): a big story's report takes tens
    of milliseconds to read and lay out, its state (one small query, on the event loop) a
    fraction of one."""
    with open_store(request) as store:
        state = store.story_state(story_id)  # a missing story is a StoreError: 404
    return await cached(request, ("story", story_id, state), lambda: story_view(request, story_id))


def story_view(request: Request, story_id: int) -> Page:
    with open_store(request) as store:
        report, state, facts = load_story(request, store, story_id)
    articles = facts["articles"]
    headline = story_headline(report) if report else display_title(articles[0])
    data = {
        "id": story_id,
        "headline": headline,
        "report_state": state,
        "built": facts["built"],
        "per_day": [{"day": day, "articles": n} for day, n in facts["days"]],
        "report": report.to_dict() if report else None,
        "members": [{"id": a.id, "title": display_title(a), "source": a.source} for a in articles],
    }
    context = {"layout": story_layout(report) if report else None, "article_url": article_url}
    events = frozenset(e.date for e in report.timeline) if report else frozenset()
    context["chart"] = day_chart(facts["days"], events, width=480, height=60)
    return Page("story.html", data, context)


@router.get(
    "/stories/{story_id}/feed.atom",
    summary="The story as an Atom feed: one entry per article, newest first",
    response_class=Response,
    responses={
        200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}},
        404: {"description": "No such story", "content": JSON_ERROR},
    },
)
def story_feed(request: Request, story_id: StoryId) -> Response:
    with open_store(request) as store:
        report, _, facts = load_story(request, store, story_id)
    articles = sorted(facts["articles"], key=lambda a: (a.published is not None, a.published), reverse=True)
    template = desk(request).templates.get_template("feed.xml")
    body = template.render(
        request=request,
        story_id=story_id,
        headline=story_headline(report) if report else display_title(articles[0]),
        summary=" ".join(s.text for s in report.summary.sentences) if report else "",
        updated=facts["built"] or "1970-01-01T00:00:00+00:00",
        articles=articles,
        article_url=article_url,
        display_title=display_title,
    )
    return Response(body, media_type="application/atom+xml")
