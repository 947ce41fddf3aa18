"""Finding time expressions in a text (:func:`find_timexes`) and the pipeline stage that tags an
article with them (:func:`tag_article`).

The candidates are normalised in text order, because the text carries context from one to the
next: anaphoric expressions count from the time last named, a quarter just named turns "a year
ago" into the same quarter a year before, and words right before an expression (deadlines,
postponements) can overrule the verb's tense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ..nlp import ParsedParagraph
from .calendar import Tense, value_date, value_rank
from .candidates import Candidate, find_candidates, select
from .normalise import NORMALISERS, Normalised
from .rules import DAY, MONTH, TENSE_SENSITIVE, WEEKDAY, YEAR
from .tense import ParsedTense, TenseOracle
from .words import month_number, number

if TYPE_CHECKING:
    from ..model import Article, TimeMention


@dataclass(frozen=True)
class Timex:
    """One normalised time expression at ``[start, end)`` of the tagged text."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


def normalised(cand: Candidate, anchor: date | None, tense: Tense) -> Normalised:
    """The candidate's rule applied; nothing when the value falls off the calendar (an anchor
    of 9999-12-31 and "on Monday" after it, "5000 years ago" in year 2015)."""
    try:
        return NORMALISERS[cand.rule.name](cand.match, anchor, tense)
    except (OverflowError, ValueError):
        return None


def _tense_matters(cand: Candidate, dct: date) -> bool:
    """Would the tense change this expression's value? Only then is its sentence parsed
    ("Thursday" in a report dated on a Thursday is that day whatever the verb)."""
    if cand.rule.name not in TENSE_SENSITIVE:
        return False
    groups = cand.match.groupdict()
    if groups.get("rel") or groups.get("y") or groups.get("year"):
        return False
    return len({normalised(cand, dct, tense) for tense in ("past", "future", "unknown")}) > 1


def find_timexes(text: str, dct: date | None, tense_oracle: TenseOracle | None = None) -> list[Timex]:
    """Every time expression of ``text``, normalised against ``dct``.

    ``tense_oracle(text, start, end)`` says whether the verb governing ``text[start:end]``
    points to the past or the future; without one, the past (news' default) is assumed.
    """
    result = []
    chosen = select(find_candidates(text))
    ask = {c.start for c in chosen if tense_oracle is not None and dct is not None and _tense_matters(c, dct)}
    if isinstance(tense_oracle, ParsedTense):
        tense_oracle.prefetch(text, sorted(ask))
    last_quarter: tuple[int, str] | None = None  # where the last quarter was named, and which
    reference = dct  # the time the narrative last spoke of
    reference_rank = 0  # and how precisely: 0 a day, 1 a week, 2 a month, 3 a quarter or half, 4 a year
    for cand in chosen:
        tense = tense_oracle(text, cand.start, cand.end) if tense_oracle and cand.start in ask else "past"
        if tense == "unknown" and cand.rule.name == "month" and isinstance(tense_oracle, ParsedTense):
            tense = tense_oracle.clause_tense(text, cand.start)
        tense = _cue_tense(text, cand, tense)
        # Anaphoric expressions count from the time the text last named, as in HeidelTime's
        # narrative mode; everything else stays anchored on the DCT, the news convention.
        anchor = reference if cand.rule.name in ANAPHORIC_RULES else dct
        if cand.rule.name == "anaphoric" and _unit_rank(cand) < reference_rank:
            anchor = None  # "that day" after "in 1987": no day to point to
        if cand.rule.name in DAY_PART_RULES and reference_rank == 0:
            anchor = reference  # "prices fell Friday ... in the morning": that day's morning
        found = normalised(cand, anchor, tense)
        if found is None:
            continue
        kind, value = found
        if kind == "DATE" and (named := value_date(value)):
            reference, reference_rank = named, value_rank(value)
        if value and QUARTER_VALUE.match(value):
            # a quarter a year or more before the report is itself the comparison: "a year ago"
            # after it cannot go back another year from it
            last_quarter = (cand.end, value) if _reported_quarter(value, dct) else None
        elif last_quarter and _is_year_back(cand) and cand.start - last_quarter[0] < QUARTER_CONTEXT_CHARS:
            value = f"{int(last_quarter[1][:4]) - 1}{last_quarter[1][4:]}"
        result.append(Timex(cand.start, cand.end, text[cand.start : cand.end], kind, value))
    return _clocks_on_the_day_named_after(text, result)


