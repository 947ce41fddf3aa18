"""Calendar arithmetic behind the normalisers: weeks, quarters, shifting by a unit, which year
a month or day falls in given the tense, Easter and the other holidays, and reading a TIMEX3
calendar value back as a date.

Pure functions of dates and TIMEX3 values: no patterns, no words, so each can be checked on its
own (the tense they take is a plain string, :data:`Tense`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

# "past" | "future" | "unknown" (no tensed verb governs the expression) | "nearest" (a deadline
# or schedule word says the day nearest the DCT is meant, whatever the verb)
Tense = str


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


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


def safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


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


_CALENDAR_VALUE = re.compile(r"^(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|Q(\d)|W(\d\d)|H(\d)))?(?:$|T)")


def value_rank(value: str) -> int:
    """How coarse a calendar value is: 0 a day, 1 a week, 2 a month, 3 a quarter or half, 4 a year."""
    match = _CALENDAR_VALUE.match(value)
    if match is None:
        return 4
    _, month, day, quarter, week, half = match.groups()
    return 0 if day else 1 if week else 2 if month else 3 if quarter or half else 4


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
