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

from .calendar import Tense, easter, weekday_date
from .find import Timex, dateline_date, find_timexes, publication_date, tag_article, time_mentions
from .tense import ParsedTense, TenseOracle
from .words import duration_value

__all__ = [
    "ParsedTense",
    "Tense",
    "TenseOracle",
    "Timex",
    "dateline_date",
    "duration_value",
    "easter",
    "find_timexes",
    "publication_date",
    "tag_article",
    "time_mentions",
    "weekday_date",
]
