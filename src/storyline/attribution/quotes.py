"""From attributions to the report's quotes.

:func:`attribute_articles` parses each article once, finds its attributions
(:mod:`.attribution`), adds the sentences that carry on a direct quote, and reads each as a
reader would: who the speaker is and their role (:mod:`.speakers`), the outlet or channel,
whether it is a direct quotation, and how firmly the text holds it (``asserted``,
``claimed``, ``unverified``, ``denied``). Apart from the linking because none of this is what
``storyline eval attribution`` scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Article, Quote, Span
from ..nlp import ParsedParagraph, Parses
from .linking import Attribution, SpanTagger, cue_head, find_attributions, overlaps_any, span_root, span_tokens
from .spans import DENIAL_LEMMAS, QUOTE_CHARS, TaggedSpan, span_of
from .speakers import NameIndex, group_antecedents, names_someone, phrase, speaker_and_role, trim, without_clauses

BARE_QUOTATION = re.compile(r'^["“][^"“”]+["”]$')  # a sentence that is one quotation and nothing else


def continued_quotations(attributions: list[Attribution]) -> list[Attribution]:
    """The sentences that carry on a direct quote, as attributions of their own with its source
    and cue: in '"This is a huge blow," Sediqqi said. "It proves ..."' the second sentence is
    Sediqqi's too, and a reader shown it alone (in the quotes or the summary) could not tell.
    Only whole quoted sentences right after the quote's sentence, none of whose words another
    attribution holds. For the report: PolNeAR marks such a sentence as a second fragment of the
    first content, so the evaluation reads ``find_attributions`` without them."""
    found = []
    for att in attributions:
        doc = att.paragraph.doc
        if att.content is None or not any(q in phrase(span_tokens(doc, att.content)) for q in QUOTE_CHARS):
            continue
        others = [s for o in attributions if o.paragraph is att.paragraph for s in (o.source, o.cue, o.content)]
        last = max(s.last_token for s in (att.source, att.cue, att.content) if s is not None)
        for sent in (sent for sent in doc.sents if sent.start > last):
            content = span_of("content", doc, att.paragraph.offset, sent.start, sent.end - 1)
            if overlaps_any(content, *others) or not BARE_QUOTATION.match(sent.text.strip()):
                break
            found.append(Attribution(att.cue, att.source, content, att.paragraph))
    return found


# --- Reading an attribution as a quote -------------------------------------------------

CLAIM_LEMMAS = frozenset({"claim", "allege", "insist", "contend", "purport", "boast"})
UNVERIFIED = re.compile(
    r"\b(?:could|can|cannot|can't|couldn't)\s+(?:not\s+)?(?:be\s+)?(?:immediately\s+|independently\s+)?"
    r"(?:verified|confirmed)|\bpurported(?:ly)?\b|\breportedly\b|\ballegedly\b|\bunconfirmed\b|\bunverified\b",
    re.IGNORECASE,
)
MEDIUM_NOUNS = frozenset(
    """address statement interview speech broadcast briefing conference tweet twitter facebook post
    video message letter email e-mail radio television tv newspaper blog release appearance podcast
    announcement remarks""".split()
)
MEDIUM_PREPOSITIONS = frozenset({"in", "on", "during", "via", "through", "at"})
TWEET_LEMMAS = frozenset({"tweet", "retweet"})


def medium_of(att: Attribution) -> str | None:
    """The outlet or channel: who was told, ``tweeted``, or ``in a televised address`` / ``on Twitter``."""
    verb = cue_head(att)
    if verb.lemma_.lower() in TWEET_LEMMAS:
        return "Twitter"
    for child in verb.children:
        if verb.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN":
            return phrase(trim(list(child.subtree)))
        if child.dep_ == "prep" and child.lower_ in MEDIUM_PREPOSITIONS:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in MEDIUM_NOUNS:
                return phrase(without_clauses(child))
    return None


def kind_of(text: str, att: Attribution) -> str:
    """``direct`` when the content is (or contains) a quotation; else ``indirect``."""
    if att.content is None:
        return "indirect"
    start, end = att.content.start, att.content.end
    around = text[max(0, start - 2) : end + 2]
    return "direct" if any(q in around for q in QUOTE_CHARS) else "indirect"


def _sentence_window(att: Attribution) -> str:
    """The cue's sentence plus the next one, when that one refers back ("the claim could not...")."""
    sent = att.paragraph.doc[att.cue.first_token].sent
    text = sent.text
    after = att.paragraph.doc[sent.end :]
    if len(after):
        nxt = next(iter(after.sents))
        if nxt[0].lower_ in ("the", "this", "that", "it", "there") and len(nxt) > 1:
            text += " " + nxt.text
    return text


