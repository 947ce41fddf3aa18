"""What every page shares: the read-only store per request, one path per page for HTML and
JSON, and answering in the format asked for.

A page is one function returning a :class:`Page` (its data for JSON, its template and context
for HTML); :func:`page_route` registers it at ``path`` and ``path.json``, so the JSON is the
page's own data, never a second implementation.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment

from ..store import Store
from .cache import PageCache, Rendered

JSON_ERROR = {
    "application/json": {
        "schema": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
    },
    "text/html": {"schema": {"type": "string"}},
}


@dataclass
class Page:
    """A page's answer: ``data`` is its JSON; ``template`` and ``context`` render its HTML."""

    template: str
    data: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    media_type: str = "text/html"


@dataclass(frozen=True)
class Desk:
    """The app's settings, shared by every request (read only after start)."""

    db: Path
    templates: Environment
    analysis_version: str
    report_version: str
    pages: PageCache = field(default_factory=PageCache)


def desk(request: Request) -> Desk:
    return request.app.state.desk


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """A read-only store for this request alone, closed when the request is answered."""
    with Store(desk(request).db, read_only=True) as store:
        yield store


def wants_json(request: Request) -> bool:
    """``.json`` on the path, or an Accept header that prefers JSON to HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def answer(request: Request, page: Page | Rendered) -> Response:
    """The page as JSON or HTML, as asked (a page from the cache as it was rendered)."""
    if isinstance(page, Rendered):
        return Response(page.body, status_code=page.status, media_type=page.media_type)
    if wants_json(request):
        return JSONResponse(page.data, status_code=page.status)
    template = desk(request).templates.get_template(page.template)
    body = template.render(request=request, **page.data, **page.context)
    return Response(body, status_code=page.status, media_type=page.media_type)


async def cached(request: Request, key: Hashable, page: Callable[[], Page]) -> Rendered:
    """The page under ``key`` (with the answer's format) from the app's cache; else ``page`` is
    built and rendered in a worker thread (it may take tens of milliseconds, which must not hold
    up the event loop) and kept. A hit is answered on the loop, without a thread hop; requests
    that miss together wait for one rendering instead of each rendering the same page."""
    pages = desk(request).pages
    key = (key, wants_json(request))
    if (found := pages.get(key)) is not None:
        return found
    if (rendering := pages.rendering.get(key)) is not None:
        found = await asyncio.shield(rendering)
        if found is not None:
            return found

    def render() -> Rendered:
        response = answer(request, page())
        return Rendered(bytes(response.body), response.media_type or "text/html", response.status_code)

    waiting = pages.rendering.setdefault(key, asyncio.get_running_loop().create_future())
    try:
        found = await run_in_threadpool(render)
        pages.put(key, found)
    finally:
        if pages.rendering.get(key) is waiting:
            del pages.rendering[key]
        if not waiting.done():
            waiting.set_result(found)  # None after a failure: each waiter then renders for itself
    return found


def page_route(
    router: APIRouter, path: str, summary: str, description: str = "", aliases: tuple[str, ...] = ()
) -> Callable[[Callable[..., Page | Rendered]], Callable[..., Page | Rendered]]:
    """Register a page function at ``path`` and its ``aliases`` (HTML, or JSON by Accept) and at
    ``path + .json``.

    The ``.json`` route is registered first: ``/stories/{id}`` would otherwise take ``1.json`` as
    its id. Both document the same parameters, a JSON object and an HTML page, and the errors."""

    def register(function: Callable[..., Page | Rendered]) -> Callable[..., Page | Rendered]:
        if inspect.iscoroutinefunction(function):  # a page that answers on the event loop

            @functools.wraps(function)
            async def endpoint(request: Request, *args: Any, **kwargs: Any) -> Response:
                return answer(request, await function(request, *args, **kwargs))

        else:

            @functools.wraps(function)
            def endpoint(request: Request, *args: Any, **kwargs: Any) -> Response:
                return answer(request, function(request, *args, **kwargs))

        responses: dict[int | str, dict[str, Any]] = {
            200: {"content": {"application/json": {"schema": {"type": "object"}}, "text/html": {}}},
            400: {"description": "A parameter out of range (a span beyond the text)", "content": JSON_ERROR},
            404: {"description": "No such story, article or outlet", "content": JSON_ERROR},
        }
        routes = [(path + ".json", f"{function.__name__}_json"), (path, function.__name__)]
        routes += [(alias, f"{function.__name__}_{n}") for n, alias in enumerate(aliases)]
        for route, name in routes:
            json_route = route.endswith(".json")
            router.add_api_route(
                route,
                endpoint,
                methods=["GET"],
                name=name,
                summary=summary + (" (JSON)" if json_route else ""),
                description=description,
                responses=responses,
                response_model=None,
                response_class=JSONResponse if json_route else HTMLResponse,
            )
        return function

    return register
