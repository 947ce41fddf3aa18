"""Who said what in one text: attributions (source, cue, content) linked from tagged spans.

:func:`find_attributions` turns parsed paragraphs into span triples, using a trained tagger
(the fine-tuned transformer of :mod:`.transformer` by default, the CRF of
:mod:`.crf` as its fallback and comparison) and linking each cue to the nearest
source and content of its paragraph; this is what ``storyline eval attribution`` measures.
Reading a triple as a reader would builds on this module and is kept out of it (this module
imports neither), as the evaluation scores the spans alone: who the speaker is, in
:mod:`.speakers`; the report's quotes (medium, direct or indirect, stance), in :mod:`.quotes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..nlp import ParsedParagraph
from .spans import QUOTE_CHARS, TaggedSpan, span_of

OTHER_SENTENCE_PENALTY = 30
MAX_LINK_DISTANCE = 60
PARSE_LINK_BONUS = 10
EDGE_PUNCTUATION = frozenset({",", ":", ";", "-", "--", "\u2013", "\u2014"})  # joins a content to its cue
# What a cue's head governs when it governs the content: "said (ccomp) that ...", "denied (dobj) it".
COMPLEMENT_DEPS = frozenset({"ccomp", "dobj", "xcomp", "prep", "attr", "dep", "parataxis"})


class SpanTagger(Protocol):
    """What linking needs of a tagger (the CRF or the transformer): which paragraphs to parse, and
    each paragraph's role spans."""

    def worth_parsing(self, paragraph: str) -> bool: ...

    def tag_many(self, paragraphs: list[ParsedParagraph]) -> list[list[TaggedSpan]]: ...


@dataclass
class Attribution:
    """One attribution in one text: character spans into that text (source may be absent)."""

    cue: TaggedSpan
    source: TaggedSpan | None
    content: TaggedSpan | None
    paragraph: ParsedParagraph

    def role(self, name: str) -> TaggedSpan | None:
        return getattr(self, name)


def span_root(doc: Any, span: TaggedSpan) -> Any:
    """The word a span hangs on in the parse (``said`` in ``also said``)."""
    return doc[span.first_token : span.last_token + 1].root


def cue_head(att: Attribution) -> Any:
    """The word the cue hangs on (``said`` in ``also said``, ``according`` in ``according to``)."""
    return span_root(att.paragraph.doc, att.cue)


def span_tokens(doc: Any, span: TaggedSpan) -> list[Any]:
    return [t for t in doc[span.first_token : span.last_token + 1] if not t.is_space]


def _token_gap(a: TaggedSpan, b: TaggedSpan) -> int:
    if a.last_token < b.first_token:
        return b.first_token - a.last_token - 1
    if b.last_token < a.first_token:
        return a.first_token - b.last_token - 1
    return 0


def sentence_starts(doc: Any) -> list[int]:
    """Per token, where its sentence starts (``token.sent`` recomputes this on every call)."""
    starts = [0] * len(doc)
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


@dataclass(frozen=True)
class _CueLinks:
    """What linking reads of one cue's parse, read once per cue instead of once per candidate
    span: linking a Timeline17 article (one paragraph of ~700 words, hundreds of pairs) spent
    most of its time re-finding the cue's sentence, head, subject and complements."""

    sentence: int
    subject: int | None
    complements: tuple[int, ...]

    @classmethod
    def of(cls, doc: Any, cue: TaggedSpan, starts: list[int]) -> _CueLinks:
        head = span_root(doc, cue)
        subject = _subject_of(head)
        complements = tuple(t.i for t in head.children if t.dep_ in COMPLEMENT_DEPS)
        return cls(starts[cue.first_token], None if subject is None else subject.i, complements)


def _link_cost(cue: TaggedSpan, links: _CueLinks, other: TaggedSpan, starts: list[int]) -> int:
    """Tokens between cue and span, plus a penalty when they sit in different sentences, less a
    bonus when the parse links them (``_parse_links``)."""
    same_sentence = links.sentence in (starts[other.first_token], starts[other.last_token])
    cost = _token_gap(cue, other) + (0 if same_sentence else OTHER_SENTENCE_PENALTY)
    return cost - (PARSE_LINK_BONUS if _parse_links(links, other) else 0)


def _parse_links(links: _CueLinks, other: TaggedSpan) -> bool:
    """Does the span hold the cue's subject (a source) or one of its complements (a content)?
    Nearest-first linking alone pairs "X said of Trump: '...'" with the wrong content; on the
    last 100 train texts held out, this bonus raised relation overlap F1 from .733 to .745."""
    inside = range(other.first_token, other.last_token + 1)
    if other.role == "source":
        return links.subject is not None and links.subject in inside
    return any(i in inside for i in links.complements)


