"""``storyline eval quotes``: who said what on real news pages against a hand-written gold file.

The gold file (``quotes_gold.jsonl`` beside this module, one JSON object a line) lists, for
18 of the shared pages of the article-extraction benchmark, every attribution a careful editor
would put in a quote table: ``page`` (the file's id), ``content`` (an exact snippet of the
quoted or reported words; a quotation broken by its cue, '"A," she said. "B."', is one row
whose snippet runs from A to B), ``speaker`` (the fullest name the article gives), ``aliases``
(other names a reader would accept), ``kind``, ``stance`` and ``split``. The author's own
narration, "declined to comment", beliefs of unnamed groups and unnamed studies are not
attributions. It was written from the pages' hand-checked bodies before storyline's output on
them was read; the ``dev`` pages were then used to develop on and the ``test`` pages only scored.

Each page is read as one article (``prepare(records=True)``: how a page is split is the
extraction evaluation's business, not this one's) and its quotes taken from
:func:`attribute_articles`, as the report lists them. A predicted quote is **correct** when its
content shares a non-space character with a gold row's snippet; **precision** is the share of
predicted quotes that are correct, **recall** the share of gold rows some prediction overlaps,
and **speaker accuracy** the share of correct predictions whose speaker is the speaker or an
alias of a gold row it overlaps (case, a leading "the" and curly apostrophes aside). The
baseline from the same run and parse is the said-verb pattern of ``eval attribution`` with its
subject's words as the speaker.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD = Path(__file__).with_name("quotes_gold.jsonl")
SPLITS = ("dev", "test")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="folder with html/<page>.html[.gz] (e.g. extraction/)")
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold JSONL (default: the project's own)")
    parser.add_argument("--split", choices=SPLITS, help="score only the dev or the test pages")
    parser.add_argument("--errors", action="store_true", help="list the predictions a reader would see wrongly")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")


@dataclass
class GoldRow:
    page: str
    content: str
    speaker: str
    aliases: list[str]
    split: str
    span: tuple[int, int] | None = None  # where the snippet lies in storyline's text of the page


@dataclass
class Predicted:
    start: int
    end: int
    speaker: str | None
    cue: str = ""


def read_gold(path: Path) -> list[GoldRow]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            rows.append(GoldRow(obj["page"], obj["content"], obj["speaker"], obj.get("aliases", []), obj["split"]))
    return rows


FOLDED = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with curly marks straightened and white space dropped, and for each character of
    it the offset it came from (so a snippet is found whatever the page's extraction did to
    spaces and marks: "Boeing 's" in the hand-checked body is "Boeing's" on the page)."""
    out, where = [], []
    for i, ch in enumerate(text.translate(FOLDED)):
        if not ch.isspace():
            out.append(ch)
            where.append(i)
    return "".join(out), where


def locate(snippet: str, text: str) -> tuple[int, int] | None:
    """The span of ``snippet`` in ``text``, or None when the page's text lost it."""
    hay, where = _folded(text)
    needle = _folded(snippet)[0]
    at = hay.find(needle)
    if at < 0 or not needle:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def same_speaker(said: str | None, row: GoldRow) -> bool:
    def norm(name: str) -> str:
        name = re.sub(r"\s+", " ", name.translate(FOLDED)).strip().lower()
        return name[4:] if name.startswith("the ") else name

    return said is not None and norm(said) in {norm(n) for n in (row.speaker, *row.aliases)}


def _overlaps(p: Predicted, span: tuple[int, int], text: str) -> bool:
    lo, hi = max(p.start, span[0]), min(p.end, span[1])
    return lo < hi and bool(text[lo:hi].strip())


