"""Outlets: the list (``/sources``) and each outlet's articles (``/sources/{name}``), with how
often each is copied by another outlet or copies one (from the stored reports)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request

from ...render.common import display_title
from ..evidence import article_url
from ..pages import Page, open_store, page_route

router = APIRouter(tags=["sources"])
UNSTATED = "(unstated)"  # the outlet name for articles that state none


def source_url(name: str | None) -> str:
    return f"/sources/{quote(name or UNSTATED, safe='')}"


@page_route(router, "/sources", "Every outlet, with its article count")
def sources_page(request: Request) -> Page:
    with open_store(request) as store:
        outlets = store.sources()
    listed = [{"name": name or UNSTATED, "url": source_url(name), "articles": n} for name, n in outlets]
    return Page("sources.html", {"sources": listed})


@page_route(router, "/sources/{name:path}", "One outlet's articles, with what is copied and what copies")
def source_page(
    request: Request,
    name: Annotated[str, Path(min_length=1, max_length=200, description="the outlet's name")],
    limit: Annotated[int, Query(ge=1, le=2000, description="most articles listed")] = 500,
) -> Page:
    outlet = None if name == UNSTATED else name
    with open_store(request) as store:
        stored = store.source_articles(outlet, limit)
        pairs = store.syndication()
    if not stored:
        raise HTTPException(404, f"no article from an outlet named {name!r}")
    copied, copies = Counter(original for original, _ in pairs), {copy: original for original, copy in pairs}
    articles = [
        {
            "id": s.article.id,
            "url": article_url(s.article.id),
            "title": display_title(s.article),
            "published": s.article.published.isoformat() if s.article.published else None,
            "story_id": s.story_id,
            "junk": s.junk,
            "copied_by": copied[s.article.id],
            "copy_of": copies.get(s.article.id),
        }
        for s in stored
    ]
    data = {
        "name": name,
        "articles": [a for a in articles if not a["junk"]],
        "junk": [a for a in articles if a["junk"]],
        "copies": sum(1 for a in articles if a["copy_of"]),
        "copied": sum(1 for a in articles if a["copied_by"]),
    }
    return Page("source.html", data, {"article_url": article_url})
