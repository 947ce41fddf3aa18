"""Numeric claims: a figure, what it counts, what happened to them, and who states it.

``about 200 Taliban fighters had been killed`` -> figure ``about 200`` (180..220), counted
``Taliban fighters``, event ``kill``. Vague figures get a range too (``hundreds`` is
200..999), so figures from different reports can be compared. Only figures attached to a
counted noun and an event verb are kept: a bare ``200`` says nothing comparable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE_QUANTITIES = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
}
# How a hedge word widens an exact figure X into a range (low factor, high factor).
HEDGES = {
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "some": (0.9, 1.1),
    "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0),
    "over": (1.0, 1.5),
    "more": (1.0, 1.5),
    "least": (1.0, 1.5),
    "up": (0.0, 1.0),
    "fewer": (0.0, 1.0),
    "less": (0.0, 1.0),
    "under": (0.0, 1.0),
}
REPORTING_LEMMAS = frozenset({"say", "tell", "add", "note", "seem", "appear"})
# "no arrests have been made": the verb is light and the noun names the event itself.
LIGHT_VERBS = frozenset({"make", "carry", "report", "record", "confirm", "conduct"})
MULTIPLICATIVE_NOUNS = frozenset({"time", "fold"})  # "10 times as many cases" is a ratio, no count
CURRENCY_SIGNS = frozenset("$€£¥₹")
SINGULAR_COMMON = "NN"
DECIMALS = 6  # a hedge's factor leaves floating-point noise (2,750 x 1.1 = 3025.0000000000005)
CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "conj", "cc", "mark", "ccomp", "parataxis"})
DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")


@dataclass(frozen=True)
class Figure:
    text: str
    low: float
    high: float


@dataclass(frozen=True)
class FoundNumber:
    """A figure in a parsed paragraph: token offsets local to the paragraph ``Doc``."""

    figure: Figure
    counted: str
    counted_lemmas: frozenset[str]
    event: str
    event_text: str
    clause_start: int  # character offsets within the paragraph
    clause_end: int
    number_index: int  # token index of the figure
    sentence_start: int = 0  # character offset of the figure's sentence within the paragraph
    qualifier: str | None = None  # a participle that narrows the set: "the 11 companies selected in May"
    counts_events: bool = False  # the counted noun is the event: "no arrests", "three attacks"


def number_value(word: str) -> float | None:
    """``200``, ``10,000``, ``thirteen``: the value of one number word, or None."""
    word = word.lower()
    if DIGITS.match(word):
        return float(word.replace(",", ""))
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else None


def figure_of(token: Any) -> Figure | None:
    """The figure a number token states, widened by its hedge (``about``, ``nearly``, ``more than``)."""
    if token.lower_ in VAGUE_QUANTITIES:
        low, high = VAGUE_QUANTITIES[token.lower_]
        return Figure(token.text, low, high)
    if token.lower_ == "no" and token.dep_ == "det" and token.head.tag_ in ("NNS", "NNPS"):
        return Figure(token.text, 0.0, 0.0)  # "no arrests have been made" states a count of none
    value = number_value(token.text)
    if value is None:
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in MULTIPLIERS:
        value *= MULTIPLIERS[nxt.lower_]
    hedge = next((c for c in token.children if c.lower_ in HEDGES and c.i < token.i), None)
    if hedge is None:
        return Figure(token.text, value, value)
    lo, hi = HEDGES[hedge.lower_]
    first = min([hedge.i] + [c.i for c in hedge.children if c.i < hedge.i])
    return Figure(token.doc[first : token.i + 1].text, round(value * lo, DECIMALS), round(value * hi, DECIMALS))


def is_amount(token: Any) -> bool:
    """A figure of money ("$449K", "$250,000 fines"): an amount, not a count of the noun after it."""
    return token.i > 0 and token.doc[token.i - 1].text in CURRENCY_SIGNS


def counts_things(token: Any, figure: Figure, noun: Any) -> bool:
    """Whether a figure can count the noun: not a ratio ("10 times as many", however it is parsed)
    and, above one, not a singular common noun, which a number before it does not count but
    names ("a 2018 analysis")."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if noun.lemma_.lower() in MULTIPLICATIVE_NOUNS or (
        after is not None and after.lemma_.lower() in MULTIPLICATIVE_NOUNS
    ):
        return False
    return not (figure.high > 1 and noun.tag_ == SINGULAR_COMMON)


def _counted_noun(token: Any) -> tuple[Any, Any] | None:
    """(counted noun, head of the noun phrase): ``200 fighters`` -> fighters; ``hundreds of Taliban`` -> Taliban."""
    if token.dep_ in ("nummod", "det") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head, token.head
    partitive_one = number_value(token.text) == 1  # "one of the first signs came": a selection, no count
    if token.lower_ in VAGUE_QUANTITIES or (token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not partitive_one):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0], token
    return None


def _event_verb(phrase_head: Any, noun: Any) -> Any | None:
    """What happened to the counted things: the verb governing the phrase, or a participle after
    the noun. Not a verb of saying or seeming: "one soldier said" counts a source, no event."""
    if phrase_head.head.pos_ == "VERB" and phrase_head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        verb = phrase_head.head
    else:
        verb = next((c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"), None)
    return None if verb is None or verb.lemma_.lower() in REPORTING_LEMMAS else verb


def _clause(verb: Any) -> tuple[int, int]:
    """Character range of the verb's clause without its subordinate and coordinated clauses."""
    dropped = {d.i for c in verb.children if c.dep_ in CLAUSE_DEPS for d in c.subtree}
    tokens = [t for t in verb.subtree if t.i not in dropped and not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ")":
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def find_numbers(doc: Any) -> Iterable[FoundNumber]:
    """Every figure of a paragraph that counts something to which something happened."""
    for token in doc:
        figure = figure_of(token)
        if figure is None:
            continue
        found = _counted_noun(token)
        if found is None:
            continue
        noun, phrase_head = found
        verb = _event_verb(phrase_head, noun)
        if verb is None or is_amount(token) or not counts_things(token, figure, noun):
            continue
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
        counted_tokens = [*modifiers, noun]
        start, end = _clause(verb) if verb.i != noun.i else (token.idx, noun.idx + len(noun.text))
        events_counted = verb.lemma_.lower() in LIGHT_VERBS
        event = noun if events_counted else verb
        qualifier = next((c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB" and c.i != verb.i), None)
        yield FoundNumber(
            figure=figure,
            counted=doc[counted_tokens[0].i : noun.i + 1].text,
            counted_lemmas=frozenset(t.lemma_.lower() for t in counted_tokens if not t.is_stop),
            event=event.lemma_.lower(),
            event_text=event.text.lower(),
            clause_start=min(start, token.idx),
            clause_end=end,
            number_index=token.i,
            sentence_start=token.sent.start_char,
            qualifier=qualifier.lemma_.lower() if qualifier is not None else None,
            counts_events=events_counted,
        )
