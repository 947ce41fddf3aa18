"""Markdown output: the summary with ``[n]`` citation markers and a numbered source list."""

from __future__ import annotations

from ..model import StoryReport
from .common import source_line, source_numbers, story_headline


def render_markdown(report: StoryReport) -> str:
    numbers = source_numbers(report)
    lines = [f"# {story_headline(report)}", "", "## Summary", ""]
    if not report.summary.sentences:
        lines.append("_No summary: no on-topic sentences were found._")
    for sent in report.summary.sentences:
        marks = "".join(f"[{numbers[c.article_id]}]" for c in sent.citations)
        lines.append(f"- {sent.text} {marks}")
    lines += ["", "## Sources", ""]
    for article in report.articles:
        note = " _(off-topic: not used in the summary)_" if article.off_topic else ""
        url = f" <{article.url}>" if article.url else ""
        lines.append(f"{numbers[article.id]}. {source_line(article)}{url} `{article.id}`{note}")
    if report.errors:
        lines += ["", "## Inputs that could not be read", ""]
        lines += [f"- {error}" for error in report.errors]
    return "\n".join(lines) + "\n"
