"""The command line: a thin layer over the Python API (``storyline.analyze``).

Heavy libraries load only inside the command that needs them, so ``storyline --help``
answers at once. Evaluation commands live in ``storyline.eval.<task>`` modules; each
provides ``add_arguments(parser)`` and ``run(args) -> int`` and keeps its imports lazy.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

FORMATS = ("json", "md", "html")
EVAL_TASKS = {
    "summarization": "ROUGE of the summarizer and its peer baselines (Multi-News style JSONL)",
    "attribution": "source/cue/content attribution spans against PolNeAR-style brat files",
    "timex": "time expressions against TimeML (TempEval-3) files",
    "timeline": "dated timelines against Timeline17-style topic folders",
    "clustering": "BCubed story clustering against labelled JSONL documents",
    "extraction": "article bodies read from HTML pages against hand-checked ones (shingle F1)",
    "quotes": "who said what on real news pages against a hand-written gold file",
}


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from exc


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return number


def _port(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be a port number from 1 to 65535")
    return number


def _add_report_options(parser: argparse.ArgumentParser, default_format: str) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument("--format", "-f", choices=FORMATS, default=default_format, help="output format")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--words", type=_positive, default=250, help="summary length limit in words (default 250)")
    parser.add_argument(
        "--published", type=_iso_date, metavar="YYYY-MM-DD", help="publication date for inputs that state none"
    )


def _add_store_commands(commands: argparse._SubParsersAction) -> None:
    """Commands over a story database (``storyline.store``): ingest, refresh, list, show, search."""
    ingest = commands.add_parser("ingest", help="add inputs to a story database: clean, split, cluster, index")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    ingest.add_argument("--batch-size", type=_positive, default=200, help="articles per transaction (default 200)")
    ingest.add_argument("--analyze", action="store_true", help="then analyse the new articles and build reports")
    refresh = commands.add_parser("refresh", help="analyse pending articles and rebuild stale story reports")
    listing = commands.add_parser("stories", help="one line per stored story: size, sources, dates, report, headline")
    show = commands.add_parser("show", help="the full report of one stored story")
    show.add_argument("story_id", type=int, metavar="STORY_ID")
    show.add_argument("--format", "-f", choices=FORMATS, default="md", help="output format")
    show.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    show.add_argument("--words", type=_positive, default=250, help="summary length limit in words (default 250)")
    search = commands.add_parser("search", help="full-text search over stored articles")
    search.add_argument(
        "query",
        help='words (all must match), or SQLite FTS5 syntax: "air strikes" for a phrase, OR, NOT, '
        'prefix* and NEAR("air strikes" kunduz, 5) for words at most 5 apart',
    )
    search.add_argument("--limit", type=_positive, default=20, help="most hits shown (default 20)")
    serve = commands.add_parser("serve", help="the story desk: web pages and a JSON API over a story database")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument("--refresh", action="store_true", help="also run a background refresh worker (the one writer)")
    for sub in (ingest, refresh, listing, show, search, serve):
        sub.add_argument("--db", required=True, metavar="FILE", help="the SQLite story database")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline", description="Turn many news reports about one story into one sourced account."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_report_options(
        commands.add_parser("analyze", help="full story report: summary, timeline, quotes, disputes, sources"), "json"
    )
    _add_report_options(commands.add_parser("summarize", help="the cited summary only"), "md")
    _add_store_commands(commands)
    from .spark import command as spark_command  # its arguments only; pyspark loads when a job runs

    spark = commands.add_parser("spark", help="the pipeline on Apache Spark: ingest into Parquet, export to SQLite")
    spark_command.add_arguments(spark)
    spark.set_defaults(spark_module=spark_command)
    evaluate = commands.add_parser("eval", help="score a stage against evaluation data")
    tasks = evaluate.add_subparsers(dest="task", required=True, metavar="TASK")
    for task, help_text in EVAL_TASKS.items():
        sub = tasks.add_parser(task, help=help_text)
        module = importlib.import_module(f"storyline.eval.{task}")
        module.add_arguments(sub)
        sub.set_defaults(eval_module=module)
    return parser


@contextmanager
def _progress(label: str, total: int, show: bool) -> Iterator[Callable[..., None] | None]:
    """A transient rich progress bar on standard error; yields its advance callback, or None."""
    if not show:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda *_: bar.advance(task)


def _read_with_progress(args: argparse.Namespace):  # noqa: ANN202 - returns StoryReport
    """Run the analysis, with a progress bar when there are more than a handful of files."""
    from .ingest import expand_paths
    from .pipeline import analyze

    files = list(expand_paths(args.paths))
    with _progress("reading", len(files), show=len(files) > 5 and sys.stderr.isatty()) as advance:
        return analyze(
            files,
            words=args.words,
            published=args.published,
            summary_only=args.command == "summarize",
            on_file=advance,
        )


def _check_output(output: str | None) -> None:
    """Refuse an output that cannot be written before any work is done, not after it."""
    from .errors import StorylineError

    if not output:
        return
    out = Path(output)
    if out.is_dir():
        raise StorylineError(f"cannot write '{output}': it is a folder")
    folder = next((p for p in out.absolute().parents if p.exists()), None)
    if out.exists() and not out.is_file():
        return  # a device or pipe (/dev/null, /dev/stdout): written as it is
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise StorylineError(f"cannot write '{output}': its folder is not writable")


def _write(text: str, output: str | None) -> None:
    """Standard output, or ``output`` written whole or not at all (a temporary file renamed into
    place, so an interrupted or failed write never leaves half a report)."""
    if not output:
        sys.stdout.write(text)
        return
    out = Path(output)
    if out.exists() and not out.is_file():  # a device or pipe: nothing to replace
        _write_or_fail(lambda: out.write_text(text, encoding="utf-8"), output)
        return
    _write_or_fail(lambda: out.parent.mkdir(parents=True, exist_ok=True), output)
    descriptor, part = tempfile.mkstemp(dir=out.parent, suffix=".part")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(part, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's owner-only
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            _write_or_fail(lambda: handle.write(text), output)
        _write_or_fail(lambda: os.replace(part, out), output)
    finally:
        Path(part).unlink(missing_ok=True)  # gone already when the rename succeeded


def _write_or_fail(write: Callable[[], object], output: str) -> None:
    from .errors import StorylineError

    try:
        write()
    except OSError as exc:
        raise StorylineError(f"cannot write '{output}': {exc.strerror or exc}") from exc


def run_ingest(args: argparse.Namespace) -> int:
    from .ingest import expand_paths
    from .pipeline import ingest_paths
    from .store import Store

    files = list(expand_paths(args.paths))
    with Store(args.db) as store:
        with _progress("ingesting", len(files), show=sys.stderr.isatty()) as advance:
            result = ingest_paths(store, files, batch_size=args.batch_size, on_file=advance)
        counts = store.count("articles"), store.count("stories")
        for error in result.errors:
            print(f"storyline: {error}", file=sys.stderr)
        print(
            f"added {result.added} articles ({result.junk} junk), {result.present} already stored; "
            f"{args.db} holds {counts[0]} articles in {counts[1]} stories",
            file=sys.stderr,
        )
        if args.analyze:
            _refresh(store, args.db)
    return 1 if result.errors and not (result.added or result.present) else 0


def _refresh(store, db: str) -> None:  # noqa: ANN001 - a storyline.store.Store
    """Analyse what is pending and rebuild stale reports, with progress bars on a terminal."""
    from .pipeline import refresh, stale_reports
    from .stages import analysis_version

    pending, show = store.count_pending(analysis_version()), sys.stderr.isatty()
    with (
        _progress("analysing", pending, show=show and pending > 0) as on_article,
        _progress("reports", stale_reports(store), show=show) as on_story,
    ):
        result = refresh(store, on_article=on_article, on_story=on_story)
    print(f"analysed {result.analysed} articles, built {result.reports} story reports in {db}", file=sys.stderr)


def run_refresh(args: argparse.Namespace) -> int:
    with _open_existing(args.db) as store:
        _refresh(store, args.db)
    return 0


def _open_existing(db: str, read_only: bool = False):  # noqa: ANN202 - returns storyline.store.Store
    from .errors import StorylineError
    from .store import Store

    if not Path(db).is_file():
        raise StorylineError(f"no database at '{db}' (create one with 'storyline ingest PATH --db {db}')")
    return Store(db, read_only=read_only)


def run_stories(args: argparse.Namespace) -> int:
    from .stages import analysis_version, report_version

    with _open_existing(args.db) as store:
        stories = store.stories(analysis_version(), report_version())
    if not stories:
        print(f"storyline: '{args.db}' holds no story yet", file=sys.stderr)
    for s in stories:
        dates = f"{s.first_published}..{s.last_published}" if s.first_published else "undated"
        articles = f"{s.size} article{'s' if s.size != 1 else ''}"
        outlets = f"{s.sources} outlet{'s' if s.sources != 1 else ''}" if s.sources else "outlets unknown"
        print(f"{s.id}\t{articles}\t{outlets}\t{dates}\t{s.report}\t{s.headline}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    """The stored report; what is still pending is analysed (and stored) first, said on stderr."""
    from .pipeline import story_report
    from .render import render

    def say_pending(count: int) -> None:
        print(f"storyline: analysing {count} pending article(s) of story {args.story_id} first", file=sys.stderr)

    _check_output(args.output)
    with _open_existing(args.db) as store:
        report = story_report(store, args.story_id, words=args.words, on_pending=say_pending)
    _write(render(report, args.format), args.output)
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Hits one per line; none is said on stderr with exit status 1 (as grep does), so an empty
    answer is not mistaken for a command that printed nothing by mistake. A query FTS5 cannot
    parse is searched as its words, and stderr says so."""
    from .store import SearchSyntaxError, plain_words

    with _open_existing(args.db, read_only=True) as store:
        try:
            hits = store.search_hits(args.query, limit=args.limit)
        except SearchSyntaxError as exc:
            print(
                f"storyline: {args.query!r} is not FTS5 syntax ({exc}); searched for its words instead", file=sys.stderr
            )
            words = plain_words(args.query)
            hits = store.search_hits(words, limit=args.limit) if words else []
    for hit in hits:
        story = f"story {hit.story_id}" if hit.story_id is not None else "no story"
        print(f"{hit.article_id}\t{story}\t{hit.title or ''}\t{hit.snippet}")
    if not hits:
        print(f"storyline: no article in '{args.db}' matches {args.query!r}", file=sys.stderr)
        return 1
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve the desk until interrupted; the database is read only, but for the refresh worker."""
    from .web import serve

    _open_existing(args.db, read_only=True).close()
    print(f"storyline: serving {args.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    serve(args.db, host=args.host, port=args.port, refresh=args.refresh)
    return 0


STORE_COMMANDS = {
    "ingest": run_ingest,
    "refresh": run_refresh,
    "stories": run_stories,
    "show": run_show,
    "search": run_search,
    "serve": run_serve,
}


def run_report(args: argparse.Namespace) -> int:
    from .render import render

    _check_output(args.output)
    report = _read_with_progress(args)
    for error in report.errors:
        print(f"storyline: {error}", file=sys.stderr)
    if not report.articles:
        print("storyline: nothing could be read; no report written", file=sys.stderr)
        return 1
    _write(render(report, args.format), args.output)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command. A :class:`StorylineError` is one line on stderr and exit status 1;
    Ctrl-C is one line and status 130."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("storyline: interrupted", file=sys.stderr)
        return 130


def _run(argv: list[str] | None) -> int:
    from .errors import StorylineError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, format="storyline: %(message)s")
    try:
        if args.command == "eval":
            return int(args.eval_module.run(args))
        if args.command == "spark":
            return int(args.spark_module.run(args))
        if args.command in STORE_COMMANDS:
            return STORE_COMMANDS[args.command](args)
        return run_report(args)
    except StorylineError as exc:
        print(f"storyline: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # a truncated or corrupt file, found only when read
        print(f"storyline: cannot read the database '{getattr(args, 'db', '')}': {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `storyline stories --db x | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
