"""Tense from a dependency parse: whether the verb governing a time expression points to the
past or the future ("will meet on Monday"), which decides which Monday is meant.

The only part of the tagger that needs spaCy; it parses only the sentences it is asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..nlp import ParsedParagraph, parseable
from .calendar import Tense

# ``oracle(text, start, end)``: the tense of the verb governing ``text[start:end]``.
TenseOracle = Callable[[str, int, int], Tense]


FUTURE_AUX = frozenset({"will", "'ll", "wo", "shall", "would"})
SCHEDULED_VERBS = frozenset(
    {
        "begin",
        "start",
        "meet",
        "open",
        "close",
        "resume",
        "arrive",
        "leave",
        "visit",
        "hold",
        "end",
        "vote",
        "travel",
        "return",
        "convene",
        "expire",
        "go",  # "voters go to the polls on Sunday"
        "play",  # "the sides play on Saturday"
        "launch",
    }
)
# "the decision is due in December", "talks are set for June": a plan stated with "be"
PLANNED_ADJECTIVES = frozenset({"due", "set", "scheduled", "slated", "expected"})
FUTURE_VERBS = frozenset({"plan", "schedule", "expect", "due", "set", "intend", "hope", "aim", "prepare"})


class ParsedTense:
    """A :data:`TenseOracle` that parses only the sentences it is asked about, once each.

    Given ``paragraphs`` (the text already parsed by another stage of the run), it reads
    tenses off those instead of parsing again.
    """

    def __init__(
        self, sentence_bounds: Iterable[tuple[int, int]], paragraphs: list[ParsedParagraph] | None = None
    ) -> None:
        self.bounds = sorted(sentence_bounds)
        self.cache: dict[tuple[int, int], object] = {}
        self.paragraphs = paragraphs or []

    def _paragraph_of(self, start: int) -> ParsedParagraph | None:
        return next((p for p in self.paragraphs if p.holds(start)), None)

    def _sentence_of(self, start: int) -> tuple[int, int] | None:
        for s, e in self.bounds:
            if s <= start < e:
                return s, e
        return None

    def prefetch(self, text: str, starts: list[int]) -> None:
        """Parse, in one batch, the sentences holding these offsets (batches run much faster)."""
        unparsed = (start for start in starts if self._paragraph_of(start) is None)
        wanted = {b for b in map(self._sentence_of, unparsed) if b is not None and b not in self.cache}
        wanted = {(s, e) for s, e in wanted if parseable(text[s:e])}
        if not wanted:
            return
        from ..nlp import spacy_pipeline

        ordered = sorted(wanted)
        docs = spacy_pipeline(("ner",)).pipe(text[s:e] for s, e in ordered)
        self.cache.update(zip(ordered, docs, strict=True))

    def _doc_at(self, text: str, start: int) -> tuple[object, int] | None:
        """The parse holding offset ``start`` and where it begins in ``text`` (parsed if need be)."""
        paragraph = self._paragraph_of(start)
        if paragraph is not None:
            return paragraph.doc, paragraph.offset
        bounds = self._sentence_of(start)
        if bounds is None or not parseable(text[bounds[0] : bounds[1]]):
            return None
        if bounds not in self.cache:
            from ..nlp import spacy_pipeline

            self.cache[bounds] = spacy_pipeline(("ner",))(text[bounds[0] : bounds[1]])
        return self.cache[bounds], bounds[0]

    def __call__(self, text: str, start: int, end: int) -> Tense:
        found = self._doc_at(text, start)
        if found is None:
            return "past"
        doc, offset = found
        return tense_of_span(doc, start - offset, end - offset)

    def clause_tense(self, text: str, start: int) -> Tense:
        """The tense of the sentence's main verb for an expression inside one of its noun
        phrases ("Fighting in December killed dozens", "The December offensive killed dozens":
        killed). Unknown when another verb comes first on the way up ("agreed to buy it in
        December": buy, whose own tense was already found to be open)."""
        found = self._doc_at(text, start)
        if found is None:
            return "unknown"
        doc, offset = found
        span = doc.char_span(start - offset, start - offset + 1, alignment_mode="expand")  # type: ignore[attr-defined]
        if span is None or not len(span):
            return "unknown"
        token = span.root
        while (token.pos_ not in {"VERB", "AUX"} or _is_gerund_subject(token)) and token.head.i != token.i:
            token = token.head
        if token.pos_ not in {"VERB", "AUX"} or token.dep_ != "ROOT":
            return "unknown"
        return verb_tense(token)


def tense_of_span(doc: object, start: int, end: int) -> Tense:
    """Future when the verb governing the span is marked for it ("will meet", "plans to meet",
    "is meeting", "meets"); past when it is in a past tense; unknown otherwise."""
    span = doc.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    if span is None or not len(span):
        return "unknown"
    if _modifies_a_noun(span):
        return "unknown"  # "the Jan. 14 deadline", "a June agreement": the clause's tense is not the date's
    verb = span.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return "unknown"
    # "will begin examining ... on Thursday": a bare participle or infinitive takes its tense
    # from the verb it complements.
    while verb.dep_ in {"xcomp", "conj"} and not _aux_words(verb) and verb.head.i != verb.i:
        verb = verb.head
    return verb_tense(verb)


def verb_tense(verb: object) -> Tense:
    """Future when the verb is marked for it, past when it is in a past tense, else unknown."""
    if _verb_is_future(verb) or _is_present_plan(verb):
        return "future"
    # "the year ended March 31", "the record set on Aug. 6": a participle modifying a noun
    # reports what has happened.
    reduced_relative = verb.tag_ == "VBN" and verb.dep_ == "acl"  # type: ignore[attr-defined]
    past_aux = bool(_aux_words(verb) & {"had", "has", "have", "was", "were", "did", "'d"})
    past = verb.tag_ == "VBD" or reduced_relative or past_aux  # type: ignore[attr-defined]
    return "past" if past else "unknown"


def _modifies_a_noun(span: object) -> bool:
    """ "the Jan. 14 deadline": the date belongs to the noun, whatever the clause's tense."""
    root = span.root  # type: ignore[attr-defined]
    return root.dep_ in {"compound", "nmod"} and root.head.pos_ in {"NOUN", "PROPN"} and root.head not in span


def _is_present_plan(verb: object) -> bool:
    """ "is due in December", "are set for June": present "be" with a planning adjective."""
    if verb.lemma_ != "be" or verb.tag_ not in {"VBZ", "VBP"}:  # type: ignore[attr-defined]
        return False
    return any(c.dep_ == "acomp" and c.lower_ in PLANNED_ADJECTIVES for c in verb.children)  # type: ignore[attr-defined]


def _is_gerund_subject(token: object) -> bool:
    """ "Fighting in December killed dozens": a gerund as subject names an event, like a noun."""
    return token.tag_ == "VBG" and token.dep_ in {"nsubj", "nsubjpass", "csubj"}  # type: ignore[attr-defined]


def _aux_words(verb: object) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}  # type: ignore[attr-defined]


