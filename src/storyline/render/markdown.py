"""Markdown output: the summary with ``[n]`` citation markers and a numbered source list."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from ..model import Span, StoryReport
from .common import (
    FIGURE_COLUMNS,
    QUOTE_COLUMNS,
    corroboration,
    figure_cells,
    quote_cells,
    source_line,
    source_numbers,
    story_headline,
)


def markers(citations: Sequence[Span], numbers: dict[str, int], independent: int | None) -> str:
    """``[1][3]``: one source number per citation, then how many of them are independent."""
    marks = "".join(f"[{numbers[c.article_id]}]" for c in citations)
    note = corroboration(citations, independent)
    return f"{marks} {note}" if note else marks


# Characters that make Markdown or HTML anywhere in a line: emphasis, links and images, code,
# raw HTML and entities, table pipes, strikethrough. Other punctuation only acts next to these
# (a "(" opens a link target only after "]") or at the start of a line (see LINE_START).
SPECIALS = re.compile(r"([\\`*_\[\]<>|~&])")
# A field that opens a line could start a heading, quote, list item or rule there: "# x", "1. x".
LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
SAFE_SCHEMES = ("http", "https")


def inline(text: str | None) -> str:
    """Rule ``md_escape``: text shown as itself by a CommonMark renderer, on one line: every
    Markdown special and HTML's ``<`` and ``&`` backslash-escaped, whitespace runs as one space
    (so a table cell keeps its row: its pipes are escaped too)."""
    flat = SPECIALS.sub(r"\\\1", " ".join((text or "").split()))
    return LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)


def link(url: str | None) -> str:
    """Rule ``md_link``: `` <url>`` for an http(s) address, nothing for any other scheme
    (``javascript:``); characters that would end the autolink or break it are percent-encoded."""
    if not url or urlsplit(url.strip()).scheme.lower() not in SAFE_SCHEMES:
        return ""
    return f" <{quote(url.strip(), safe=URL_SAFE)}>"


URL_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in '<>"`\\ ')


def code(text: str) -> str:
    """Rule ``md_code``: ``text`` as a code span that no backtick inside it can close early."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{' '.join(padded.splitlines())}{fence}"


def evidence_table(
    title: str,
    headers: Sequence[str],
    items: Sequence[Any],
    cells: Callable[[Any], Sequence[str | None]],
    numbers: dict[str, int],
) -> list[str]:
    """A titled table, one row per item (a quote, a figure): its ``cells``, then its source markers
    (``item.citations``) and how many of them are independent."""
    if not items:
        return []
    lines = ["", f"## {title}", "", f"| {' | '.join([*headers, 'Source'])} |", "|---" * (len(headers) + 1) + "|"]
    for item in items:
        row = [inline(cell) for cell in cells(item)] + [markers(item.citations, numbers, item.independent_sources)]
        lines.append(f"| {' | '.join(row)} |")
    return lines


def quotes_lines(report: StoryReport, numbers: dict[str, int]) -> list[str]:
    """Who said what: one table row per attribution, with its stance and source."""
    return evidence_table("Who said what", QUOTE_COLUMNS, report.quotes, quote_cells, numbers)


def disputes_lines(report: StoryReport, numbers: dict[str, int]) -> list[str]:
    """Each dispute as a small table: its claims side by side, one row each."""
    if not report.disputes:
        return []
    lines = ["", "## Disputes"]
    for dispute in report.disputes:
        lines += ["", f"### {inline(dispute.topic)}", "", "| Claim | Who | Stance | Source |", "|---|---|---|---|"]
        for claim in dispute.claims:
            marks = markers(claim.citations, numbers, claim.independent_sources)
            lines.append(f"| {inline(claim.text)} | {inline(claim.speaker)} | {inline(claim.stance)} | {marks} |")
    return lines


def figures_lines(report: StoryReport, numbers: dict[str, int]) -> list[str]:
    """Every figure stated, disputed or not: what it counts, who states it, and where."""
    return evidence_table("Figures", FIGURE_COLUMNS, report.figures, figure_cells, numbers)


def undated_note(report: StoryReport) -> str | None:
    """Say which reports have no known publication date, so no relative date was resolved in them."""
    undated = [a.id for a in report.articles if a.published is None]
    if not undated:
        return None
    return (
        f"Publication date unknown for {len(undated)} of {len(report.articles)} reports "
        f'({", ".join(undated)}): their relative dates ("on Monday") are left unresolved.'
    )


def timeline_lines(report: StoryReport, numbers: dict[str, int]) -> list[str]:
    """The dated events, oldest first, each with the reports that state it."""
    lines = ["", "## Timeline", ""]
    if not report.timeline:
        lines.append("_No dated events were found._")
    for entry in report.timeline:
        marks = markers(entry.citations, numbers, entry.independent_sources)
        lines.append(f"- **{inline(entry.date)}** {inline(entry.text)} {marks}")
    note = undated_note(report)
    return lines + (["", f"_{inline(note)}_"] if note else [])


def syndication_lines(report: StoryReport, numbers: dict[str, int]) -> list[str]:
    """Sources that re-ran another's text; they count once as a source."""
    if not report.syndication:
        return []
    lines = ["", "## Syndicated copies", ""]
    for c in report.syndication:
        lines.append(f"- [{numbers[c.copy]}] repeats [{numbers[c.original]}] ({c.shared:.0%} of its text is shared)")
    return lines


def render_markdown(report: StoryReport) -> str:
    numbers = source_numbers(report)
    lines = [f"# {inline(story_headline(report))}", ""]
    lines += [line for note in report.notes for line in (f"> **Note:** {inline(note)}.", "")]
    lines += ["## Summary", ""]
    if not report.summary.sentences:
        lines.append("_No summary: no on-topic sentences were found._")
    for sent in report.summary.sentences:
        marks = markers(sent.citations, numbers, sent.independent_sources)
        said = f" _({inline(sent.speaker)})_" if sent.speaker else ""
        lines.append(f"- {inline(sent.text)}{said} {marks}")
    lines += timeline_lines(report, numbers)
    lines += quotes_lines(report, numbers) + disputes_lines(report, numbers) + figures_lines(report, numbers)
    lines += ["", "## Sources", ""]
    for article in report.articles:
        note = " _(off-topic: not used in the summary)_" if article.off_topic else ""
        lines.append(
            f"{numbers[article.id]}. {inline(source_line(article))}{link(article.url)} {code(article.id)}{note}"
        )
    lines += syndication_lines(report, numbers)
    if report.errors:
        lines += ["", "## Inputs that could not be read", ""]
        lines += [f"- {inline(str(error))}" for error in report.errors]
    return "\n".join(lines) + "\n"
