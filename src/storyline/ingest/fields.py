"""Text and metadata fields as every later stage needs them: printable strings or nothing.

Readers take fields from files an attacker may write. A JSON escape can hold a lone surrogate
(``"\\ud800"``: no UTF-8 encoding exists for it, so spaCy and the content hash fail on it), a
NUL or another control character (lxml refuses them), and a metadata field may be a number, a
list or an object where a string belongs (the renderers and SQLite take strings). Each rule
below turns such a field into what it stands for, so the article is kept rather than lost.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Article

# C0 controls but tab, newline, form feed and carriage return (paragraph structure), and DEL
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """Rule ``printable``: control characters dropped, a lone surrogate replaced by U+FFFD (the
    character a decoder puts for bytes it cannot read). Returns ``text`` itself when clean."""
    if CONTROL.search(text):
        text = CONTROL.sub("", text)
    if LONE_SURROGATE.search(text):
        text = LONE_SURROGATE.sub(REPLACEMENT, text)
    return text


def text_field(value: object) -> str | None:
    """Rule ``text_field``: a metadata value as text: a string (made printable), a number as
    written; anything else (an object, a list, true/false) is no text, so None."""
    if isinstance(value, str):
        return printable(value) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def tidy(article: Article) -> Article:
    """The article with a printable text and text-or-None metadata (given through the API,
    metadata may be of any type); returns ``article`` itself when nothing changes."""
    text = printable(article.text) if isinstance(article.text, str) else (text_field(article.text) or "")
    fields = {name: text_field(getattr(article, name)) for name in ("title", "source", "url")}
    article_id = text_field(article.id) or "article"
    if text == article.text and article_id == article.id and all(getattr(article, k) == v for k, v in fields.items()):
        return article
    return replace(article, id=article_id, text=text, **fields)