@dataclass
class Score:
    """Counts for one system over some pages."""

    pred: int = 0
    correct: int = 0
    right_speaker: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)  # what a reader would see wrongly, for the listing

    def add(self, text: str, gold: list[GoldRow], pred: Iterable[Predicted]) -> None:
        pred = list(pred)
        self.pred += len(pred)
        self.gold += len(gold)
        hit: set[int] = set()
        for p in pred:
            matched = [k for k, g in enumerate(gold) if g.span and _overlaps(p, g.span, text)]
            hit.update(matched)
            shown = f"{p.speaker!s:.30} | {p.cue} | {text[p.start : p.end]!s:.60}"
            if not matched:
                self.wrong.append("not a gold quote: " + shown)
                continue
            self.correct += 1
            if any(same_speaker(p.speaker, gold[k]) for k in matched):
                self.right_speaker += 1
            else:
                self.wrong.append(f"speaker (gold {gold[matched[0]].speaker}): " + shown)
        self.found += len(hit)
        self.wrong += [f"missed ({g.speaker}): {g.content:.70}" for k, g in enumerate(gold) if k not in hit]

    def figures(self) -> dict[str, float | int]:
        return {
            "precision": round(self.correct / self.pred, 4) if self.pred else 0.0,
            "recall": round(self.found / self.gold, 4) if self.gold else 0.0,
            "speaker_accuracy": round(self.right_speaker / self.correct, 4) if self.correct else 0.0,
            "n_pred": self.pred,
            "n_gold": self.gold,
        }


def read_page(folder: Path, page: str, tmp: Path) -> list[Any]:
    """The page's raw articles; a gzipped page is unpacked into ``tmp`` first."""
    from ..ingest import read_file

    plain = folder / "html" / f"{page}.html"
    if not plain.exists():
        plain = tmp / f"{page}.html"
        plain.write_bytes(gzip.decompress((folder / "html" / f"{page}.html.gz").read_bytes()))
    return read_file(plain)


def baseline_quotes(item: Any) -> list[Predicted]:
    """The said-verb pattern's attributions with a source, its subject's words as the speaker."""
    from .attribution import said_baseline

    text = item.article.text
    found = [a for p in item.paragraphs for a in said_baseline(p)]
    return [
        Predicted(a.content.start, a.content.end, text[a.source.start : a.source.end], text[a.cue.start : a.cue.end])
        for a in found
        if a.source and a.content
    ]


def _quotes(items: list[Any]) -> list[Any]:
    return [q for item in items for q in item.quotes if q.content_span is not None]


def run(args: argparse.Namespace) -> int:
    from ..attribution.quotes import attribute_articles
    from ..pipeline import prepare

    gold = [g for g in read_gold(args.gold) if args.split in (None, g.split)]
    pages = list(dict.fromkeys(g.page for g in gold))
    scores = {(system, split): Score() for system in ("storyline", "said-verb") for split in ("all", *SPLITS)}
    lost: list[GoldRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            articles, _ = prepare(read_page(args.path, page, Path(tmp)), records=True)
            items = attribute_articles(articles)
            text = items[0].article.text if items else ""
            rows = [g for g in gold if g.page == page]
            for g in rows:
                g.span = locate(g.content, text)
                if g.span is None:
                    lost.append(g)
            ours = [Predicted(q.content_span.start, q.content_span.end, q.speaker, q.cue) for q in _quotes(items)]
            theirs = [p for item in items for p in baseline_quotes(item)]
            for split in ("all", rows[0].split):
                scores["storyline", split].add(text, rows, ours)
                scores["said-verb", split].add(text, rows, theirs)
    print(f"{len(pages)} pages, {len(gold)} gold attributions ({len(lost)} not in storyline's text of the page)")
    print(f"{'system':<10} {'pages':<5} {'P':>6} {'R':>6} {'speaker':>8} {'pred':>5} {'gold':>5}")
    for (system, split), s in scores.items():
        if s.gold:
            f = s.figures()
            print(
                f"{system:<10} {split:<5} {f['precision']:6.3f} {f['recall']:6.3f} {f['speaker_accuracy']:8.3f} "
                f"{f['n_pred']:5d} {f['n_gold']:5d}"
            )
    if args.errors:
        print("\n".join(scores["storyline", "all"].wrong + [f"not in storyline's text: {g.content:.70}" for g in lost]))
    if args.json:
        figures: dict[str, Any] = {**scores["storyline", "all"].figures(), "lost_gold": len(lost)}
        present = [split for split in SPLITS if scores["storyline", split].gold]
        for split in present:
            figures[split] = scores["storyline", split].figures()
        figures["baseline"] = {split: scores["said-verb", split].figures() for split in ("all", *present)}
        print(json.dumps(figures))
    return 0
