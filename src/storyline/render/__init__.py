"""Renderers: a :class:`StoryReport` to JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

from ..model import StoryReport

FORMATS = ("json", "md", "html")


def render(report: StoryReport, fmt: str) -> str:
    if fmt == "json":
        from .json import render_json

        return render_json(report)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
