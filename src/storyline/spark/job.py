"""The Spark ingest: inputs in, the lake's Parquet tables out (docs/output.md).

Steps, each a Spark stage over the pipeline's own functions (:mod:`.tasks`):

1. read, clean, split, segment, junk (``mapInPandas`` over the input files); an input that
   cannot be read becomes a row of the ``errors`` table and the rest carries on;
2. the same content once (the first in input order, as ``ingest`` skips what it has stored),
   article ids made unique as the store does (``id~2`` for a later article with a taken id);
3. syndicated copies across the whole archive: MinHash LSH bands over the stable shingle hashes
   of ``dedup``, candidates checked by ``dedup.syndicated_copies``;
4. stories in two phases: the ingest's online clusterer within overlapping time blocks
   (``BLOCK_DAYS`` long, one every ``STEP_DAYS``), then the blocks' stories merged where they
   share an article (connected components);
5. with ``analyze``: the article stages per article, then each story's report
   (``groupBy(story).applyInPandas``).

Every table is rewritten whole (``overwrite``), so running the job again into the same lake
leaves the same tables, and each table is read back from the lake by the next step rather than
recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest import expand_paths
from ..model import ReadError
from ..stories.cluster import ClusterSettings
from . import tasks

BLOCK_DAYS, STEP_DAYS = 14, 7  # a block is two weeks long; blocks overlap by one week
TABLES = ("articles", "stories", "story_articles", "analyses", "reports", "copies", "errors")


@dataclass
class LakeResult:
    """What a run wrote: counts per table and the inputs (or parts of them) it could not read."""

    articles: int = 0
    junk: int = 0
    duplicates: int = 0
    stories: int = 0
    copies: int = 0
    analysed: int = 0
    reports: int = 0
    errors: list[ReadError] = field(default_factory=list)


def ingest(
    paths: Iterable[str | Path], out: str | Path, analyze: bool = False, master: str | None = None, spark: Any = None
) -> LakeResult:
    """Run the job over ``paths`` (files or folders) into the lake folder ``out``."""
    from pyspark.sql import functions as F

    from .session import spark_session

    spark = spark or spark_session(master)
    lake = Lake(spark, Path(out))
    files = [(i, str(Path(p).absolute())) for i, p in enumerate(expand_paths(paths))]
    listing = spark.createDataFrame(files, "file_index int, path string")
    read = listing.repartition(max(1, min(len(files), spark.sparkContext.defaultParallelism * 4)))
    read = read.mapInPandas(tasks.read_files, tasks.READ_SCHEMA)
    lake.write("read", read.withColumn("seq", (F.col("file_index").cast("bigint") * (1 << 32)) + F.col("position")))
    read = lake.read("read")
    problems = read.filter(F.col("error_reason").isNotNull())
    lake.write("errors", problems.select("file_index", "error_path", "error_reason"))
    result = LakeResult(
        errors=[
            ReadError(r.error_path, r.error_reason)
            for r in lake.read("errors").orderBy("file_index", "error_path").collect()
        ]
    )

    articles = _unique_articles(read.filter(F.col("error_reason").isNull()))
    lake.write("articles", articles, partition=True)
    articles = lake.read("articles")
    result.articles = articles.count()
    result.duplicates = read.filter(F.col("error_reason").isNull()).count() - result.articles
    result.junk = articles.filter(F.col("junk").isNotNull()).count()

    lake.write("copies", _copies(articles))
    result.copies = lake.read("copies").count()

    members = _stories(articles)
    lake.write("story_articles", members, partition=True)
    members = lake.read("story_articles")
    lake.write("stories", _story_rows(members, articles), partition=True)
    result.stories = lake.read("stories").count()

    news = articles.join(members.select("story_id", "article_id"), "article_id")
    analyses = news.limit(0).select("article_id", F.lit("").alias("version"), F.lit("").alias("data"))
    if analyze:  # else the tables are emptied: a report from an earlier run would describe other stories
        analyses = news.repartition(spark.sparkContext.defaultParallelism * 4, "article_id")
        analyses = analyses.mapInPandas(tasks.analyse, tasks.ANALYSIS_SCHEMA)
    lake.write("analyses", analyses.join(articles.select("article_id", "day"), "article_id"), partition=True)
    analyses = lake.read("analyses")
    result.analysed = analyses.count()

    inputs = news.join(analyses.select("article_id", "data"), "article_id")
    reports = inputs.groupBy("story_id").applyInPandas(tasks.story_report, tasks.REPORT_SCHEMA)
    stories = lake.read("stories").select("story_id", "day")
    lake.write("reports", reports.join(stories, "story_id"), partition=True)
    result.reports = lake.read("reports").count()
    lake.drop("read")
    return result


class Lake:
    """The output folder: one Parquet table per subfolder, rewritten whole on every write."""

    def __init__(self, spark: Any, root: Path) -> None:
        self.spark, self.root = spark, root
        self.schemas: dict[str, Any] = {}

    def write(self, table: str, frame: Any, partition: bool = False) -> None:
        self.schemas[table] = frame.schema
        writer = frame.write.mode("overwrite")
        (writer.partitionBy("day") if partition else writer).parquet(str(self.root / table))

    def read(self, table: str) -> Any:
        """The table as written (with the schema it was written with: an empty partitioned table
        has no file to read one from)."""
        return self.spark.read.schema(self.schemas[table]).parquet(str(self.root / table))

    def drop(self, table: str) -> None:
        """Remove a working table (the job's own files only)."""
        import shutil

        shutil.rmtree(self.root / table, ignore_errors=True)


def _unique_articles(read: Any) -> Any:
    """The first article of each content (input order), ids made unique in input order, and the
    publication day each is filed under."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    first = read.withColumn("_n", F.row_number().over(Window.partitionBy("content_hash").orderBy("seq")))
    first = first.filter(F.col("_n") == 1)
    taken = first.withColumn("_k", F.row_number().over(Window.partitionBy("article_id").orderBy("seq")))
    article_id = F.when(F.col("_k") == 1, F.col("article_id")).otherwise(F.concat_ws("~", "article_id", "_k"))
    day = F.coalesce(F.date_format("published", "yyyy-MM-dd"), F.lit("undated"))
    unique = taken.withColumn("article_id", article_id).withColumn("day", day)
    return unique.drop("_n", "_k", "error_path", "error_reason")


def _copies(articles: Any) -> Any:
    """Syndicated copies across the archive: pairs sharing an LSH band, checked exactly; each
    copy with its best original (the highest share, then the earliest in input order)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    news = articles.filter(F.col("junk").isNull())
    bands = news.select("article_id", "seq", F.explode("bands").alias("band"))
    a, b = bands.alias("a"), bands.alias("b")
    pairs = a.join(b, "band").filter(F.col("a.seq") < F.col("b.seq"))
    pairs = pairs.select(F.col("a.article_id").alias("a_id"), F.col("b.article_id").alias("b_id")).distinct()
    texts = news.select("article_id", "text", "published", "seq")
    for side in ("a", "b"):
        renamed = texts.select(*(F.col(c).alias(f"{side}_{c}") for c in texts.columns))
        pairs = pairs.join(renamed.withColumnRenamed(f"{side}_article_id", f"{side}_id"), f"{side}_id")
    found = pairs.mapInPandas(tasks.check_copies, tasks.COPY_SCHEMA)
    order = texts.select(F.col("article_id").alias("original"), F.col("seq").alias("_seq"))
    best = Window.partitionBy("copy").orderBy(F.desc("shared"), "_seq")
    found = found.join(order, "original").withColumn("_n", F.row_number().over(best))
    return found.filter(F.col("_n") == 1).drop("_n", "_seq")


def _stories(articles: Any) -> Any:
    """Each news article's story: the online clusterer within every time block, the blocks'
    stories joined where they share an article, numbered by their first article in input order."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    chars = ClusterSettings().article_chars  # the clusterer reads no further
    news = articles.filter(F.col("junk").isNull()).select(
        "article_id", "published", "seq", F.substring("text", 1, chars).alias("text"), "day"
    )
    step = F.floor(F.datediff("published", F.lit("1970-01-01")) / STEP_DAYS)
    dated = news.filter(F.col("published").isNotNull())
    dated = dated.withColumn("block", F.explode(F.sequence(step - (BLOCK_DAYS // STEP_DAYS - 1), step)))
    last = dated.agg(F.max("block")).first()[0]
    undated = news.filter(F.col("published").isNull()).withColumn("block", F.lit(last or 0).cast("bigint"))
    blocked = dated.unionByName(undated)
    assigned = blocked.groupBy("block").applyInPandas(tasks.cluster_block, tasks.CLUSTER_SCHEMA)
    assigned = assigned.withColumn("node", F.col("block") * (1 << 32) + F.col("local")).select("article_id", "node")
    assigned = assigned.localCheckpoint()
    # an article in two blocks joins its two block-stories: the edges are few (one per pair of
    # stories that meet), so their components are found on the driver
    pairs = assigned.groupBy("article_id").agg(F.min("node").alias("a"), F.max("node").alias("b"))
    edges = [(r.a, r.b) for r in pairs.filter(F.col("a") != F.col("b")).select("a", "b").distinct().collect()]
    root = tasks.components(edges)
    spark = articles.sparkSession
    roots = spark.createDataFrame(list(root.items()), "node bigint, root bigint")
    labelled = assigned.join(roots, "node", "left").withColumn("root", F.coalesce("root", "node"))
    labelled = labelled.groupBy("article_id").agg(F.min("root").alias("root"))
    labelled = labelled.join(news.select("article_id", "seq", "day"), "article_id")
    first = labelled.groupBy("root").agg(F.min("seq").alias("first"))
    numbered = first.withColumn("story_id", F.row_number().over(Window.orderBy("first")).cast("bigint"))
    return labelled.join(numbered, "root").select("story_id", "article_id", "seq", "day")


def _story_rows(members: Any, articles: Any) -> Any:
    """One row per story: size, headline (the oldest titled article's title), first and last day."""
    from pyspark.sql import functions as F

    joined = members.select("story_id", "article_id").join(
        articles.select("article_id", "title", "published", "seq"), "article_id"
    )
    oldest = F.when(F.col("title").isNotNull(), F.struct(F.col("published").isNotNull(), "published", "seq"))
    stories = joined.groupBy("story_id").agg(
        F.count("*").alias("size"),
        F.min_by("title", oldest).alias("headline"),
        F.min("published").alias("first_published"),
        F.max("published").alias("last_published"),
    )
    return stories.withColumn("day", F.coalesce(F.date_format("first_published", "yyyy-MM-dd"), F.lit("undated")))
