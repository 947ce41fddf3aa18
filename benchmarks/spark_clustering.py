"""Clustering quality of the Spark job (two phases: blocks, then the merge) against
``storyline ingest`` on the same labelled documents: BCubed F1 of each against the gold stories.

The documents (``{"doc_id", "story_label", "text"}``) are written to a temporary JSONL file
that both read with storyline's reader; both keep each content once, so both are scored over
the articles they kept (junk documents as singletons, as ``storyline eval clustering`` does).

Run: nice .venv/bin/python benchmarks/spark_clustering.py [DOCS_JSONL] [--master local[2]]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from storyline.eval.clustering import bcubed
from storyline.pipeline import ingest_paths
from storyline.spark.export import read_table
from storyline.spark.job import ingest
from storyline.store import Store


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "clustering" / "multinews_dev_docs.jsonl"
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", nargs="?", type=Path, default=default)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    docs = [json.loads(line) for line in args.docs.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = {d["doc_id"]: d["story_label"] for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "docs.jsonl"
        inputs.write_text("\n".join(json.dumps({"id": d["doc_id"], "text": d["text"]}) for d in docs), encoding="utf-8")
        with Store(Path(tmp) / "ingest.db") as store:
            ingest_paths(store, [inputs])
            rows = store.db.execute(
                "SELECT a.article_id, m.story_id FROM articles a LEFT JOIN story_articles m ON m.article_rowid = a.id"
            ).fetchall()
        single = {article: story if story is not None else ("junk", article) for article, story in rows}
        ingest([inputs], Path(tmp) / "lake", master=args.master)
        members = read_table(Path(tmp) / "lake", "story_articles")
        articles = read_table(Path(tmp) / "lake", "articles")
    stories = dict(zip(members.article_id, members.story_id, strict=True))
    spark = {a: stories.get(a, ("junk", a)) for a in articles.article_id}
    for name, labels in (("storyline ingest", single), ("spark job", spark)):
        kept = sorted(labels)
        p, r, f1 = bcubed([labels[a] for a in kept], [gold[a] for a in kept])
        print(f"{name:18s} {len(kept)} articles, {len(set(labels.values()))} stories: P {p:.3f} R {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