def _only_punctuation_between(doc: Any, a: TaggedSpan, b: TaggedSpan) -> bool:
    return all(t.is_punct or t.is_space for t in doc[a.last_token + 1 : b.first_token])


def _covering(a: TaggedSpan, b: TaggedSpan) -> TaggedSpan:
    """One span of ``a``'s role from the start of the earlier span to the end of the later."""
    first, last = (a, b) if a.first_token <= b.first_token else (b, a)
    return TaggedSpan(a.role, first.start, max(a.end, b.end), first.first_token, max(a.last_token, b.last_token))


def _in_one_sentence(doc: Any, a: TaggedSpan, b: TaggedSpan) -> bool:
    """``b`` starts in the sentence where ``a`` (before it) ends."""
    return bool(doc[a.last_token].sent.start == doc[b.first_token].sent.start)


def merge_broken_runs(doc: Any, spans: list[TaggedSpan]) -> list[TaggedSpan]:
    """Join runs of one role of a sentence that only punctuation separates (a quote mark, a comma).

    Never across a sentence end: there the second run is most often a span of the next
    sentence's own attribution ("... to pull more of them out. / Military leaders / are
    understood ..."), and joined it was lost to that attribution. Keeping runs within their
    sentence raised overlap F1 on both held-out train sets (source / cue / content / relation):
    100 texts over every outlet .786 / .802 / .818 / .729 -> .798 / .813 / .828 / .744, the
    last 100 (one outlet) .841 / .855 / .866 / .795 -> .845 / .858 / .870 / .799."""
    merged: list[TaggedSpan] = []
    for span in sorted(spans, key=lambda s: s.first_token):
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.role == span.role
            and _in_one_sentence(doc, last, span)
            and _only_punctuation_between(doc, last, span)
        ):
            merged[-1] = _covering(last, span)
        else:
            merged.append(span)
    return merged


def _greedy_links(doc: Any, cues: list[TaggedSpan], others: list[TaggedSpan]) -> dict[int, TaggedSpan]:
    """Each cue (by index) gets at most one span and each span at most one cue, cheapest first."""
    starts = sentence_starts(doc)
    cue_links = [_CueLinks.of(doc, cue, starts) for cue in cues]
    pairs = sorted(
        (_link_cost(cue, cue_links[ci], other, starts), ci, oi)
        for ci, cue in enumerate(cues)
        for oi, other in enumerate(others)
    )
    links: dict[int, TaggedSpan] = {}
    used: set[int] = set()
    for cost, ci, oi in pairs:
        if cost > MAX_LINK_DISTANCE or ci in links or oi in used:
            continue
        links[ci] = others[oi]
        used.add(oi)
    return links


def assemble(paragraph: ParsedParagraph, spans: list[TaggedSpan]) -> list[Attribution]:
    """Link the tagged spans of one paragraph into attributions, one per cue that gets a content.

    Every PolNeAR relation has a content, so a cue left without one is taken for a false cue
    unless it is a fragment of another cue (``_join_cue_fragments``): on the last 100 train
    texts held out, dropping them raised relation overlap F1 from .658 to .678 for the
    transformer tagger (see docs/bench/attribution.md for the CRF)."""
    doc = paragraph.doc
    spans = [part for span in spans for part in split_quote_overrun(doc, paragraph.offset, span)]
    spans = merge_broken_runs(doc, spans)
    cues = [s for s in spans if s.role == "cue"]
    source_spans = [s for s in spans if s.role == "source"]
    content_spans = [s for s in spans if s.role == "content"]
    sources = _greedy_links(doc, cues, source_spans)
    contents = _greedy_links(doc, cues, content_spans)
    _widen_contents(doc, cues, contents, content_spans, source_spans)
    _join_cue_fragments(doc, cues, sources, contents)
    return [
        Attribution(
            cue,
            None if _spoken_of(doc, cue, sources.get(i)) else sources.get(i),
            _without_edge_punctuation(doc, paragraph.offset, contents[i]),
            paragraph,
        )
        for i, cue in enumerate(cues)
        if i in contents
    ]


