"""``storyline eval attribution``: source / cue / content spans against PolNeAR-style brat files.

Scores, for each role, precision, recall and F1 twice: **exact** (same outer start and
end offsets) and **overlap** (the spans share at least one non-space character, i.e. a
token), and whole **relations** (cue, content and source all overlap; a relation without
a source matches only one without a source). Matching is one-to-one (each gold span can
be claimed by one prediction), so a fragmented prediction cannot score twice. Spans are
those of the predicted relations. The baseline is a plain ``said``-verb pattern over the
same spaCy parse: cue = a form of say/tell, source = its subject, content = its clausal
complement (else the rest of its sentence).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

ROLES = ("source", "cue", "content")
BASELINE_CUES = frozenset({"say", "tell"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="folder with text/*.txt and attributions/*.ann (e.g. polnear/dev)")
    parser.add_argument("--limit", type=int, help="score only the first N texts")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument(
        "--held-out",
        type=int,
        metavar="N",
        help="score only the N texts spread over the folder that training with --holdout N leaves out "
        "(on train: where settings are chosen, never on dev)",
    )
    parser.add_argument(
        "--one-paragraph",
        action="store_true",
        help="read each text as one paragraph (line breaks as spaces), as in corpora without paragraph breaks",
    )


Fragments = tuple[tuple[int, int], ...]


def _shares_token(a: Fragments, b: Fragments, text: str) -> bool:
    for s1, e1 in a:
        for s2, e2 in b:
            lo, hi = max(s1, s2), min(e1, e2)
            if lo < hi and text[lo:hi].strip():
                return True
    return False


def _exact(a: Fragments, b: Fragments, text: str) -> bool:
    return (a[0][0], a[-1][1]) == (b[0][0], b[-1][1])


class Tally:
    """Matched predictions, predictions and gold items for one measure."""

    def __init__(self) -> None:
        self.matched = self.pred = self.gold = 0

    def add(self, gold: Sequence[Any], pred: Sequence[Any], same: Callable[[Any, Any], bool]) -> None:
        taken: set[int] = set()
        for p in pred:
            for gi, g in enumerate(gold):
                if gi not in taken and same(g, p):
                    taken.add(gi)
                    break
        self.matched += len(taken)
        self.pred += len(pred)
        self.gold += len(gold)

    def prf(self) -> tuple[float, float, float]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _fragments(span: Any) -> Fragments | None:
    if span is None:
        return None
    return span.fragments if hasattr(span, "fragments") else ((span.start, span.end),)


def _role_matches(gold: Any, pred: Any, text: str, role: str, same: Callable[..., bool]) -> bool:
    """Both relations lack the role, or both have it and ``same`` holds."""
    g, p = _fragments(gold.role(role)), _fragments(pred.role(role))
    if g is None or p is None:
        return g is None and p is None
    return same(g, p, text)


def _relation_overlaps(gold: Any, pred: Any, text: str) -> bool:
    return all(_role_matches(gold, pred, text, role, _shares_token) for role in ROLES)


def _relation_exact(gold: Any, pred: Any, text: str) -> bool:
    return all(_role_matches(gold, pred, text, role, _exact) for role in ROLES)


def score(pairs: list[tuple[str, list[Any], list[Any]]]) -> dict[str, dict[str, Tally]]:
    """Tallies per measure from ``(text, gold relations, predicted relations)`` per document."""
    tallies = {role: {"exact": Tally(), "overlap": Tally()} for role in (*ROLES, "relation")}
    for text, gold, pred in pairs:
        for role in ROLES:
            g = [f for r in gold if (f := _fragments(r.role(role)))]
            p = [f for r in pred if (f := _fragments(r.role(role)))]
            tallies[role]["exact"].add(g, p, partial(_exact, text=text))
            tallies[role]["overlap"].add(g, p, partial(_shares_token, text=text))
        tallies["relation"]["exact"].add(gold, pred, partial(_relation_exact, text=text))
        tallies["relation"]["overlap"].add(gold, pred, partial(_relation_overlaps, text=text))
    return tallies


def said_baseline(paragraph: Any) -> list[Any]:
    """The pattern baseline: say/tell verbs with their subject and complement."""
    from ..attribution.linking import Attribution
    from ..attribution.spans import TaggedSpan

    doc, off = paragraph.doc, paragraph.offset

    def span(role: str, tokens: list[Any]) -> TaggedSpan | None:
        tokens = [t for t in tokens if not t.is_space]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        if not tokens:
            return None
        first, last = tokens[0], tokens[-1]
        return TaggedSpan(role, off + first.idx, off + last.idx + len(last.text), first.i, last.i)

    found = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in BASELINE_CUES:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
        content = list(comp.subtree) if comp is not None else [t for t in tok.sent if t.i > tok.i]
        found.append(
            Attribution(
                span("cue", [tok]),  # type: ignore[arg-type]
                span("source", list(subj.subtree)) if subj is not None else None,
                span("content", content),
                paragraph,
            )
        )
    return found


def held_out(n_items: int, n: int) -> set[int]:
    """The indices of ``n`` of ``n_items`` items spread evenly over the list: the texts training
    holds out. Spread because the train folder is sorted by outlet (the last 100 texts were all
    one outlet)."""
    return {int((k + 0.5) * n_items / n) for k in range(n)} if n > 0 else set()


def _table(results: dict[str, dict[str, dict[str, Tally]]]) -> str:
    lines = [f"{'system':<11} {'measure':<9} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}"]
    for system, tallies in results.items():
        for measure, by_match in tallies.items():
            for match, tally in by_match.items():
                p, r, f = tally.prf()
                lines.append(f"{system:<11} {measure:<9} {match:<8} {p:6.3f} {r:6.3f} {f:6.3f}")
    return "\n".join(lines)


def _f1s(tallies: dict[str, dict[str, Tally]]) -> dict[str, dict[str, float]]:
    return {
        measure: {match: round(t.prf()[2], 4) for match, t in by_match.items()} for measure, by_match in tallies.items()
    }


def run(args: argparse.Namespace) -> int:
    from ..attribution.corpus import read_corpus
    from ..attribution.crf import default_tagger
    from ..attribution.linking import find_attributions
    from ..attribution.transformer import default_transformer_tagger
    from ..nlp import parse_texts

    docs = read_corpus(args.path, limit=args.limit)
    if args.held_out:
        kept = held_out(len(docs), args.held_out)
        docs = [d for i, d in enumerate(docs) if i in kept]
    if args.one_paragraph:  # same length, so the gold offsets still hold
        docs = [replace(d, text=d.text.replace("\n", " ")) for d in docs]
    # The transformer storyline tags with (its figures head the JSON), then the CRF alone; both
    # read the same paragraphs (same filter) and the same parses.
    taggers: dict[str, Any] = {"transformer": default_transformer_tagger(), "crf": default_tagger()}
    best = "transformer"
    parsed = parse_texts([d.text for d in docs], keep=taggers[best].worth_parsing)
    pairs: dict[str, list[tuple[str, list[Any], list[Any]]]] = {name: [] for name in (*taggers, "said-verb")}
    for doc, paragraphs in zip(docs, parsed, strict=True):
        for name, tagger in taggers.items():
            pairs[name].append((doc.text, doc.relations, find_attributions(paragraphs, tagger)))
        pairs["said-verb"].append((doc.text, doc.relations, [a for p in paragraphs for a in said_baseline(p)]))
    results = {name: score(found) for name, found in pairs.items()}
    print(f"{len(docs)} texts, {sum(len(d.relations) for d in docs)} gold relations")
    print(_table(results))
    if args.json:
        ours = results[best]
        figures: dict[str, Any] = {**_f1s(ours), "model": best}
        figures["n_gold"] = ours["relation"]["overlap"].gold
        figures["n_pred"] = ours["relation"]["overlap"].pred
        figures["crf"] = _f1s(results["crf"])
        figures["baseline"] = _f1s(results["said-verb"])
        print(json.dumps(figures))
    return 0
