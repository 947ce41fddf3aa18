"""A self-contained HTML report: no external assets, opens offline.

All input text is escaped: articles are untrusted. Each article's cleaned text is one
text node, and a citation link carries the article number and the cited range (in
UTF-16 units, as the DOM counts), so a few lines of inline script can open the article
and highlight exactly the cited span. A URL ending ``#cite-N`` highlights citation N on
load, which makes any citation linkable and testable in a headless browser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ..model import Article, Span, StoryReport, SummarySentence
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

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem} h2{margin-top:2rem;border-bottom:1px solid #ddd}
.summary li{margin:.4rem 0} a.cite{font-size:.8em;text-decoration:none;margin-left:.15em}
details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.3rem .8rem}
details.off-topic{opacity:.6} summary{cursor:pointer}
.text{white-space:pre-wrap} mark{background:#ffe066;padding:0 .1em}
.meta{color:#666;font-size:.9em} .errors li{color:#a00}
table.quotes,table.figures{border-collapse:collapse;font-size:.9em}
.quotes td,.quotes th,.figures td,.figures th{border-top:1px solid #ddd;padding:.3rem;text-align:left;
  vertical-align:top}
.claims{display:flex;gap:1rem} .claim{flex:1;border-left:3px solid #c33;padding-left:.6rem}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1.2rem;border-left:3px solid #4a7bd0}
.timeline li{position:relative;margin:.8rem 0}
.timeline li::before{content:"";position:absolute;left:-1.65rem;top:.35rem;width:.8rem;height:.8rem;
  border-radius:50%;background:#4a7bd0}
.timeline time{display:block;font-weight:600;color:#4a7bd0}
"""

SCRIPT = """
function show(link){
  var art=document.getElementById('article-'+link.dataset.article);
  art.open=true;
  var box=art.querySelector('.text');
  box.textContent=box.textContent;  // drop an earlier highlight
  var range=document.createRange(), node=box.firstChild;
  range.setStart(node, +link.dataset.start); range.setEnd(node, +link.dataset.end);
  var mark=document.createElement('mark'); range.surroundContents(mark);
  mark.scrollIntoView({block:'center'});
  return false;
}
function showHash(){
  var link=document.getElementById(location.hash.slice(1));
  if(link && link.classList.contains('cite')) show(link);
}
window.addEventListener('hashchange', showHash); window.addEventListener('load', showHash);
"""


def utf16_offset(text: str, index: int) -> int:
    """The DOM counts UTF-16 code units; Python counts code points."""
    return len(text[:index].encode("utf-16-le")) // 2


class CitationLinks:
    """Makes ``[n]`` links, numbering them so each has a stable ``#cite-K`` anchor."""

    def __init__(self, report: StoryReport) -> None:
        self.report = report
        self.numbers = source_numbers(report)
        self.count = 0

    def evidence(self, citations: list[Span], independent: int | None) -> str:
        """Links to every citation, then how many of their sources are independent."""
        note = corroboration(citations, independent)
        links = "".join(self.link(c) for c in citations)
        return f'{links} <span class="meta">{escape(note)}</span>' if note else links

    def link(self, span: Span) -> str:
        self.count += 1
        text = self.report.article(span.article_id).text
        n = self.numbers[span.article_id]
        return (
            f'<a class="cite" id="cite-{self.count}" href="#cite-{self.count}" onclick="return show(this)" '
            f'data-article="{n}" data-start="{utf16_offset(text, span.start)}" '
            f'data-end="{utf16_offset(text, span.end)}" title="{escape(span.article_id)}">[{n}]</a>'
        )


def summary_item(sentence: SummarySentence, links: CitationLinks) -> str:
    """One summary sentence, whose words it quotes (when it does not say), and its evidence."""
    said = f' <span class="meta">({escape(sentence.speaker)})</span>' if sentence.speaker else ""
    return f"<li>{escape(sentence.text)}{said} {links.evidence(sentence.citations, sentence.independent_sources)}</li>"


def summary_section(report: StoryReport, links: CitationLinks) -> str:
    if not report.summary.sentences:
        return "<h2>Summary</h2><p>No summary: no on-topic sentences were found.</p>"
    items = "".join(summary_item(s, links) for s in report.summary.sentences)
    return f'<h2>Summary</h2><ul class="summary">{items}</ul>'


