"""Splitting glued articles: datelines, off-topic runs, headlines."""

from storyline.split import (
    looks_like_headline,
    split_off_topic_run,
    split_on_datelines,
    starts_with_dateline,
    take_headline,
)


def test_dateline_forms():
    assert starts_with_dateline("PARIS -- The latest developments.")
    assert starts_with_dateline("KABUL, Afghanistan (AP) — Fighting resumed.")
    assert not starts_with_dateline("NATO said -- in a statement -- that it would stay.")
    assert not starts_with_dateline("Paris -- lowercase city names are not datelines here.")


def test_split_on_datelines_keeps_the_first_paragraph_together():
    paras = ["ROME -- First story.", "More of it.", "OSLO -- Second story.", "Its end."]
    assert split_on_datelines(paras) == [paras[:2], paras[2:]]


def test_headlines_before_a_dateline_belong_to_its_article():
    paras = ["Ferry Resumes After Storm", "The Update: harbour reopens", "OSLO -- The ferry sailed.", "Its end."]
    assert split_on_datelines(paras) == [paras]
    assert looks_like_headline(paras[0]) and not looks_like_headline(paras[2])


def test_off_topic_run_is_split_off():
    words = " ".join(["word"] * 30)
    paras = [f"a {words}", f"b {words}", f"c {words}", f"d {words}", f"e {words}"]
    relatedness = [0.02, 0.03, 0.3, 0.25, 0.28]
    assert split_off_topic_run(paras, relatedness) == [paras[:2], paras[2:]]


def test_uniformly_related_text_is_not_split():
    words = " ".join(["word"] * 30)
    paras = [f"{i} {words}" for i in range(6)]
    assert split_off_topic_run(paras, [0.2, 0.1, 0.15, 0.12, 0.2, 0.18]) == [paras]


def test_headline_is_taken_only_when_it_looks_like_one():
    assert take_headline(["Flood hits valley", "Water rose."]) == ("Flood hits valley", ["Water rose."])
    assert take_headline(["Water rose.", "More."]) == (None, ["Water rose.", "More."])
