"""The normalisers: one per rule of :mod:`.rules`, each turning a match into a TIMEX3 ``type``
and ``value`` given the reference date (the DCT, or for anaphoric rules the time the text last
named) and the tense of the governing verb.

Kept apart from the patterns: a rule's regex says where an expression is, its normaliser what
it means.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from .calendar import (
    HOLIDAYS,
    NEAREST_TENSES,
    Tense,
    iso_week,
    month_year,
    nearest_year,
    occurrence,
    quarter_of,
    safe_date,
    shift,
    value_date,
    weekday_date,
    year_of_weekday,
)
from .rules import WEEKDAY
from .words import (
    MONTHS,
    ORDINAL,
    PARTS_OF_DAY,
    PAST_WORDS,
    PRESENT_WORDS,
    SEASONS,
    SET_WORDS,
    SMALL_NUMBERS,
    WEEKDAYS,
    duration_value,
    month_number,
    number,
    spoken_year,
)

# --- normalisers: (match, dct, tense) -> (type, value) ------------------------------------
Normalised = tuple[str, str | None] | None


def _norm_iso(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    value = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return ("DATE", value) if value else None


def _norm_month_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month, day = month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
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
    value = safe_date(year, month, day)
    return ("DATE", value) if value else None


_norm_day_month = _norm_month_day  # "28 September 2015": the same groups, in the other order


def _norm_week_of(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "the week of March 6": the ISO week holding that day."""
    day = value_date((_norm_month_day(m, dct, tense) or ("", None))[1])
    if day is None:
        return "DATE", None
    return "DATE", iso_week(day) + ("-WE" if m["unit"] == "weekend" else "")


def _norm_month_year(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month = month_number(m["month"])
    named = m["year"] or spoken_year(m["spoken"] or "")
    if named:
        return "DATE", f"{named}-{month:02d}"
    if dct is None or not m["rel"]:
        return "DATE", None
    year = dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return "DATE", f"{year}-{month:02d}"


def _norm_month(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    month = month_number(m["month"])
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
    q = ORDINAL[(m["q"] or m["qa"]).lower()]
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
        month, day_of_month = month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
        day = date(nearest_year(month, day_of_month, dct), month, day_of_month) if dct else None
    else:
        day = _day_anchor(m["when"] or _day_in_parenthesis(m), dct, tense)
    clock = f"T{hour:02d}:{m['min'] or '00'}"  # TimeML writes a clock time as hh:mm
    return "TIME", (day.isoformat() + clock) if day else None


def _norm_clock_24(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "at 15:30", "1530 GMT Tuesday": a 24-hour clock time on the day named with it, else the
    report's (TimeML keeps the clock as written, without converting the zone)."""
    hour, minute = (m["h"], m["min"]) if m["h"] else (m["h2"], m["min2"])
    day = _day_anchor(m["when"], dct, tense)
    return "TIME", f"{day.isoformat()}T{int(hour):02d}:{minute}" if day else None


def _norm_numeric_date(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "10/03/2015": month first (US) or day first (elsewhere); when both read as a date, the
    one nearer the report is meant, and without a report date the US order."""
    if m["y2"]:
        value = safe_date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
        return ("DATE", value) if value else None
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    readings = [v for v in (safe_date(year, a, b), safe_date(year, b, a)) if v]
    if not readings:
        return None
    if dct is not None:
        readings.sort(key=lambda v: abs((date.fromisoformat(v) - dct).days))
    return "DATE", readings[0]


# "at 10 a.m. (0800 GMT) Friday", "at 4 in the morning (4 a.m. Thursday)": the day of a clock
# time given with its conversion to another time zone
_DAY_WORD = rf"(?:{WEEKDAY}|today|tomorrow|yesterday)"
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
    quantity = number(m["q"])
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
    value = safe_date(ref.year, ref.month, int(re.sub(r"\D", "", m["day"]))) if ref else None
    return ("DATE", value) if value else None


def _norm_duration(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    quantity = number(m["q"])
    if m["half"] and quantity is not None:
        quantity += 0.5  # "an hour and a half"
    return "DURATION", duration_value(quantity, m["unit"])


def _norm_frequency(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "twice a week": TIMEX3 gives the period as the value (``P1W``; the count is its freq)."""
    return "SET", duration_value(1, m["unit"])


def _norm_day_beyond(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    offset = 2 if m["side"].lower().startswith("after") else -2
    return "DATE", (dct + timedelta(days=offset)).isoformat() if dct else None


def _norm_one_day(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    return "DATE", "FUTURE_REF"


def _norm_unit_long(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "a day-long meeting", "a decades-long feud": a length used as an adjective."""
    quantity = number(m["q"]) if m["q"] else (None if m["plural"] else 1)
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
        return "SET", f"XXXX-{month_number(unit):02d}"  # "each July"
    return "SET", duration_value(1, unit)


def _norm_set_every_n(m: re.Match[str], dct: date | None, tense: Tense) -> Normalised:
    """ "every six weeks" ``P6W``; "every other day" ``P2D``."""
    quantity = 2 if m["q"].lower() == "other" else number(m["q"])
    return "SET", duration_value(quantity, m["unit"])


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
    return "DATE", "PAST_REF" if word in PAST_WORDS else "FUTURE_REF"  # the rest: "soon", "the future", ...


_norm_fiscal_year = _norm_year  # "fiscal 1989": the year it names


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


# Rule name -> normaliser: every ``_norm_<rule>`` function (or alias) defined above.
NORMALISERS: dict[str, Callable[[re.Match[str], date | None, Tense], Normalised]] = {
    name.removeprefix("_norm_"): fn for name, fn in globals().items() if name.startswith("_norm_")
}
