"""The API end to end on small stories: offsets, citations, budget, off-topic items."""

from storyline import analyze
from storyline.model import Article

REPORT_A = (
    "Flood water rose through the valley town of Dunmore overnight, officials said.\n\n"
    "Rescue crews pulled forty residents from flooded homes near the river bridge.\n\n"
    "The mayor said the river had never risen so fast in living memory."
)
REPORT_B = (
    "Rescue crews pulled forty residents from flooded homes near the river bridge.\n\n"
    "Dunmore's river burst its banks after three days of rain across the valley.\n\n"
    "Schools in the valley town will stay closed while the flood water recedes."
)
REPORT_C = (
    "The valley town of Dunmore began clearing mud after the river flood receded.\n\n"
    "Crews said the river bridge in Dunmore was damaged but would reopen within days."
)
SPORT = (
    "The city chess club won its league title on a final-round tiebreak against its rivals.\n\n"
    "Its captain praised the juniors, who scored four wins from five games in the last match."
)


def articles() -> list[Article]:
    return [
        Article(id="a", text=REPORT_A, source="Valley Post"),
        Article(id="b", text=REPORT_B, source="River News"),
        Article(id="c", text=REPORT_C, source="Town Radio"),
        Article(id="s", text=SPORT, source="Town Radio"),
    ]


def test_every_citation_span_holds_the_summary_sentence():
    report = analyze(articles(), words=200)
    assert report.summary.sentences
    for sent in report.summary.sentences:
        for cite in sent.citations:
            assert report.article(cite.article_id).text[cite.start : cite.end] == sent.text


def test_a_sentence_stated_by_two_articles_cites_both():
    report = analyze(articles(), words=200)
    shared = [s for s in report.summary.sentences if s.text.startswith("Rescue crews pulled")]
    assert [sorted(c.article_id for c in s.citations) for s in shared] == [["a", "b"]]


def test_word_budget_is_never_exceeded():
    for words in (5, 12, 20, 35, 60):
        assert analyze(articles(), words=words).summary.word_count <= words


def test_unrelated_article_is_marked_off_topic_and_kept_out_of_the_summary():
    report = analyze(articles(), words=200)
    assert [a.id for a in report.articles if a.off_topic] == ["s"]
    assert all(c.article_id != "s" for s in report.summary.sentences for c in s.citations)


def test_glued_file_is_split_at_its_dateline(tmp_path):
    path = tmp_path / "glued.txt"
    path.write_text(REPORT_A + "\n\nOSLO -- " + SPORT, encoding="utf-8")
    report = analyze([path], words=50)
    assert [a.id for a in report.articles] == ["glued-1", "glued-2"]
    assert report.articles[1].text.startswith("OSLO -- The city chess club")


def test_a_lone_report_is_never_split_by_topic():
    """With nothing else to compare against, a report's own low-cohesion stretches are not off-topic."""
    text = "\n\n".join(
        [
            "Volunteers in Dunmore handed out hot meals at the school shelter on Friday evening.",
            "About six hundred people slept there, many of them families from the lower streets.",
            "Divers recovered two cars from the flooded underpass beside the old market hall.",
            "Engineers said the railway embankment north of town had held despite the pressure.",
            "The regional governor promised compensation for traders whose stock was ruined.",
        ]
        * 2
    )
    report = analyze([Article(id="lone", text=text)], words=50)
    assert [a.id for a in report.articles] == ["lone"]


def test_summary_reads_in_publication_order():
    from datetime import date

    later = Article(id="later", text=REPORT_C, published=date(2026, 3, 12))
    earlier = Article(id="earlier", text=REPORT_A, published=date(2026, 3, 10))
    report = analyze([later, earlier], words=200)
    first_cited = [s.citations[0].article_id for s in report.summary.sentences]
    assert first_cited == sorted(first_cited, key=["earlier", "later"].index)


def test_a_summary_sentence_that_quotes_someone_unnamed_gets_the_speaker():
    from storyline.model import ArticleAnalysis, Quote, Span, StoryReport, Summary, SummarySentence
    from storyline.render import render
    from storyline.stages import StoryWork, merge_quotes

    text = '"The pier is safe," the mayor said. "We checked it twice."'
    said, carried_on = (
        Quote(
            "the mayor", None, None, "direct", "asserted", "said", content,
            Span("a", 20, 29), Span("a", 30, 34), Span("a", start, end), Span("a", 0, end),
        )
        for content, start, end in (('"The pier is safe,"', 0, 19), ('"We checked it twice."', 36, 58))
    )  # fmt: skip
    named = SummarySentence(text[:35], [Span("a", 0, 35)])  # names its speaker
    unnamed = SummarySentence(text[36:], [Span("a", 36, 58)])
    report = StoryReport([Article("a", text)], summary=Summary([named, unnamed]))
    analyses = {"a": ArticleAnalysis("a", "test", quotes=[said, carried_on])}
    report = merge_quotes(StoryWork(report, analyses)).report
    assert [s.speaker for s in report.summary.sentences] == [None, "the mayor"]
    assert '- "We checked it twice." _(the mayor)_ [1]' in render(report, "md")
    assert unnamed.speaker is None  # the stage made a new sentence; the input is as it was


def test_an_html_page_is_one_article_whatever_its_datelines(tmp_path):
    """A page is one article: a dateline inside it, or a batch around it, does not split it."""
    body = "".join(f"<p>{p}</p>" for p in (REPORT_A + "\n\nOSLO -- " + SPORT).split("\n\n"))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    glued = tmp_path / "other.txt"
    glued.write_text(REPORT_B + "\n\nOSLO -- " + SPORT, encoding="utf-8")
    alone = analyze([page], words=50)
    in_batch = analyze([page, glued], words=50)
    assert [a.id for a in alone.articles] == ["page"]
    assert [a.id for a in in_batch.articles] == ["page", "other-1", "other-2"]
    alone_glued = analyze([glued], words=50)
    assert [a.text for a in alone_glued.articles] == [a.text for a in in_batch.articles[1:]]


def test_a_jsonl_record_is_never_split(tmp_path):
    import json

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": REPORT_A + "\n\nOSLO -- " + SPORT}) + "\n", encoding="utf-8")
    assert [a.id for a in analyze([path], words=50).articles] == ["r1"]


UNRELATED = [
    "The city chess club won its league title on a final-round tiebreak against its rivals from the coast.",
    "Bakers in the old quarter raised bread prices after the cost of flour doubled over the winter months.",
    "A comet visible to the naked eye will pass close to the planet next spring, astronomers at the observatory said.",
    "The national opera company cancelled its autumn tour of the northern provinces for lack of funding.",
]


def test_unrelated_inputs_get_a_note_and_one_story_does_not():
    from storyline.relatedness import story_notes

    mixed = [Article(id=f"u{i}", text=text) for i, text in enumerate(UNRELATED)]
    (note,) = story_notes(mixed)
    assert "do not look like one story" in note and "4 articles" in note
    assert story_notes(articles()[:3]) == []
    assert story_notes(mixed[:2]) == []  # two reports are too few to tell


def test_the_note_reaches_every_format():
    from storyline.pipeline import build_report, prepare
    from storyline.render import render
    from storyline.stages import SUMMARY_STAGES

    articles, _ = prepare([Article(id=f"u{i}", text=text) for i, text in enumerate(UNRELATED)])
    report = build_report(articles, words=30, stages=SUMMARY_STAGES)
    assert report.notes and report.to_dict()["notes"] == report.notes
    for fmt in ("md", "html"):
        assert "do not look like one story" in render(report, fmt)
