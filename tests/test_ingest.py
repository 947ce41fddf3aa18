"""Readers: each format, encodings, and clear errors for bad input."""

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest import read_file, read_paths

HTML = """<html><head><title>Ferry runs again | Coast Post</title>
<meta property="og:site_name" content="Coast Post">
<meta property="article:published_time" content="2026-01-05T08:00:00Z"></head>
<body><nav>Home | Sport</nav><article><h1>Ferry runs again</h1>
<p>The island ferry resumed service on Monday after a week of storms kept it in port.</p>
<p>Harbour officials said the first crossing carried about 200 passengers and a cargo of fresh food for the shops.</p>
</article><footer>Copyright Coast Post</footer></body></html>"""


def test_text_with_header(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Title: Ferry runs\nSource: Coast Post\nPublished: 2026-01-05\n\nThe ferry ran.\n", encoding="utf-8"
    )
    (article,) = read_file(path)
    assert (article.title, article.source, article.published) == ("Ferry runs", "Coast Post", date(2026, 1, 5))
    assert article.text.strip() == "The ferry ran."


def test_text_in_another_encoding_is_detected(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le maire a déclaré que la crue était terminée à Genève, où l'eau a baissé.".encode("cp1252"))
    (article,) = read_file(path)
    assert "déclaré" in article.text


def test_binary_file_is_refused_with_the_reason(tmp_path: Path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="image.txt.*binary"):
        read_file(path)


def test_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_file(path)


def test_html_main_text_and_metadata(tmp_path: Path):
    path = tmp_path / "ferry.html"
    path.write_text(HTML, encoding="utf-8")
    (article,) = read_file(path)
    assert article.source == "Coast Post"
    assert article.published == date(2026, 1, 5)
    assert "resumed service on Monday" in article.text
    assert "Home | Sport" not in article.text


def test_gzipped_html_page_is_read_as_html(tmp_path: Path):
    import gzip

    path = tmp_path / "ferry.html.gz"
    path.write_bytes(gzip.compress(HTML.encode("utf-8")))
    (article,) = read_file(path)
    assert article.id == "ferry" and "resumed service on Monday" in article.text
    assert (article.published, article.published_source) == (date(2026, 1, 5), "html metadata")


def test_damaged_gzip_is_refused_with_the_reason(tmp_path: Path):
    path = tmp_path / "cut.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(InputError, match="cut.html.gz.*gzip"):
        read_file(path)


def pier_page(head: str, url: str = "") -> str:
    canonical = f"<link rel='canonical' href='{url}'>" if url else ""
    return (
        f"<html><head><title>Pier</title>{canonical}{head}</head>"
        "<body><article><h1>Pier reopens</h1><time datetime='2024-06-02T09:00'>June 2</time>"
        + "<p>The old pier reopened to walkers on Sunday after two years of repairs to its deck.</p>" * 3
        + "</article></body></html>"
    )


def test_the_articles_time_element_is_preferred_to_structured_data_about_the_web_page(tmp_path: Path):
    webpage = '<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2019-02-11"}</script>'
    path = tmp_path / "pier.html"
    path.write_text(pier_page(webpage), encoding="utf-8")
    (article,) = read_file(path)
    assert (article.published, article.published_source) == (date(2024, 6, 2), "html metadata")


def test_the_date_in_the_pages_address_comes_first(tmp_path: Path):
    """A UTC timestamp late in the publisher's evening is already the next day; the address is not."""
    late = "<meta property='article:published_time' content='2024-06-03T02:10:00Z'>"
    path = tmp_path / "pier.html"
    path.write_text(pier_page(late, "https://coast-post.example/2024/06/02/pier-reopens/"), encoding="utf-8")
    (article,) = read_file(path)
    assert (article.published, article.published_source) == (date(2024, 6, 2), "page url")


def test_url_dates():
    from storyline.ingest.html import url_date

    assert url_date("https://a.example/news/2019-11-19/vote") == date(2019, 11, 19)
    assert url_date("https://a.example/2019/13/40/vote") is None
    assert url_date("https://a.example/item/20191119") is None and url_date(None) is None


def test_a_page_the_precision_mode_misses_is_read_in_a_looser_mode(tmp_path: Path, monkeypatch):
    """Some layouts defeat trafilatura's precision mode on a long article; the page is read in
    the default mode before it is given up."""
    import trafilatura

    real = trafilatura.bare_extraction
    modes = []

    def picky(html, **options):
        modes.append(options.get("favor_precision", False))
        return None if options.get("favor_precision") else real(html, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", picky)
    path = tmp_path / "ferry.html"
    path.write_text(HTML, encoding="utf-8")
    (article,) = read_file(path)
    assert "resumed service on Monday" in article.text and modes == [True, False]


def split_body_page(second_class: str) -> str:
    first = "".join(
        f"<p>The harbour board met on Monday about the sea wall (part {i}), which storms broke twice last winter.</p>"
        for i in range(5)
    )
    second = "".join(
        f"<p>Engineers told the board that the repairs (stage {i}) would take a year and cost more than planned.</p>"
        for i in range(6)
    )
    return (
        "<html><head><title>Sea wall</title></head><body><div class='page'><h1>Sea wall</h1>"
        f"<div class='grid'><div class='body article-body'>{first}</div><aside><div class='ad'></div></aside></div>"
        "<div class='promo'><span>Advertisement</span></div>"
        f"<div class='grid'><div class='{second_class}'>{second}</div></div></div></body></html>"
    )


def test_an_article_body_cut_into_blocks_of_one_class_is_read_whole(tmp_path: Path):
    path = tmp_path / "wall.html"
    path.write_text(split_body_page("body article-body"), encoding="utf-8")
    (article,) = read_file(path)
    assert "(part 0)" in article.text and "(stage 5)" in article.text


def test_blocks_are_joined_only_when_the_text_misses_them():
    import trafilatura

    from storyline.ingest.html import rejoin_split_body

    tree = trafilatura.load_html(split_body_page("body article-body"))
    whole = " ".join(p.text_content() for p in tree.iter("p"))
    assert not rejoin_split_body(tree, whole)
    assert not rejoin_split_body(trafilatura.load_html(split_body_page("sidebar")), "")


def test_a_hover_card_inside_a_sentence_is_not_glued_into_it(tmp_path: Path):
    card = (
        "<span class='name-tooltip'><a href='/people/dana-voss'>Dana Voss</a>"
        "<span class='tooltip-card'><img src='voss.jpg'><a href='/people/dana-voss'>Dana Voss</a>"
        "<a href='/news/1'>Budget talks stall again</a><a href='/news/2'>Port tax vote delayed</a></span></span>"
    )
    body = "".join(
        f"<p>The harbour levy was backed on Tuesday by Senator {card} after a long debate in the chamber.</p>"
        if i == 0
        else f"<p>Supporters said the levy, measure {i}, would pay for dredging the channel and mending the pier.</p>"
        for i in range(5)
    )
    path = tmp_path / "levy.html"
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    (article,) = read_file(path)
    assert "backed on Tuesday by Senator Dana Voss after a long debate" in article.text
    assert "Budget talks stall" not in article.text


def test_text_divided_by_line_breaks_is_rebuilt_into_paragraphs():
    import lxml.html

    from storyline.ingest.html import paragraphs_from_breaks

    lead = "The valley council voted on Tuesday to rebuild the flood wall, which storms broke twice last winter."
    later = "Engineers said the work would start in spring and take most of a year, river traffic allowing."
    block = lxml.html.fromstring(
        f"<div><div class='content'>{lead} So said <em>the Gazette</em>.<br> <br><img src='wall.jpg'>"
        f"<br>{later}<br><br>Short.</div></div>"
    )
    assert paragraphs_from_breaks(block) == 1
    content = block.find("div")
    assert [child.tag for child in content] == ["p", "img", "p", "p"]
    assert content[0].text_content() == f"{lead} So said the Gazette."
    assert [p.text_content() for p in content.iter("p")][1:] == [later, "Short."]


def test_a_block_with_little_text_of_its_own_is_left_alone():
    import lxml.html

    from storyline.ingest.html import paragraphs_from_breaks

    block = lxml.html.fromstring("<div>Coast Post<br>12 Harbour Road<br>Port Ellis</div>")
    assert paragraphs_from_breaks(block) == 0 and block.find("p") is None


def test_jsonl_keeps_good_lines_and_skips_bad_ones(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "x1", "text": "The bridge reopened.", "source": "Valley Post", "published": "2026-02-01"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    (article,) = read_file(path)
    assert (article.id, article.source, article.published) == ("x1", "Valley Post", date(2026, 2, 1))


def test_bad_jsonl_lines_become_errors_naming_file_and_line(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "The bridge reopened."}) + "\n{not json\n[1, 2]\n", encoding="utf-8")
    articles, errors = read_paths([path])
    assert [a.text for a in articles] == ["The bridge reopened."]
    assert [(Path(e.path).name, e.reason.split(":")[0]) for e in errors] == [
        ("feed.jsonl", "line 2 skipped"),
        ("feed.jsonl", "line 3 skipped"),
    ]


def test_json_array_of_articles_keeps_good_items_and_skips_bad_ones(tmp_path: Path):
    path = tmp_path / "feed.json"
    items = [{"id": "a", "text": "The pier reopened on Monday.", "published": "2021-05-03"}, {"title": "no text"}]
    path.write_text(json.dumps(items), encoding="utf-8")
    (article,) = read_file(path)
    assert (article.id, article.text, article.published) == ("a", "The pier reopened on Monday.", date(2021, 5, 3))
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "cut off', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_file(broken)


def test_json_lines_under_a_json_name_are_read_as_lines(tmp_path: Path):
    path = tmp_path / "feed.json"
    rows = [{"id": "a", "text": "The pier reopened."}, {"id": "b", "text": "The ferry sailed."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [a.id for a in read_file(path)] == ["a", "b"]


def test_multinews_bundle_is_split_into_documents(tmp_path: Path):
    path = tmp_path / "bundle.txt"
    path.write_text("First report.NEWLINE_CHARMore. ||||| Second report. |||||", encoding="utf-8")
    articles = read_file(path)
    assert [a.text for a in articles] == ["First report.\nMore.", "Second report."]


def test_folder_is_read_recursively_and_bad_files_do_not_stop_the_batch(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("The first report.", encoding="utf-8")
    (tmp_path / "two.txt").write_text("The second report.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "notes.bin").write_bytes(b"ignored: not a known extension")
    articles, errors = read_paths([tmp_path, tmp_path / "missing.txt"], published=date(2026, 3, 1))
    assert sorted(a.text for a in articles) == ["The first report.", "The second report."]
    assert all((a.published, a.published_source) == (date(2026, 3, 1), "given") for a in articles)
    assert [Path(e.path).name for e in errors] == ["broken.txt", "missing.txt"]
    assert "binary" in errors[0].reason and "no such file" in errors[1].reason


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
<item><title>Bridge reopens</title><link>https://valley-post.example/bridge</link>
<pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;The river bridge reopened on Tuesday.&lt;/p&gt;
&lt;p&gt;Traffic was light.&lt;/p&gt;</description></item>
<item><title>Empty</title><description></description></item>
</channel></rss>"""


def test_rss_entries_become_articles(tmp_path: Path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    (article,) = read_file(path)
    assert (article.title, article.source, article.published) == ("Bridge reopens", "Valley Post", date(2026, 3, 3))
    assert article.url == "https://valley-post.example/bridge"
    assert article.text == "The river bridge reopened on Tuesday.\n\nTraffic was light."


def test_something_that_is_not_a_feed_is_refused(tmp_path: Path):
    path = tmp_path / "notes.xml"
    path.write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    with pytest.raises(InputError, match="notes.xml"):
        read_file(path)


def write_warc(path: Path, pages: dict[str, str]) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, html in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=BytesIO(html.encode()), http_headers=headers)
            writer.write_record(record)


def test_warc_html_responses_become_articles(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, {"https://coast-post.example/ferry": HTML, "https://coast-post.example/empty": "<html></html>"})
    (article,) = read_file(path)
    assert article.id == "crawl-1" and article.source == "Coast Post"
    assert "resumed service on Monday" in article.text


def test_warc_resource_records_holding_html_become_articles(tmp_path: Path):
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    path = tmp_path / "saved.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        for uri, kind, payload in [
            ("file:///ferry.html", "text/html", HTML),
            ("file:///notes.txt", "text/plain", "not a page"),
        ]:
            record = writer.create_warc_record(
                uri, "resource", payload=BytesIO(payload.encode()), warc_content_type=kind
            )
            writer.write_record(record)
    articles, errors = read_paths([path])
    assert [a.id for a in articles] == ["saved-1"] and "resumed service on Monday" in articles[0].text
    assert errors == []


def test_an_html_record_without_text_is_an_error_of_the_batch(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, {"https://coast-post.example/ferry": HTML, "https://coast-post.example/empty": "<html></html>"})
    articles, errors = read_paths([path])
    assert len(articles) == 1
    assert [(Path(e.path).name, "coast-post.example/empty" in e.reason) for e in errors] == [("crawl.warc.gz", True)]


def test_library_messages_about_a_page_stay_off_standard_error(tmp_path: Path, capsys):
    import logging

    logging.basicConfig(level=logging.ERROR)
    path = tmp_path / "blank.html"
    path.write_text("<!-- a page saved before it loaded -->", encoding="utf-8")  # lxml: "Document is empty"
    articles, errors = read_paths([path])
    assert not articles and [Path(e.path).name for e in errors] == ["blank.html"]
    assert "Document is empty" not in capsys.readouterr().err


def test_corrupt_warc_is_refused(tmp_path: Path):
    path = tmp_path / "broken.warc"
    path.write_text("this is not an archive", encoding="utf-8")
    with pytest.raises(InputError, match="broken.warc"):
        read_file(path)