def stance_of(att: Attribution) -> str:
    """How firmly the text holds the attribution, from its own words (strongest marker wins)."""
    cue_lemmas = {t.lemma_.lower() for t in att.paragraph.doc[att.cue.first_token : att.cue.last_token + 1]}
    if cue_lemmas & DENIAL_LEMMAS:
        return "denied"
    if UNVERIFIED.search(_sentence_window(att)):
        return "unverified"
    if cue_lemmas & CLAIM_LEMMAS:
        return "claimed"
    return "asserted"


# --- Which attributions a reader should see as quotes -----------------------------------

# Verbs and nouns of saying: the tagger, trained on PolNeAR, also marks perception, wishes and
# plans as cues ("could see the frustration", "wants Rudolph to be disciplined", "will invite
# architects"), which a quote table must not list as someone's words.
SPEECH_LEMMAS = frozenset(
    """say tell add state report announce claim deny accuse insist argue warn write tweet post
    confirm explain note describe call urge ask reply answer respond reveal suggest admit testify
    recall acknowledge criticise criticize denounce reject dismiss refute rebut allege contend assert
    declare maintain predict promise pledge vow threaten order shout yell scream cry inform quote
    cite hint concede complain comment remark agree disagree caution stress emphasise emphasize
    observe indicate mention boast joke conclude counter object protest question dispute demand
    propose recommend express accord signal blast slam praise thank apologise apologize repeat
    reiterate put estimate statement announcement accusation allegation denial warning testimony
    interview letter""".split()
)
VERB_ENDINGS = ("d", "ed", "s", "es", "ing")
WITHHOLDING_LEMMAS = frozenset({"decline", "refuse"})  # "declined to say when ..." says nothing
# Sources that are records, not speakers: unnamed studies and footage are not attributions.
RECORD_NOUNS = frozenset(
    """evidence study report data figure record survey research analysis estimate document video
    footage image photo picture map poll paper result finding chart graphic""".split()
)


def _base_forms(tok: Any) -> set[str]:
    """The lemma and the word less a verb ending: the tagger reads "acknowledged" after a name as
    an adjective, whose lemma is the word itself."""
    word = tok.lower_
    stems = (word[: -len(end)] for end in VERB_ENDINGS if word.endswith(end))
    return {tok.lemma_.lower(), word, *stems}


def reports_speech(att: Attribution) -> bool:
    """The cue is a word of saying, neither withheld nor negated ("declined to comment", "did not
    provide any details" are no one's words)."""
    doc = att.paragraph.doc
    cue = [t for t in doc[att.cue.first_token : att.cue.last_token + 1] if not t.is_space]
    lemmas = {form for t in cue for form in _base_forms(t)}
    # "did not say": a negation on the cue, outside the quoted words ('"hard not to," he admitted')
    content = range(att.content.first_token, att.content.last_token + 1) if att.content else range(0)
    negated = any(c.dep_ == "neg" and c.i not in content for t in cue for c in (t, *t.children))
    return bool(lemmas & SPEECH_LEMMAS) and not lemmas & WITHHOLDING_LEMMAS and not negated


def _describes(tok: Any) -> bool:
    """A clause that only describes a noun: a relative clause ("times that exceeded two hours") or
    a participle ("people briefed on the talks"), not what a noun says ("his accusation that the
    firm ignored ...")."""
    marked = any(c.dep_ == "mark" for c in tok.children)
    return tok.dep_ == "relcl" or (tok.dep_ == "acl" and not marked)


