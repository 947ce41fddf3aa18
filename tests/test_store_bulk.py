"""Loading finished stories into a store in one go (``store.bulk``, used by the Spark export)."""

from datetime import date
from pathlib import Path

import pytest

from storyline.model import Article
from storyline.store import Store, StoreError
from storyline.store.bulk import LoadedArticle, load_stories


def articles() -> list[LoadedArticle]:
    flood = "Floodwater swept through Riverton after the Mallow dam failed and rescuers used boats."
    return [
        LoadedArticle(Article("b", flood + " More rain is due.", source="Gazette", published=date(2026, 3, 11))),
        LoadedArticle(Article("a", flood, title="Dam fails", source="Wire", published=date(2026, 3, 10))),
        LoadedArticle(Article("j", "More soon"), junk="too short"),
    ]


def test_loaded_stories_read_like_ingested_ones(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        rowids = load_stories(store, articles(), {7: ["a", "b"]})
        assert list(rowids) == ["b", "a", "j"]  # row ids in the order given
        (story,) = store.stories()
        assert (story.id, story.size, story.sources, story.headline) == (7, 2, 2, "Dam fails")
        assert (story.first_published, story.last_published) == ("2026-03-10", "2026-03-11")
        assert [a.id for a in store.story_articles(7)] == ["a", "b"]
        assert {hit.article_id for hit in store.search_hits("Mallow")} == {"a", "b"}
        junk = store.db.execute("SELECT junk FROM articles WHERE article_id = 'j'").fetchone()[0]
        assert junk == "too short"


def test_a_load_into_a_store_holding_articles_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        load_stories(store, articles(), {1: ["a", "b"]})
        with pytest.raises(StoreError, match="already holds articles"):
            load_stories(store, articles(), {1: ["a"]})
        assert store.count("articles") == 3