def split_quote_overrun(doc: Any, offset: int, span: TaggedSpan) -> list[TaggedSpan]:
    """A content that opens a quotation and runs past its close, over a comma, into a name (``"This
    is a huge blow for the Taliban", Sediq Sediqqi, spokesperson for the interior minister said``)
    as two spans: the quotation, and the name as a source (which a role right after it then joins,
    in :func:`merge_broken_runs`). Any other span is returned as it is.

    Why: the tagger sometimes reads the speaker's name between a quotation and an apposition as
    part of the quotation, and the report then showed the quote under the bare role. A quotation
    followed by words other than a name is left alone: PolNeAR contents often go on after a quoted
    phrase (``called it "common sense" in the legislature``)."""
    first, last = span.first_token, span.last_token
    if span.role != "content" or doc[first].text not in QUOTE_CHARS:
        return [span]
    close = next((t.i for t in doc[first + 1 : last + 1] if t.text in QUOTE_CHARS), None)
    if close is None or close + 2 > last or doc[close + 1].text != ",":
        return [span]
    if not all(t.pos_ == "PROPN" for t in doc[close + 2 : last + 1]):
        return [span]
    return [span_of("content", doc, offset, first, close), span_of("source", doc, offset, close + 2, last)]


def _without_edge_punctuation(doc: Any, offset: int, content: TaggedSpan) -> TaggedSpan:
    """The content without the comma, colon, semicolon or dash it starts or ends on (``: "Our
    engineers ..."``, ``"... blow for the Taliban",``): they join the content to its cue, they
    are not what was said. A reader is shown the content, and PolNeAR's gold contents leave them
    out: on both held-out train sets exact content F1 +0.5 / +0.6 points, overlap unchanged.
    (Sources keep theirs: the same trim cost their exact F1 2-3 points.)"""
    first, last = content.first_token, content.last_token
    while first < last and doc[first].text in EDGE_PUNCTUATION:
        first += 1
    while last > first and doc[last].text in EDGE_PUNCTUATION:
        last -= 1
    if (first, last) == (content.first_token, content.last_token):
        return content
    return span_of(content.role, doc, offset, first, last)


def _nearest_linked_cue(doc: Any, span: TaggedSpan, cues: list[TaggedSpan], linked: Iterable[int]) -> int | None:
    """The index of the cue nearest ``span`` among the ``linked`` ones of its sentence, if any."""
    sentence = doc[span.first_token].sent.start
    near = [(_token_gap(cues[i], span), i) for i in linked if doc[cues[i].first_token].sent.start == sentence]
    return min(near)[1] if near else None


def overlaps_any(span: TaggedSpan, *others: TaggedSpan | None) -> bool:
    return any(o is not None and o.first_token <= span.last_token and span.first_token <= o.last_token for o in others)


def _widen_contents(
    doc: Any,
    cues: list[TaggedSpan],
    contents: dict[int, TaggedSpan],
    content_spans: list[TaggedSpan],
    source_spans: list[TaggedSpan],
) -> None:
    """A content run no cue took joins the content of the nearest linked cue of its sentence,
    unless the joined content would run over a cue or a source (``source_spans``: all tagged).

    The tagger often breaks one content in two, around an addressee ("asked Clinton / whether
    ..."); PolNeAR marks such a content as one relation with several fragments, and the run left
    alone was dropped. The joined content covers both runs and what lies between, so it must
    not take in the rest of its attribution: a reader is shown it as what was said. On the last
    100 train texts held out, content overlap F1 .859 -> .866, relation .789 -> .795 (with
    ``_join_cue_fragments``); joining over the cue and the speaker too (split quotations) gave
    .870 / .800. Guarding against every cue and source, not only the attribution's own, keeps a
    content from taking in another speaker ("what his plans might include, Texas Governor Greg
    Abbott is not having any of it, ..."): content overlap F1 -.001 and exact +.001 on both
    held-out sets, once runs stay in their sentence (``merge_broken_runs``)."""
    taken = {id(span) for span in contents.values()}
    for span in content_spans:
        if id(span) in taken:
            continue
        i = _nearest_linked_cue(doc, span, cues, contents)
        if i is not None and not overlaps_any(joined := _covering(contents[i], span), *cues, *source_spans):
            contents[i] = joined


def _join_cue_fragments(
    doc: Any, cues: list[TaggedSpan], sources: dict[int, TaggedSpan], contents: dict[int, TaggedSpan]
) -> None:
    """A cue run left without content joins the nearest cue of its sentence that has one, and
    lends it its source if it has none: the tagger breaks long cues ("sent a ... jab ... by
    suggesting"). As for contents (``_widen_contents``), not where the joined cue would run
    over that cue's content or source: a cue reading 'added, "I strongly support ..."' is no cue
    to a reader, although overlap scoring rewards the wide span. On the last 100 train texts
    held out, after the content joins, cue overlap F1 .852 -> .855, source .839 -> .841,
    relation .793 -> .795."""
    for i, cue in enumerate(cues):
        if i in contents:
            continue
        j = _nearest_linked_cue(doc, cue, cues, contents)
        if j is None or overlaps_any(joined := _covering(cues[j], cue), contents[j], sources.get(j)):
            continue
        cues[j] = joined
        if j not in sources and i in sources:
            sources[j] = sources[i]