# "at 8:46 a.m. on Sept. 11, 2001", "at 10 a.m. local time on Sunday": what lies between a clock
# time and the day it belongs to (TimeML marks the two apart; the clock's value takes the day)
ON_DAY_GAP = re.compile(r"(?: local time| [A-Z]{2,4})?(?: \([^()]{1,30}\))?,? on ")
NAMES_A_DAY = re.compile(rf"{WEEKDAY}|{MONTH}|today|tonight|tomorrow|yesterday", re.I)
CLOCK_VALUE = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d(?::\d\d)?)$")


def _clocks_on_the_day_named_after(text: str, found: list[Timex]) -> list[Timex]:
    """A clock time that names no day of its own is on the day named right after it."""
    result = list(found)
    for i, (clock, day) in enumerate(zip(found, found[1:], strict=False)):
        time_part = CLOCK_VALUE.match(clock.value or "") if clock.type == "TIME" else None
        day_value = day.value if day.type == "DATE" and day.value and DAY_VALUE.match(day.value) else None
        if (
            time_part
            and day_value
            and not NAMES_A_DAY.search(clock.text)
            and ON_DAY_GAP.fullmatch(text[clock.end : day.start])
        ):
            result[i] = Timex(clock.start, clock.end, clock.text, clock.type, day_value + time_part.group(1))
    return result


ANAPHORIC_RULES = frozenset({"anaphoric", "coordinated_day"})
# A part of the day without its day ("in the morning") is part of the day being told about.
DAY_PART_RULES = frozenset({"the_part", "mid_part"})
# A date set by a schedule or a deadline, not by the narrative's tense: "payable Dec. 7", "by
# Jan. 14", "extended until Tuesday", "through January" mean the nearest such day or month.
SCHEDULE_CUE = re.compile(
    r"\b(?:payable|effective|of record|due|through|until|till|by) $",
    re.I,
)
# "as soon as Tuesday", "postponed until Tuesday": a date something is put off to, or may
# happen at the earliest, lies ahead whatever the tense of the telling.
FUTURE_CUE = re.compile(
    r"\b(?:as (?:soon|early) as|(?:extended|postponed|delayed|adjourned|moved) (?:to|until)|upcoming) $", re.I
)
CUE_RULES = frozenset({"month_day", "day_month", "weekday", "month", "time_of_day", "noon", "holiday"})


def _cue_tense(text: str, cand: Candidate, tense: Tense) -> Tense:
    """The direction fixed by the words right before an expression, overriding the verb's."""
    if cand.rule.name not in CUE_RULES:
        return tense
    before = text[max(0, cand.start - 40) : cand.start]
    if FUTURE_CUE.search(before):
        return "future"
    possessive = text.startswith("'s", cand.end)  # "hit by Friday's storm" is no deadline
    if not SCHEDULE_CUE.search(before) or tense == "future" or possessive:
        return tense
    if cand.rule.name == "month" and tense != "past":
        return "future"  # "wait until September": a month-long deadline lies ahead
    if cand.rule.name == "month" and before.lower().endswith("by "):
        return "past"  # "had retaken the town by December": a deadline told in the past was met
    return "nearest"


QUARTER_VALUE = re.compile(r"^\d{4}-Q\d$")
DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
QUARTER_CONTEXT_CHARS = 600  # about a paragraph: how far a quarter just named stays the topic


def _unit_rank(cand: Candidate) -> int:
    """The precision an anaphoric expression needs from its reference ("that day": a day)."""
    unit = (cand.match["unit"] or cand.match["unit2"]).lower()
    return {"week": 1, "weekend": 1, "month": 2, "year": 4}.get(unit, 0)


