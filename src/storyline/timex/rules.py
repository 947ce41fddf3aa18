"""The patterns: each rule is a regular expression with a name (the name of its normaliser in
:mod:`.normalise`) and a priority that breaks ties between overlapping matches of equal length.

Also here: the words each rule cannot match without (:data:`RULE_NEEDS`, a cheap prefilter), and
which rules' values depend on the tense of the governing verb (:data:`TENSE_SENSITIVE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


# --- building blocks --------------------------------------------------------------------
def _words(*words: str, suffix: str = "") -> str:
    """A non-capturing alternation of literal phrases, each followed by ``suffix``."""
    return "(?:(?:" + "|".join(words) + ")" + suffix + ")"


def _after(*words: str) -> str:
    """Succeeds only right after one of ``words`` and a space (fixed-width lookbehinds)."""
    return "(?:" + "|".join(rf"(?<=\b[{w[0]}{w[0].upper()}]{w[1:]} )" for w in words) + ")"


MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|(?:a )?dozen"
    r"|(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten) )?(?:hundred|thousand))"
)
# a year read out, as in broadcast transcripts: "nineteen ninety-four", "two thousand and two"
_SPOKEN_YEAR = rf"(?:nineteen[- ]{_WORD_NUM}|two thousand(?:(?: and)?[- ]{_WORD_NUM})?)"
_NUM = rf"(?:\d+(?:\.\d+)?(?: \d/\d)?|{_WORD_NUM}(?: and a half)?)"
QUANT = rf"(?:{_NUM}|an?|a few|few|several|some|many|a couple(?: of)?|couple of|half an?|an additional|a further)"
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
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
_MAY_CUE = (
    "(?:"
    + _after(
        "in",
        "by",
        "since",
        "until",
        "till",
        "of",
        "from",
        "early",
        "late",
        "mid",
        "through",
        "before",
        "after",
        "during",
    )
    + "|(?<=[Mm]id-))"  # "mid-March"
)
_DURATION_CUE_BEHIND = _after("for", "within", "over", "in", "after", "than")
# "$5 million a year", "40 flights a week": a rate, a TIMEX3 SET.
_AFTER_AMOUNT = "(?:(?<=\\d )|" + _after("million", "billion", "thousand", "hundred", "percent", "cents", "dollars")[3:]
# A clock time written 24-hour style is one only with a zone after it or a word before it that
# wants a time: "15:30 GMT", "at 15:30"; without them "15:30" may be a score or a verse.
_ZONE = r"(?:GMT|UTC|BST|CET|[ECMP][SD]T|local time)"
_CLOCK_CUE = _after("at", "by", "until", "from", "before", "after", "around", "about", "since")
_B = r"(?<![\w$.-])"  # left word boundary that also rejects "$1990" and "1.1990"
_E = r"(?![\w%-]|\.\d)"  # right boundary that rejects "1990%" and "1990-91"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    priority: int = 0


def _rule(name: str, pattern: str, priority: int = 0, case: bool = False) -> Rule:
    flags = 0 if case else re.IGNORECASE
    return Rule(name, re.compile(_B + pattern + _E, flags), priority)


RULES: tuple[Rule, ...] = (
    _rule("iso", r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", 3),
    _rule(
        "month_day",
        rf"(?:(?P<wd>{WEEKDAY}),? )?(?:{_POSITION})?(?P<month>{MONTH}) (?P<day>{DAY})(?:,? (?P<year>{YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "day_month",
        rf"(?:(?P<wd>{WEEKDAY}),? )?(?:the )?(?P<day>{DAY}) (?:of )?(?P<month>{MONTH})(?:,? (?P<year>{YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "week_of",
        rf"[Tt]he (?P<unit>week|weekend) of (?P<month>{MONTH}) (?P<day>{DAY})(?:,? (?P<year>{YEAR}))?",
        3,
        case=True,
    ),
    _rule(
        "month_year",
        rf"(?:(?P<pos>{_POSITION}))?(?P<month>{MONTH}),? (?:of )?"
        rf"(?:(?P<year>{YEAR})|(?P<spoken>{_SPOKEN_YEAR})|(?P<rel>this|last|next) year)",
        2,
        case=True,
    ),
    _rule(
        "month",
        rf"(?:(?P<pos>{_POSITION})|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his past|[Tt]his coming) )?"
        rf"(?P<month>(?!May\b|March\b){MONTH}|{_MAY_CUE}(?:May|March)|(?<=[Ll]ast |[Nn]ext |[Tt]his )(?:May|March))"
        r"(?! \d)",  # "last Oct. 23" is a day, not a month
        1,
        case=True,
    ),
    _rule("decade", r"(?:the )?(?:(?P<pos>early|mid|late)[ -])?(?P<dec>1[6-9]\d0|20[0-2]0|'\d0)'?s", 2),
    _rule("century", r"(?:the )?(?P<n>\d\d?)(?:st|nd|rd|th)[ -]century", 2),
    _rule(
        "quarter",
        rf"(?:(?:the )?(?:(?P<y1>{YEAR}) )?{_QUARTER_ADJ}(?:fiscal-)?(?P<q>{_ORDINAL_Q}) (?:fiscal )?quarter"
        rf"|{_QUARTER_ADJ}(?P<qa>{_ORDINAL_Q})-quarter)"
        rf"(?: of (?:fiscal )?(?P<y2>{YEAR}))?",
        2,
    ),
    _rule(
        "the_quarter",
        rf"(?:the |that |this )(?:(?:latest|current|most recent|comparable) quarter|quarter"
        rf"|(?:{YEAR} )(?:quarter|period)"
        r"|(?:latest|current|comparable|year-earlier|year-ago) period)",
        1,
    ),
    _rule(
        "half",
        r"(?:the )?(?P<h>first|second|last|latter) (?:half|two quarters) of (?:(?:the |fiscal )?(?P<y>"
        + YEAR
        + r")|(?P<rel>the|this|last|next) (?:fiscal )?year)",
        3,
    ),
    _rule("year_earlier", r"year-(?:earlier|ago)", 1),
    _rule("fiscal_year", rf"(?:fiscal|calendar) (?:year )?(?P<y>{YEAR})", 2),
    # "post-1959 politics": the year the period is counted from
    _rule("year", rf"(?:(?P<pos>{_POSITION})|(?:pre|post)-)?(?:the year )?(?P<y>{YEAR})", 0),
    _rule(
        "time_of_day",
        r"(?:(?:about|around|at about|shortly after|shortly before) )?(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))? ?"
        r"(?P<ap>[ap])\.?m\.?(?: (?:[ECMP][SD]T|GMT))?"
        rf"(?:,? (?P<when>today|yesterday|tomorrow|tonight|{WEEKDAY})|,? (?P<month>{MONTH}) (?P<day>{DAY}))?",
        2,
    ),
    _rule(
        "clock_24",
        rf"(?:{_CLOCK_CUE}(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?: {_ZONE})?"
        rf"|(?<!\()(?P<h2>[01]\d|2[0-3]):?(?P<min2>[0-5]\d) {_ZONE})"  # "(0735 GMT)": a conversion
        rf"(?:,? (?P<when>today|yesterday|tomorrow|tonight|{WEEKDAY}))?",
        2,
        case=True,
    ),
    # "10/03/2015", "2015/10/03": a date in figures (which of day and month comes first is
    # left to the normaliser)
    _rule("numeric_date", r"(?:(?P<a>\d\d?)/(?P<b>\d\d?)/(?P<y>\d{4})|(?P<y2>\d{4})/(?P<m2>\d\d?)/(?P<d2>\d\d?))", 3),
    _rule("hour_of_part", r"(?P<h>1[0-2]|0?[1-9])(?: o'clock)? in the (?P<part>morning|afternoon|evening|night)", 2),
    _rule("noon", rf"(?P<w>noon|midday|midnight)(?: (?P<when>today|yesterday|tomorrow|{WEEKDAY}))?", 1),
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
        rf"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Tt]his past|[Tt]his coming|[Ee]arly|[Ll]ate) )?(?P<wd>{WEEKDAY})"
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
        rf"{_APPROX}?(?P<q>{QUANT})[ -](?P<unit>{UNIT})s?(?: or (?:so|two|more))?"
        r" (?P<dir>ago|earlier|from now|hence)",
        3,
    ),
    _rule(
        "duration",
        rf"{_APPROX}?{_PERIOD_DET}?(?P<q>{QUANT})[ -]"
        r"(?:(?:more|full|straight|consecutive|trading|business|calendar) )?"
        rf"(?P<unit>{UNIT})s?(?P<half> and a half)?(?: or (?:so|two|more))?",
        1,
    ),
    # "twice a week", "three times a day": how often, a SET of that period
    _rule("frequency", rf"(?:once|twice|thrice|{_NUM} times) (?:a|an|per|each|every) (?P<unit>{UNIT})", 2),
    # "the day after tomorrow", "the day before yesterday": two days from the report
    _rule("day_beyond", r"the day (?P<side>after tomorrow|before yesterday)", 3),
    # "will one day be": an unspecified time to come, not a length of one day
    _rule("one_day", r"one day", 2),
    _rule("unit_long", rf"(?:(?P<q>{_NUM})-)?(?P<unit>{UNIT})(?P<plural>s)?-long", 2),
    _rule("past_units", rf"{_PERIOD_ADJ}(?P<unit>{UNIT}|weekend)s?", 0),
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
        rf"(?P<unit>day|week|weekend|month|year|{WEEKDAY})"
        r"|the (?P<unit2>day|week|month|year) (?P<side>before|after)(?! \w)",
        2,
    ),
    # "April 24 and 25": the second day takes its month and year from the first
    _rule("coordinated_day", rf"(?<= and )(?P<day>{DAY})", 0),
    _rule("set_every", rf"(?:each|every|per) (?P<unit>{UNIT}|{WEEKDAY}|{MONTH})", 1),
    # "every six weeks", "every other day": a SET whose period is several units
    _rule("set_every_n", rf"every (?P<q>other|{_NUM}) (?P<unit>{UNIT})s?", 2),
    _rule(
        "weekday_set",
        rf"(?P<wd>{WEEKDAY})(?:s|(?: (?P<part>morning|afternoon|evening|night)s))",
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


# Words a rule cannot match without (each rule's pattern opens with a lookbehind, which denies the
# regex engine its fast scan for a first character): a rule whose word is absent from a text is
# skipped, which saves most of the matching time on a typical article.
_MONTH_WORD = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_WEEKDAY_WORD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
RULE_NEEDS: dict[str, re.Pattern[str]] = {
    name: re.compile(needed, flags)
    for name, needed, flags in (
        ("iso", r"\d{4}-\d\d-\d\d", 0),
        ("numeric_date", r"\d/\d", 0),
        ("clock_24", r"\d\d(?::\d\d| ?[A-Z])|:\d\d", 0),
        ("frequency", r"once|twice|thrice|times", re.I),
        ("day_beyond", r"the day (?:after|before)", re.I),
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
        ("set_every_n", r"\bevery\b", re.I),
        ("set_word", r"daily|weekly|monthly|annually|yearly|hourly|nightly", re.I),
    )
}  # fmt: skip


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
        "clock_24",
        "hour_of_part",
        "noon",
        "holiday",
        "week_of",
    }
)
