"""Time expressions: find them and normalise them TIMEX3-style against the publication date.

A rule-based tagger: a set of regular expressions, each paired with a normaliser that turns
the match into a TIMEX3 ``type`` (DATE, TIME, DURATION, SET) and ``value`` (``2015-09-28``,
``2015-W40``, ``2015-12``, ``P3D``, ``PRESENT_REF``, ...). Rules rather than a model because
the conventions are exact (TimeML fixes what a value looks like), the tagger must run over
thousands of articles in seconds, and every decision stays explainable.

Relative expressions are resolved against the document creation time (DCT, the article's
publication date). News reports mostly look back, so "on Monday" is the Monday on or before
the DCT unless the governing verb points forward ("will meet on Monday"); the tense is read
from a spaCy parse, and only sentences that hold such an ambiguous expression are parsed.
Words right before an expression can overrule the verb: a deadline ("until Friday", "by Jan.
14") is the nearest such day, "as soon as Tuesday" or "postponed until Tuesday" the next one.
Without a DCT, relative expressions keep ``value=None`` rather than a guess. Anaphoric ones
("the following year", "that day", "the previous Friday") are resolved against the last
calendar value the text produced instead: they point back into the narrative, not to the DCT
(and only when that value is precise enough: "that day" after "in 1987" names no day). So is a
part of the day named without its day ("in the morning") when the text last named a day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .nlp import ParsedParagraph, parsed_text
from .numbers import WORD_NUMBERS

if TYPE_CHECKING:
    from .model import Article

# "past" | "future" | "unknown" (no tensed verb governs the expression) | "nearest" (a deadline
# or schedule word says the day nearest the DCT is meant, whatever the verb)
Tense = str
TenseOracle = Callable[[str, int, int], Tense]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SMALL_NUMBERS: dict[str, float] = WORD_NUMBERS | {
    "a": 1, "an": 1, "hundred": 100, "a hundred": 100, "thousand": 1000, "dozen": 12, "a dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5, "an additional": 1, "a further": 1,
}  # fmt: skip
UNIT_CODES = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "CE", "weekend": "WE",
}  # fmt: skip
SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q"}  # fmt: skip
PRESENT_WORDS = {"now", "right now", "currently", "current", "nowadays", "these days", "at present", "presently"}
# "the then current price": the present of a past moment
PAST_WORDS = {"recently", "recent", "lately", "previously", "formerly", "the past", "in the past", "then current"}
FUTURE_WORDS = {
    "the future",
    "future",
    "soon",
    "the near future",
    "shortly",
    "as soon as possible",
    "a later date",
    "the near term",
    "the short term",
    "the long term",
}


# --- building blocks --------------------------------------------------------------------
def _words(*words: str, suffix: str = "") -> str:
    """A non-capturing alternation of literal phrases, each followed by ``suffix``."""
    return "(?:(?:" + "|".join(words) + ")" + suffix + ")"


def _after(*words: str) -> str:
    """Succeeds only right after one of ``words`` and a space (fixed-width lookbehinds)."""
    return "(?:" + "|".join(rf"(?<=\b[{w[0]}{w[0].upper()}]{w[1:]} )" for w in words) + ")"


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|(?:a )?dozen"
    r"|(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten) )?(?:hundred|thousand))"
)
# a year read out, as in broadcast transcripts: "nineteen ninety-four", "two thousand and two"
_SPOKEN_YEAR = rf"(?:nineteen[- ]{_WORD_NUM}|two thousand(?:(?: and)?[- ]{_WORD_NUM})?)"
_NUM = rf"(?:\d+(?:\.\d+)?(?: \d/\d)?|{_WORD_NUM}(?: and a half)?)"
_QUANT = rf"(?:{_NUM}|an?|a few|few|several|some|many|a couple(?: of)?|couple of|half a|an additional|a further)"
_VAGUE_QUANT = {"a few", "few", "several", "some", "many"}
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
_APPROX = _words(
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "more than",
    "less than",
    "at least",
    "up to",
    "roughly",
    "approximately",
    "another",
    "an additional",
    "a further",
    "no more than",
    suffix=" ",
)
_PERIOD_ADJ = r"(?:the (?:past|last|next|first|previous|coming|following|latest|final|remaining|same|initial) )"
# "the year-earlier nine months": a length compared with the one just reported
_PERIOD_DET = rf"(?:{_PERIOD_ADJ}|the (?:year-earlier|year-ago|comparable) |the )"
_POSITION = _words(
    "early",
    "late",
    "mid",
    "the end of",
    "the beginning of",
    "the start of",
    "the middle of",
    "the rest of",
    "the remainder of",
    "the first half of",
    "the second half of",
    "the last half of",
    suffix="[ -]",
)
_ORDINAL_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_QUARTER_ADJ = (
    _words(
        "fiscal",
        "year-earlier",
        "year-ago",
        "latest",
        "current",
        "comparable",
        "same",
        "calendar",
        "this year's",
        "last year's",
        "next year's",
        suffix=" ",
    )
    + "*"
)
# "May" and "March" are months only after a word that wants a time: "in May", "since March".
_MAY_CUE = _after(
    "in", "by", "since", "until", "till", "of", "from", "early", "late", "mid", "through", "before", "after", "during"
)
_DURATION_CUE_BEHIND = _after("for", "within", "over", "in", "after", "than")
# "$5 million a year", "40 flights a week": a rate, a TIMEX3 SET.
_AFTER_AMOUNT = "(?:(?<=\\d )|" + _after("million", "billion", "thousand", "hundred", "percent", "cents", "dollars")[3:]
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_B = r"(?<![\w$.-])"  # left word boundary that also rejects "$1990" and "1.1990"
_E = r"(?![\w%-]|\.\d)"  # right boundary that rejects "1990%" and "1990-91"


@dataclass(frozen=True)
class Timex:
    """One normalised time expression at ``[start, end)`` of the tagged text."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    priority: int = 0


def _rule(name: str, pattern: str, priority: int = 0, case: bool = False) -> _Rule:
    flags = 0 if case else re.IGNORECASE
    return _Rule(name, re.compile(_B + pattern + _E, flags), priority)