def _reported_quarter(value: str, dct: date | None) -> bool:
    """Could this quarter be the one a report is about (it began less than a year before it)?"""
    first_day = value_date(value)
    return dct is None or first_day is None or (dct - first_day).days < 365


def _is_year_back(cand: Candidate) -> bool:
    """ "a year ago", "a year earlier", "year-ago": in a quarterly report these mean the same
    quarter a year before (TimeML values them at the granularity being compared)."""
    if cand.rule.name == "year_earlier":
        return True
    groups = cand.match.groupdict()
    return cand.rule.name == "ago" and groups["unit"].lower() == "year" and number(groups["q"]) == 1


# --- the pipeline stage ---------------------------------------------------------------------
DATELINE_WINDOW = 300  # a dateline sits in the first lines of a report
_FULL_DATE = re.compile(
    rf"(?:{WEEKDAY},? )?(?:(?P<d1>{DAY}) (?P<m1>{MONTH}),? (?P<y1>{YEAR})"
    rf"|(?P<m2>{MONTH}) (?P<d2>{DAY}),? (?P<y2>{YEAR}))"
)


# What may stand before a dateline's date on its line: nothing, a place in capitals ("KABUL,",
# "PORT ELLIS, Ostmark (Wire) -"), or a label ("Published:", "Posted on").
_DATELINE_LEAD = re.compile(
    r"(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Za-z][A-Za-z.'-]*){0,4},?\s*(?:\([^)\n]{1,30}\)\s*)?(?:--|—|–|-)?\s*"
    r"|(?i:published|posted)(?: on)?:?\s*)?"
)
_PHOTO_AFTER = re.compile(r"\s*(?:,\s*)?(?:file )?(?:photo|picture|image)\b", re.I)


def dateline_date(text: str) -> date | None:
    """A complete date (day, month and year) opening the report, as in "KABUL, Sept. 30, 2015 —".

    The date must open its line, after at most a place in capitals or a "Published" label: a
    date inside a sentence is not the report's, and a photo caption's ("In this Nov. 10, 2009
    file photo, ...") dates the picture, often years before the story.
    """
    for match in _FULL_DATE.finditer(text, 0, DATELINE_WINDOW):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not _DATELINE_LEAD.fullmatch(text, line_start, match.start()) or _PHOTO_AFTER.match(text, match.end()):
            continue
        first = "1" if match["d1"] else "2"
        day, month, year = match["d" + first], match["m" + first], match["y" + first]
        try:
            return date(int(year), month_number(month), int(re.sub(r"\D", "", day)))
        except ValueError:
            continue
    return None


def publication_date(article: Article) -> tuple[date | None, str | None]:
    """The article's publication date and where it came from: as the reader gave it, else from a
    dateline opening the text, else unknown."""
    if article.published is not None:
        return article.published, article.published_source or "given"
    found = dateline_date(article.text)
    return (found, "dateline") if found is not None else (None, None)


def time_mentions(
    article: Article, published: date | None, paragraphs: list[ParsedParagraph] | None = None, parse: bool = True
) -> list[TimeMention]:
    """The article's time expressions, normalised against ``published``; tenses are read off the
    run's ``paragraphs`` where given (the quotes stage parsed them), else parsed as needed."""
    from ..model import Span, TimeMention

    oracle = ParsedTense(((s.start, s.end) for s in article.sentences), paragraphs) if parse else None
    return [
        TimeMention(t.text, t.type, t.value, Span(article.id, t.start, t.end))
        for t in find_timexes(article.text, published, oracle)
    ]


def tag_article(article: Article, parse: bool = True, paragraphs: list[ParsedParagraph] | None = None) -> Article:
    """A copy of ``article`` dated by :func:`publication_date` and holding its time mentions (the
    input is left as it was)."""
    published, source = publication_date(article)
    mentions = time_mentions(article, published, paragraphs, parse)
    return replace(article, published=published, published_source=source, time_mentions=mentions)
