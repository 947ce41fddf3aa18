"""Sentences and paragraphs with character offsets into an article's cleaned text.

A rule-based splitter rather than a model: it is exact about offsets, needs nothing
loaded, and runs at hundreds of thousands of sentences a second, which the summarizer's
evaluation over many documents needs. Paragraph breaks (blank lines) always end a
sentence; inside a paragraph a sentence ends at ``.!?`` (plus closing quotes) followed
by space and an upper-case letter, digit or opening quote, unless the word before is a
known abbreviation or an initial. A dateline opening a paragraph is left out of its
first sentence.
"""

from __future__ import annotations

import re

from .model import Article, Sentence
from .split import DATELINE

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm maj gov sen rep rev st jr sr inc co corp
    ltd no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m
    p.m approx dept est fig mt ft ave blvd pres supt insp det""".split()
)
BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s+[\"“‘(\[]?[A-Z0-9])")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
WORD_BEFORE = re.compile(r"[^\s(\"“]+$")
INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # the word before the full stop: "j", "w.m", "j.r.r"


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the full stop at ``dot`` the end of an abbreviation or an initial?"""
    if text[dot] != ".":
        return False
    match = WORD_BEFORE.search(text, max(0, dot - 12), dot)  # abbreviations are short
    word = match.group().lower() if match else ""
    if word in ABBREVIATIONS:
        return True
    return bool(INITIALS.fullmatch(word))  # an initial or a run of them: "J. Smith", "W.M. Keck"


def sentence_bounds(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    bounds = []
    cursor = start
    for match in BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, match.start()):
            continue
        bounds.append((cursor, match.end()))
        cursor = match.end()
    bounds.append((cursor, end))
    trimmed = []
    for s, e in bounds:
        piece = text[s:e]
        core = piece.strip()
        if core:
            s += len(piece) - len(piece.lstrip())
            trimmed.append((s, s + len(core)))
    return trimmed


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    cursor = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        bounds.append((cursor, match.start()))
        cursor = match.end()
    bounds.append((cursor, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def segment(article: Article) -> Article:
    """Fill ``article.paragraphs`` and ``article.sentences`` from its cleaned text."""
    text = article.text
    article.paragraphs = paragraph_bounds(text)
    article.sentences = []
    for p_index, (p_start, p_end) in enumerate(article.paragraphs):
        dateline = DATELINE.match(text, p_start, p_end)
        if dateline:  # "PARIS -- " opens the paragraph but is not part of its first sentence
            p_start = dateline.end()
        for s, e in sentence_bounds(text, p_start, p_end):
            article.sentences.append(
                Sentence(article.id, s, e, text[s:e], paragraph=p_index, index=len(article.sentences))
            )
    return article


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain string (paragraphs separated by blank lines)."""
    return [text[s:e] for ps, pe in paragraph_bounds(text) for s, e in sentence_bounds(text, ps, pe)]
