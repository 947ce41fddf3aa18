"""What the words of a time expression stand for: month, weekday, season and unit names,
number words, and the readers that turn them into numbers and TIMEX3 lengths ("three and a
half" -> 3.5, "nineteen ninety-four" -> 1994, 3 "hours" -> ``PT3H``).

The tables are shared by the normalisers, the plausibility checks and the dateline reader; the
regular expressions that find the words are in :mod:`.rules`.
"""

from __future__ import annotations

import re

from ..numbers import WORD_NUMBERS

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
    "a couple of": 2, "a couple": 2, "couple of": 2, "half a": 0.5, "half an": 0.5, "an additional": 1, "a further": 1,
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
_VAGUE_QUANT = {"a few", "few", "several", "some", "many"}  # quantities that name no number
ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def number(text: str) -> float | None:
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
