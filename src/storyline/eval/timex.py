"""``storyline eval timex DIR``: time expressions scored as TempEval-3 scores them.

Every ``.tml`` file under DIR (recursively; a file name seen twice is read once) gives the
text inside ``<TEXT>``, its gold TIMEX3 spans with type and value, and the DCT. Scores:

* strict span P/R/F1: exact character match; relaxed: any overlap (one-to-one);
* type and value: attribute F1 as in TempEval-3: a relaxed match whose attribute is also
  right counts, precision over all system mentions and recall over all gold ones.

Figures are printed per sub-folder (TimeBank, AQUAINT) and in total, for storyline and for
a dateparser ``search_dates`` baseline anchored at the same DCT.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class TimeMLDoc:
    name: str
    group: str
    text: str
    dct: date | None
    gold: list[GoldTimex] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", metavar="DIR", help="folder with TimeML .tml files (searched recursively)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--no-parse", action="store_true", help="no spaCy tense; assume the past tense")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object of the figures")


def parse_timeml(path: Path, group: str) -> TimeMLDoc:
    """Text of ``<TEXT>`` with tags removed and entities decoded, gold TIMEX3 offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4})-?(\d\d)-?(\d\d)", raw, re.S)
    dct = date(int(dct_match[1]), int(dct_match[2]), int(dct_match[3])) if dct_match else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    cursor = 0
    for tag in TAG.finditer(body):
        chunk = html.unescape(body[cursor : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        cursor = tag.end()
        if tag[2] != "TIMEX3":
            continue
        if tag[1] == "":
            open_timex = (length, dict(ATTR.findall(tag[3])))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(GoldTimex(start, length, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    pieces.append(html.unescape(body[cursor:]))
    return TimeMLDoc(path.stem, group, "".join(pieces), dct, gold)


def load_corpus(root: Path) -> list[TimeMLDoc]:
    seen: set[str] = set()
    docs = []
    for path in sorted(root.rglob("*.tml")):
        if path.name in seen:
            continue
        seen.add(path.name)
        group = path.parent.name if path.parent != root else root.name
        docs.append(parse_timeml(path, group))
    return docs


@dataclass
class Counts:
    n_sys: int = 0
    n_gold: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, hits: int) -> float:
        p = hits / self.n_sys if self.n_sys else 0.0
        r = hits / self.n_gold if self.n_gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "strict_p": self.strict / self.n_sys if self.n_sys else 0.0,
            "strict_r": self.strict / self.n_gold if self.n_gold else 0.0,
            "strict_f1": self.f1(self.strict),
            "relaxed_f1": self.f1(self.relaxed),
            "type_f1": self.f1(self.type_ok),
            "value_f1": self.f1(self.value_ok),
        }


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def score_doc(doc: TimeMLDoc, system: list[tuple[int, int, str, str | None]]) -> Counts:
    """TempEval-3 counts for one document: one-to-one overlap matching, strict when exact."""
    counts = Counts(n_sys=len(system), n_gold=len(doc.gold))
    used: set[int] = set()
    for s_start, s_end, s_type, s_value in system:
        s_start, s_end = _trim(doc.text, s_start, s_end)
        best = None
        for k, g in enumerate(doc.gold):
            if k in used or not (s_start < g.end and g.start < s_end):
                continue
            if best is None or (g.start, g.end) == (s_start, s_end):
                best = k
        if best is None:
            continue
        used.add(best)
        g = doc.gold[best]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == _trim(doc.text, g.start, g.end) == (s_start, s_end)
        counts.type_ok += s_type == g.type
        counts.value_ok += s_value == g.value
    return counts


def storyline_system(doc: TimeMLDoc, parse: bool) -> list[tuple[int, int, str, str | None]]:
    from ..segment import paragraph_bounds, sentence_bounds
    from ..timex import ParsedTense, find_timexes

    oracle = None
    if parse:
        bounds = [b for ps, pe in paragraph_bounds(doc.text) for b in sentence_bounds(doc.text, ps, pe)]
        oracle = ParsedTense(bounds)
    return [(t.start, t.end, t.type, t.value) for t in find_timexes(doc.text, doc.dct, oracle)]


def dateparser_system(doc: TimeMLDoc) -> list[tuple[int, int, str, str | None]]:
    """Baseline: dateparser's ``search_dates`` anchored at the DCT, preferring the past."""
    from datetime import datetime

    from dateparser.search import search_dates

    base = datetime(doc.dct.year, doc.dct.month, doc.dct.day) if doc.dct else datetime.now()
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    found = search_dates(doc.text, languages=["en"], settings=settings) or []
    system = []
    cursor = 0
    for phrase, when in found:
        start = doc.text.find(phrase, cursor)
        if start < 0:
            continue
        cursor = start + len(phrase)
        system.append((start, cursor, "DATE", when.date().isoformat()))
    return system


def _evaluate(docs: list[TimeMLDoc], system) -> dict[str, Counts]:  # noqa: ANN001 - a callable
    groups: dict[str, Counts] = {}
    for doc in docs:
        groups.setdefault(doc.group, Counts()).add(score_doc(doc, system(doc)))
    total = Counts()
    for counts in groups.values():
        total.add(counts)
    groups["total"] = total
    return groups


def _print_table(name: str, groups: dict[str, Counts], seconds: float) -> None:
    print(f"\n{name} ({seconds:.1f} s)")
    print(
        f"{'set':<10}{'gold':>6}{'sys':>6}{'strictP':>9}{'strictR':>9}{'strictF1':>9}{'relaxF1':>9}"
        f"{'typeF1':>8}{'valueF1':>9}"
    )
    for group, counts in groups.items():
        f = counts.figures()
        print(
            f"{group:<10}{counts.n_gold:>6}{counts.n_sys:>6}{f['strict_p']:>9.3f}{f['strict_r']:>9.3f}"
            f"{f['strict_f1']:>9.3f}{f['relaxed_f1']:>9.3f}{f['type_f1']:>8.3f}{f['value_f1']:>9.3f}"
        )


def run(args: argparse.Namespace) -> int:
    root = Path(args.data)
    docs = load_corpus(root)
    if not docs:
        print(f"storyline: no .tml files under {root}")
        return 1
    started = time.perf_counter()
    ours = _evaluate(docs, lambda d: storyline_system(d, parse=not args.no_parse))
    _print_table("storyline timex", ours, time.perf_counter() - started)
    if not args.no_baseline:
        started = time.perf_counter()
        _print_table(
            "baseline: dateparser search_dates", _evaluate(docs, dateparser_system), time.perf_counter() - started
        )
    if args.json:
        total = ours["total"].figures()
        keys = ("strict_f1", "relaxed_f1", "type_f1", "value_f1")
        print(json.dumps({**{k: round(total[k], 4) for k in keys}, "n_gold": ours["total"].n_gold}))
    return 0
