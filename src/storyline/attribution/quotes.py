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
from .linking import Attribution, SpanTagger, cue_head, find_attributions, overlaps_any, span_tokens
from .spans import DENIAL_LEMMAS, QUOTE_CHARS, TaggedSpan, span_of
from .speakers import NameIndex, group_antecedents, names_someone, phrase, speaker_and_role, trim

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
CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "advcl", "mark"})


def _without_clauses(head: Any) -> list[Any]:
    """A phrase's tokens without the clauses hanging off it ("an address" not "an address that ...")."""
    dropped = {d.i for t in head.subtree if t.dep_ in CLAUSE_DEPS for d in t.subtree}
    return [t for t in head.subtree if t.i not in dropped]


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
                return phrase(_without_clauses(child))
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
        quotes = [
            make_quote(article, att, names, antecedents.get(i))
            for i, att in enumerate(attributions)
            if att.content and names_someone(att)
        ]
        done.append(AttributedArticle(article, paragraphs, attributions, quotes))
    return done
