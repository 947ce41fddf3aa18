"""What every summarizer shares: the sentence pool, TF-IDF vectors and budgeted output.

All summarizers (storyline's and the peer baselines) take the same input, segmented
:class:`Article` objects, and return a :class:`Summary` whose sentences are source text
with a citation to every article that states them, so ``eval summarization`` compares
like with like.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Article, Sentence, Span, Summary, SummarySentence

Summarizer = Callable[[list[Article], int], Summary]

MIN_WORDS = 6
MAX_WORDS = 60
TERMINAL = re.compile(r"[.!?][\"'”’)]*$")
# "WASHINGTON (AP) — ", "LONDON, March 3 (Reuters) - ", "(CNN) ", "SALEM, Ore. --": credits, not content.
# Broader than split.DATELINE, which must only fire where a new article starts: a credit
# such as "(CNN)" with no place name is cut from a summary sentence but never splits a file.
WIRE_CREDIT = re.compile(
    r"^(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][\w. ]{1,30})?\s*)?"
    r"\((?:AP|Reuters|CNN|AFP|UPI|Bloomberg)\)\s*(?:[—–-]+\s*)?"
    r"|^[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][\w. ]{1,30})?\s+(?:[—–]+|--)\s*"
)


def normalise(text: str) -> str:
    """Compare sentences as words only: case, spacing and quote style do not matter."""
    return " ".join(re.findall(r"\w+", text.lower()))


def word_count(text: str) -> int:
    return len(text.split())


def is_candidate(sentence: Sentence) -> bool:
    """A full sentence of reasonable length: headings and fragments stay out."""
    n = word_count(sentence.text)
    return MIN_WORDS <= n <= MAX_WORDS and bool(TERMINAL.search(sentence.text))


# "He said the ferries ..." names no one: the reader of a summary has not seen who "he" is.
PRONOUN_SPEAKER = re.compile(
    r"^(?:He|She)\s+(?:\w+ly\s+)?(?:said|says|added|adds|told|tells|explained|noted|insisted|argued|claimed|stated)\b"
)
OPENING_QUOTES, CLOSING_QUOTES = "“", "”"
# How a sentence that depends on the one before starts: lower case, or a connective.
CARRIES_ON = re.compile(r"^(?:[a-z]|(?:And|But|Or|So|Because|Yet|Then|Which|That)\b)")


def inside_quotation(before: str) -> bool:
    """Whether a quotation opened in ``before`` (the paragraph up to a sentence) is still open."""
    curly_open = before.count(OPENING_QUOTES) > before.count(CLOSING_QUOTES)
    return curly_open or before.count('"') % 2 == 1


def stands_alone(sentence: Sentence, text: str) -> bool:
    """Whether a sentence can be read out of its article (``text``): not one that carries on a
    quotation begun in an earlier sentence ("And we are one of those."; a quoted sentence that
    reads on its own gets its speaker from the report's quotes), and not a report whose speaker
    is a bare "He" or "She". Every quoted sentence left out cost ROUGE on Multi-News (R2 -0.2),
    these two kinds did not."""
    paragraph_start = text.rfind("\n\n", 0, sentence.start) + 1
    before = text[paragraph_start : sentence.start]
    fragment = inside_quotation(before) and CARRIES_ON.match(sentence.text)
    return not fragment and not PRONOUN_SPEAKER.match(sentence.text)


def without_dateline(sentence: Sentence) -> Sentence:
    """The sentence with a leading dateline or wire credit cut off (offsets kept exact)."""
    match = WIRE_CREDIT.match(sentence.text)
    if not match or match.end() >= len(sentence.text):
        return sentence
    cut = match.end()
    return Sentence(
        sentence.article_id, sentence.start + cut, sentence.end, sentence.text[cut:], sentence.paragraph, sentence.index
    )


@dataclass
class SentencePool:
    """Distinct candidate sentences of a story, and every place each one occurs.

    Sentences enter without a leading dateline, so wire copies with and without one
    are the same candidate and every citation points at the trimmed text.

    A sentence repeated across articles (syndicated copy) is one candidate: the repeats
    become its citations rather than extra candidates.
    """

    candidates: list[Sentence]
    occurrences: dict[str, list[Sentence]] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: list[Article], keep: Callable[[Sentence], bool] = is_candidate) -> SentencePool:
        occurrences: dict[str, list[Sentence]] = defaultdict(list)
        for article in articles:
            for sent in article.sentences:
                sent = without_dateline(sent)
                occurrences[normalise(sent.text)].append(sent)
        candidates = [group[0] for group in occurrences.values() if keep(group[0])]
        return cls(candidates, dict(occurrences))

    def statements(self, chosen: Sentence) -> list[Sentence]:
        """Where each article states the chosen sentence word for word (first place in each).

        Only character-identical copies count, so every citation is verbatim evidence;
        a copy differing in quote style still merges into one candidate, uncited.
        """
        seen: set[str] = set()
        found = []
        for sent in self.occurrences.get(normalise(chosen.text), [chosen]):
            if sent.text == chosen.text and sent.article_id not in seen:
                seen.add(sent.article_id)
                found.append(sent)
        return found or [chosen]

    def copies(self) -> np.ndarray:
        """Per candidate, how many other articles state it (in the same words)."""
        return np.array(
            [len({s.article_id for s in self.occurrences[normalise(c.text)]} - {c.article_id}) for c in self.candidates]
        )

    def citations(self, chosen: Sentence) -> list[Span]:
        return [s.span for s in self.statements(chosen)]


def cosine_matrix(vectors: Any) -> np.ndarray:
    """Pairwise cosine of L2-normalised sparse rows, dense (sentences x sentences)."""
    return (vectors @ vectors.T).toarray()


def column_sum(vectors: Any) -> np.ndarray:
    return np.asarray(vectors.sum(axis=0)).ravel()


def pagerank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Stationary scores of a random walk over a weighted sentence graph (LexRank, TextRank)."""
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    out = weights.sum(axis=1, keepdims=True)
    n = len(weights)
    transition = np.divide(weights, out, out=np.full_like(weights, 1.0 / n), where=out > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        scores = (1 - damping) / n + damping * transition.T @ scores
    return scores


def ranked_summary(pool: SentencePool, ranking: list[int], words: int) -> Summary:
    """Take sentences in ranking order until ``words``; the last one is cut to fit.

    This is how the peer baselines are scored in the literature (output cut to N words);
    the cut sentence keeps an exact citation to the prefix it quotes.
    """
    out: list[SummarySentence] = []
    left = words
    for i in ranking:
        if left <= 0:
            break
        sent = pool.candidates[i]
        if word_count(sent.text) > left:
            sent = prefix_of(sent, left)
        out.append(SummarySentence(sent.text, pool.citations(sent) if sent is pool.candidates[i] else [sent.span]))
        left -= word_count(sent.text)
    return Summary(out)


def prefix_of(sentence: Sentence, words: int) -> Sentence:
    """The sentence's first ``words`` words, as a sentence with exact offsets."""
    ends = [m.end() for m in re.finditer(r"\S+", sentence.text)][:words]
    end = ends[-1] if ends else 0
    return Sentence(
        sentence.article_id,
        sentence.start,
        sentence.start + end,
        sentence.text[:end],
        paragraph=sentence.paragraph,
        index=sentence.index,
    )
