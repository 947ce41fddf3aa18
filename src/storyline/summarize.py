"""Extractive multi-document summary in which every sentence cites its sources.

Sentences are scored by centrality (TF-IDF cosine with the story's centroid), by how
many articles carry a similar sentence, and by position (news puts the essentials
first); a greedy MMR pass then picks high scorers that add something new, within the
word budget, which is never exceeded. A picked sentence cites every article that states
it (same words, ignoring case, spacing and quote style).
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from .model import Article, Sentence, Span, Summary, SummarySentence

MIN_WORDS = 6
MAX_WORDS = 60
REDUNDANCY = 0.5  # cosine above which a candidate repeats an already chosen sentence
SUPPORT = 0.5  # cosine above which another article's sentence supports a candidate
TERMINAL = re.compile(r"[.!?][\"'”’)]*$")


def normalise(text: str) -> str:
    """Compare sentences as words only: case, spacing and quote style do not matter."""
    return " ".join(re.findall(r"\w+", text.lower()))


def word_count(text: str) -> int:
    return len(text.split())


def is_candidate(sentence: Sentence) -> bool:
    """A full sentence of reasonable length: headings and fragments stay out."""
    n = word_count(sentence.text)
    return MIN_WORDS <= n <= MAX_WORDS and bool(TERMINAL.search(sentence.text))


def citations_for(chosen: Sentence, by_text: dict[str, list[Sentence]]) -> list[Span]:
    """One citation per article stating the chosen sentence (first occurrence in each)."""
    seen: set[str] = set()
    spans = []
    for sent in by_text[normalise(chosen.text)]:
        if sent.article_id not in seen:
            seen.add(sent.article_id)
            spans.append(sent.span)
    return spans


def score_sentences(candidates: list[Sentence], vectors: np.ndarray) -> np.ndarray:
    centroid = vectors.sum(axis=0)
    norm = np.linalg.norm(centroid)
    centrality = vectors @ (centroid / norm) if norm else np.zeros(len(candidates))
    similarity = vectors @ vectors.T
    articles = np.array([s.article_id for s in candidates])
    support = np.array(
        [len(set(articles[(similarity[i] >= SUPPORT) & (articles != articles[i])])) for i in range(len(candidates))]
    )
    position = np.array([1.0 / (1.0 + s.index) ** 0.5 for s in candidates])
    return centrality * (1.0 + 0.3 * np.log1p(support)) * (0.6 + 0.4 * position)


def select(candidates: list[Sentence], scores: np.ndarray, vectors: np.ndarray, words: int) -> list[int]:
    """Greedy pick by score, skipping repeats and sentences that would break the budget."""
    chosen: list[int] = []
    used = 0
    for i in np.argsort(-scores, kind="stable"):
        n = word_count(candidates[i].text)
        if used + n > words:
            continue
        if chosen and float(np.max(vectors[chosen] @ vectors[i])) >= REDUNDANCY:
            continue
        chosen.append(int(i))
        used += n
    return chosen


def summarize(articles: list[Article], words: int = 250) -> Summary:
    """Summary of the articles' sentences within ``words`` words, each sentence cited."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for a in articles for s in a.sentences]
    by_text: dict[str, list[Sentence]] = defaultdict(list)
    for sent in sentences:
        by_text[normalise(sent.text)].append(sent)
    # one candidate per distinct text: repeats count as support, not as extra candidates
    candidates = [group[0] for group in by_text.values() if is_candidate(group[0])]
    if not candidates or words <= 0:
        return Summary()
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(c.text for c in candidates)
    except ValueError:
        return Summary()
    vectors = matrix.toarray()
    scores = score_sentences(candidates, vectors)
    chosen = select(candidates, scores, vectors, words)
    order = {a.id: k for k, a in enumerate(articles)}
    chosen.sort(key=lambda i: (order[candidates[i].article_id], candidates[i].start))
    return Summary(
        [SummarySentence(candidates[i].text, citations_for(candidates[i], by_text)) for i in chosen]
    )
