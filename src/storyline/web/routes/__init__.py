"""One module per page; each exposes ``router``."""

from . import articles, search, sources, stories, story

ROUTERS = [stories.router, story.router, articles.router, search.router, sources.router]
