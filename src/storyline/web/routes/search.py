"""Search (``/search?q=``): FTS5 over every article, snippets with the matches marked, counts by
outlet and by day to narrow it, hits grouped by story. A query FTS5 cannot parse is said so and
searched as plain words; it never fails the page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from ...store import SearchSyntaxError, plain_words
from ..cache import Rendered
from ..evidence import article_url
from ..pages import Page, cached, desk, open_store, page_route

router = APIRouter(tags=["search"])
MARKS = ("\x02", "\x03")  # cannot occur in stored text (cleaning drops control characters)


@page_route(
    router,
    "/search",
    "Full-text search, hits grouped by story",
    'FTS5 syntax (`NEAR("air strike" kunduz, 5)`, `dam OR flood`); a query it cannot parse is searched as '
    "plain words and the answer says so in `message`.",
)
async def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="words or an FTS5 query")] = "",
    source: Annotated[str | None, Query(min_length=1, max_length=200, description="only this outlet")] = None,
    since: Annotated[date | None, Query(description="published on or after")] = None,
    until: Annotated[date | None, Query(description="published on or before")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="most hits")] = 50,
) -> Rendered:
    """Rendered once per change of the database (:meth:`Store.database_state`) and query."""
    with open_store(request) as store:
        state = store.database_state(desk(request).analysis_version)
    key = ("search", q, source, since, until, limit, state)
    return await cached(request, key, lambda: search_view(request, q, source, since, until, limit))


def search_view(
    request: Request, q: str, source: str | None, since: date | None, until: date | None, limit: int
) -> Page:
    message, match = None, q.strip()
    hits, facets = [], {"source": [], "day": []}
    if match:
        with open_store(request) as store:
            try:
                hits = store.search_hits(match, limit, source, since, until, MARKS)
                facets = store.search_facets(match, source, since, until)
            except SearchSyntaxError:
                message = f"{q!r} is not a query the search understands; searched for its words instead"
                match = plain_words(q)
                if match:
                    hits = store.search_hits(match, limit, source, since, until, MARKS)
                    facets = store.search_facets(match, source, since, until)
    groups: dict[int | None, list[dict]] = {}
    for hit in hits:
        groups.setdefault(hit.story_id, []).append(
            {
                "article_id": hit.article_id,
                "url": article_url(hit.article_id),
                "title": hit.title,
                "source": hit.source,
                "published": hit.published,
                "snippet": [part.split(MARKS[1]) for part in hit.snippet.split(MARKS[0])],
            }
        )
    data = {
        "query": q,
        "message": message,
        "filters": {"source": source, "since": since and since.isoformat(), "until": until and until.isoformat()},
        "hits": len(hits),
        "stories": [{"story_id": story, "hits": items} for story, items in groups.items()],
        "facets": {
            "source": [{"source": s, "articles": n} for s, n in facets["source"]],
            "day": [{"day": d, "articles": n} for d, n in facets["day"]],
        },
    }
    return Page("search.html", data)
