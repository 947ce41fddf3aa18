"""Online story clustering, junk detection and the BCubed evaluation command."""

import json
from datetime import date, timedelta

import pytest
from conftest import shared_path

from storyline.cli import main
from storyline.eval.clustering import (
    bcubed,
    ceiling_rows,
    cross_story_copies,
    linked_pairs_oracle,
    score_row,
    singletons_for_junk,
)
from storyline.stories.cluster import (
    ActiveStory,
    ClusterSettings,
    StoryClusterer,
    article_vector,
    cluster_in_order,
    cluster_texts,
    feature_weights,
    idf,
)
from storyline.stories.junk import junk_reason

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
    clusterer.restore(7, FLOOD[:2], [None, None], ["r1", "r2"])
    assert clusterer.assign(FLOOD[2]) == 7
    assert clusterer.assign(ELECTION[0]) == 8
    assert set(clusterer.active[7].members) == {"r1", "r2"}  # restored articles stay movable


# A story told in order: a vague early report, then two reports of the failure.
DAM_EARLY = (
    "Heavy rain kept falling over the hills on Sunday night; a shopkeeper in Riverton said the creek behind her "
    "bakery looked higher than she had ever seen, and a council clerk in Dunmore urged caution near the Mallow "
    "reservoir."
)
DAM_FAILED = (
    "The Mallow dam failed on Monday and floodwater swept through Riverton, forcing thousands of residents from "
    "their homes as rescuers used boats."
)
DAM_CRACKS = (
    "Engineers said the Mallow dam above Riverton had shown cracks for months before it failed, and the flood left "
    "residents stranded on rooftops."
)
MAYOR_RE_ELECTED = (
    "Voters in Riverton re-elected mayor Ingrid Holm by a wide margin on Sunday; turnout rose and Holm promised "
    "money for roads, schools and the harbour in her third term."
)
MAYOR_ON_DAM = (
    "Mayor Ingrid Holm of Riverton said on Tuesday that the Mallow dam failure showed the valley needed new flood "
    "defences, and engineers agreed the cracks had been ignored."
)
# A join threshold these few made-up sentences sit around (the default is derived on real news)
NARROW = ClusterSettings(threshold=0.35)


def test_an_early_report_joins_its_story_once_the_story_has_formed():
    order = [0, 1, 2]
    texts, dates = [DAM_EARLY, DAM_FAILED, DAM_CRACKS], [None] * 3
    online = cluster_in_order(texts, dates, order, NARROW, reassign=False)
    assert online[0] != online[1] == online[2]  # the early report was too vague for either report alone
    assert len(set(cluster_in_order(texts, dates, order, NARROW).values())) == 1


def test_an_article_leaves_the_story_it_joined_too_early():
    texts, dates = [MAYOR_RE_ELECTED, MAYOR_ON_DAM, DAM_FAILED, DAM_CRACKS], [None] * 4
    online = cluster_in_order(texts, dates, range(4), NARROW, reassign=False)
    assert online[0] == online[1] != online[2] == online[3]  # the mayor's dam remarks went to her election
    stories = cluster_in_order(texts, dates, range(4), NARROW)
    assert stories[0] != stories[1] == stories[2] == stories[3]


def test_reassignment_moves_only_keyed_articles():
    clusterer = StoryClusterer(NARROW)
    early = clusterer.assign(DAM_EARLY)  # no key: a stored assignment that stays
    clusterer.assign(DAM_FAILED, key="failed")
    clusterer.assign(DAM_CRACKS, key="cracks")
    assert clusterer.reassign() == {}
    assert early in clusterer.active
    clusterer.assign(MAYOR_ON_DAM, key="mayor")
    assert clusterer.reassign() == {}  # joined the dam story directly: nothing to move


def test_two_singletons_that_belong_together_meet_rather_than_swap():
    clusterer = StoryClusterer(ClusterSettings(threshold=0.99))  # nothing joins while they arrive
    first, second = clusterer.assign(FLOOD[0], key=0), clusterer.assign(FLOOD[1], key=1)
    assert first != second
    clusterer.settings = ClusterSettings()
    moves = clusterer.reassign()
    assert len(moves) == 1 and list(moves.values())[0] in (first, second)
    assert len(clusterer.active) == 1 and next(iter(clusterer.active.values())).size == 2


def test_a_story_without_a_member_is_its_other_members():
    vectors = [article_vector(text, ClusterSettings()) for text in FLOOD[:2]]
    story = ActiveStory(1)
    for vector in vectors:
        story.add(vector, None, max_terms=400)
    rest = sum(w * vectors[1].get(t, 0.0) for t, w in vectors[0].items())
    assert story.cosine_without(vectors[0]) == pytest.approx(rest)
    story.remove(vectors[0])
    assert story.size == 1 and story.cosine(vectors[1]) == pytest.approx(1.0)
    assert story.cosine_without(vectors[1]) == 0.0


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


def test_ceilings_score_gold_with_junk_or_copies_taken_out_as_singletons():
    gold = ["a", "a", "b", "b"]
    junk_row, copies_row = ceiling_rows(gold, junk={0, 2}, copies={0})
    assert (junk_row["bcubed_p"], junk_row["bcubed_r"]) == (1.0, 0.5)  # every document lost its one mate
    assert (copies_row["bcubed_p"], copies_row["bcubed_r"]) == (1.0, 0.75)
    assert copies_row["bcubed_f1_without_copies"] == 1.0


def test_the_pair_oracle_links_only_similar_documents_of_one_gold_story():
    texts = [FLOOD[0], FLOOD[1], ELECTION[0], FLOOD[2]]
    gold = ["a", "a", "a", "b"]  # the election report is filed under the flood; the last flood report is not
    groups = linked_pairs_oracle(texts, gold, junk=set(), threshold=0.2)
    assert groups[0] == groups[1]
    assert len({groups[0], groups[2], groups[3]}) == 3
    assert len(set(linked_pairs_oracle(texts, gold, junk={1}, threshold=0.2))) == 4


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
    assert figures["ceiling_junk_singletons"]["bcubed_r"] < 1.0  # the stub can never join its story


@pytest.mark.data
@pytest.mark.slow
def test_multinews_clustering_beats_the_baseline(capsys):
    data = shared_path("clustering", "multinews_dev_docs.jsonl")
    assert main(["eval", "clustering", str(data), "--orders", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["n_docs"] == 291
    assert figures["bcubed_f1"] > 0.85
    assert figures["bcubed_f1"] > figures["online_only"]["bcubed_f1"]  # reassignment pays its way
    assert figures["ceiling_junk_singletons"]["bcubed_f1"] > 0.93  # junk in no story still leaves the goal open
