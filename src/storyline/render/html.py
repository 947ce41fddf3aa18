"""A self-contained HTML report: no external assets, opens offline.

All input text is escaped: articles are untrusted. Each article's cleaned text is one
text node, and a citation link carries the article number and the cited range (in
UTF-16 units, as the DOM counts), so a few lines of inline script can open the article
and highlight exactly the cited span. A URL ending ``#cite-N`` highlights citation N on
load, which makes any citation linkable and testable in a headless browser.
"""

from __future__ import annotations

from html import escape

from ..model import Article, Span, StoryReport
from .common import source_line, source_numbers, story_headline

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem} h2{margin-top:2rem;border-bottom:1px solid #ddd}
.summary li{margin:.4rem 0} a.cite{font-size:.8em;text-decoration:none;margin-left:.15em}
details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.3rem .8rem}
details.off-topic{opacity:.6} summary{cursor:pointer}
.text{white-space:pre-wrap} mark{background:#ffe066;padding:0 .1em}
.meta{color:#666;font-size:.9em} .errors li{color:#a00}
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

    def link(self, span: Span) -> str:
        self.count += 1
        text = self.report.article(span.article_id).text
        n = self.numbers[span.article_id]
        return (
            f'<a class="cite" id="cite-{self.count}" href="#cite-{self.count}" onclick="return show(this)" '
            f'data-article="{n}" data-start="{utf16_offset(text, span.start)}" '
            f'data-end="{utf16_offset(text, span.end)}" title="{escape(span.article_id)}">[{n}]</a>'
        )


def summary_section(report: StoryReport, links: CitationLinks) -> str:
    if not report.summary.sentences:
        return "<h2>Summary</h2><p>No summary: no on-topic sentences were found.</p>"
    items = "".join(
        f"<li>{escape(s.text)} {''.join(links.link(c) for c in s.citations)}</li>" for s in report.summary.sentences
    )
    return f'<h2>Summary</h2><ul class="summary">{items}</ul>'


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


def errors_section(report: StoryReport) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li>{escape(str(e))}</li>" for e in report.errors)
    return f'<h2>Inputs that could not be read</h2><ul class="errors">{items}</ul>'


def render_html(report: StoryReport) -> str:
    links = CitationLinks(report)
    title = escape(story_headline(report))
    body = "".join([summary_section(report, links), articles_section(report), errors_section(report)])
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{STYLE}</style></head><body><h1>{title}</h1>{body}<script>{SCRIPT}</script></body></html>\n"
    )
