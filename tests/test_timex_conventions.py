"""TimeML conventions, one class of expression per test, on made-up sentences.

Each test pins a general rule (not a corpus sentence): deadlines, clock times, holidays,
titles, spans of adjectival lengths, fractions, the tense a noun modifier does not take...
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.timex import Tense, easter, find_timexes

DCT = date(2015, 10, 1)  # a Thursday


def values(text: str, dct: date | None = DCT, tense: Tense | None = None) -> list[tuple[str, str, str | None]]:
    oracle = (lambda text, start, end: tense) if tense else None
    return [(t.text, t.type, t.value) for t in find_timexes(text, dct, oracle)]


def test_a_deadline_is_the_nearest_such_day_whatever_the_tense() -> None:
    # "until"/"through"/"by" set a deadline: the nearest Friday, the coming January.
    assert values("The board extended the offer until Friday.", tense="past") == [("Friday", "DATE", "2015-10-02")]
    assert values("The bank lent the firm cash through January.", tense="past") == [("January", "DATE", "2016-01")]
    assert values("Sales rose through August.", tense="past") == [("August", "DATE", "2015-08")]


def test_as_soon_as_points_forward() -> None:
    assert values("The envoy could arrive as early as Monday.") == [("Monday", "DATE", "2015-10-05")]
    assert values("They may leave as soon as Tuesday morning.")[0][2] == "2015-10-06TMO"


def test_clock_times_are_written_hours_and_minutes() -> None:
    assert values("The polls closed at 9 p.m. Wednesday.") == [("9 p.m. Wednesday", "TIME", "2015-09-30T21:00")]
    assert values("Talks broke off at noon Tuesday.") == [("noon Tuesday", "TIME", "2015-09-29T12:00")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ferry sank on Thanksgiving Day.", "2014-11-27"),  # fourth Thursday of November
        ("The shop will reopen next Christmas.", "2015-12-25"),
        ("Pilgrims gathered at Easter.", "2015-04-05"),
        ("The strike began on Labor Day.", "2015-09-07"),  # first Monday of September
        ("Voters went to the polls on Election Day.", "2014-11-04"),  # Tuesday after the first Monday
    ],
)
def test_holidays_are_dated_in_the_year_the_tense_points_to(text: str, value: str) -> None:
    assert [v for _, _, v in values(text)] == [value]


def test_easter_follows_the_gregorian_computus() -> None:
    assert [easter(y) for y in (2000, 2015, 2024)] == [date(2000, 4, 23), date(2015, 4, 5), date(2024, 3, 31)]


def test_a_holiday_week_is_its_iso_week() -> None:
    assert values("Crowds prayed as Easter week began.", dct=date(2015, 3, 31)) == [("Easter week", "DATE", "2015-W14")]


def test_capitalised_time_words_inside_a_title_are_not_time_expressions() -> None:
    assert values('The minister said on the "This Week" programme that he was hopeful.') == []
    assert values("The film High Noon was shown again.") == []
    assert values("Foreign Minister Jan Novak arrived.") == []
    assert values("Today the talks resumed.") == [("Today", "DATE", "2015-10-01")]


def test_plural_weekdays_with_a_part_of_day_are_a_set() -> None:
    assert values("Flights leave on Tuesday nights.") == [("Tuesday nights", "SET", "XXXX-WXX-2TNI")]


def test_a_spoken_year_completes_a_month_or_a_season() -> None:
    assert values("January nineteen ninety-seven. A bomb went off.") == [
        ("January nineteen ninety-seven", "DATE", "1997-01")
    ]
    assert values("Oil fell in the winter of nineteen ninety-four.")[0][2] == "1994-WI"
    assert values("The craft is two thousand years old.") == []
    assert values("The dynasty ruled for two hundred years.") == [("two hundred years", "DURATION", "P200Y")]


def test_now_that_is_the_present() -> None:
    assert values("Now that the port is open, prices fell.") == [("Now", "DATE", "PRESENT_REF")]


def test_an_adjectival_length_leaves_out_the_article() -> None:
    assert values("They ended the two-week strike.") == [("two-week", "DURATION", "P2W")]


def test_a_deadline_leaves_out_by() -> None:
    assert values("Troops must leave by the end of the month.") == [("the end of the month", "DATE", "2015-10")]


def test_fractions_go_into_the_next_smaller_unit() -> None:
    assert values("She spent 5 1/2 hours in the city.") == [("5 1/2 hours", "DURATION", "PT5H30M")]
    assert values("The siege lasted 1 1/2 days.") == [("1 1/2 days", "DURATION", "P1DT12H")]


def test_last_before_a_full_date_is_not_a_month() -> None:
    assert values("He was shot last Oct. 23 at home.") == [("Oct. 23", "DATE", "2014-10-23")]


def test_the_week_of_a_date_is_its_iso_week() -> None:
    assert values("A hearing is set for the week of March 7.", tense="future") == [
        ("the week of March 7", "DATE", "2016-W10")
    ]


def test_a_coordinated_day_takes_the_month_of_the_first() -> None:
    assert values("The summit met on April 24 and 25.", tense="past") == [
        ("April 24", "DATE", "2015-04-24"),
        ("25", "DATE", "2015-04-25"),
    ]


def test_midday_and_mid_afternoon() -> None:
    assert values("The judge sat at midday.") == [("midday", "TIME", "2015-10-01T12:00")]
    assert values("By mid-afternoon the crowd had gone.") == [("mid-afternoon", "TIME", "2015-10-01TAF")]


def test_lengths_without_a_number() -> None:
    assert ("the first hours", "DURATION", "PTXH") in values("Many fled in the first hours of the raid.")
    assert values("The appeal could take as long as a month.") == [("a month", "DURATION", "P1M")]
    assert values("The loan may run for an additional year.") == [("an additional year", "DURATION", "P1Y")]


def test_earlier_that_day_is_one_expression() -> None:
    found = values("He was shot on May 3, 2009. Earlier that day he had called the police.")
    assert found[-1] == ("Earlier that day", "DATE", "2009-05-03")


def test_an_hour_of_a_part_of_the_day_is_a_clock_time() -> None:
    assert values("He will leave at 4 in the morning.") == [("4 in the morning", "TIME", "2015-10-01T04:00")]
    assert values("They met at 9 o'clock in the evening.") == [("9 o'clock in the evening", "TIME", "2015-10-01T21:00")]


def test_a_postponed_date_lies_ahead() -> None:
    assert values("Officials postponed until Tuesday any decision.", tense="past") == [
        ("Tuesday", "DATE", "2015-10-06")
    ]


PARSED = [
    # "would" in reported speech points forward, "would have" does not
    ("He said the envoy would arrive Tuesday.", "Tuesday", "2015-10-06"),
    ("He said the envoy would have arrived Tuesday.", "Tuesday", "2015-09-29"),
    # "is to" + infinitive is an arrangement ahead; a past perfect plan is not
    ("Trading is to resume in Oslo Tuesday.", "Tuesday", "2015-10-06"),
    ("The offer had been due to expire Monday.", "Monday", "2015-09-28"),
    # a date modifying a noun does not take the clause's tense: the nearest such day
    ("Officials gave no reason for the Jan. 14 deadline.", "Jan. 14", "2016-01-14"),
    # "set" plans only with an auxiliary or "for"
    ("The index is near its record high set on Aug. 6.", "Aug. 6", "2015-08-06"),
    ("A summit set for April will go ahead.", "April", "2016-04"),
    # a bare month in a story about the past does not resolve into the report's future unless
    # the verb points forward (the report is dated 1 October 2015)
    ("The militia had cleared the valley by December, its commander said.", "December", "2014-12"),
    ("By December the militia held the valley.", "December", "2014-12"),
    ("Shelling in December emptied the valley.", "December", "2014-12"),
    ("The December shelling emptied the valley.", "December", "2014-12"),
    ("The council will vote in December.", "December", "2015-12"),
    ("The treaty must be ratified by December.", "December", "2015-12"),
    ("The council hopes to finish the road by December.", "December", "2015-12"),
    # a present-tense plan: scheduled-event verbs, and "be" with a planning adjective
    ("Voters go to the polls on Sunday.", "Sunday", "2015-10-04"),
    ("Voters went to the polls on Sunday.", "Sunday", "2015-09-27"),
    ("The verdict is due in December.", "December", "2015-12"),
    ("The verdict was announced in December.", "December", "2014-12"),
]


@pytest.mark.parametrize(("text", "expression", "value"), PARSED)
def test_tense_read_from_the_parse(text: str, expression: str, value: str) -> None:
    from storyline.segment import paragraph_bounds, sentence_bounds
    from storyline.timex import ParsedTense

    bounds = [b for ps, pe in paragraph_bounds(text) for b in sentence_bounds(text, ps, pe)]
    found = {t.text: t.value for t in find_timexes(text, DCT, ParsedTense(bounds))}
    assert found[expression] == value


def test_halves_of_a_year_are_h1_and_h2() -> None:
    assert values("Sales should recover in the second half of 1996.") == [
        ("the second half of 1996", "DATE", "1996-H2")
    ]
    assert values("Orders slowed in the first two quarters of 1994.") == [
        ("the first two quarters of 1994", "DATE", "1994-H1")
    ]
    assert values("Margins shrank in the first half of the year.") == [
        ("the first half of the year", "DATE", "2015-H1")
    ]


def test_then_current_is_the_present_of_a_past_moment() -> None:
    assert values("Rights were sold at the then current price.") == [("then current", "DATE", "PAST_REF")]


def test_a_year_ago_after_a_comparison_quarter_does_not_go_back_twice() -> None:
    found = values("Net rose in the third quarter. In the 2014 period it fell. The year-ago figure was restated.")
    assert found == [
        ("the third quarter", "DATE", "2015-Q3"),
        ("the 2014 period", "DATE", "2014-Q3"),
        ("year-ago", "DATE", "2014"),
    ]
    assert values("Net rose in the third quarter. A year ago it fell.")[-1] == ("A year ago", "DATE", "2014-Q3")


def test_a_length_written_with_long_is_a_duration() -> None:
    assert values("After a day-long meeting, both sides left.") == [("day-long", "DURATION", "P1D")]
    assert values("The decades-long feud ended.") == [("decades-long", "DURATION", "PXY")]
    assert values("The three-week-long strike ended.") == [("three-week-long", "DURATION", "P3W")]


def test_a_year_with_pre_or_post_is_that_year() -> None:
    assert values("The post-1975 rules were stricter.") == [("post-1975", "DATE", "1975")]


def test_a_quarter_of_something_is_a_fraction() -> None:
    assert values("The fund holds more than a quarter of the shares.") == []
    assert values("Profit fell in the fiscal-second quarter.") == [("the fiscal-second quarter", "DATE", "2015-Q2")]


def test_one_day_after_a_modal_is_the_future() -> None:
    assert values("The village will one day be a town.") == [("one day", "DATE", "FUTURE_REF")]
    assert values("The strike lasted one day.") == [("one day", "DURATION", "P1D")]


def test_a_clock_time_takes_the_day_given_with_its_time_zone_conversion() -> None:
    assert values("The blast came at 10:35 a.m. (0735 GMT) Friday.")[0] == ("10:35 a.m.", "TIME", "2015-09-25T10:35")
    assert values("He left at 4 in the morning (4 a.m. EDT Monday).", tense="past")[0] == (
        "4 in the morning",
        "TIME",
        "2015-09-28T04:00",
    )


def test_an_anaphoric_day_needs_a_day_to_point_to() -> None:
    assert values("Trading began in 1987. Losses were heavy that day.")[-1] == ("that day", "DATE", None)
    assert values("Trading began on May 4, 1987. Losses were heavy that day.")[-1] == ("that day", "DATE", "1987-05-04")


def test_the_latest_fiscal_year_is_the_last_one_reported() -> None:
    assert values("Sales were $2 billion in the latest fiscal year.") == [("the latest fiscal year", "DATE", "2014")]


def test_a_part_of_the_day_belongs_to_the_day_being_told_about() -> None:
    assert values("Shares fell on Monday. Dealers sold heavily in the morning.")[-1] == (
        "the morning",
        "TIME",
        "2015-09-28TMO",
    )
    assert values("Dealers sold heavily in the morning.") == [("the morning", "TIME", "2015-10-01TMO")]
    assert values("Prices rose in March. Dealers sold in the morning.")[-1] == ("the morning", "TIME", "2015-10-01TMO")


# --- TimeML guideline classes that the shared training corpus holds no example of -------------


def test_a_24_hour_clock_needs_a_zone_or_a_word_that_wants_a_time() -> None:
    assert values("The quake struck at 14:05 GMT.") == [("14:05 GMT", "TIME", "2015-10-01T14:05")]
    assert values("Polls closed at 21:00.") == [("21:00", "TIME", "2015-10-01T21:00")]
    assert values("The convoy left at 06:30 local time Tuesday.", tense="past") == [
        ("06:30 local time Tuesday", "TIME", "2015-09-29T06:30")
    ]
    assert values("Shelling resumed at 1830 GMT.") == [("1830 GMT", "TIME", "2015-10-01T18:30")]
    assert values("The home side led 2:30 into the game, verse 3:16 says.") == []


def test_a_zone_conversion_in_brackets_is_not_a_second_time() -> None:
    assert "0735 GMT" not in [t for t, _, _ in values("The blast came at 10:35 a.m. (0735 GMT) Friday.")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ballots were counted on 09/28/2015.", "2015-09-28"),  # month first (US)
        ("Ballots were counted on 28/09/2015.", "2015-09-28"),  # day first: 28 is no month
        ("Ballots were counted on 10/03/2015.", "2015-10-03"),  # both read: the one near the report
        ("Ballots were counted on 2015/09/28.", "2015-09-28"),
    ],
)
def test_a_date_in_figures_reads_day_and_month_in_the_order_that_fits(text: str, value: str) -> None:
    assert [v for _, _, v in values(text)] == [value]


def test_half_a_unit_is_counted_in_the_next_smaller_unit() -> None:
    assert values("The siege lasted half an hour.") == [("half an hour", "DURATION", "PT30M")]
    assert values("The meeting went on for an hour and a half.") == [("an hour and a half", "DURATION", "PT1H30M")]


def test_how_often_is_a_set_of_the_period() -> None:
    assert values("Inspectors visit twice a week.") == [("twice a week", "SET", "P1W")]
    assert values("The board meets three times a year.") == [("three times a year", "SET", "P1Y")]


def test_two_days_from_the_report() -> None:
    assert values("The envoy arrives the day after tomorrow.") == [("the day after tomorrow", "DATE", "2015-10-03")]
    assert values("The envoy left the day before yesterday.") == [("the day before yesterday", "DATE", "2015-09-29")]


def test_mid_month_with_a_hyphen_is_the_month() -> None:
    assert values("The vote was held in mid-March.", tense="past") == [("mid-March", "DATE", "2015-03")]
    assert values("Crops fail by mid-May.", tense="past") == [("mid-May", "DATE", "2015-05")]


def test_a_clock_time_is_on_the_day_named_right_after_it() -> None:
    found = values("At 8:46 a.m. on Sept. 11, 2001, the tower was hit.")
    assert found[0] == ("8:46 a.m.", "TIME", "2001-09-11T08:46")
    found = values("Polls opened at 7 a.m. local time on Sunday.", tense="past")
    assert found == [("7 a.m.", "TIME", "2015-09-27T07:00"), ("Sunday", "DATE", "2015-09-27")]
    assert values("He rose at 6 a.m. on most days.") == [("6 a.m.", "TIME", "2015-10-01T06:00")]


def test_every_few_units_is_a_set_of_that_length() -> None:
    assert values("The committee meets every six weeks.") == [("every six weeks", "SET", "P6W")]
    assert values("Ferries sail every other day.") == [("every other day", "SET", "P2D")]
