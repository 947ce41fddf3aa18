"""Disputes: claims about the same thing that disagree, across or within sources.

Two general mechanisms, no story-specific rules:

- **Different figures for one quantity.** Numeric claims (``numbers.py``) are about the
  same quantity when they share the event (``kill``), any participle narrowing the set
  (``selected in May``) and at least one word of what is counted (``Taliban fighters`` /
  ``Taliban``), or one counts the events themselves (``no arrests``); a group with two
  different figures stated in different sentences is a dispute.
- **A claim and its denial.** A denied attribution whose content points back (``has
  denied this``, ``denied the claim``, or nothing) is paired with the nearest attribution
  before it in the same paragraph; a denial with content of its own is paired with the
  attribution whose content shares most of its words.

Every figure found is reported too, disputed or not (``StoryReport.figures``): a reader checking
a number wants all of them. A figure restated for the same quantity by the same speaker (a wire
report re-run by other outlets) is one entry citing every statement, so its sources can be
counted as independent or not (``dedup.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .attribution.quotes import AttributedArticle
from .model import Article, Dispute, DisputeClaim, FigureStatement, NumericClaim, Quote, Span
from .numbers import find_numbers

ANAPHORIC_WORDS = frozenset(
    "this that it these those claim claims report reports allegation allegations accusation accusations the such"
    " any them".split()
)
MIN_SHARED_WORDS = 0.5
NEAR_CHARS = 200  # a denial pointing back ("has denied this") answers a claim at most this far before it
STOPWORDS = frozenset(
    "a an the of to in on at and or but that this is was were are be been has have had by for with".split()
)


def _quote_holding(quotes: list[Quote], clause: Span) -> Quote | None:
    """The quote whose content covers most of the clause (tagged contents may clip a word)."""

    def shared(q: Quote) -> int:
        return q.content_span.shared(clause) if q.content_span else 0

    best = max(quotes, key=shared, default=None)
    return best if best is not None and shared(best) * 2 > clause.end - clause.start else None


def article_figures(item: AttributedArticle) -> list[FigureStatement]:
    """The figures an article states, each with the speaker of the attribution it sits in (None
    for a figure the outlet states in its own voice): the per-article half of this stage."""
    found = []
    for p in item.paragraphs:
        for number in find_numbers(p.doc):
            clause = Span(item.article.id, p.offset + number.clause_start, p.offset + number.clause_end)
            quote = _quote_holding(item.quotes, clause)
            claim = NumericClaim(
                text=number.figure.text,
                low=number.figure.low,
                high=number.figure.high,
                counted=number.counted,
                event=number.event,
                speaker=quote.speaker if quote else None,
                stance=quote.stance if quote else "asserted",
                citations=[clause],
            )
            sentence = (item.article.id, p.offset + number.sentence_start)
            found.append(
                FigureStatement(
                    claim, number.counted_lemmas, number.event_text, sentence, number.qualifier, number.counts_events
                )
            )
    return found


def _same_quantity(a: FigureStatement, b: FigureStatement) -> bool:
    """Same event, same set narrowed the same way, and a word of what is counted in common; a
    count of the events themselves ("no arrests") counts what any other count of them does
    ("four demonstrators were arrested")."""
    if a.claim.event != b.claim.event or a.qualifier != b.qualifier:
        return False
    return bool(a.counted_lemmas & b.counted_lemmas) or a.counts_events or b.counts_events


def _disagree(group: list[FigureStatement]) -> bool:
    """Two different figures stated in different sentences: the figures of one sentence ("five
    companies join the nine chosen before") describe different sets, not a disagreement."""
    return any(
        (a.claim.low, a.claim.high) != (b.claim.low, b.claim.high) and a.sentence != b.sentence
        for k, a in enumerate(group)
        for b in group[k + 1 :]
    )


def _same_figure(a: FigureStatement, b: FigureStatement) -> bool:
    """One figure for one quantity from one speaker: a re-run report, or a repeat within one."""
    same_claim = (a.claim.low, a.claim.high, a.claim.speaker) == (b.claim.low, b.claim.high, b.claim.speaker)
    return same_claim and _same_quantity(a, b)


def locate_figures(articles: list[Article], statements: list[list[FigureStatement]]) -> list[FigureStatement]:
    """Every figure the articles state (``statements``: each article's :func:`article_figures`),
    in reading order. A statement of a figure already found (same figure, quantity and speaker)
    adds its clause to that figure's citations, so a figure several outlets print is one claim
    whose sources can be counted. A figure no attribution holds is the outlets' own: its speaker
    names them. The statements given are left as they were."""
    figures: list[FigureStatement] = []
    for statement in (x for of_one in statements for x in of_one):
        twin = next((f for f in figures if _same_figure(f, statement)), None)
        if twin is None:
            claim = replace(statement.claim, citations=list(statement.claim.citations))
            figures.append(replace(statement, claim=claim))
        else:
            twin.claim.citations.extend(statement.claim.citations)
    outlets = {article.id: article.source for article in articles}
    for figure in (f.claim for f in figures if f.claim.speaker is None):
        named = dict.fromkeys(o for c in figure.citations if (o := outlets[c.article_id]))
        figure.speaker = ", ".join(named) or None
    return figures


def _group(items: list[FigureStatement]) -> list[list[FigureStatement]]:
    """Connected groups under :func:`_same_quantity` (single linkage), in first-seen order."""
    groups: list[list[FigureStatement]] = []
    for item in items:
        joined = [g for g in groups if any(_same_quantity(item, other) for other in g)]
        merged = [x for g in joined for x in g] + [item]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _text(texts: Mapping[str, str], span: Span) -> str:
    return texts[span.article_id][span.start : span.end]


def figure_disputes(texts: Mapping[str, str], figures: list[FigureStatement]) -> list[Dispute]:
    """Groups of ``figures`` (``locate_figures``) about one quantity that state different figures."""
    disputes = []
    for group in _group(figures):
        if not _disagree(group):
            continue
        first = group[0]
        topic = f"number of {first.claim.counted} {first.event_text}"
        claims = [
            DisputeClaim(_text(texts, x.claim.citations[0]), x.claim.speaker, x.claim.stance, list(x.claim.citations))
            for x in group
        ]
        disputes.append(Dispute(topic, claims))
    return disputes


def _content_words(text: str) -> set[str]:
    return {w.strip(".,;:\"'“”‘’()").lower() for w in text.split()} - STOPWORDS - {""}


def _points_back(quote: Quote) -> bool:
    words = quote.content.lower().split()
    return not words or (len(words) <= 3 and all(w.strip(".,") in ANAPHORIC_WORDS for w in words))


def _denied_claim(denial: Quote, claims: list[tuple[Quote, set[str]]]) -> Quote | None:
    """What a denial answers: the claim just before it, or the claim sharing most of its words.
    ``claims``: the story's quotes that can be answered (not denials, not pointing back
    themselves, as in ``has not responded to the accusation``), each with its content words."""
    others = [(q, words) for q, words in claims if not q.citation.shared(denial.citation)]  # not its own words
    if _points_back(denial):
        before = [
            q
            for q, _ in others
            if q.cue_span.article_id == denial.cue_span.article_id
            and 0 <= denial.cue_span.start - q.citation.end <= NEAR_CHARS
        ]
        return max(before, key=lambda q: q.citation.end) if before else None
    wanted = _content_words(denial.content)
    best = max(others, key=lambda item: len(wanted & item[1]), default=None)
    if best is None or len(wanted & best[1]) < MIN_SHARED_WORDS * len(wanted):
        return None
    return best[0]


def _claim_of(quote: Quote, text: str) -> DisputeClaim:
    return DisputeClaim(text, quote.speaker, quote.stance, [quote.citation])


def denial_disputes(texts: Mapping[str, str], quotes: list[Quote]) -> list[Dispute]:
    """Each denial paired with the claim it answers (content words read once per quote: a story of
    a thousand articles holds tens of thousands of quotes)."""
    claims = [(q, _content_words(q.content)) for q in quotes if q.stance != "denied" and not _points_back(q)]
    disputes = []
    for denial in (q for q in quotes if q.stance == "denied"):
        claim = _denied_claim(denial, claims)
        if claim is None:
            continue
        denial_text = _text(texts, denial.citation)
        disputes.append(Dispute(claim.content, [_claim_of(claim, claim.content), _claim_of(denial, denial_text)]))
    return disputes


def figures_and_disputes(
    articles: list[Article], quotes: list[list[Quote]], statements: list[list[FigureStatement]]
) -> tuple[list[NumericClaim], list[Dispute]]:
    """Every figure of a story, and its disputes: conflicting figures first, then claims and
    denials; from each article's quotes and figure statements (the per-article half)."""
    texts = {article.id: article.text for article in articles}
    figures = locate_figures(articles, statements)
    all_quotes = [q for of_one in quotes for q in of_one]
    return [f.claim for f in figures], figure_disputes(texts, figures) + denial_disputes(texts, all_quotes)
