"""Candidate expressions: the matches of the rules (a rule whose needed word is absent from the
text is not run), less those that are not time expressions after all ("Jan Kavan", "52 years
old", "High Noon", "the fall of the Taliban"...), reduced to the longest non-overlapping ones.

Separate from :mod:`.find`, which normalises what is left: this part only decides where the
expressions are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import DAY, MONTH, QUANT, RULE_NEEDS, RULES, UNIT, Rule
from .words import MONTHS


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def find_candidates(text: str) -> list[Candidate]:
    rules = [r for r in RULES if r.name not in RULE_NEEDS or RULE_NEEDS[r.name].search(text)]
    found = [Candidate(_start(m), m.end(), rule, m) for rule in rules for m in rule.pattern.finditer(text)]
    return [c for c in found if _plausible(text, c)]


HYPHENATED_LENGTH = re.compile(rf"the (?={QUANT}-{UNIT}\b)", re.I)


def _start(m: re.Match[str]) -> int:
    """Where the expression starts: "the two-week crisis" marks only "two-week" (TimeML leaves
    the article out of a length used as an adjective)."""
    return m.start() + 4 if HYPHENATED_LENGTH.match(m.group(0)) else m.start()


def _plausible(text: str, c: Candidate) -> bool:
    """Cheap vetoes for the patterns that also match non-time words."""
    if _in_a_title(text, c):
        return False
    if c.rule.name == "month" and c.match["month"] not in MONTH_NAMES and not c.match["month"].endswith("."):
        return False  # "Jan Kavan": an abbreviation without its dot and without a day is a name
    if c.rule.name == "spoken_year" and re.match(r" years?\b", text[c.end : c.end + 7]):
        return False  # "two thousand years" is a quantity
    if c.rule.name == "coordinated_day":
        return bool(re.search(rf"{MONTH} {DAY} and $", text[max(0, c.start - 20) : c.start]))
    if c.rule.name == "year":
        before = text[max(0, c.start - 12) : c.start].lower()
        # "1,990 people", "No. 1990", "Flight 1989" are numbers, not years.
        return not re.search(r"(?:no\.|number|flight|route|article|resolution|\d,)\s*$", before)
    if c.rule.name in {"duration", "ago"}:
        after = text[c.end : c.end + 6]
        # "52 years old" is an age; "three-quarters of", "more than a quarter of" a fraction.
        if re.match(r"[ -]old\b", after) or (c.match["unit"].lower() == "quarter" and re.match(r"s? of\b", after)):
            return False
    if c.rule.name == "duration" and c.match["q"].lower() in {"a", "an", "some", "many"}:
        # "a day" reads as a length of time after "for", "than", "within"...; "a day after" does not.
        phrase = c.match.group(0).lower()
        before = text[max(0, c.start - 8) : c.start].lower()
        return "-" in phrase or not phrase.startswith(c.match["q"].lower()) or bool(DURATION_CUE.search(before))
    if c.rule.name == "ref_word" and c.match["w"].lower() == "soon" and text[c.end : c.end + 3] == " as":
        return False  # "as soon as": a conjunction
    if c.rule.name == "season" and not c.match["y"]:
        # "the fall of the Taliban" is an event, not autumn.
        return not re.match(r" of (?!\d)", text[c.end : c.end + 5])
    if c.rule.name == "deictic_day" and GENERIC_DAY.match(text, max(0, c.start - 3)):
        return False  # "in today's world", "the people of tomorrow": an era, not a day
    if c.rule.name == "one_day":
        return bool(MODAL_BEFORE.search(text[max(0, c.start - 30) : c.start]))
    if c.rule.name == "ref_word" and c.match["w"].lower() == "now":
        return not re.match(r"\s*defunct\b", text[c.end : c.end + 12])  # "the now defunct firm"
    return True


# "today" and "tomorrow" naming an era rather than a day: not annotated in TimeML.
GENERIC_DAY = re.compile(
    r"(?:of |in )(?:today|tomorrow)(?:'s (?:world|society|generation|youth|economy|standards|technology|market"
    r"|computers|children)\b|(?=[,.;:)\"]|$))",
    re.I,
)
MODAL_BEFORE = re.compile(r"\b(?:will|would|may|might|could|can|shall|should|must)(?: (?:yet|still|\w+ly))? $", re.I)
DURATION_CUE = re.compile(r"(?:for|than|in|over|within|about|nearly|almost|after|spent|took|lasted|as) $")


# Words written in lower case in running text: capitalised mid-sentence, they belong to a title
# ("High Noon", "60 Minutes", ABC's "This Week", "VOA Today").
TITLE_WORD = re.compile(
    r"\b(?:Today|Tonight|Tomorrow|Yesterday|Now|Noon|Midnight|Weekend|Week|Month|Year|Decade|Century"
    r"|Days?|Hours?|Minutes?|Seconds?|Weeks|Months|Years|Morning|Afternoon|Evening|Night)\b"
)
MONTH_NAMES = frozenset(name.capitalize() for name in list(MONTHS)[:12])  # the full names come first


def _in_a_title(text: str, c: Candidate) -> bool:
    """A time word capitalised where running text would not capitalise it."""
    if c.rule.name == "holiday":
        return False  # "Election Day" is capitalised in any sentence
    for word in TITLE_WORD.finditer(text, c.start, c.end):
        before = text[max(0, word.start() - 3) : word.start()].rstrip(" '\"`(")
        if word.start() > c.start or (before and (before[-1].isalnum() or before[-1] == ",")):
            return True
    return False


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Leftmost-longest, non-overlapping: the longest reading of a phrase wins."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start))
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in ordered:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
