"""Hostile and broken inputs: each costs one line naming the file and the reason (or is read with
the bad value made harmless), and the rest of the batch carries on."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from storyline.ingest import read_paths
from storyline.ingest.decode import MAX_FILE_MB, MB, decode, western_text
from storyline.ingest.feed import html_fragment_to_text
from storyline.ingest.fields import printable, text_field, tidy
from storyline.model import Article
from storyline.pipeline import analyze
from storyline.stages import ARTICLE_STAGES

# every per-article stage but the attribution tagger (a model load the rules here do not need)
CHEAP_STAGES = tuple(s for s in ARTICLE_STAGES if s.name != "quotes")
BODY = "On Monday the dam above Lakeside burst, officials said. The river rose two metres by noon."


def good_file(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(f"Title: Good\nPublished: 2024-05-06\n\n{BODY}\n", encoding="utf-8")
    return path


def run(*paths: Path, published: date | None = None):
    return analyze(list(paths), article_stages=CHEAP_STAGES, published=published)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_publication_date_at_the_calendars_end_resolves_what_it_can(tmp_path: Path, day: str) -> None:
    bad = tmp_path / "edge.txt"
    bad.write_text(f"Title: Edge\nPublished: {day}\n\n{BODY} Last week and 5000 years ago it held.\n")
    report = run(bad, good_file(tmp_path))
    assert len(report.articles) == 2 and not report.errors


def test_a_given_publication_date_at_the_calendars_start_is_no_crash(tmp_path: Path) -> None:
    report = run(good_file(tmp_path), tmp_path / "missing.txt", published=date(1, 1, 1))
    assert len(report.articles) == 1 and [e.path for e in report.errors] == [str(tmp_path / "missing.txt")]


def rss(description: str, pub_date: str = "Mon, 06 May 2024 10:00:00 GMT") -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>A</title>'
        f"<pubDate>{pub_date}</pubDate><description>{description}</description></item></channel></rss>"
    ).encode()


def test_a_feed_date_of_year_zero_is_no_date(tmp_path: Path) -> None:
    path = tmp_path / "zero.rss"
    path.write_bytes(rss(BODY, "0000-00-00"))
    articles, errors = read_paths([path])
    assert [a.published for a in articles] == [None] and not errors


def test_control_characters_and_their_references_in_feed_html_are_dropped(tmp_path: Path) -> None:
    assert html_fragment_to_text("<p>The dam</p>\x01burst &#1;today") == "The dam\n\nburst today"
    path = tmp_path / "ctrl.rss"
    path.write_bytes(rss("&lt;p&gt;The dam&lt;/p&gt;&amp;#1;burst \x0b on Monday."))
    articles, errors = read_paths([path])
    assert articles[0].text == "The dam\n\nburst  on Monday." and not errors


def warc_record(uri: str | None) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = f"<html><head><title>Dam</title></head><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(page.encode()), http_headers=http)
    writer.write_record(record)
    return out.getvalue()


def test_a_warc_record_without_a_target_uri_is_read_and_so_are_the_others(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record(None) + warc_record("https://example.org/dam"))
    articles, errors = read_paths([path])
    assert [a.url for a in articles] == [None, "https://example.org/dam"] and not errors


def test_deeply_nested_json_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    lines = tmp_path / "deep.jsonl"
    lines.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": BODY}) + "\n")
    articles, errors = read_paths([deep, lines, good_file(tmp_path)])
    assert len(articles) == 2
    assert [(e.path, e.reason) for e in errors] == [
        (str(deep), "JSON nested too deeply to read"),
        (str(lines), "line 1 skipped: JSON nested too deeply to read"),
    ]


def test_metadata_of_the_wrong_type_is_reported_and_the_article_kept(tmp_path: Path) -> None:
    path = tmp_path / "types.jsonl"
    path.write_text(json.dumps({"text": BODY, "source": {"name": "x"}, "title": 5, "url": ["u"], "id": 7}) + "\n")
    report = run(path)
    (article,) = report.articles
    assert (article.id, article.title, article.source, article.url) == ("7", "5", None, None)
    assert sorted(e.reason for e in report.errors) == [
        "line 1: 'source' ignored: a JSON dict, not text",
        "line 1: 'url' ignored: a JSON list, not text",
    ]
    from storyline.render import render

    for fmt in ("md", "html", "json"):
        assert render(report, fmt)


def test_a_lone_surrogate_in_json_text_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.jsonl"
    path.write_text('{"text": "On Monday the dam \\ud800 burst, officials said.", "title": "T\\udfff"}\n')
    report = run(path)
    (article,) = report.articles
    assert "\ufffd" in article.text and article.title == "T\ufffd"
    article.text.encode("utf-8")


def test_printable_rules() -> None:
    assert printable("a\x00b\x7fc\td\ne") == "abc\td\ne"
    assert printable("x\ud800") == "x\ufffd"
    assert text_field(3.5) == "3.5" and text_field(True) is None and text_field([1]) is None


def test_an_article_given_with_metadata_of_any_type_is_tidied() -> None:
    odd = Article(id=5, text="a\x00b", title={"x": 1}, source=9, url=None)  # type: ignore[arg-type]
    tidied = tidy(odd)
    assert (tidied.id, tidied.text, tidied.title, tidied.source) == ("5", "ab", None, "9")
    clean = Article(id="a", text="fine", title="T")
    assert tidy(clean) is clean


def test_a_gzip_bomb_is_refused_past_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(MAX_FILE_MB + 1):
            out.write(b"\0" * MB)
    articles, errors = read_paths([path, good_file(tmp_path)])
    assert len(articles) == 1
    assert [e.reason for e in errors] == [f"file larger than {MAX_FILE_MB} MB (uncompressed); split it"]


def test_utf16_with_and_without_a_byte_order_mark_is_text() -> None:
    text = "Värenna Façade: the dam burst."
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        assert decode(text.encode(codec), Path("x.txt")) == text


def test_western_single_byte_text_is_read_as_cp1252_not_a_baltic_code_page() -> None:
    text = "Värenna Façade – the dam burst above the town, “officials” said."
    assert decode(text.encode("cp1252"), Path("x.txt")) == text
    cyrillic = "Плотина прорвалась в понедельник, сообщили чиновники."
    assert western_text(cyrillic.encode("cp1251")) is None  # left to the detector


def test_a_nul_byte_anywhere_marks_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "late_nul.txt"
    path.write_bytes(b"The dam burst. " * 500 + b"\x00tail")
    articles, errors = read_paths([path])
    assert not articles and "binary file" in errors[0].reason


def test_a_file_of_more_articles_than_a_report_holds_is_refused_and_the_rest_kept(tmp_path: Path) -> None:
    from storyline.pipeline import MAX_REPORT_ARTICLES, TOO_MANY

    bundle = tmp_path / "bundle.mnews"
    bundle.write_text("|||||".join(f"Document {i} about the dam." for i in range(MAX_REPORT_ARTICLES + 1)))
    report = analyze([bundle, good_file(tmp_path)], summary_only=True)
    assert [a.title for a in report.articles] == ["Good"]
    assert [(e.path, e.reason) for e in report.errors] == [(str(bundle), TOO_MANY)]


def test_more_articles_in_all_than_a_report_holds_refuse_the_run(tmp_path: Path) -> None:
    from storyline.errors import StorylineError
    from storyline.pipeline import MAX_REPORT_ARTICLES

    many = [Article(id=str(i), text=f"Report {i} on the dam.") for i in range(MAX_REPORT_ARTICLES + 1)]
    with pytest.raises(StorylineError, match="use `storyline ingest`"):
        analyze(many, summary_only=True)


def test_a_warc_record_over_the_limit_is_skipped_with_its_reason(tmp_path: Path, monkeypatch) -> None:
    from storyline.ingest import warc

    monkeypatch.setattr(warc, "MAX_RECORD_MB", 0)
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_record("https://example.org/dam"))
    articles, errors = read_paths([path])
    assert not articles
    assert [e.reason for e in errors] == [
        "record https://example.org/dam skipped: record larger than 0 MB",
        "the WARC archive holds no HTML page with article text",
    ]


def test_sparse_relatedness_is_the_cosine_with_the_sum_of_the_others() -> None:
    import numpy as np

    from storyline.relatedness import article_relatedness, paragraph_relatedness
    from storyline.vectors import tfidf_vectors

    texts = ["dam burst river flood", "river flood town water", "football match goal", "dam river water level"]
    dense = tfidf_vectors(texts).toarray()
    total = dense.sum(axis=0)

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    assert article_relatedness(texts) == pytest.approx([cosine(v, total - v) for v in dense])
    inputs = [texts[:2], texts[2:]]
    sums = [dense[:2].sum(axis=0), dense[2:].sum(axis=0)]
    expected = [[cosine(dense[i], sums[1]) for i in (0, 1)], [cosine(dense[i], sums[0]) for i in (2, 3)]]
    assert paragraph_relatedness(inputs) == [pytest.approx(row) for row in expected]


def test_a_long_search_query_is_refused_with_the_limits(tmp_path: Path) -> None:
    from storyline.store import Store
    from storyline.store.db import MAX_QUERY_WORDS
    from storyline.store.schema import StoreError

    with Store(tmp_path / "s.db") as store:
        assert store.search_hits(" ".join(["dam"] * MAX_QUERY_WORDS)) == []
        with pytest.raises(StoreError, match="search query too long"):
            store.search_hits(" ".join(["dam"] * (MAX_QUERY_WORDS + 1)))


def test_the_sentence_boundary_rule_is_unchanged_by_its_linear_form() -> None:
    import re

    from storyline.segment import BOUNDARY

    backtracking = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
    texts = ["He left... Then. 'No!' she said.) And", "Wait?! “Yes.” (No.) 5 a.m. Ok", ".. .. A", '!!!"" B', "x. y"]
    for text in texts:
        assert [m.span() for m in BOUNDARY.finditer(text)] == [m.span() for m in backtracking.finditer(text)]
    assert [m.span() for m in BOUNDARY.finditer("." * 50_000 + " A")] == [(0, 50_000)]


def test_a_paragraph_too_long_to_parse_is_left_unparsed_and_noted(tmp_path: Path, monkeypatch) -> None:
    from storyline import nlp
    from storyline.nlp import Parses

    monkeypatch.setattr(nlp, "MAX_PARSE_CHARS", 40)
    text = "Short one, he said.\n\nA much longer paragraph that goes on past the cap, officials said."
    parsed = Parses().parse([text])[0]
    assert [p.doc.text for p in parsed] == ["Short one, he said."]
    report = analyze([Article(id="long", text=text)], article_stages=CHEAP_STAGES)
    assert any("longer than 40 characters" in note and "long" in note for note in report.notes)


HOSTILE = {
    "title": "Dam](javascript:alert(1)) <script>alert(2)</script>",
    "source": '<img src=x onerror="alert(3)"> **bold** &amp;',
    "url": "https://example.org/a> <script>alert(4)</script>",
}


def rendered_html(report: object) -> str:
    from markdown_it import MarkdownIt

    from storyline.render import render

    return MarkdownIt("commonmark", {"html": True}).render(render(report, "md"))


def test_markdown_fields_reach_a_commonmark_renderer_as_inert_text(tmp_path: Path) -> None:
    articles = [
        Article(id="a`b", text=BODY, **HOSTILE),
        Article(id="2", text=BODY + " Water rose.", title="# 1. - Heading", url="javascript:alert(5)"),
    ]
    html = rendered_html(analyze(articles, article_stages=CHEAP_STAGES))
    assert "<script" not in html and "<img" not in html and "<strong>bold</strong>" not in html
    assert "<li># 1. - Heading" in html  # a title opening a line starts no heading or list
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/a%3E%20%3Cscript%3Ealert(4)%3C/script%3E"]
    assert "<code>a`b</code>" in html


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    articles, errors = read_paths([fifo, good_file(tmp_path)])
    assert len(articles) == 1 and [e.reason for e in errors] == ["not a regular file (a FIFO, socket or device)"]


def test_an_unreadable_folder_is_reported_and_a_link_loop_walked_once(tmp_path: Path) -> None:
    import os

    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    good_file(root / "sub")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        articles, errors = read_paths([root, root / "dangling.txt"])
    finally:
        locked.chmod(0o755)
    assert [a.title for a in articles] == ["Good"]
    reasons = {e.path: e.reason for e in errors}
    assert reasons[str(root / "dangling.txt")] == "a link that loops or points nowhere"
    if os.geteuid() != 0:  # root reads any folder
        assert reasons[str(locked)] == "a folder that cannot be read (permission denied)"


def test_a_character_reference_to_a_surrogate_in_a_feed_is_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.rss"
    path.write_bytes(rss("The dam &#xD800; burst &#55296; on Monday. &#x4E2D;"))
    articles, errors = read_paths([path])
    assert articles[0].text == "The dam \ufffd burst \ufffd on Monday. 中" and not errors
