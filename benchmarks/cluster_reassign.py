"""Timeline17 sanity and cost of the clusterer's reassignment pass (``StoryClusterer.reassign``).

Feeds every Timeline17 article (about 2,600, publication order) to the clusterer in batches
of the store's transaction size, once online only and once with a reassignment at the end
of each batch, as an ingest would call it. Timeline17's topics (flu, oil spill, Egypt, ...)
are far apart, so a story that mixes two topics is surely wrong: BCubed precision against
the topic labels is the sanity figure (topic recall is not, a topic spans many stories).
Also printed: stories, articles moved, and the clustering time (vectors included).

Run: .venv/bin/python benchmarks/cluster_reassign.py [TIMELINE17_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingest_timeline17 import load_all

from storyline.eval.clustering import bcubed
from storyline.model import Article
from storyline.store import BATCH_SIZE
from storyline.stories.cluster import StoryClusterer


def cluster(articles: list[Article], reassign: bool) -> tuple[list[int], int, float]:
    """Story ids, articles moved, CPU seconds."""
    started = time.process_time()
    clusterer = StoryClusterer()
    stories, moved = [0] * len(articles), 0
    for start in range(0, len(articles), BATCH_SIZE):
        for i in range(start, min(start + BATCH_SIZE, len(articles))):
            stories[i] = clusterer.assign(articles[i].text, articles[i].published, key=i if reassign else None)
        moves = clusterer.reassign() if reassign else {}
        for i, story_id in moves.items():
            stories[i] = story_id  # type: ignore[index]
        moved += len(moves)
    return stories, moved, time.process_time() - started


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
    articles = load_all(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
    topics = [a.id.split("_", 1)[0] for a in articles]
    StoryClusterer().assign("Warm-up: loading the word frequencies happens once, before timing.")
    print(f"{len(articles)} Timeline17 articles, {len(set(topics))} topics, batches of {BATCH_SIZE}")
    for name, reassign in (("online only", False), ("online + reassign", True)):
        stories, moved, cpu = cluster(articles, reassign)
        precision = bcubed(stories, topics)[0]
        print(
            f"{name:18} {len(set(stories)):4d} stories, {moved:3d} moved, topic BCubed P {precision:.4f}, "
            f"{cpu:5.2f} s CPU ({len(articles) / cpu:.0f} articles per CPU-second, clustering alone)"
        )


if __name__ == "__main__":
    main()
