"""``storyline spark ingest|export`` and ``python -m storyline.spark ingest|export``: the
arguments and one library call each (pyspark is imported only by ``ingest``)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    ingest = steps.add_parser("ingest", help="read, clean, cluster (and analyse) inputs into Parquet tables")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    ingest.add_argument("--out", required=True, metavar="FOLDER", help="the lake: one Parquet table per subfolder")
    ingest.add_argument("--analyze", action="store_true", help="also analyse every article and build story reports")
    ingest.add_argument(
        "--master", metavar="URL", help="Spark master (default local[*], or the one spark-submit was given)"
    )
    export = steps.add_parser("export", help="load a lake into a new SQLite story database")
    export.add_argument("lake", metavar="FOLDER")
    export.add_argument("--db", required=True, metavar="FILE", help="the SQLite story database to create")


def run(args: argparse.Namespace) -> int:
    if args.step == "export":
        from .export import export

        loaded = export(args.lake, args.db)
        print(
            f"{args.db} holds {loaded.articles} articles in {loaded.stories} stories, "
            f"{loaded.analyses} analyses, {loaded.reports} story reports",
            file=sys.stderr,
        )
        return 0
    from .job import ingest

    result = ingest(args.paths, args.out, analyze=args.analyze, master=args.master)
    for error in result.errors:
        print(f"storyline: {error}", file=sys.stderr)
    print(
        f"wrote {result.articles} articles ({result.junk} junk, {result.duplicates} repeated contents left out), "
        f"{result.stories} stories, {result.copies} syndicated copies, {result.analysed} analyses, "
        f"{result.reports} story reports to {args.out}",
        file=sys.stderr,
    )
    return 1 if result.errors and not result.articles else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline.spark", description="storyline on Apache Spark")
    add_arguments(parser)
    return run(parser.parse_args(argv))
