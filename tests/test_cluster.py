"""Online story clustering, junk detection and the BCubed evaluation command."""

import json
from datetime import date, timedelta

import pytest
from conftest import shared_path

from storyline.cli import main
from storyline.cluster import (
    ActiveStory,
    ClusterSettings,
    StoryClusterer,
    article_vector,
    cluster_texts,
    feature_weights,
    idf,
)
from storyline.eval.clustering import bcubed, cross_story_copies, score_row, singletons_for_junk
from storyline.junk import junk_reason

FLOOD = [
    "Floodwater swept through Riverton on Monday after the Mallow dam failed, forcing thousands from their homes.",
    "Rescuers in Riverton pulled residents from rooftops as the Mallow dam breach flooded the valley.",
    "Engineers said the Mallow dam had shown cracks for months before it failed and flooded Riverton.",
]
ELECTION = [
    "Voters in Castleford re-elected mayor Ingrid Holm by a wide margin in Sunday's municipal election.",
    "Ingrid Holm thanked Castleford voters after winning a third term as mayor in the municipal election.",
]


def test_entities_are_capitalised_words_mid_sentence():
    weights = feature_weights("Rescuers reached Riverton today. Floods hit hard.", entity_weight=1.0)
    assert "@riverton" in weights
    assert "@rescuer" not in weights and "@flood" not in weights  # sentence-initial capitals are not names
    assert "riverton" in weights


def test_inflections_of_a_word_share_one_feature():
    weights = feature_weights("Thieves hacked the bank; the hacking and its breaches went on.", entity_weight=1.0)
    assert [key for key in weights if key.startswith(("hack", "breach"))] == ["hack", "breach"]


def test_rare_words_weigh_more_than_common_ones():
    assert idf("dam") > idf("people")
    assert idf("qzxwvk") > idf("dam")


def test_articles_about_one_event_share_a_story_and_others_do_not():
    labels = cluster_texts(FLOOD + ELECTION)
    assert len(set(labels[:3])) == 1
    assert len(set(labels[3:])) == 1
    assert labels[0] != labels[3]


def test_story_norm_stays_exact_as_members_are_added_and_pruned():
    story = ActiveStory(1)
    for text in FLOOD + ELECTION:
        story.add(article_vector(text, ClusterSettings()), None, max_terms=10)
    assert len(story.centroid) <= 20  # pruned on the way
    assert story.norm == pytest.approx(sum(w * w for w in story.centroid.values()) ** 0.5)


def test_the_same_place_a_year_later_is_a_different_story():
    day = date(2020, 3, 1)
    labels = cluster_texts(FLOOD[:2] + FLOOD[2:], [day, day, day + timedelta(days=365)])
    assert labels[0] == labels[1] != labels[2]


def test_cold_stories_are_forgotten():
    clusterer = StoryClusterer()
    clusterer.assign(FLOOD[0], date(2020, 3, 1))
    clusterer.assign(ELECTION[0], date(2020, 6, 1))
    assert len(clusterer.active) == 1  # the flood went cold months ago


def test_open_stories_are_bounded_without_dates():
    clusterer = StoryClusterer(ClusterSettings(max_active=2))
    for text in (FLOOD[0], ELECTION[0], "Astronomers catalogued a comet passing Jupiter's moons."):
        clusterer.assign(text)
    assert len(clusterer.active) == 2


def test_restore_reopens_a_story_with_its_id():
    clusterer = StoryClusterer()
    clusterer.restore(7, FLOOD[:2], [None, None])
    assert clusterer.assign(FLOOD[2]) == 7
    assert clusterer.assign(ELECTION[0]) == 8


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Coming soon", "stub"),
        (
            "This page was saved by the Wayback Machine. The Internet Archive keeps crawls of the web.",
            "web archive notice",
        ),
        ("Tweet with a location. You can add your location to Tweets you post.", "social widget"),
        ("This video is not available right now. Please try again later.", "video player"),
        ("This copy is for personal, non-commercial use only. Order reprints here.", "reprint or paywall notice"),
    ],
)
def test_junk_documents_are_recognised(text, reason):
    assert junk_reason(text) == reason


def test_a_news_article_is_not_junk():
    assert junk_reason(" ".join(FLOOD)) is None
    assert junk_reason(FLOOD[0] + " The mayor said on Twitter that shelters are open at three locations.") is None


def test_bcubed_known_values():
    gold = ["a", "a", "b", "b"]
    assert bcubed([1, 1, 2, 2], gold) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed([1, 1, 1, 1], gold)
    assert (p, r) == (0.5, 1.0)
    p, r, _ = bcubed(singletons_for_junk([None, None, 1, 1]), gold)
    assert (p, r) == (1.0, 0.75)


def test_a_text_filed_under_two_gold_stories_is_a_cross_story_copy():
    texts = ["notice", "flood story", "notice ", "election story", "notice"]
    gold = ["a", "a", "b", "b", "b"]
    assert cross_story_copies(texts, gold) == {0, 2, 4}
    assert cross_story_copies(texts[1:], gold[1:]) == set()  # the same text twice within one story is no copy


def test_scores_without_cross_story_copies_leave_them_out_of_both_sides():
    row = score_row("x", [1, 2, 3, 3], ["a", "a", "b", "b"], copies={0})
    assert row["bcubed_f1"] < 1.0
    assert row["bcubed_f1_without_copies"] == 1.0


def test_eval_clustering_prints_figures_and_baseline(tmp_path, capsys):
    data = tmp_path / "docs.jsonl"
    rows = [{"text": t, "story_label": 0} for t in FLOOD] + [{"text": t, "story_label": 1} for t in ELECTION]
    rows.append({"text": "More soon", "story_label": 1})
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["eval", "clustering", str(data), "--orders", "2", "--errors", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith("baseline") for line in out)
    assert any(line.startswith("gold story 1: 3 documents") for line in out)  # the junk stub split story 1
    assert any("document 5: stub" in line for line in out)
    figures = json.loads(out[-1])
    assert {"bcubed_p", "bcubed_r", "bcubed_f1", "n_clusters", "n_docs"} <= figures.keys()
    assert figures["n_docs"] == 6 and figures["n_junk"] == 1 and figures["n_cross_story_copies"] == 0
    assert figures["bcubed_p"] == 1.0


@pytest.mark.data
@pytest.mark.slow
def test_multinews_clustering_beats_the_baseline(capsys):
    data = shared_path("clustering", "multinews_dev_docs.jsonl")
    assert main(["eval", "clustering", str(data), "--orders", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["n_docs"] == 291
    assert figures["bcubed_f1"] > 0.85