RULES: tuple[_Rule, ...] = (
    _rule("iso", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", 3),
    _rule(
        "month_day",
        rf"(?:(?P<wd>{_WEEKDAY}),? )?(?:{_POSITION})?(?P<month>{_MONTH}) (?P<day>{_DAY})(?:,? (?P<year>{_YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "day_month",
        rf"(?:(?P<wd>{_WEEKDAY}),? )?(?:the )?(?P<day>{_DAY}) (?:of )?(?P<month>{_MONTH})(?:,? (?P<year>{_YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "week_of",
        rf"[Tt]he (?P<unit>week|weekend) of (?P<month>{_MONTH}) (?P<day>{_DAY})(?:,? (?P<year>{_YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "month_year",
        rf"(?:(?P<pos>{_POSITION}))?(?P<month>{_MONTH}),? (?:of )?"
        rf"(?:(?P<year>{_YEAR})|(?P<spoken>{_SPOKEN_YEAR})|(?P<rel>this|last|next) year)",
        2,
        case=True,
    ),
    _rule(
        "month",
        rf"(?:(?P<pos>{_POSITION})|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his past|[Tt]his coming) )?"
        rf"(?P<month>(?!May\b|March\b){_MONTH}|{_MAY_CUE}(?:May|March)|(?<=[Ll]ast |[Nn]ext |[Tt]his )(?:May|March))"
        r"(?! \d)",  # "last Oct. 23" is a day, not a month
        1,
        case=True,
    ),
    _rule("decade", r"(?:the )?(?:(?P<pos>early|mid|late)[ -])?(?P<dec>1[6-9]\d0|20[0-2]0|'\d0)'?s", 2),
    _rule("century", r"(?:the )?(?P<n>\d\d?)(?:st|nd|rd|th)[ -]century", 2),
    _rule(
        "quarter",
        rf"(?:(?:the )?(?:(?P<y1>{_YEAR}) )?{_QUARTER_ADJ}(?:fiscal-)?(?P<q>{_ORDINAL_Q}) (?:fiscal )?quarter"
        rf"|{_QUARTER_ADJ}(?P<qa>{_ORDINAL_Q})-quarter)"
        rf"(?: of (?:fiscal )?(?P<y2>{_YEAR}))?",
        2,
    ),
    _rule(
        "the_quarter",
        rf"(?:the |that |this )(?:(?:latest|current|most recent|comparable) quarter|quarter"
        rf"|(?:{_YEAR} )(?:quarter|period)"
        r"|(?:latest|current|comparable|year-earlier|year-ago) period)",
        1,
    ),
    _rule(
        "half",
        r"(?:the )?(?P<h>first|second|last|latter) (?:half|two quarters) of (?:(?:the |fiscal )?(?P<y>"
        + _YEAR
        + r")|(?P<rel>the|this|last|next) (?:fiscal )?year)",
        3,
    ),
    _rule("year_earlier", r"year-(?:earlier|ago)", 1),
    _rule("fiscal_year", rf"(?:fiscal|calendar) (?:year )?(?P<y>{_YEAR})", 2),
    # "post-1959 politics": the year the period is counted from
    _rule("year", rf"(?:(?P<pos>{_POSITION})|(?:pre|post)-)?(?:the year )?(?P<y>{_YEAR})", 0),
    _rule(
        "time_of_day",
        r"(?:(?:about|around|at about|shortly after|shortly before) )?(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))? ?"
        r"(?P<ap>[ap])\.?m\.?(?: (?:[ECMP][SD]T|GMT))?"
        rf"(?:,? (?P<when>today|yesterday|tomorrow|tonight|{_WEEKDAY})|,? (?P<month>{_MONTH}) (?P<day>{_DAY}))?",
        2,
    ),
    _rule("hour_of_part", r"(?P<h>1[0-2]|0?[1-9])(?: o'clock)? in the (?P<part>morning|afternoon|evening|night)", 2),
    _rule("noon", rf"(?P<w>noon|midday|midnight)(?: (?P<when>today|yesterday|tomorrow|{_WEEKDAY}))?", 1),
    _rule(
        "deictic_day",
        r"(?:(?P<mod>early|late|later|earlier|mid-afternoon|midafternoon) )?(?P<day>today|tonight|yesterday|tomorrow)"
        r"(?: (?P<part>morning|afternoon|evening|night))?",
        2,
    ),
    _rule("this_part", r"(?P<rel>this|last|tomorrow|yesterday) (?P<part>morning|afternoon|evening|night)", 2),
    _rule("overnight", r"overnight", 0),
    _rule(
        "weekday",
        rf"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his past|[Tt]his coming|[Ee]arly|[Ll]ate) )?(?P<wd>{_WEEKDAY})"
        r"(?: (?P<part>morning|afternoon|evening|night))?(?!s)",
        1,
        case=True,
    ),
    _rule(
        "relative_unit",
        rf"(?:(?P<pos>{_POSITION}|earlier |later ))?(?:the )?"
        r"(?P<rel>this|last|next|this past|past|coming|current|previous)"
        r" (?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)",
        1,
    ),
    _rule(
        "holiday",
        r"(?:(?P<rel>last|next|this) )?(?P<name>Thanksgiving|Christmas Eve|Christmas|New Year's Eve|New Year's"
        r"|Easter|Good Friday|Election Day|Independence Day|Fourth of July|July Fourth|Labor Day|Memorial Day"
        r"|Veterans Day|Halloween|Valentine's Day|Boxing Day)(?P<day> Day)?(?P<week> week(?:end)?)?",
        2,
        case=True,
    ),
    _rule(
        "season",
        rf"(?:the |{_MAY_CUE})(?P<unit>spring|summer|fall|autumn|winter)(?: of (?P<y>\d{{4}}|{_SPOKEN_YEAR}))?",
        0,
    ),
    _rule("the_unit", r"(?:the )?(?P<unit>weekend)", 0),
    _rule(
        "ago",
        rf"{_APPROX}?(?P<q>{_QUANT})[ -](?P<unit>{_UNIT})s?(?: or (?:so|two|more))?"
        r" (?P<dir>ago|earlier|from now|hence)",
        3,
    ),
    _rule(
        "duration",
        rf"{_APPROX}?{_PERIOD_DET}?(?P<q>{_QUANT})[ -]"
        r"(?:(?:more|full|straight|consecutive|trading|business|calendar) )?"
        rf"(?P<unit>{_UNIT})s?(?: or (?:so|two|more))?",
        1,
    ),
    # "will one day be": an unspecified time to come, not a length of one day
    _rule("one_day", r"one day", 2),
    _rule("unit_long", rf"(?:(?P<q>{_NUM})-)?(?P<unit>{_UNIT})(?P<plural>s)?-long", 2),
    _rule("past_units", rf"{_PERIOD_ADJ}(?P<unit>{_UNIT}|weekend)s?", 0),
    _rule("recent_units", r"(?:recent|coming|the coming|the past few|the last few) (?P<unit>day|week|month|year)s", 1),
    _rule("spoken_year", rf"(?:the year )?(?P<w>{_SPOKEN_YEAR})", 1),
    _rule(
        "decade_word",
        r"the (?:(?:early|mid|late)[ -])?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        1,
    ),
    _rule(
        "plural_units",
        rf"{_DURATION_CUE_BEHIND}(?:the )?(?P<unit>minute|hour|day|week|month|year|decade|centurie)s",
    ),
    _rule("set_per", rf"{_AFTER_AMOUNT}a (?P<unit>year|month|week|day)(?! (?:ago|earlier|later|before|after))", 1),
    _rule("the_part", rf"{_after('in', 'during', 'by')}the (?P<part>morning|afternoon|evening)", 1),
    _rule("mid_part", r"mid[- ]?(?P<part>morning|afternoon)", 0),
    _rule(
        "edge_of_unit",
        r"(?:around )?(?:(?:the )?(?P<edge>end|beginning|start|middle) of the (?P<unit>year|month|week|quarter)"
        r"|(?:the )?(?P<unit2>year)[- ](?:end|'s end)|year's end)",
        1,
    ),
    _rule(
        "the_unit_now",
        r"the (?:(?:full|fiscal|current fiscal|current|latest fiscal|latest|whole) )?(?P<unit>year|week|month|day)",
    ),
    _rule(
        "anaphoric",
        r"(?:(?:earlier|later) )?(?:the (?P<rel>following|previous|preceding|prior|same|next(?= day)) |(?P<that>that) )"
        rf"(?P<unit>day|week|weekend|month|year|{_WEEKDAY})"
        r"|the (?P<unit2>day|week|month|year) (?P<side>before|after)(?! \w)",
        2,
    ),
    # "April 24 and 25": the second day takes its month and year from the first
    _rule("coordinated_day", rf"(?<= and )(?P<day>{_DAY})", 0),
    _rule("set_every", rf"(?:each|every|per) (?P<unit>{_UNIT}|{_WEEKDAY}|{_MONTH})", 1),
    _rule(
        "weekday_set",
        rf"(?P<wd>{_WEEKDAY})(?:s|(?: (?P<part>morning|afternoon|evening|night)s))",
        1,
        case=True,
    ),
    _rule("set_word", r"(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly)", 0),
    _rule(
        "ref_word",
        r"(?P<w>now|currently|then[ -]current|current|nowadays|these days|at present|presently|(?:more )?recently"
        r"|recent|lately|formerly|the near future|the future|the past|soon|as soon as possible|a later date"
        r"|the (?:near|short|long) term)",
        0,
    ),
)
# "today" and "tomorrow" naming an era rather than a day: not annotated in TimeML.
GENERIC_DAY = re.compile(
    r"(?:of |in )(?:today|tomorrow)(?:'s (?:world|society|generation|youth|economy|standards|technology|market"
    r"|computers|children)\b|(?=[,.;:)\"]|$))",
    re.I,
)
MODAL_BEFORE = re.compile(r"\b(?:will|would|may|might|could|can|shall|should|must)(?: (?:yet|still|\w+ly))? $", re.I)
DURATION_CUE = re.compile(r"(?:for|than|in|over|within|about|nearly|almost|after|spent|took|lasted|as) $")


# --- calendar helpers -------------------------------------------------------------------
def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _number(text: str) -> float | None:
    """The number a quantity word stands for; None for vague ones ("several")."""
    text = text.lower().replace("-", " ")
    if text in _VAGUE_QUANT:
        return None
    half = 0.5 if text.endswith(" and a half") else 0.0
    text = text.removesuffix(" and a half")
    if text in SMALL_NUMBERS:
        return SMALL_NUMBERS[text] + half
    parts = text.split()
    if len(parts) == 2 and parts[1].count("/") == 1:  # "2 1/2"
        num, den = parts[1].split("/")
        return float(parts[0]) + int(num) / int(den)
    if len(parts) == 2 and parts[0] in SMALL_NUMBERS and parts[1] in {"hundred", "thousand"}:  # "two thousand"
        return SMALL_NUMBERS[parts[0]] * SMALL_NUMBERS[parts[1]]
    if len(parts) == 2 and parts[0] in SMALL_NUMBERS and parts[1] in SMALL_NUMBERS:  # "twenty four"
        return SMALL_NUMBERS[parts[0]] + SMALL_NUMBERS[parts[1]]
    try:
        return float(text) + half
    except ValueError:
        return None


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


FRACTION_UNITS = {"year": ("M", 12), "month": ("D", 30), "day": ("H", 24), "hour": ("M", 60), "minute": ("S", 60)}


def duration_value(quantity: float | None, unit: str) -> str:
    """``P3D``, ``PT2H``, ``PXY``: the TIMEX3 value of a length of time."""
    unit = unit.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    code = UNIT_CODES[unit]
    scale = {"fortnight": 2, "decade": 10}.get(unit, 1)
    if quantity is not None and quantity != int(quantity) and unit in FRACTION_UNITS:
        # "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M: the fraction in the next smaller unit
        smaller, per = FRACTION_UNITS[unit]
        whole = f"{int(quantity)}{code}" if int(quantity) else ""
        rest = f"{round((quantity % 1) * per)}{smaller}"
        if unit in {"hour", "minute"}:
            return f"PT{whole}{rest}"
        return f"P{whole}T{rest}" if unit == "day" else f"P{whole}{rest}"
    amount = "X" if quantity is None else _fmt_number(quantity * scale)
    return f"PT{amount}{code}" if unit in {"second", "minute", "hour"} else f"P{amount}{code}"


def shift(dct: date, unit: str, amount: int) -> str | None:
    """The value of the ``unit`` that lies ``amount`` units from the DCT, at that granularity."""
    unit = unit.lower().rstrip("s")
    if unit in {"day", "night"}:
        return (dct + timedelta(days=amount)).isoformat()
    if unit in {"week", "fortnight", "weekend"}:
        value = iso_week(dct + timedelta(weeks=amount * (2 if unit == "fortnight" else 1)))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        y, m = _shift_month(dct.year, dct.month, amount)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        y, m = _shift_month(dct.year, (quarter_of(dct) - 1) * 3 + 1, 3 * amount)
        return f"{y:04d}-Q{quarter_of(date(y, m, 1))}"
    if unit == "year":
        return f"{dct.year + amount:04d}"
    if unit == "decade":
        return f"{(dct.year // 10 + amount):03d}"
    if unit.startswith("centur"):
        return f"{(dct.year // 100 + amount):02d}"
    return None  # hours, minutes: below a date's granularity


# Tenses that leave the direction open: the date nearest the DCT is meant.
NEAREST_TENSES = frozenset({"unknown", "nearest"})


def nearest_year(month: int, day: int, dct: date) -> int:
    """The year that puts month/day closest to the DCT (news dates sit near their report)."""
    best, best_distance = dct.year, float("inf")
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            distance = abs((date(year, month, day) - dct).days)
        except ValueError:
            continue
        if distance < best_distance:
            best, best_distance = year, distance
    return best


def year_of_weekday(month: int, day: int, weekday: int, dct: date) -> int | None:
    """The year next to the DCT in which month/day falls on the named weekday, if one does."""
    for year in sorted((dct.year - 1, dct.year, dct.year + 1), key=lambda y: abs(y - dct.year)):
        try:
            if date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def month_year(month: int, dct: date, tense: Tense, strict: bool = False) -> int:
    """Year of a bare month: the last such month on or before the DCT in the past tense, the
    next one in the future tense, the nearer one when the tense is unknown."""
    if tense in NEAREST_TENSES:
        here = dct.year * 12 + dct.month
        return min((dct.year - 1, dct.year, dct.year + 1), key=lambda y: (abs(y * 12 + month - here), y))
    if tense == "future":
        return dct.year if month > dct.month or (month == dct.month and not strict) else dct.year + 1
    return dct.year if month < dct.month or (month == dct.month and not strict) else dct.year - 1


def weekday_date(weekday: int, dct: date, tense: Tense, strict: bool = False) -> date:
    """The named weekday on or before the DCT (past), on or after it (future), or the closer
    of the two (nearest)."""
    if tense == "nearest":
        return dct + timedelta(days=(weekday - dct.weekday() + 3) % 7 - 3)
    if tense == "future":
        ahead = (weekday - dct.weekday()) % 7 or (7 if strict else 0)
        return dct + timedelta(days=ahead)
    back = (dct.weekday() - weekday) % 7 or (7 if strict else 0)
    return dct - timedelta(days=back)


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- normalisers: (match, dct, tense) -> (type, value) ------------------------------------
Normalised = tuple[str, str | None] | None


def _norm_iso(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    value = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return ("DATE", value) if value else None


def _norm_month_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month, day = _month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
    if m["year"]:
        year = int(m["year"])
    elif dct is None:
        return ("DATE", f"XXXX-{month:02d}-{day:02d}")
    elif (wd := m.groupdict().get("wd")) and (named := year_of_weekday(month, day, WEEKDAYS[wd.lower()], dct)):
        year = named  # "Saturday, April 25": the year in which April 25 is a Saturday
    elif tense in NEAREST_TENSES:
        year = nearest_year(month, day, dct)
    else:  # a past-tense report looks back, a future-tense one ahead
        year = month_year(month, dct, tense)
        if tense == "past" and (month, day) > (dct.month, dct.day) and month == dct.month:
            year -= 1
        if tense == "future" and (month, day) < (dct.month, dct.day) and month == dct.month:
            year += 1
    value = _safe_date(year, month, day)
    return ("DATE", value) if value else None


_norm_day_month = _norm_month_day  # "28 September 2015": the same groups, in the other order


def _norm_week_of(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "the week of March 6": the ISO week holding that day."""
    day = value_date((_norm_month_day(m, dct, tense) or ("", None))[1])
    if day is None:
        return "DATE", None
    return "DATE", iso_week(day) + ("-WE" if m["unit"] == "weekend" else "")


def _norm_month_year(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month = _month_number(m["month"])
    named = m["year"] or spoken_year(m["spoken"] or "")
    if named:
        return "DATE", f"{named}-{month:02d}"
    if dct is None or not m["rel"]:
        return "DATE", None
    year = dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return "DATE", f"{year}-{month:02d}"


def _norm_month(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month = _month_number(m["month"])
    if dct is None:
        return "DATE", f"XXXX-{month:02d}"
    rel = (m["rel"] or "").lower()
    if rel == "this":
        year = dct.year
    elif rel.startswith("last") or rel == "this past":
        year = month_year(month, dct, "past", strict=True)
    elif rel.startswith("next") or rel == "this coming":
        year = month_year(month, dct, "future", strict=True)
    else:
        year = month_year(month, dct, tense)
    return "DATE", f"{year}-{month:02d}"


def _norm_decade(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    dec = m["dec"]
    if dec.startswith("'"):
        century = str(dct.year)[:2] if dct and int(dec[1]) <= dct.year % 100 // 10 else "19"
        return "DATE", century + dec[1]
    return "DATE", dec[:3]


def _norm_century(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DATE", f"{int(m['n']) - 1:02d}"


def _quarter_year(m: re.Match[str], dct: date | None, q: int) -> int | None:
    explicit = m.groupdict().get("y1") or m.groupdict().get("y2")
    if explicit:
        return int(explicit)
    if dct is None:
        return None
    text = m.group(0).lower()
    if "year-earlier" in text or "year-ago" in text or "last year" in text:
        return dct.year - 1
    if "next year" in text:
        return dct.year + 1
    return dct.year if q <= quarter_of(dct) else dct.year - 1


def _norm_quarter(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    q = _ORDINAL[(m["q"] or m["qa"]).lower()]
    year = _quarter_year(m, dct, q)
    return "DATE", f"{year}-Q{q}" if year else f"XXXX-Q{q}"


def _norm_the_quarter(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    if dct is None:
        return "DATE", None
    year = re.search(r"\d{4}", m.group(0))
    if year:
        return "DATE", f"{year.group(0)}-Q{quarter_of(date(dct.year, dct.month, 1) - timedelta(days=92))}"
    # Results are reported after a quarter closes: "the quarter" is the last completed one.
    offset = -4 if re.search(r"year-(?:earlier|ago)", m.group(0), re.I) else 0
    return "DATE", shift(dct, "quarter", offset - 1)


def _norm_half(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "the second half of 1989", "the first two quarters of next year": TimeML's H1/H2."""
    half = "H1" if m["h"].lower() == "first" else "H2"
    if m["y"]:
        return "DATE", f"{m['y']}-{half}"
    if dct is None:
        return "DATE", None
    year = dct.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
    return "DATE", f"{year}-{half}"


def _norm_year_earlier(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DATE", f"{dct.year - 1}" if dct else None


def _norm_year(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DATE", m["y"]


def _day_anchor(word: str | None, dct: date | None, tense: Tense) -> date | None:
    """The date a day word ("yesterday", "Friday") names; the DCT when there is none."""
    if dct is None:
        return None
    if not word:
        return dct
    word = word.lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if word in offsets:
        return dct + timedelta(days=offsets[word])
    return weekday_date(WEEKDAYS[word], dct, tense)


def _norm_time_of_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
    if m["month"]:
        month, day_of_month = _month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
        day = date(nearest_year(month, day_of_month, dct), month, day_of_month) if dct else None
    else:
        day = _day_anchor(m["when"] or _day_in_parenthesis(m), dct, tense)
    clock = f"T{hour:02d}:{m['min'] or '00'}"  # TimeML writes a clock time as hh:mm
    return "TIME", (day.isoformat() + clock) if day else None


# "at 10 a.m. (0800 GMT) Friday", "at 4 in the morning (4 a.m. Thursday)": the day of a clock
# time given with its conversion to another time zone
_DAY_WORD = rf"(?:{_WEEKDAY}|today|tomorrow|yesterday)"
PARENTHESIS_DAY = re.compile(rf"\s*\((?P<inside>[^()]{{1,30}})\)(?:,?\s(?P<after>{_DAY_WORD})\b)?")
LAST_DAY_WORD = re.compile(rf"\b(?P<day>{_DAY_WORD})$")


def _day_in_parenthesis(m: re.Match[str]) -> str | None:
    found = PARENTHESIS_DAY.match(m.string, m.end())
    if found is None:
        return None
    inside = LAST_DAY_WORD.search(found["inside"])
    return inside["day"] if inside else found["after"]


def _norm_hour_of_part(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "4 in the morning", "9 o'clock in the evening": a clock time on the report's day."""
    part, hour = m["part"].lower(), int(m["h"]) % 12
    if part in {"afternoon", "evening"} or (part == "night" and hour >= 6):
        hour += 12
    day = _day_anchor(_day_in_parenthesis(m), dct, tense)
    return "TIME", f"{day.isoformat()}T{hour:02d}:00" if day else None


def _norm_noon(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    day = _day_anchor(m["when"], dct, tense)
    clock = "T24" if m["w"].lower() == "midnight" else "T12:00"
    return "TIME", (day.isoformat() + clock) if day else None


def _norm_deictic_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    day = _day_anchor(m["day"], dct, tense)
    word = m["day"].lower()
    mod = (m["mod"] or "").lower()
    part = PARTS_OF_DAY.get((m["part"] or "").lower()) or ("NI" if word == "tonight" else None)
    part = part or ("AF" if "afternoon" in mod else None)
    if part is None:
        return "DATE", day.isoformat() if day else None
    return "TIME", (day.isoformat() + "T" + part) if day else None


def _norm_this_part(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    if dct is None:
        return "TIME", None
    rel, part = m["rel"].lower(), m["part"].lower()
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and part != "night":
        offset = -1
    return "TIME", (dct + timedelta(days=offset)).isoformat() + "T" + PARTS_OF_DAY[part]


def _norm_overnight(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "Overnight" in a report is the night before it was published (TimeML's TNI)."""
    if dct is None:
        return "TIME", None
    night = dct - timedelta(days=1) if tense == "past" else dct
    return "TIME", night.isoformat() + "TNI"


def _norm_weekday(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    weekday = WEEKDAYS[m["wd"].lower()]
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    kind = "TIME" if part else "DATE"
    if dct is None:
        return kind, None
    rel = (m["rel"] or "").lower()
    if rel in {"last", "this past"}:
        day = weekday_date(weekday, dct, "past", strict=True)
    elif rel in {"next", "this coming"}:
        day = weekday_date(weekday, dct, "future", strict=True)
    else:
        day = weekday_date(weekday, dct, "future" if rel == "this" and tense == "future" else tense)
    return kind, day.isoformat() + ("T" + part if part else "")


def _norm_relative_unit(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    unit, rel = m["unit"].lower(), m["rel"].lower()
    if dct is None:
        return "DATE", None
    if unit in SEASONS:
        return "DATE", _season_value(unit, dct, rel)
    offset = {"this": 0, "current": 0, "last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1}[
        rel
    ]
    return "DATE", shift(dct, unit, offset)


def _season_value(season: str, dct: date, rel: str) -> str:
    code = SEASONS[season]
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    year = dct.year
    if rel in {"last", "past", "this past", "previous"}:
        year = dct.year if dct.month >= start_month + 3 else dct.year - 1
    elif rel in {"next", "coming"}:
        year = dct.year if dct.month < start_month else dct.year + 1
    return f"{year}-{code}"


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    r = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * r) // 451
    month, day = divmod(h + r - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 for the last) such weekday of a month."""
    if n < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


HOLIDAYS: dict[str, Callable[[int], date]] = {
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas": lambda y: date(y, 12, 25),
    "new year's eve": lambda y: date(y, 12, 31),
    "new year's": lambda y: date(y, 1, 1),
    "easter": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    # US federal elections: the Tuesday after the first Monday of November.
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
    "independence day": lambda y: date(y, 7, 4),
    "fourth of july": lambda y: date(y, 7, 4),
    "july fourth": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "veterans day": lambda y: date(y, 11, 11),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "boxing day": lambda y: date(y, 12, 26),
}


def occurrence(dates: list[date], dct: date, tense: Tense, strict: bool = False) -> date:
    """Which of a yearly day's occurrences (sorted) is meant: the last one on or before the DCT
    in the past tense, the next one in the future tense, the closer one when it is unknown."""
    if tense == "future":
        return next((d for d in dates if d > dct or (d == dct and not strict)), dates[-1])
    if tense in NEAREST_TENSES:
        return min(dates, key=lambda d: abs((d - dct).days))
    return next((d for d in reversed(dates) if d < dct or (d == dct and not strict)), dates[0])


def _norm_holiday(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "Thanksgiving", "last Christmas", "Easter week": the named holiday of the year the tense
    (or "last"/"next") points to."""
    name = (m["name"] + (m["day"] or "")).lower()
    dated = HOLIDAYS.get(name) or HOLIDAYS[m["name"].lower()]
    if dct is None:
        return "DATE", None
    rel = (m["rel"] or "").lower()
    if rel:
        tense = {"last": "past", "next": "future", "this": "nearest"}[rel]
    days = [dated(y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if m["week"]:  # a week has begun once its Monday has passed
        days = [d - timedelta(days=d.weekday()) for d in days]
    day = occurrence(days, dct, tense, strict=bool(rel))
    if m["week"]:
        week = iso_week(day)
        return "DATE", week + "-WE" if m["week"].endswith("end") else week
    return "DATE", day.isoformat()


def _norm_season(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    season = m["unit"].lower()
    if m["y"]:
        year = m["y"] if m["y"].isdigit() else spoken_year(m["y"])
        return "DATE", f"{year}-{SEASONS[season]}" if year else None
    return "DATE", _season_value(season, dct, "past" if tense == "past" else "this") if dct else None


def _norm_the_unit(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    if dct is None:
        return "DATE", None
    offset = 0 if tense == "future" or dct.weekday() >= 5 else -1
    return "DATE", shift(dct, "weekend", offset)


def _norm_ago(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    quantity = _number(m["q"])
    direction = -1 if m["dir"].lower() in {"ago", "earlier", "before"} else 1
    if dct is None:
        return "DATE", None
    unit = m["unit"].lower()
    if quantity is None or quantity != int(quantity):
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
    value = shift(dct, unit, direction * int(quantity))
    return ("DATE", value) if value else ("TIME", None)


def _norm_anaphoric(m: re.Match[str], ref: date | None, tense: Tense) -> Normalised:
    """ "the following year", "that day", "the previous Friday": counted from the reference
    time (see :func:`find_timexes`), not from the DCT."""
    unit = (m["unit"] or m["unit2"]).lower()
    word = (m["rel"] or m["that"] or m["side"]).lower()
    offset = {"following": 1, "next": 1, "after": 1, "previous": -1, "preceding": -1, "prior": -1, "before": -1}.get(
        word, 0
    )
    if ref is None:
        return "DATE", None
    if unit in WEEKDAYS:
        direction = "future" if offset > 0 else "past"
        return "DATE", weekday_date(WEEKDAYS[unit], ref, direction, strict=offset != 0).isoformat()
    return "DATE", shift(ref, unit, offset)


def _norm_coordinated_day(m: re.Match[str], ref: date | None, tense: Tense) -> Normalised:
    """ "25" in "April 24 and 25": the month and year of the date just named."""
    value = _safe_date(ref.year, ref.month, int(re.sub(r"\D", "", m["day"]))) if ref else None
    return ("DATE", value) if value else None


def _norm_duration(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DURATION", duration_value(_number(m["q"]), m["unit"])


def _norm_one_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DATE", "FUTURE_REF"


def _norm_unit_long(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "a day-long meeting", "a decades-long feud": a length used as an adjective."""
    quantity = _number(m["q"]) if m["q"] else (None if m["plural"] else 1)
    return "DURATION", duration_value(quantity, m["unit"])


def _norm_past_units(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "the past week" is one week long; "the first hours" an unsaid number of them."""
    plural = m.group(0).lower().endswith("s")  # no unit's singular ends in "s"
    return "DURATION", duration_value(None if plural else 1, m["unit"])


def _norm_recent_units(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DURATION", duration_value(None, m["unit"])


def _norm_set_every(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    unit = m["unit"].lower()
    if unit in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}"
    if unit.rstrip(".") in MONTHS:
        return "SET", f"XXXX-{_month_number(unit):02d}"  # "each July"
    return "SET", duration_value(1, unit)


def _norm_weekday_set(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "Tuesdays", "Sunday mornings": every such day (or part of it)."""
    part = PARTS_OF_DAY.get((m["part"] or "").lower())
    return "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}" + (f"T{part}" if part else "")


def _norm_set_per(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "SET", duration_value(1, m["unit"])


def _norm_the_part(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "TIME", (dct.isoformat() + "T" + PARTS_OF_DAY[m["part"].lower()]) if dct else None


_norm_mid_part = _norm_the_part  # "by mid-afternoon": that part of the report's day


def _norm_set_word(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "SET", SET_WORDS[m["w"].lower()]


def _norm_ref_word(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    word = m["w"].lower().removeprefix("more ").replace("-", " ")
    if word in PRESENT_WORDS:
        return "DATE", "PRESENT_REF"
    return "DATE", "PAST_REF" if word in PAST_WORDS else "FUTURE_REF"


_norm_fiscal_year = _norm_year  # "fiscal 1989": the year it names


def _spoken_number(words: str) -> int | None:
    total = 0
    for part in re.split(r"[- ]+(?:and[- ]+)?", words.lower()):
        if part not in SMALL_NUMBERS:
            return None
        total += SMALL_NUMBERS[part]
    return total


def spoken_year(words: str) -> int | None:
    """1994 for "nineteen ninety-four", 2002 for "two thousand and two"; None if not a year."""
    words = words.lower()
    if words.startswith("two thousand"):
        rest = words.removeprefix("two thousand").strip(" -").removeprefix("and").strip(" -")
        tail = _spoken_number(rest) if rest else 0
        return 2000 + tail if tail is not None else None
    if not words.startswith("nineteen"):
        return None
    tail = _spoken_number(words.removeprefix("nineteen").strip(" -"))
    return 1900 + tail if tail is not None and tail < 100 else None


def _norm_spoken_year(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    year = spoken_year(m["w"])
    return ("DATE", str(year)) if year else None


def _norm_decade_word(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    tens = SMALL_NUMBERS[m["w"].lower().replace("ies", "y")] // 10
    return "DATE", f"19{tens}"


def _norm_plural_units(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DURATION", duration_value(None, m["unit"])


def _norm_edge_of_unit(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    unit = (m["unit"] or m["unit2"] or "year").lower()
    return "DATE", shift(dct, unit, 0) if dct else None


def _norm_the_unit_now(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    if re.match(r" end(?:ed|ing)\b", m.string[m.end() : m.end() + 8]):
        return "DURATION", duration_value(1, m["unit"])  # "the year ended March 31": twelve months
    # "the latest fiscal year" is the last one whose results are in, as for "the latest quarter"
    offset = -1 if "latest" in m.group(0).lower() else 0
    return "DATE", shift(dct, m["unit"], offset) if dct else None


NORMALISERS: dict[str, Callable[[re.Match[str], date | None, Tense], Normalised]] = {
    name.removeprefix("_norm_"): fn for name, fn in globals().items() if name.startswith("_norm_")
}
# Rules whose value depends on the tense of the governing verb; only their sentences are parsed.
TENSE_SENSITIVE = frozenset(
    {
        "weekday",
        "month",
        "month_day",
        "day_month",
        "season",
        "the_unit",
        "overnight",
        "time_of_day",
        "hour_of_part",
        "noon",
        "holiday",
        "week_of",
    }
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


# Words a rule cannot match without (each rule's pattern opens with a lookbehind, which denies the
# regex engine its fast scan for a first character): a rule whose word is absent from a text is
# skipped, which saves most of the matching time on a typical article.
_MONTH_WORD = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_WEEKDAY_WORD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
RULE_NEEDS: dict[str, re.Pattern[str]] = {
    name: re.compile(needed, flags)
    for name, needed, flags in (
        ("iso", r"\d{4}-\d\d-\d\d", 0),
        ("month_day", _MONTH_WORD, 0),
        ("day_month", _MONTH_WORD, 0),
        ("week_of", _MONTH_WORD, 0),
        ("month_year", _MONTH_WORD, 0),
        ("month", _MONTH_WORD, 0),
        ("decade", r"0'?s", re.I),
        ("century", r"century", re.I),
        ("quarter", r"quarter", re.I),
        ("the_quarter", r"quarter|period", re.I),
        ("half", r"half|two quarters", re.I),
        ("unit_long", r"-long", re.I),
        ("one_day", r"one day", re.I),
        ("year_earlier", r"year-", re.I),
        ("fiscal_year", r"fiscal|calendar", re.I),
        ("year", r"\d{4}", 0),
        ("time_of_day", r"\d ?[ap]\.?m", re.I),
        ("hour_of_part", r" in the ", re.I),
        ("noon", r"noon|midday|midnight", re.I),
        ("this_part", r"morning|afternoon|evening|night", re.I),
        ("overnight", r"overnight", re.I),
        ("weekday", _WEEKDAY_WORD, 0),
        ("weekday_set", _WEEKDAY_WORD, 0),
        ("holiday", r"Thanksgiving|Christmas|New Year|Easter|Good Friday|Election|Independence|Fourth|Labor"
         r"|Memorial|Veterans|Halloween|Valentine|Boxing", 0),
        ("season", r"spring|summer|fall|autumn|winter", re.I),
        ("ago", r"\b(?:ago|earlier|from now|hence)\b", re.I),
        ("spoken_year", r"nineteen|two thousand", re.I),
        ("decade_word", r"ties\b", re.I),
        ("recent_units", r"recent|coming|the past few|the last few", re.I),
        ("set_per", r"\ba (?:year|month|week|day)\b", re.I),
        ("mid_part", r"mid", re.I),
        ("edge_of_unit", r"end|beginning|start|middle", re.I),
        ("coordinated_day", r" and \d", re.I),
        ("set_every", r"\b(?:each|every|per)\b", re.I),
        ("set_word", r"daily|weekly|monthly|annually|yearly|hourly|nightly", re.I),
    )
}  # fmt: skip


def _candidates(text: str) -> list[_Candidate]:
    rules = [r for r in RULES if r.name not in RULE_NEEDS or RULE_NEEDS[r.name].search(text)]
    found = [_Candidate(_start(m), m.end(), rule, m) for rule in rules for m in rule.pattern.finditer(text)]
    return [c for c in found if _plausible(text, c)]


HYPHENATED_LENGTH = re.compile(rf"the (?={_QUANT}-{_UNIT}\b)", re.I)


def _start(m: re.Match[str]) -> int:
    """Where the expression starts: "the two-week crisis" marks only "two-week" (TimeML leaves
    the article out of a length used as an adjective)."""
    return m.start() + 4 if HYPHENATED_LENGTH.match(m.group(0)) else m.start()


def _plausible(text: str, c: _Candidate) -> bool:
    """Cheap vetoes for the patterns that also match non-time words."""
    if _in_a_title(text, c):
        return False
    if c.rule.name == "month" and c.match["month"] not in MONTH_NAMES and not c.match["month"].endswith("."):
        return False  # "Jan Kavan": an abbreviation without its dot and without a day is a name
    if c.rule.name == "spoken_year" and re.match(r" years?\b", text[c.end : c.end + 7]):
        return False  # "two thousand years" is a quantity
    if c.rule.name == "coordinated_day":
        return bool(re.search(rf"{_MONTH} {_DAY} and $", text[max(0, c.start - 20) : c.start]))
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


# Words written in lower case in running text: capitalised mid-sentence, they belong to a title
# ("High Noon", "60 Minutes", ABC's "This Week", "VOA Today").
TITLE_WORD = re.compile(
    r"\b(?:Today|Tonight|Tomorrow|Yesterday|Now|Noon|Midnight|Weekend|Week|Month|Year|Decade|Century"
    r"|Days?|Hours?|Minutes?|Seconds?|Weeks|Months|Years|Morning|Afternoon|Evening|Night)\b"
)
MONTH_NAMES = frozenset(name.capitalize() for name in list(MONTHS)[:12])  # the full names come first


def _in_a_title(text: str, c: _Candidate) -> bool:
    """A time word capitalised where running text would not capitalise it."""
    if c.rule.name == "holiday":
        return False  # "Election Day" is capitalised in any sentence
    for word in TITLE_WORD.finditer(text, c.start, c.end):
        before = text[max(0, word.start() - 3) : word.start()].rstrip(" '\"`(")
        if word.start() > c.start or (before and (before[-1].isalnum() or before[-1] == ",")):
            return True
    return False


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Leftmost-longest, non-overlapping: the longest reading of a phrase wins."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.rule.priority, c.start))
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in ordered:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def _tense_matters(cand: _Candidate, dct: date) -> bool:
    """Would the tense change this expression's value? Only then is its sentence parsed
    ("Thursday" in a report dated on a Thursday is that day whatever the verb)."""
    if cand.rule.name not in TENSE_SENSITIVE:
        return False
    groups = cand.match.groupdict()
    if groups.get("rel") or groups.get("y") or groups.get("year"):
        return False
    normalise = NORMALISERS[cand.rule.name]
    return len({normalise(cand.match, dct, tense) for tense in ("past", "future", "unknown")}) > 1


def find_timexes(text: str, dct: date | None, tense_oracle: TenseOracle | None = None) -> list[Timex]:
    """Every time expression of ``text``, normalised against ``dct``.

    ``tense_oracle(text, start, end)`` says whether the verb governing ``text[start:end]``
    points to the past or the future; without one, the past (news' default) is assumed.
    """
    result = []
    chosen = _select(_candidates(text))
    ask = {c.start for c in chosen if tense_oracle is not None and dct is not None and _tense_matters(c, dct)}
    if isinstance(tense_oracle, ParsedTense):
        tense_oracle.prefetch(text, sorted(ask))
    last_quarter: tuple[int, str] | None = None  # where the last quarter was named, and which
    reference = dct  # the time the narrative last spoke of
    reference_rank = 0  # and how precisely: 0 a day, 1 a week, 2 a month, 3 a quarter or half, 4 a year
    for cand in chosen:
        tense = tense_oracle(text, cand.start, cand.end) if tense_oracle and cand.start in ask else "past"
        tense = _cue_tense(text, cand, tense)
        # Anaphoric expressions count from the time the text last named, as in HeidelTime's
        # narrative mode; everything else stays anchored on the DCT, the news convention.
        anchor = reference if cand.rule.name in ANAPHORIC_RULES else dct
        if cand.rule.name == "anaphoric" and _unit_rank(cand) < reference_rank:
            anchor = None  # "that day" after "in 1987": no day to point to
        if cand.rule.name in DAY_PART_RULES and reference_rank == 0:
            anchor = reference  # "prices fell Friday ... in the morning": that day's morning
        normalised = NORMALISERS[cand.rule.name](cand.match, anchor, tense)
        if normalised is None:
            continue
        kind, value = normalised
        if kind == "DATE" and (named := value_date(value)):
            reference, reference_rank = named, value_rank(value)
        if value and QUARTER_VALUE.match(value):
            # a quarter a year or more before the report is itself the comparison: "a year ago"
            # after it cannot go back another year from it
            last_quarter = (cand.end, value) if _reported_quarter(value, dct) else None
        elif last_quarter and _is_year_back(cand) and cand.start - last_quarter[0] < QUARTER_CONTEXT_CHARS:
            value = f"{int(last_quarter[1][:4]) - 1}{last_quarter[1][4:]}"
        result.append(Timex(cand.start, cand.end, text[cand.start : cand.end], kind, value))
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


def _cue_tense(text: str, cand: _Candidate, tense: Tense) -> Tense:
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
    return "nearest"


QUARTER_VALUE = re.compile(r"^\d{4}-Q\d$")
QUARTER_CONTEXT_CHARS = 600  # about a paragraph: how far a quarter just named stays the topic
_CALENDAR_VALUE = re.compile(r"^(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|Q(\d)|W(\d\d)|H(\d)))?(?:$|T)")


def value_rank(value: str) -> int:
    """How coarse a calendar value is: 0 a day, 1 a week, 2 a month, 3 a quarter or half, 4 a year."""
    match = _CALENDAR_VALUE.match(value)
    if match is None:
        return 4
    _, month, day, quarter, week, half = match.groups()
    return 0 if day else 1 if week else 2 if month else 3 if quarter or half else 4


def _unit_rank(cand: _Candidate) -> int:
    """The precision an anaphoric expression needs from its reference ("that day": a day)."""
    unit = (cand.match["unit"] or cand.match["unit2"]).lower()
    return {"week": 1, "weekend": 1, "month": 2, "year": 4}.get(unit, 0)


def value_date(value: str | None) -> date | None:
    """The first day a calendar value covers ("1995" -> 1995-01-01, "1989-Q3" -> 1989-07-01)."""
    match = _CALENDAR_VALUE.match(value or "")
    if match is None:
        return None
    year, month, day, quarter, week, half = match.groups()
    try:
        if week:
            return date.fromisocalendar(int(year), int(week), 1)
        if quarter or half:
            return date(int(year), 3 * int(quarter) - 2 if quarter else 6 * int(half) - 5, 1)
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def _reported_quarter(value: str, dct: date | None) -> bool:
    """Could this quarter be the one a report is about (it began less than a year before it)?"""
    first_day = value_date(value)
    return dct is None or first_day is None or (dct - first_day).days < 365


def _is_year_back(cand: _Candidate) -> bool:
    """ "a year ago", "a year earlier", "year-ago": in a quarterly report these mean the same
    quarter a year before (TimeML values them at the granularity being compared)."""
    if cand.rule.name == "year_earlier":
        return True
    groups = cand.match.groupdict()
    return cand.rule.name == "ago" and groups["unit"].lower() == "year" and _number(groups["q"]) == 1


# --- tense from a dependency parse ----------------------------------------------------------
FUTURE_AUX = frozenset({"will", "'ll", "wo", "shall", "would"})
SCHEDULED_VERBS = frozenset(
    {
        "begin",
        "start",
        "meet",
        "open",
        "close",
        "resume",
        "arrive",
        "leave",
        "visit",
        "hold",
        "end",
        "vote",
        "travel",
        "return",
        "convene",
        "expire",
    }
)
FUTURE_VERBS = frozenset({"plan", "schedule", "expect", "due", "set", "intend", "hope", "aim", "prepare"})


class ParsedTense:
    """A :data:`TenseOracle` that parses only the sentences it is asked about, once each.

    Given ``paragraphs`` (the text already parsed by another stage of the run), it reads
    tenses off those instead of parsing again.
    """

    def __init__(
        self, sentence_bounds: Iterable[tuple[int, int]], paragraphs: list[ParsedParagraph] | None = None
    ) -> None:
        self.bounds = sorted(sentence_bounds)
        self.cache: dict[tuple[int, int], object] = {}
        self.paragraphs = paragraphs or []

    def _paragraph_of(self, start: int) -> ParsedParagraph | None:
        return next((p for p in self.paragraphs if p.holds(start)), None)

    def _sentence_of(self, start: int) -> tuple[int, int] | None:
        for s, e in self.bounds:
            if s <= start < e:
                return s, e
        return None

    def prefetch(self, text: str, starts: list[int]) -> None:
        """Parse, in one batch, the sentences holding these offsets (batches run much faster)."""
        unparsed = (start for start in starts if self._paragraph_of(start) is None)
        wanted = {b for b in map(self._sentence_of, unparsed) if b is not None and b not in self.cache}
        if not wanted:
            return
        from .nlp import spacy_pipeline

        ordered = sorted(wanted)
        docs = spacy_pipeline(("ner",)).pipe(text[s:e] for s, e in ordered)
        self.cache.update(zip(ordered, docs, strict=True))

    def __call__(self, text: str, start: int, end: int) -> Tense:
        paragraph = self._paragraph_of(start)
        if paragraph is not None:
            return tense_of_span(paragraph.doc, start - paragraph.offset, end - paragraph.offset)
        bounds = self._sentence_of(start)
        if bounds is None:
            return "past"
        if bounds not in self.cache:
            from .nlp import spacy_pipeline

            self.cache[bounds] = spacy_pipeline(("ner",))(text[bounds[0] : bounds[1]])
        doc = self.cache[bounds]
        return tense_of_span(doc, start - bounds[0], end - bounds[0])


def tense_of_span(doc: object, start: int, end: int) -> Tense:
    """Future when the verb governing the span is marked for it ("will meet", "plans to meet",
    "is meeting", "meets"); past when it is in a past tense; unknown otherwise."""
    span = doc.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None or not len(span):
        return "unknown"
    if _modifies_a_noun(span):
        return "unknown"  # "the Jan. 14 deadline", "a June agreement": the clause's tense is not the date's
    verb = span.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return "unknown"
    # "will begin examining ... on Thursday": a bare participle or infinitive takes its tense
    # from the verb it complements.
    while verb.dep_ in {"xcomp", "conj"} and not _aux_words(verb) and verb.head.i != verb.i:
        verb = verb.head
    if _verb_is_future(verb):
        return "future"
    # "the year ended March 31", "the record set on Aug. 6": a participle modifying a noun
    # reports what has happened.
    reduced_relative = verb.tag_ == "VBN" and verb.dep_ == "acl"  # type: ignore[attr-defined]
    past_aux = bool(_aux_words(verb) & {"had", "has", "have", "was", "were", "did", "'d"})
    past = verb.tag_ == "VBD" or reduced_relative or past_aux  # type: ignore[attr-defined]
    return "past" if past else "unknown"


def _modifies_a_noun(span: object) -> bool:
    """ "the Jan. 14 deadline": the date belongs to the noun, whatever the clause's tense."""
    root = span.root  # type: ignore[attr-defined]
    return root.dep_ in {"compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"} and root.head not in span


def _aux_words(verb: object) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}  # type: ignore[attr-defined]


def _verb_is_future(verb: object) -> bool:
    words = _aux_words(verb)
    if words & FUTURE_AUX:
        return not words >= {"would", "have"}  # "would have met on Monday" is a past that was not
    if verb.tag_ == "VB" and "to" in words:  # type: ignore[attr-defined]
        head = verb.head  # type: ignore[attr-defined]
        if head.i == verb.i:  # type: ignore[attr-defined]
            return False
        if head.lemma_ == "be" and head.tag_ in {"VBZ", "VBP"}:
            return True  # "is to resume Tuesday": an arrangement
        planner = head.head if head.pos_ == "ADJ" else head  # "had been due to expire"
        if "had" in _aux_words(planner):
            return False  # a past perfect plan was due before the telling
        return head.lemma_ in FUTURE_VERBS or _verb_is_future(head)
    if verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:  # type: ignore[attr-defined]
        return True
    if verb.tag_ == "VBN" and verb.lemma_ in FUTURE_VERBS:  # type: ignore[attr-defined]
        # "is scheduled for Monday", "a summit set for April"; but "the record set on Aug. 6"
        # is a record established then: "set" plans only with an auxiliary or "for"
        return verb.lemma_ != "set" or bool(words) or any(c.lower_ == "for" for c in verb.children)  # type: ignore[attr-defined]
    # Present tense reads as the future only for scheduled events ("talks begin Monday");
    # "the fort captured Wednesday remains unclear" is about the past.
    return verb.tag_ in {"VBZ", "VBP"} and verb.lemma_ in SCHEDULED_VERBS  # type: ignore[attr-defined]


# --- the pipeline stage ---------------------------------------------------------------------
DATELINE_WINDOW = 300  # a dateline sits in the first lines of a report
_FULL_DATE = re.compile(
    rf"(?:{_WEEKDAY},? )?(?:(?P<d1>{_DAY}) (?P<m1>{_MONTH}),? (?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH}) (?P<d2>{_DAY}),? (?P<y2>{_YEAR}))"
)


def dateline_date(text: str) -> date | None:
    """A complete date (day, month and year) opening the report, as in "KABUL, Sept. 30, 2015 —"."""
    match = _FULL_DATE.search(text[:DATELINE_WINDOW])
    if match is None:
        return None
    first = "1" if match["d1"] else "2"
    day, month, year = match["d" + first], match["m" + first], match["y" + first]
    try:
        return date(int(year), _month_number(month), int(re.sub(r"\D", "", day)))
    except ValueError:
        return None


def tag_article(article: Article, parse: bool = True) -> Article:
    """Fill ``article.time_mentions``; date the article from a dateline when nothing else did."""
    from .model import Span, TimeMention

    if article.published is None:
        found = dateline_date(article.text)
        if found is not None:
            article.published, article.published_source = found, "dateline"
    elif article.published_source is None:
        article.published_source = "given"
    oracle = ParsedTense(((s.start, s.end) for s in article.sentences), parsed_text(article.text)) if parse else None
    article.time_mentions = [
        TimeMention(t.text, t.type, t.value, Span(article.id, t.start, t.end))
        for t in find_timexes(article.text, article.published, oracle)
    ]
    return article