def _verb_is_future(verb: object) -> bool:
    words = _aux_words(verb)
    if words & FUTURE_AUX:
        return not words >= {"would", "have"}  # "would have met on Monday" is a past that was not
    if verb.tag_ == "VB" and "to" in words:  # type: ignore[attr-defined]
        head = verb.head  # type: ignore[attr-defined]
        if head.i == verb.i:  # type: ignore[attr-defined]
            return False
        if head.lemma_ == "be" and head.tag_ in {"VBZ", "VBP"}:
            return True  # "is to resume Tuesday": an arrangement
        planner = head.head if head.pos_ == "ADJ" else head  # "had been due to expire"
        if "had" in _aux_words(planner):
            return False  # a past perfect plan was due before the telling
        return head.lemma_ in FUTURE_VERBS or _verb_is_future(head)
    if verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:  # type: ignore[attr-defined]
        return True
    if verb.tag_ == "VBN" and verb.lemma_ in FUTURE_VERBS:  # type: ignore[attr-defined]
        # "is scheduled for Monday", "a summit set for April"; but "the record set on Aug. 6"
        # is a record established then: "set" plans only with an auxiliary or "for"
        return verb.lemma_ != "set" or bool(words) or any(c.lower_ == "for" for c in verb.children)  # type: ignore[attr-defined]
    # Present tense reads as the future only for scheduled events ("talks begin Monday");
    # "the fort captured Wednesday remains unclear" is about the past.
    return verb.tag_ in {"VBZ", "VBP"} and verb.lemma_ in SCHEDULED_VERBS  # type: ignore[attr-defined]
