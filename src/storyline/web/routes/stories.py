"""The story list (``/``): newest first, keyset pages, filters, a coverage bar and chart per row."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from ...store import StoryQuery
from ..cache import Rendered
from ..charts import coverage_bar, day_chart
from ..pages import Page, cached, desk, open_store, page_route

router = APIRouter(tags=["stories"])
CURSOR = r"^(\d{4}-\d{2}-\d{2})?~\d{1,12}$"


def parse_cursor(after: str | None) -> tuple[str, int] | None:
    """``2015-09-30~12``: the last published day (empty when undated) and id of the last row seen."""
    if after is None:
        return None
    day, story_id = after.split("~")
    return day, int(story_id)


@page_route(
    router,
    "/stories",
    "Stories, newest first",
    "One keyset page of stories; `next` (in the JSON, and the page's link) continues after its last row.",
    aliases=("/",),
)
async def stories_page(
    request: Request,
    after: Annotated[str | None, Query(pattern=CURSOR, max_length=30, description="`day~id` from `next`")] = None,
    since: Annotated[date | None, Query(description="last published on or after this day")] = None,
    until: Annotated[date | None, Query(description="first published on or before this day")] = None,
    min_independent: Annotated[
        int | None, Query(ge=1, le=10_000, description="at least this many articles that are not copies")
    ] = None,
    source: Annotated[str | None, Query(min_length=1, max_length=200, description="with an article of it")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="rows per page")] = 20,
) -> Rendered:
    """Rendered once per change of the database (:meth:`Store.database_state`) and query."""
    query = StoryQuery(parse_cursor(after), since, until, min_independent, source)
    with open_store(request) as store:
        state = store.database_state(desk(request).analysis_version)
    return await cached(request, ("stories", query, limit, state), lambda: stories_view(request, query, limit))


def stories_view(request: Request, query: StoryQuery, limit: int) -> Page:
    settings = desk(request)
    with open_store(request) as store:
        rows = store.story_rows(query, limit=limit + 1)
        more, rows = len(rows) > limit, rows[:limit]
        states = store.report_states(settings.analysis_version, settings.report_version)
        days = store.story_days([r.id for r in rows])
    filters = {"since": query.since, "until": query.until, "min_independent": query.min_independent}
    filters["source"] = query.source
    listed = [
        {
            "id": r.id,
            "headline": r.headline,
            "size": r.size,
            "outlets": r.sources,
            "independent": r.size - r.copies,
            "copies": r.copies,
            "single_source": r.sources <= 1 or r.size - r.copies <= 1,
            "first_published": r.first_published,
            "last_published": r.last_published,
            "report": states.get(r.id, "pending"),
            "per_day": [{"day": day, "articles": n} for day, n in days[r.id]],
        }
        for r in rows
    ]
    given = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items() if v is not None}
    following = f"{rows[-1].key[0]}~{rows[-1].key[1]}" if more else None
    next_url = f"/stories?{urlencode({**given, 'limit': limit, 'after': following})}" if following else None
    charts = {r.id: (coverage_bar(r.size - r.copies, r.copies), day_chart(days[r.id])) for r in rows}
    return Page(
        "stories.html",
        {"stories": listed, "next": next_url, "filters": given},
        {"charts": charts, "first_page": query.after is None},
    )
