"""Renderers: untrusted text is escaped, the HTML page needs nothing from outside."""

import re

from storyline import analyze
from storyline.model import Article
from storyline.render import render
from storyline.render.html import utf16_offset

HOSTILE = (
    'The council met on <b>Monday</b> and said "<script>alert(1)</script>" was found in the minutes.\n\n'
    "The council said the minutes would be published in full on its website next week."
)
OTHER = (
    "The council minutes were published after the meeting on Monday, officials said.\n\n"
    "The council said it would meet again next week to discuss the minutes."
)


def report():
    return analyze([Article(id="h", text=HOSTILE, source="<i>Post</i>"), Article(id="o", text=OTHER)], words=80)


def test_html_escapes_article_text_and_is_self_contained():
    page = render(report(), "html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>Post</i>" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no external assets


def test_html_citations_carry_dom_offsets():
    page = render(report(), "html")
    links = re.findall(r'data-article="(\d)" data-start="(\d+)" data-end="(\d+)"', page)
    assert links
    assert utf16_offset("a\U0001f600b", 2) == 3  # an emoji takes two UTF-16 units


def test_markdown_numbers_citations_by_source():
    text = render(report(), "md")
    summary = text.split("## Summary")[1].split("\n## ")[0]
    assert re.search(r"^- .+ \[[12]\]$", summary, re.MULTILINE)
