"""Timeline building and the alignment-based timeline metrics."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import shared_path

from storyline.eval.timeline import detokenise, length_bucket, split_reference, sub_ranges
from storyline.eval.tls_metrics import PRF, align_rouge, average, date_prf
from storyline.model import Article
from storyline.segment import segment
from storyline.timeline import DATE_FEATURES, DateRanker, build_timeline, date_features, date_ranker, dated_sentences
from storyline.timex import tag_article


def _article(article_id: str, text: str, published: date | None = date(2015, 10, 1)) -> Article:
    return tag_article(segment(Article(id=article_id, text=text, published=published)), parse=False)


def test_same_event_from_two_outlets_is_one_entry_with_two_citations() -> None:
    one = _article("a", "Rebels seized the river town of Ardley on Monday. Talks are planned.")
    two = _article("b", "The river town of Ardley was seized by rebels on Monday, officials said.")
    entries = build_timeline([one, two], sentences_per_date=1)
    monday = [e for e in entries if e.date == "2015-09-28"]
    assert len(monday) == 1
    assert monday[0].sources == 2
    for span in monday[0].citations:
        text = {"a": one.text, "b": two.text}[span.article_id]
        assert "Monday" in text[span.start : span.end]


def test_entries_are_ordered_and_keep_month_precision() -> None:
    art = _article("a", "The border closed in December. Aid convoys returned on Tuesday.")
    dates = [e.date for e in build_timeline([art])]
    assert dates == sorted(dates)
    assert "2014-12" in dates and "2015-09-29" in dates


def test_a_photo_caption_is_not_dated_as_the_lead() -> None:
    art = _article(
        "a",
        "Rescue boats beside a flooded bakery in the lower town\n\n"
        "Flood water reached the lower town of Ardley on Thursday. Boats carried families to the school.",
    )
    entries = build_timeline([art])
    assert {e.date for e in entries} == {"2015-10-01"}
    assert not any(e.text.startswith("Rescue boats") for e in entries)


def test_undated_article_yields_no_guessed_dates() -> None:
    art = _article("a", "Aid convoys returned on Tuesday.", published=None)
    assert art.time_mentions[0].value is None
    assert build_timeline([art]) == []


def test_alignment_rouge_is_perfect_for_an_identical_timeline_and_discounts_shifted_dates() -> None:
    ref = {date(2010, 4, 20): ["The rig exploded in the gulf"], date(2010, 7, 15): ["The well was capped"]}
    assert align_rouge(ref, ref, 1).f1 == pytest.approx(1.0)
    shifted = {date(2010, 4, 21): ["The rig exploded in the gulf"], date(2010, 7, 15): ["The well was capped"]}
    score = align_rouge(shifted, ref, 1)
    assert 0.5 < score.f1 < 1.0
    assert date_prf(shifted, ref).f1 == pytest.approx(0.5)


def test_average_takes_f1_of_mean_precision_and_recall() -> None:
    mean = average([PRF(1.0, 0.0), PRF(0.0, 1.0)])
    assert (mean.precision, mean.recall, mean.f1) == (0.5, 0.5, 0.5)


def test_ptb_text_is_detokenised_and_references_split() -> None:
    ptb = "He said -LRB- on Monday -RRB- that it 's `` over '' ."
    assert detokenise(ptb) == 'He said (on Monday) that it\'s "over".'
    assert split_reference(" First one .  Second one . ") == ["First one .", "Second one ."]


@pytest.mark.data
@pytest.mark.slow
def test_seed_story_dates_the_battle_of_kunduz() -> None:
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare

    raw, _ = read_paths([shared_path("seeds")], published=date(2015, 10, 1))
    articles, _ = prepare(raw)
    timeline = build_timeline([tag_article(a) for a in articles if not a.off_topic])
    by_date: dict[str, str] = {}
    for entry in timeline:
        by_date[entry.date] = by_date.get(entry.date, "") + " " + entry.text.lower()
    assert any(w in by_date.get("2015-09-28", "") for w in ("seized", "assault", "took the city"))
    assert "strike" in by_date.get("2015-09-29", "")
    assert any(w in by_date.get("2015-10-01", "") for w in ("retaken", "recaptured", "regained"))
    assert all(e.date <= "2015-10-01" for e in timeline)


def test_reports_show_the_timeline_escaped_and_say_when_dates_are_unknown() -> None:
    from storyline.model import StoryReport
    from storyline.render import render

    dated = _article("a", "Crowds gathered on Monday <script>alert(1)</script>.")
    undated = _article("b", "Crowds gathered on Monday.", published=None)
    report = StoryReport(articles=[dated, undated], timeline=build_timeline([dated, undated]))
    markdown = render(report, "md")
    assert "## Timeline" in markdown and "**2015-09-28**" in markdown
    assert "Publication date unknown for 1 of 2 reports (b)" in markdown
    page = render(report, "html")
    assert '<ol class="timeline">' in page and "<script>alert" not in page
    assert '"published_source": null' in render(report, "json")


def test_centroid_prefers_the_sentence_that_repeats_shared_phrases() -> None:
    from storyline.timeline import rank_by_centrality

    texts = [
        "Engineers said the top kill failed",
        "The top kill failed on Saturday",
        "Failed kill top the said engineers",
    ]
    order, _ = rank_by_centrality(texts, [1.0, 1.0, 1.0])
    assert order[-1] == 2  # the same words as the first, but none of the phrases the reports share


def test_a_date_many_reports_name_outranks_one_a_single_chronology_repeats() -> None:
    chronology = _article(
        "c",
        "Aid arrived on Sept. 3. On Sept. 3 the bridge reopened. Schools opened on Sept. 3. "
        "Shops were open on Sept. 3.",
    )
    reports = [_article(k, f"The dam at Ardley burst on Sept. 20, report {k} said.") for k in "abc"]
    features = date_features(dated_sentences([chronology, *reports]))
    assert features["2015-09-03"][DATE_FEATURES.index("articles")] < features["2015-09-20"][0]
    entries = build_timeline([chronology, *reports], max_dates=1)
    assert {e.date for e in entries} == {"2015-09-20"}


def test_lead_mentions_count_the_dates_reports_open_with() -> None:
    opening = _article("a", "The dam burst on Sept. 20. " + "Rain fell. " * 6 + "Talks were held on Sept. 12.")
    features = date_features(dated_sentences([opening]))
    lead = DATE_FEATURES.index("lead_mentions")
    assert features["2015-09-20"][lead] > 0 and features["2015-09-12"][lead] == 0


def test_a_given_ranker_decides_the_dates() -> None:
    opening = _article("a", "The dam burst on Sept. 20. " + "Rain fell. " * 6 + "Talks were held on Sept. 12.")
    others = [_article(k, "Rain fell. " * 6 + f"Talks were held on Sept. 12, report {k} said.") for k in "bc"]
    leads_only = DateRanker(tuple(1.0 if f == "lead_mentions" else 0.0 for f in DATE_FEATURES))
    assert [e.date for e in build_timeline([opening, *others], max_dates=1, ranker=leads_only)] == ["2015-09-20"]
    assert [e.date for e in build_timeline([opening, *others], max_dates=1)] == ["2015-09-12"]


def test_the_shipped_ranker_has_a_model_per_held_out_topic_and_one_for_unseen_stories() -> None:
    unseen = date_ranker("a topic nobody trained on")
    assert unseen == date_ranker()
    assert len(unseen.weights) == len(DATE_FEATURES)
    assert date_ranker("MJ_bbc") != unseen  # fitted without that topic


def test_shorter_variants_of_a_story_are_runs_of_its_reference_dates() -> None:
    days = [date(2010, 4, d) for d in range(1, 10)]
    windows = sub_ranges(days)
    assert windows[0] == days
    assert windows[1] + windows[2] == days  # the halves
    assert [len(w) for w in windows[3:]] == [3]  # of the quarters (2, 2, 3, 2 dates) only one is long enough
    assert all(w == sorted(w) for w in windows)
    assert [length_bucket(n) for n in (10, 60, 150, 400)] == [
        "  0-49 articles",
        " 50-99 articles",
        "100-199 articles",
        "200+ articles",
    ]
