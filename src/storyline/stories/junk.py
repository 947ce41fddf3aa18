"""Junk documents: web-page furniture that a crawler saved instead of an article.

Archives and scrapers often store a page's furniture in place of its story: a web
archive's notice about its crawls, a social network's location-sharing widget, a video
player's error, a reprint or paywall notice, a cookie banner, or a stub of a few words.
Such a document belongs to no story; clustering it would glue unrelated stories together
(the same notice is saved for pages of many different stories).

The rule is deliberately simple and inspectable: a document is junk when it is a stub,
or when it is short and most of its sentences carry a furniture cue. Each cue is named so a test can
exercise it.
"""

from __future__ import annotations

import re

from ..segment import split_sentences

MIN_WORDS = 8  # fewer words than this is a stub, not an article
MAX_WORDS = 400  # furniture pages are short; a longer document holds an article (cleaning drops its furniture)
JUNK_SHARE = 0.5  # share of sentences with a furniture cue that makes a document junk

FURNITURE_CUES: dict[str, re.Pattern[str]] = {
    "web archive notice": re.compile(
        r"\b(wayback machine|internet archive|web archive|crawl(?:s|ed|er)?|archived? (?:the )?pages?)\b", re.I
    ),
    "social widget": re.compile(
        r"\b(tweets?|twitter|retweets?)\b.{0,80}\b(location|embed|followers?|timeline)\b"
        r"|\b(location|embed)\b.{0,80}\b(tweets?)\b",
        re.I,
    ),
    "video player": re.compile(
        r"\b(video|playback|transcript|player|media)\b.{0,60}"
        r"\b(not available|unavailable|could not be loaded|unsupported|rented|try again later)\b",
        re.I,
    ),
    "reprint or paywall notice": re.compile(
        r"\b(reprints?|non-commercial use|subscri(?:be|ber|ption)s?|sign in|log in|newsletters?)\b", re.I
    ),
    "browser notice": re.compile(r"\b(enable javascript|javascript is disabled|cookies?|your browser)\b", re.I),
    "third-party applications": re.compile(r"\b(third-party applications?|privacy (?:policy|notice))\b", re.I),
}


ANY_CUE = re.compile("|".join(f"(?:{p.pattern})" for p in FURNITURE_CUES.values()), re.I)


def furniture_cue(sentence: str) -> str | None:
    """The name of the first furniture cue the sentence carries, or None."""
    for name, pattern in FURNITURE_CUES.items():
        if pattern.search(sentence):
            return name
    return None


def junk_reason(text: str) -> str | None:
    """Why ``text`` is junk ("stub", or the cue that dominates), or None for an article."""
    words = len(text.split())
    if words < MIN_WORDS:
        return "stub"
    if words > MAX_WORDS or not ANY_CUE.search(text):  # the common cases, answered cheaply
        return None
    sentences = [s for s in split_sentences(text) if s.strip()]
    cues = [furniture_cue(s) for s in sentences]
    found = [c for c in cues if c]
    if sentences and len(found) / len(sentences) >= JUNK_SHARE:
        return max(set(found), key=found.count)
    return None


def is_junk(text: str) -> bool:
    return junk_reason(text) is not None
