"""Splitting files that hold several articles glued together.

Two signals, both over cleaned paragraphs:

* a **dateline** (``PARIS --``, ``KABUL, Afghanistan (AP) —``) opening a paragraph after
  the first one starts a new article;
* a **topic break**: a run of paragraphs unrelated to the rest of the file (by
  ``relatedness.paragraph_relatedness``: similarity to the file's *other* dateline pieces)
  meets a run that is related, with enough text on both sides to be articles of their own.
  A file without a second dateline has nothing to be compared with and is not split, and
  the other files of a batch play no part, so a file is split the same way in any batch.

Only a plain-text file read as one text is split at all (``ingest.may_be_glued``): an HTML
page, a JSON record or a feed entry is one article by construction.
  Local cohesion between neighbouring paragraphs (TextTiling) was tried first and rejected:
  short news paragraphs of one report often share no content words at all, so it cut
  reports apart at random.
"""

from __future__ import annotations

import re

DATELINE = re.compile(r"^[A-Z][A-Z.'-]{2,}(?:[ ,]+[A-Z][A-Za-z.'-]+){0,3}\s*(?:\([A-Za-z ]{1,20}\))?\s*(?:--|—|–)\s")
HEADLINE_MAX_WORDS = 15
MIN_SIDE_WORDS = 60  # an article shorter than this is not split off
OFF_TOPIC_RUN_RATIO = 0.4  # weaker side's mean relatedness, relative to the stronger side


def starts_with_dateline(paragraph: str) -> bool:
    return bool(DATELINE.match(paragraph))


def looks_like_headline(paragraph: str) -> bool:
    """A short line without final punctuation: a headline, a kicker ("The Latest: ..."), a label."""
    return len(paragraph.split()) <= HEADLINE_MAX_WORDS and not re.search(r"[.!?:\"”]$", paragraph)


def split_on_datelines(paragraphs: list[str]) -> list[list[str]]:
    """Pieces that each open with a dateline (the first may not). Headlines before a dateline
    belong to the article the dateline opens: a piece of headlines alone is no article."""
    pieces: list[list[str]] = [[]]
    for para in paragraphs:
        if starts_with_dateline(para) and not all(looks_like_headline(p) for p in pieces[-1]):
            pieces.append([])
        pieces[-1].append(para)
    return pieces


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def split_off_topic_run(paragraphs: list[str], relatedness: list[float]) -> list[list[str]]:
    """Split a piece in two where a run of paragraphs unrelated to the story meets a related one.

    Picks the gap with the largest difference in mean relatedness between the two sides,
    and splits only when the weaker side reaches less than ``OFF_TOPIC_RUN_RATIO`` of the
    stronger one and both sides are long enough to be articles.
    """
    best: tuple[float, int] | None = None
    for gap in range(2, len(paragraphs) - 1):
        if _words(paragraphs[:gap]) < MIN_SIDE_WORDS or _words(paragraphs[gap:]) < MIN_SIDE_WORDS:
            continue
        left = sum(relatedness[:gap]) / gap
        right = sum(relatedness[gap:]) / (len(paragraphs) - gap)
        low, high = sorted((left, right))
        if high > 0 and low < OFF_TOPIC_RUN_RATIO * high and (best is None or high - low > best[0]):
            best = (high - low, gap)
    if best is None:
        return [paragraphs]
    gap = best[1]
    return [paragraphs[:gap], paragraphs[gap:]]


def take_headline(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A short first line without final punctuation is the article's headline."""
    if len(paragraphs) > 1 and looks_like_headline(paragraphs[0]):
        return paragraphs[0], paragraphs[1:]
    return None, paragraphs
