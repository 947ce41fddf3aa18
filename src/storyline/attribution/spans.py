"""The vocabulary every attribution module shares: a tagged span of one role, how spans
and BIO tags map onto a paragraph's tokens, and the token readings both taggers use.

Apart from either tagger so that the transformer, the CRF, the linking and the quotes all
read one definition, and a tagger can be swapped without the others importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

QUOTE_CHARS = frozenset('"“”')

ROLE_OF_TAG = {"S": "source", "C": "cue", "T": "content"}

# Cue verbs that answer an earlier claim: a clause with one of them is split out of a content
# span it ran into (``split_conjoined_cues``). Only denials: splitting every conjoined cue
# clause cost 1 point of relation F1 on held-out train; denials alone did not.
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "disown"})


@dataclass(frozen=True)
class TaggedSpan:
    """A run of tokens with one role: character offsets into the full text, token range in ``doc``."""

    role: str
    start: int
    end: int
    first_token: int
    last_token: int


def lemma_and_pos(tok: Any) -> tuple[str, str]:
    """Lemma and part of speech, reading a capitalised verb before a proper-noun compound as a
    name: "Sayed Sarwar" is a name, not a form of "say" (the small tagger reads some such names
    as verbs; this avoids running NER just to catch them)."""
    if name_read_as_verb(tok):
        return tok.lower_, "PROPN"
    return tok.lemma_.lower(), tok.pos_


def name_read_as_verb(tok: Any) -> bool:
    """A capitalised "verb" right before a proper-noun compound: the first word of a name."""
    if tok.pos_ not in ("VERB", "AUX") or not tok.is_title or tok.i + 1 == len(tok.doc):
        return False
    nxt = tok.nbor()
    return nxt.pos_ == "PROPN" and nxt.dep_ == "compound"


def tags_for_spans(doc: Any, offset: int, spans: list[tuple[str, int, int]]) -> list[str]:
    """BIO tags (``B-S``, ``I-T``, ``O``...) of the tokens, from gold ``(tag, start, end)`` character spans."""
    tags = ["O"] * len(doc)
    for tag, start, end in spans:
        first = True
        for tok in doc:
            a = offset + tok.idx
            if a >= start and a + len(tok.text) <= end and not tok.is_space:
                tags[tok.i] = ("B-" if first else "I-") + tag
                first = False
    return tags


def spans_from_tags(doc: Any, offset: int, tags: list[str]) -> list[TaggedSpan]:
    """Maximal runs of one role (a ``B-`` starts a new run), as character spans."""
    spans: list[TaggedSpan] = []
    run: list[Any] = []
    role = ""

    def close() -> None:
        if run:
            spans.append(span_of(ROLE_OF_TAG[role], doc, offset, run[0].i, run[-1].i))

    for tok, tag in zip(doc, tags, strict=True):
        if tag == "O" or tok.is_space:
            close()
            run, role = [], ""
            continue
        prefix, tag_role = tag.split("-", 1)
        if prefix == "B" or tag_role != role:
            close()
            run, role = [], tag_role
        run.append(tok)
    close()
    return spans


def span_of(role: str, doc: Any, offset: int, first: int, last: int) -> TaggedSpan:
    """The span of tokens ``first``..``last`` of a paragraph's doc (``offset``: where it starts)."""
    return TaggedSpan(role, offset + doc[first].idx, offset + doc[last].idx + len(doc[last].text), first, last)
