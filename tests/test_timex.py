"""Time expressions: spans, TIMEX3 types and values against a known publication date."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.timex import dateline_date, duration_value, find_timexes, weekday_date

DCT = date(2015, 10, 1)  # a Thursday


def values(text: str, dct: date | None = DCT, oracle=None) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, dct, oracle)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels seized the town on Monday.", ("Monday", "DATE", "2015-09-28")),
        ("The vote was held last Thursday.", ("last Thursday", "DATE", "2015-09-24")),
        ("They arrived yesterday.", ("yesterday", "DATE", "2015-09-30")),
        ("Shops reopened today.", ("today", "DATE", "2015-10-01")),
        ("Gunfire was heard last night.", ("last night", "TIME", "2015-09-30TNI")),
        ("It happened on Sept. 28, 2015.", ("Sept. 28, 2015", "DATE", "2015-09-28")),
        ("It happened on 28 September.", ("28 September", "DATE", "2015-09-28")),
        ("Sales fell in December.", ("December", "DATE", "2014-12")),
        ("The plan dates from 1998.", ("1998", "DATE", "1998")),
        ("Prices rose last year.", ("last year", "DATE", "2014")),
        ("Talks resumed this week.", ("this week", "DATE", "2015-W40")),
        ("The siege lasted three days.", ("three days", "DURATION", "P3D")),
        ("The deal closed two weeks ago.", ("two weeks ago", "DATE", "2015-W38")),
        ("Profit fell in the third quarter.", ("the third quarter", "DATE", "2015-Q3")),
        ("Inspections happen daily.", ("daily", "SET", "P1D")),
        ("The army is now in control.", ("now", "DATE", "PRESENT_REF")),
        ("The 1990s were calm.", ("The 1990s", "DATE", "199")),
        ("Troops moved in overnight.", ("overnight", "TIME", "2015-09-30TNI")),
    ],
)
def test_normalises_against_the_publication_date(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text)


def test_future_tense_moves_a_weekday_forward() -> None:
    future = values("Ministers will meet on Monday.", oracle=lambda text, start, end: "future")
    assert future == [("Monday", "DATE", "2015-10-05")]


def test_without_a_publication_date_relative_values_stay_unresolved() -> None:
    assert values("The town fell on Monday and was retaken yesterday.", dct=None) == [
        ("Monday", "DATE", None),
        ("yesterday", "DATE", None),
    ]
    assert values("It happened on Sept. 28, 2015.", dct=None) == [("Sept. 28, 2015", "DATE", "2015-09-28")]


def test_numbers_and_verbs_are_not_time_expressions() -> None:
    assert values("Flight 1989 carried 1,500 people. May I ask? Prices may fall further.") == []


def test_weekday_on_the_publication_day_is_that_day() -> None:
    assert weekday_date(3, DCT, "past") == DCT
    assert weekday_date(3, DCT, "past", strict=True) == date(2015, 9, 24)


def test_duration_values() -> None:
    assert duration_value(2.5, "years") == "P2Y6M"
    assert duration_value(None, "weeks") == "PXW"
    assert duration_value(3, "hours") == "PT3H"


def test_dateline_date_reads_a_full_date_at_the_top() -> None:
    assert dateline_date("KABUL, Sept. 30, 2015 - Fighting went on.") == date(2015, 9, 30)
    assert dateline_date("Fighting went on on Monday.") is None


def test_every_rule_has_a_normaliser() -> None:
    from storyline.timex.normalise import NORMALISERS
    from storyline.timex.rules import RULES

    assert {rule.name for rule in RULES} <= set(NORMALISERS)


def test_a_rule_skipped_for_lack_of_its_word_could_not_have_matched() -> None:
    from storyline.timex.rules import RULE_NEEDS, RULES

    assert set(RULE_NEEDS) <= {rule.name for rule in RULES}
    text = (
        "On Friday, Oct. 2, 2015 (2015-10-02), at 9 a.m. and 4 in the morning, three days ago, in the 1990s, "
        "in the 20th century, in the third quarter, year-ago results, fiscal 1989, noon Tuesday, overnight, "
        "Tuesdays, on Thanksgiving Day, last spring, nineteen ninety-four, the sixties, in recent years, "
        "$5 a year, by mid-afternoon, at the end of the month, April 24 and 25, each week, daily, "
        "the week of March 6, in May 2015, this morning, 3 March, the winter of 1998, the latest quarter, "
        "the second half of 1990, a day-long talk, post-1959 rules, it will one day rain."
    )
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            if rule.name in RULE_NEEDS:  # the needed word lies in the match (or just before it)
                assert RULE_NEEDS[rule.name].search(text, max(0, m.start() - 5), m.end()), (rule.name, m.group(0))


def test_an_undated_article_takes_its_date_from_a_dateline() -> None:
    from storyline.model import Article
    from storyline.timex import tag_article

    given = Article(id="a", text="PORT ELLIS, March 3, 2021 - The ferry sank on Monday.")
    article = tag_article(given, parse=False)
    assert (article.published, article.published_source) == (date(2021, 3, 3), "dateline")
    assert article.time_mentions[-1].value == "2021-03-01"
    assert (given.published, given.published_source, given.time_mentions) == (None, None, [])  # a copy is dated


def test_anaphoric_expressions_count_from_the_last_time_named() -> None:
    found = values("The colonel was promoted on May 3, 2009, and the following year he retired.")
    assert ("the following year", "DATE", "2010") in found
    found = values("Shares closed higher on Friday, up 2% from the previous Friday.")
    assert found[-1] == ("the previous Friday", "DATE", "2015-09-18")
    assert ("that year", "DATE", "2004") in values("Exports grew in 2004; imports fell that year.")


def test_a_named_weekday_picks_the_year_of_a_bare_date() -> None:
    # In a past-tense sentence a bare "Oct. 3" after an Oct. 1 report would be last year's;
    # "Saturday" says which year.
    assert values("The editorial ran on Saturday, Oct. 3.") == [("Saturday, Oct. 3", "DATE", "2015-10-03")]


def test_scheduled_dates_are_the_nearest_such_day() -> None:
    found = values("The board declared a dividend payable Dec. 7 to holders of record Nov. 20.")
    assert [v for _, _, v in found] == ["2015-12-07", "2015-11-20"]


def test_today_naming_an_era_is_not_a_date() -> None:
    assert values("Privacy is hard to keep in today's world.") == []
    assert values("Prices rose today.") == [("today", "DATE", "2015-10-01")]


def test_a_photo_caption_date_is_not_a_dateline() -> None:
    from storyline.timex.find import dateline_date

    caption = "In this Friday, June 4, 2010 file photo, a crane lifts the old bridge span.\n\n"
    assert dateline_date(caption + "ORTON, Ostmark - The new bridge opened on Monday.") is None
    assert dateline_date("Aug. 2, 2011 file photo: divers at the wreck.\n\nDivers returned.") is None
    assert dateline_date(caption + "ORTON, Ostmark, May 3, 2021 - The bridge opened.") == date(2021, 5, 3)
    assert dateline_date("Published: March 9, 2020\n\nThe pier closed.") == date(2020, 3, 9)
    assert dateline_date("The pier, built on March 9, 1920, closed.") is None
