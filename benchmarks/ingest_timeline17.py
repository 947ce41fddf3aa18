"""Timeline17 articles (news-tls format) as storyline :class:`Article` objects.

Each topic folder holds ``articles.json``: a list of ``{uid, dct, text}`` with PTB-tokenised
text (``-LRB-``, spaced punctuation). This loader undoes the tokenisation so the text reads
like the news it came from, and names each article ``<folder>-<uid>``. Used by the ingest
throughput benchmark and by the clustering settings selection.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from storyline.model import Article

PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
SPACE_AFTER = re.compile(r"([(\[{$#]) ")
QUOTES = re.compile(r"`` ?| ?''")


def detokenise(text: str) -> str:
    for token, char in PTB_BRACKETS.items():
        text = text.replace(token, char)
    text = QUOTES.sub('"', text)
    text = SPACE_BEFORE.sub(r"\1", text)
    return SPACE_AFTER.sub(r"\1", text)


def load_topic(folder: Path) -> list[Article]:
    items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    return [
        Article(
            id=f"{folder.name}-{item['uid']}",
            text=detokenise(item["text"]),
            source=folder.name.split("_", 1)[-1],
            published=date.fromisoformat(item["dct"][:10]),
            path=str(folder / "articles.json"),
        )
        for item in items
        if item.get("text", "").strip()
    ]


def load_all(root: Path) -> list[Article]:
    """Every topic's articles, in publication order."""
    articles = [
        a for folder in sorted(p for p in root.iterdir() if (p / "articles.json").exists()) for a in load_topic(folder)
    ]
    return sorted(articles, key=lambda a: a.published or date.min)