def states_something(att: Attribution) -> bool:
    """The content is a statement: it holds a quotation, or a verb or a figure outside any clause
    that only describes a noun. "confidence in the veteran winger" and "telephone wait times
    that exceeded two hours" are a topic, not what was said; "that the base is vital" and "27
    deaths" are statements. Nor is what follows a preposition ("asked about his decision")."""
    doc = att.paragraph.doc
    tokens = span_tokens(doc, att.content)
    if any(t.text in QUOTE_CHARS for t in tokens):
        return True
    root = span_root(doc, att.content)
    if root.pos_ == "ADP":  # "admitted to hiding her" states something, "joked about his habit" not
        return any(c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX") for c in root.children)
    if root.dep_ == "pobj":
        return False
    inside = {t.i for t in tokens}
    # Only clauses on a noun of the content: the parser often hangs a "that" clause on the noun
    # before the content ("told reporters at a news conference that officials began ...").
    described = {d.i for t in tokens if _describes(t) and t.head.i in inside for d in t.subtree}
    return any(t.pos_ in ("VERB", "AUX", "NUM") and t.i in inside - described for t in tokens)


def names_a_record(att: Attribution) -> bool:
    """The source is a record (a study, evidence, a video), not someone who speaks."""
    if att.source is None:
        return False
    root = span_root(att.paragraph.doc, att.source)
    return root.pos_ == "NOUN" and root.lemma_.lower() in RECORD_NOUNS


def reads_as_quote(att: Attribution) -> bool:
    """Whether the report lists an attribution as a quote: words of saying, a statement (or the claim
    a denial rejects, "has denied this"), a speaker who is not a record. The attribution itself
    stays in ``AttributedArticle.attributions``, as the evaluation scores it."""
    if att.content is None or not reports_speech(att) or names_a_record(att):
        return False
    return states_something(att) or stance_of(att) == "denied"  # what is denied is a claim: "denied this"


# --- Articles in, quotes out -----------------------------------------------------------


@dataclass
class AttributedArticle:
    """An article with its parse, its attributions and their quotes (the disputes stage reads all three)."""

    article: Article
    paragraphs: list[ParsedParagraph]
    attributions: list[Attribution]
    quotes: list[Quote]


def _span(article: Article, span: TaggedSpan | None) -> Span | None:
    return Span(article.id, span.start, span.end) if span else None


def make_quote(article: Article, att: Attribution, names: NameIndex, antecedent: Attribution | None = None) -> Quote:
    speaker, role = speaker_and_role(att, names, antecedent)
    parts = [s for s in (att.source, att.cue, att.content) if s is not None]
    return Quote(
        speaker=speaker,
        role=role,
        medium=medium_of(att),
        kind=kind_of(article.text, att),
        stance=stance_of(att),
        cue=article.text[att.cue.start : att.cue.end],
        content=article.text[att.content.start : att.content.end] if att.content else "",
        source_span=_span(article, att.source),
        cue_span=Span(article.id, att.cue.start, att.cue.end),
        content_span=_span(article, att.content),
        citation=Span(article.id, min(s.start for s in parts), max(s.end for s in parts)),
    )


def _reading_order(att: Attribution) -> tuple[int, int]:
    return att.paragraph.offset, att.content.start if att.content else att.cue.start


def attribute_articles(
    articles: list[Article], tagger: SpanTagger | None = None, parses: Parses | None = None
) -> list[AttributedArticle]:
    """Parse each article once (or read the run's ``parses``) and read its attributions as quotes."""
    from .transformer import default_transformer_tagger

    tagger = tagger or default_transformer_tagger()
    done = []
    parsed = (parses or Parses()).parse([a.text for a in articles], keep=tagger.worth_parsing)
    for article, paragraphs in zip(articles, parsed, strict=True):
        # One tagging run per article, as in the eval: the int8 graph scales activations per
        # batch, so windows batched across articles made an article's quotes depend on the
        # other articles of the run (the seeds' Ashraf Ghani quote came and went).
        attributions = find_attributions(paragraphs, tagger)
        attributions = sorted(attributions + continued_quotations(attributions), key=_reading_order)
        names = NameIndex(paragraphs)
        antecedents = group_antecedents(attributions, paragraphs, names)
        quotes = []
        for i, att in enumerate(attributions):
            if att.content is None or not names_someone(att):
                continue
            quote = make_quote(article, att, names, antecedents.get(i))
            names.heard(quote.citation.start, quote.speaker)  # for the "he said" after it
            if reads_as_quote(att):
                quotes.append(quote)
        done.append(AttributedArticle(article, paragraphs, attributions, quotes))
    return done