def evidence_table(
    title: str,
    css: str,
    headers: Sequence[str],
    items: Sequence[Any],
    cells: Callable[[Any], Sequence[str | None]],
    links: CitationLinks,
) -> str:
    """A titled table, one row per item (a quote, a figure): its ``cells`` as text, then links to
    the places that state it (``item.citations``) and how many of them are independent."""
    if not items:
        return ""
    head = "".join(f"<th>{h}</th>" for h in [*headers, ""])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{escape(cell or '')}</td>" for cell in cells(item))
        + f"<td>{links.evidence(item.citations, item.independent_sources)}</td></tr>"
        for item in items
    )
    return f'<h2>{title}</h2><table class="{css}"><tr>{head}</tr>{body}</table>'


def quotes_section(report: StoryReport, links: CitationLinks) -> str:
    """Who said what: a table of attributions, each linked to its evidence."""
    return evidence_table("Who said what", "quotes", QUOTE_COLUMNS, report.quotes, quote_cells, links)


def disputes_section(report: StoryReport, links: CitationLinks) -> str:
    """Each dispute's claims side by side, so the disagreement is visible at a glance."""
    if not report.disputes:
        return ""
    blocks = []
    for dispute in report.disputes:
        claims = "".join(
            f'<div class="claim"><p>{escape(c.text)} {links.evidence(c.citations, c.independent_sources)}</p>'
            f'<p class="meta">{escape(c.speaker or "unattributed")} · {escape(c.stance)}</p></div>'
            for c in dispute.claims
        )
        blocks.append(f'<div class="dispute"><h3>{escape(dispute.topic)}</h3><div class="claims">{claims}</div></div>')
    return f"<h2>Disputes</h2>{''.join(blocks)}"


def figures_section(report: StoryReport, links: CitationLinks) -> str:
    """Every figure stated, disputed or not, each linked to the clauses that state it."""
    return evidence_table("Figures", "figures", FIGURE_COLUMNS, report.figures, figure_cells, links)


def timeline_section(report: StoryReport, links: CitationLinks) -> str:
    """A vertical line of dated events, oldest first; each event links to its evidence."""
    from .markdown import undated_note

    note = undated_note(report)
    note_html = f'<p class="meta">{escape(note)}</p>' if note else ""
    if not report.timeline:
        return f"<h2>Timeline</h2><p>No dated events were found.</p>{note_html}"
    items = "".join(
        f'<li><time datetime="{escape(e.date)}">{escape(e.date)}</time>{escape(e.text)} '
        f"{links.evidence(e.citations, e.independent_sources)}</li>"
        for e in report.timeline
    )
    return f'<h2>Timeline</h2><ol class="timeline">{items}</ol>{note_html}'


def article_block(article: Article, n: int) -> str:
    off = article.off_topic
    meta = escape(", ".join(x for x in (article.id, article.url or "", "off-topic" if off else "") if x))
    return (
        f'<details id="article-{n}" class="{"off-topic" if off else ""}">'
        f"<summary>[{n}] {escape(source_line(article))}{' (off-topic)' if off else ''}</summary>"
        f'<p class="meta">{meta}</p><div class="text">{escape(article.text)}</div></details>'
    )


def articles_section(report: StoryReport) -> str:
    numbers = source_numbers(report)
    blocks = "".join(article_block(a, numbers[a.id]) for a in report.articles)
    return f"<h2>Sources</h2>{blocks}"


def syndication_section(report: StoryReport) -> str:
    """Sources that re-ran another's text; they count once as a source."""
    if not report.syndication:
        return ""
    numbers = source_numbers(report)
    items = "".join(
        f"<li>[{numbers[c.copy]}] repeats [{numbers[c.original]}] ({c.shared:.0%} of its text is shared)</li>"
        for c in report.syndication
    )
    return f'<h2>Syndicated copies</h2><ul class="syndication">{items}</ul>'


def errors_section(report: StoryReport) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li>{escape(str(e))}</li>" for e in report.errors)
    return f'<h2>Inputs that could not be read</h2><ul class="errors">{items}</ul>'


def render_html(report: StoryReport) -> str:
    links = CitationLinks(report)
    title = escape(story_headline(report))
    body = "".join(
        [
            "".join(f'<p class="note"><strong>Note:</strong> {escape(note)}.</p>' for note in report.notes),
            summary_section(report, links),
            timeline_section(report, links),
            quotes_section(report, links),
            disputes_section(report, links),
            figures_section(report, links),
            articles_section(report),
            syndication_section(report),
            errors_section(report),
        ]
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{STYLE}</style></head><body><h1>{title}</h1>{body}<script>{SCRIPT}</script></body></html>\n"
    )
