"""Reading attribution corpora in brat standoff (PolNeAR): texts plus gold relations.

Shared by the evaluation command and the training script, so both see the same gold.
A folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``; T lines give
Source / Cue / Content spans (``start end`` fragments joined by ``;``), E lines link them.
Some texts were annotated by several annotators: we keep the first annotation file in
name order, so every text counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StorylineError

ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class RoleSpan:
    """One role's text, as one or more ``(start, end)`` fragments (brat allows gaps)."""

    fragments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class Relation:
    """One attribution: who (may be absent), the cue, and what was attributed."""

    cue: RoleSpan
    content: RoleSpan | None = None
    source: RoleSpan | None = None

    def role(self, name: str) -> RoleSpan | None:
        return getattr(self, name)


@dataclass
class AnnotatedText:
    name: str
    text: str
    relations: list[Relation] = field(default_factory=list)


def _parse_fragments(offsets: str) -> tuple[tuple[int, int], ...]:
    pieces = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


def _merge(spans: list[RoleSpan]) -> RoleSpan:
    """``Content`` and ``Content2`` of one relation become one multi-fragment span."""
    return RoleSpan(tuple(sorted(f for s in spans for f in s.fragments)))


def parse_ann(ann: str) -> list[Relation]:
    """Relations of one ``.ann`` file; E lines without a cue are skipped."""
    spans: dict[str, tuple[str, RoleSpan]] = {}
    links: list[list[str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2 and " " in cols[1]:
            label, offsets = cols[1].split(" ", 1)
            spans[cols[0]] = (label.lower(), RoleSpan(_parse_fragments(offsets)))
        elif line.startswith("E") and len(cols) >= 2:
            links.append(cols[1].split())
    relations = []
    for args in links:
        by_role: dict[str, list[RoleSpan]] = {}
        for arg in args:
            _, _, ref = arg.partition(":")
            if ref in spans and spans[ref][0] in ROLES:
                label, span = spans[ref]
                by_role.setdefault(label, []).append(span)
        if "cue" not in by_role:
            continue
        relations.append(
            Relation(
                cue=_merge(by_role["cue"]),
                content=_merge(by_role["content"]) if "content" in by_role else None,
                source=_merge(by_role["source"]) if "source" in by_role else None,
            )
        )
    return relations


def read_corpus(folder: str | Path, limit: int | None = None) -> list[AnnotatedText]:
    """Every annotated text of a PolNeAR-style folder, in name order."""
    root = Path(folder)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise StorylineError(f"cannot read '{root}': expected text/ and attributions/ folders (brat standoff)")
    docs = []
    for text_path in sorted(text_dir.glob("*.txt")):
        stem = text_path.stem
        anns = sorted(p for p in ann_dir.glob(f"{stem}_*.ann") if "_" not in p.stem[len(stem) + 1 :])
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        docs.append(AnnotatedText(text_path.stem, text, parse_ann(anns[0].read_text(encoding="utf-8"))))
        if limit is not None and len(docs) >= limit:
            break
    return docs
