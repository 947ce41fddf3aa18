"""The store's read methods behind the desk: keyset story pages, per-day counts, search with
marks and facets, articles, outlets and syndication pairs."""

from __future__ import annotations

from datetime import date

import pytest
from desk_fixtures import build_desk_db

from storyline.model import Article
from storyline.pipeline import ingest_articles
from storyline.store import SearchSyntaxError, Store, StoreError, StoryQuery, plain_words


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "desk.db"
    ids = build_desk_db(db)
    with Store(db) as writable:  # ten one-article stories on distinct days, for paging
        topics = "glacier orchestra vineyard satellite lighthouse marathon bakery telescope canal harvest".split()
        towns = "Arden Brisk Corvel Dunmore Elstow Fenwick Garrow Hollin Ivybridge Jarrow".split()
        raw = [
            Article(f"extra-{t}", f"{town} {t} {t} {town} {t}. " * 4, source="Dunmore Daily",
                    published=date(2026, 1, 1 + i))
            for i, (t, town) in enumerate(zip(topics, towns, strict=True))
        ]  # fmt: skip
        ingest_articles(writable, raw, records=True)
    with Store(db, read_only=True) as reader:
        yield reader, ids


def test_story_rows_page_by_keyset_without_gaps_or_repeats(store):
    reader, _ = store
    everything = [r.id for r in reader.story_rows(StoryQuery(), limit=100)]
    seen, after = [], None
    while page := reader.story_rows(StoryQuery(after=after), limit=3):
        seen += [r.id for r in page]
        after = page[-1].key
    assert seen == everything and len(set(seen)) == len(seen) == reader.count("stories")
    dates = [r.last_published or "" for r in reader.story_rows(StoryQuery(), limit=100)]
    assert dates == sorted(dates, reverse=True)


def test_story_rows_filters_and_copies(store):
    reader, ids = store
    flood = reader.story_rows(StoryQuery(min_independent=2), limit=100)
    assert [(r.id, r.size, r.copies) for r in flood] == [(ids["flood"], 3, 1)]
    january = reader.story_rows(StoryQuery(since=date(2026, 1, 5), until=date(2026, 1, 6)), limit=100)
    assert sorted(r.last_published for r in january) == ["2026-01-05", "2026-01-06"]
    assert len(reader.story_rows(StoryQuery(source="Dunmore Daily"), limit=100)) == 10


def test_story_days_counts_per_publication_day(store):
    reader, ids = store
    assert reader.story_days([ids["flood"]]) == {ids["flood"]: [("2026-04-07", 1), ("2026-04-08", 2)]}


def test_search_hits_mark_matches_filter_and_refuse_bad_syntax(store):
    reader, _ = store
    hits = reader.search_hits("floodwater", marks=("<<", ">>"))
    assert len(hits) == 3 and all("<<Floodwater>>" in h.snippet for h in hits)
    assert [h.article_id for h in reader.search_hits("floodwater", source="Riverton Post")] == ["flood-a"]
    assert len(reader.search_hits("floodwater", since=date(2026, 4, 8), until=date(2026, 4, 8))) == 2
    facets = reader.search_facets("floodwater")
    assert dict(facets["day"]) == {"2026-04-07": 1, "2026-04-08": 2}
    assert sum(n for _, n in facets["source"]) == 3
    with pytest.raises(SearchSyntaxError):
        reader.search_hits('"unclosed')
    assert plain_words('say "hi') == '"say" """hi"'
    assert reader.search_hits(plain_words('"floodwater'))  # what the CLI and the desk fall back to


def test_articles_outlets_and_syndication(store):
    reader, ids = store
    stored = reader.article("flood-b")
    assert stored.story_id == ids["flood"] and stored.junk is None and stored.article.sentences
    assert reader.article("junk-1").story_id is None and reader.article("junk-1").junk
    with pytest.raises(StoreError):
        reader.article("nope")
    assert ("Dunmore Daily", 10) in reader.sources()
    wire = reader.source_articles("County Wire")
    assert [s.article.id for s in wire] == ["flood-b", "junk-1"] and not wire[0].article.sentences
    assert reader.syndication() == [("flood-a", "flood-b")]
    assert reader.report_built(ids["flood"]) and reader.report_built(ids["vote"]) is None
