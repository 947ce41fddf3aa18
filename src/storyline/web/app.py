"""The desk's FastAPI application: routes, own static files, error pages, the optional worker.

FastAPI's ``/docs`` and ``/redoc`` pages load scripts from a CDN, so they are off; the spec is
at ``/openapi.json``. Every error answers in the format asked for, with one clear line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException

from ..stages import analysis_version, report_version
from ..store import Store, StoreError
from .pages import Desk, Page, answer, wants_json
from .routes import ROUTERS
from .worker import RefreshWorker

HERE = Path(__file__).parent


def templates() -> Environment:
    """Jinja2 with autoescaping on for every template (HTML and the Atom feed): all text is untrusted."""
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True)


def create_app(db: str | Path, refresh: bool = False, refresh_interval: float = 10.0) -> FastAPI:
    """The desk over ``db`` (opened once here, so a missing or foreign file fails at start with a
    :class:`StoreError`); ``refresh`` runs the background refresh worker while the app runs."""
    path = Path(db)
    with Store(path, read_only=True):
        pass
    worker = RefreshWorker(path, refresh_interval) if refresh else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if worker:
            worker.start()
        yield
        if worker:
            worker.stop()

    app = FastAPI(
        title="storyline desk",
        description="Stories, their sourced reports, articles, search and outlets; every page also as JSON.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.desk = Desk(path, templates(), analysis_version(), report_version())
    app.state.worker = worker
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(StoreError, _not_found)
    app.add_exception_handler(HTTPException, _http_error)
    return app


def error_page(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return answer(request, Page("error.html", {"error": message}, {"status": status}, status=status))


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_page(request, 404, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_page(request, exc.status_code, str(exc.detail))
