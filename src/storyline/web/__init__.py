"""The story desk: a web front end and JSON API over a story database (``storyline serve``).

FastAPI for the routes and their OpenAPI spec, Jinja2 for pages that work with JavaScript off,
uvicorn to serve them. Every request opens its own read-only :class:`~storyline.store.Store`, so
an ingest or a refresh writes beside the desk; the only writer the desk itself may run is one
background refresh worker (:mod:`.worker`). Routes live one module per page in :mod:`.routes`.
"""

from __future__ import annotations

from pathlib import Path

from .app import create_app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, refresh: bool = False) -> None:
    """Serve the desk over ``db`` until interrupted (with a background refresh worker if asked)."""
    import uvicorn

    uvicorn.run(create_app(db, refresh=refresh), host=host, port=port, log_level="warning", access_log=False)


__all__ = ["create_app", "serve"]