def _spoken_of(doc: Any, cue: TaggedSpan, source: TaggedSpan | None) -> bool:
    """Does the source hold the cue's passive subject? "The Taliban are reported to have looted
    banks" reports about the Taliban, it does not quote them; such a source is dropped (the
    attribution may still find one: a passive's agent, or the source of its sentence)."""
    if source is None:
        return False
    head = span_root(doc, cue)
    return any(c.dep_ == "nsubjpass" and source.first_token <= c.i <= source.last_token for c in head.children)


def find_attributions(paragraphs: Iterable[ParsedParagraph], tagger: SpanTagger) -> list[Attribution]:
    """All attributions of one text, from its parsed paragraphs (tagged in one batch)."""
    paragraphs = list(paragraphs)
    return assemble_all(paragraphs, tagger.tag_many(paragraphs))


def assemble_all(paragraphs: list[ParsedParagraph], spans: list[list[TaggedSpan]]) -> list[Attribution]:
    """The attributions of paragraphs already tagged (``spans[k]`` are paragraph k's spans), a
    sourceless one taking the source of the one before it in its sentence (``inherit_sources``),
    else its cue's subject from the parse (``subject_sources``)."""
    return subject_sources(
        inherit_sources([a for p, found in zip(paragraphs, spans, strict=True) for a in assemble(p, found)])
    )


def inherit_sources(attributions: list[Attribution]) -> list[Attribution]:
    """A sourceless attribution in the same sentence as an earlier one takes its source:
    "X told Reuters that ..., adding: '...'" -- the adding is X's too.

    On the last 100 train texts held out, this raised relation overlap F1 from .677 to .702
    (transformer) and .684 to .705 (CRF); within the sentence did better than within the
    paragraph (.702 / .703). Attributions still without a source are left out of the
    report's quotes: a reader needs to know who says it.
    """
    filled = []
    for att in attributions:
        before = filled[-1] if filled else None
        if att.source is None and before is not None and before.source is not None and _same_sentence(before, att):
            att = Attribution(att.cue, before.source, att.content, att.paragraph)
        filled.append(att)
    return filled


# Clauses that share the subject of the clause they hang off: "Cuban went on, describing ..."
SHARED_SUBJECT_DEPS = frozenset({"xcomp", "advcl", "conj", "acl", "relcl", "pcomp"})


def _subject_of(verb: Any, hops: int = 2) -> Any:
    """Who does ``verb``: a passive's agent ("was called X by Y"), else its active subject, else the
    subject of the clause it hangs off, up to ``hops`` clauses up. A passive subject is what is
    spoken of, not the speaker ("the base was said to be under attack"): leaving it out raised
    held-out relation F1 from .745 to .749."""
    for _ in range(hops + 1):
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subjects = agents or [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
        if verb.dep_ not in SHARED_SUBJECT_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def subject_sources(attributions: list[Attribution]) -> list[Attribution]:
    """An attribution still without a source takes its cue's subject from the parse (the whole
    noun phrase), unless that phrase lies in the content: the tagger misses sources that sit
    clauses away from the cue ("Trump then pointed out ...", "Hannity followed up by asking").

    On the last 100 train texts held out, relation overlap F1 .725 -> .733 (transformer); the
    cue's own subject alone did worse (.723), since the tagger rarely misses that one.
    """
    return [_with_subject_source(att) if att.source is None else att for att in attributions]


def _with_subject_source(att: Attribution) -> Attribution:
    subject = _subject_of(cue_head(att))
    if subject is None:
        return att
    tokens = list(subject.subtree)
    source = span_of("source", att.paragraph.doc, att.paragraph.offset, tokens[0].i, tokens[-1].i)
    content = att.content
    if overlaps_any(source, content):
        return att
    return Attribution(att.cue, source, content, att.paragraph)


def _same_sentence(a: Attribution, b: Attribution) -> bool:
    if a.paragraph is not b.paragraph:
        return False
    doc = a.paragraph.doc
    return doc[a.cue.first_token].sent.start == doc[b.cue.first_token].sent.start
