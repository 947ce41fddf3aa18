"""Online story clustering: each incoming article joins an active story or starts a new one.

Articles arrive in publication order. Each becomes a sparse vector of content words and
named entities (capitalised words, the cheap kind), Snowball-stemmed so that inflections of
one word meet, weighted by sublinear term frequency times a *fixed* inverse document
frequency taken from general English word frequencies (``wordfreq``). A fixed IDF means
the first article of a stream is weighted as well as the ten-thousandth, and there is no
corpus state to persist or to tune per data set.

A story is the sum of its members' unit vectors (its centroid, pruned to the strongest
terms so memory stays bounded). An article joins the story with the highest cosine if
that cosine reaches ``threshold``; otherwise it starts a story. Time matters: a story
goes cold ``window_days`` after its latest article, and cold stories are dropped from
memory, so the same city a year later starts a different story and a long stream needs
memory only for the stories of the last window.

Online assignment depends on order: an article that arrives before the rest of its story
starts a story of its own, and one that arrives while a neighbouring story is the only one
open joins it. :meth:`StoryClusterer.reassign` undoes such early choices once a batch is in,
k-means style: each article given a key moves to the open story whose centroid it is now
closest to, if that beats the rest of its own story and reaches the same join threshold.
It has no setting of its own.

Junk documents (archive notices, social-media widgets; see ``junk.py``) join no story.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# A capitalised word right after a word, comma or bracket and one space is mid-sentence: a name.
# (After ". " or a line break a capital only starts a sentence.)
NAME = re.compile(r"(?<=[A-Za-z0-9,)] )[A-Z][A-Za-z'’-]*[A-Za-z]")
MAX_ZIPF = 8.0  # wordfreq's Zipf scale: log10 of frequency per billion words


@dataclass(frozen=True)
class ClusterSettings:
    """The clusterer's knobs; not tuned per data set (see docs/bench/clustering.md)."""

    threshold: float = 0.23  # cosine to join a story; derived on Timeline17 (benchmarks/ingest_cluster_settings.py)
    entity_weight: float = 1.0  # weight of an entity feature relative to a content word
    window_days: int = 7  # a story with no article for this long is cold
    centroid_terms: int = 400  # strongest terms kept per story centroid
    article_terms: int = 200  # strongest terms kept per article vector
    article_chars: int = 4000  # only the opening is read: the event is in the lead, long tails are background
    max_active: int = 2000  # open stories kept at most (the least recently updated go first)


# English function words plus news reporting verbs. Kept here rather than imported from
# scikit-learn, whose import alone costs seconds at the start of every ingest.
STOP_WORDS = frozenset(
    """
    about above across after afterwards again against all almost alone along already also although always among
    amongst and another any anyhow anyone anything anyway anywhere are around because been before beforehand behind
    being below beside besides between beyond both but can cannot could did does doing done down during each either
    else elsewhere enough even ever every everyone everything everywhere except few for former formerly from further
    had has have having hence her here hereafter hereby herein hers herself him himself his how however into its
    itself just last latter latterly least less many may meanwhile might mine more moreover most mostly much must
    myself neither never nevertheless next nobody none noone nor not nothing now nowhere off often once one only onto
    other others otherwise our ours ourselves out over own per perhaps please put rather same see seem seemed seeming
    seems several she should since some somehow someone something sometime sometimes somewhere still such than that
    the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this
    those though through throughout thru thus together too toward towards under until upon very via was were what
    whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves
    said says say saying told tells according also new year years week mr mrs ms lrb rrb
    """.split()
)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=200_000)
def idf(word: str) -> float:
    """Rarity of a lower-case word in general English: 1 for the commonest, ~9 for unseen ones."""
    freq = _frequencies().get(word, 0.0)
    zipf = math.log10(freq * 1e9) if freq > 0 else 0.0
    return max(1.0, 1.0 + MAX_ZIPF - zipf)


@lru_cache(maxsize=200_000)
def content_word(token: str) -> str | None:
    """The lower-case form a token counts as, or None for stop words and short tokens."""
    lower = token.lower()
    if lower.endswith(("'s", "’s")):
        lower = lower[:-2]
    return lower if len(lower) > 2 and lower not in STOP_WORDS else None


def _matches(text: str, pattern: re.Pattern[str]) -> Counter[str]:
    """Occurrences of each content word (counted in C through the cached ``content_word``)."""
    counts: Counter[Any] = Counter(map(content_word, pattern.findall(text)))
    del counts[None]  # stop words and short tokens (a Counter ignores a missing key here)
    return counts


def _top(vector: dict[str, float], k: int) -> dict[str, float]:
    if len(vector) <= k:
        return vector
    return dict(heapq.nlargest(k, vector.items(), key=itemgetter(1)))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # snowballstemmer imports in milliseconds (nltk's would pull in scikit-learn), and runs the
    # same Snowball algorithm in C when PyStemmer is installed (a dependency): stems are identical
    # (checked on 55,200 words), stemming over 100x faster
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word, so "hacked", "hackers" and "hacking" meet."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=200_000)
def stem_and_idf(word: str) -> tuple[str, float]:
    """One cached look-up per word for the loop in :func:`feature_weights`, the hot path of ingest."""
    return stem(word), idf(word)


def feature_weights(text: str, entity_weight: float) -> dict[str, float]:
    """(1 + log tf) x general-English IDF per stem, and per entity stem (``@`` prefix) weighted apart.

    The IDF is that of the surface word, and a stem weighs as its strongest form: stemming
    only lets inflections of a word meet, it does not make a rare word common.
    """
    weights: dict[str, float] = {}
    for prefix, pattern, factor in (("", WORD, 1.0), ("@", NAME, entity_weight)):
        for word, n in _matches(text, pattern).items():
            key, rarity = stem_and_idf(word)
            key = prefix + key
            weight = factor * rarity * (1.0 + math.log(n))
            if weight > weights.get(key, 0.0):
                weights[key] = weight
    return weights


def article_vector(text: str, settings: ClusterSettings) -> dict[str, float]:
    """Unit-length sparse vector of the article's opening, pruned to its strongest features."""
    weights = _top(feature_weights(text[: settings.article_chars], settings.entity_weight), settings.article_terms)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


@dataclass
class ActiveStory:
    """A story still open for new articles: its centroid and its time span."""

    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    first: date | None = None
    last: date | None = None
    norm: float = 0.0
    members: dict[Hashable, tuple[dict[str, float], date | None]] = field(default_factory=dict)  # movable ones

    def add(
        self, vector: dict[str, float], published: date | None, max_terms: int, key: Hashable | None = None
    ) -> None:
        """Add an article's vector; with a ``key`` it is kept as a member that can be moved later."""
        if key is not None:
            self.members[key] = (vector, published)
        centroid, square = self.centroid, self.norm * self.norm
        for term, weight in vector.items():  # the norm is updated term by term, not re-summed
            before = centroid.get(term, 0.0)
            centroid[term] = before + weight
            square += weight * (2.0 * before + weight)
        if len(centroid) > 2 * max_terms:  # prune in bursts: sorting on every add is slow
            self.centroid = _top(centroid, max_terms)
            square = sum(w * w for w in self.centroid.values())
        self.norm = math.sqrt(square)
        self.size += 1
        if published is not None:
            self.first = min(self.first or published, published)
            self.last = max(self.last or published, published)

    def remove(self, vector: dict[str, float]) -> None:
        """Take a member's vector out of the centroid (terms pruned meanwhile are skipped).

        The time span is kept: it may stay a little wider than the remaining members need.
        """
        centroid = self.centroid
        for term, weight in vector.items():
            left = centroid.get(term, 0.0) - weight
            if left > 1e-9:
                centroid[term] = left
            else:
                centroid.pop(term, None)
        self.norm = math.sqrt(sum(w * w for w in centroid.values()))
        self.size -= 1

    def cosine(self, vector: dict[str, float]) -> float:
        if not self.norm:
            return 0.0
        centroid = self.centroid
        # the key-view intersection runs in C and is small: 3x faster than a .get() per article term
        return sum(vector[t] * centroid[t] for t in vector.keys() & centroid.keys()) / self.norm

    def cosine_without(self, vector: dict[str, float]) -> float:
        """Cosine of a member's unit vector with the rest of the story (the centroid minus itself)."""
        dot = self.cosine(vector) * self.norm
        square = self.norm * self.norm - 2.0 * dot + 1.0
        return (dot - 1.0) / math.sqrt(square) if square > 1e-9 else 0.0


class StoryClusterer:
    """Assigns articles to stories online; call :meth:`assign` in publication order.

    Story ids are handed out by ``next_id`` (so a store can continue its own numbering),
    and :meth:`restore` puts back a story's members after a restart.
    """

    def __init__(self, settings: ClusterSettings | None = None, next_id: int = 1) -> None:
        self.settings = settings or ClusterSettings()
        self.active: dict[int, ActiveStory] = {}
        self.next_id = next_id
        self.now: date | None = None  # latest publication date seen

    def _is_open(self, story: ActiveStory, published: date | None) -> bool:
        when = published or self.now
        if when is None or story.last is None:
            return True
        window = self.settings.window_days
        return (when - story.last).days <= window and (story.first - when).days <= window  # type: ignore[operator]

    def _expire(self) -> None:
        """Forget stories gone cold: no article within the window before the latest date."""
        if self.now is None:
            return
        window = self.settings.window_days
        cold = [sid for sid, s in self.active.items() if s.last is not None and (self.now - s.last).days > window]
        for sid in cold:
            del self.active[sid]

    def best_story(
        self, vector: dict[str, float], published: date | None, skip: ActiveStory | None = None
    ) -> tuple[ActiveStory | None, float]:
        best, best_score = None, 0.0
        for story in self.active.values():
            if story is skip or not self._is_open(story, published):
                continue
            score = story.cosine(vector)
            if score > best_score:
                best, best_score = story, score
        return best, best_score

    def assign(self, text: str, published: date | None = None, key: Hashable | None = None) -> int:
        """The id of the story this article belongs to (a new id when none is close enough).

        With a ``key`` the story remembers the article's vector, so :meth:`reassign` may move it.
        """
        if published is not None and (self.now is None or published > self.now):
            self.now = published
            self._expire()
        vector = article_vector(text, self.settings)
        story, score = self.best_story(vector, published)
        if story is None or score < self.settings.threshold:
            story = ActiveStory(self.next_id)
            self.active[story.id] = story
            self.next_id += 1
        story.add(vector, published, self.settings.centroid_terms, key)
        self._touch(story)
        return story.id

    def reassign(self) -> dict[Hashable, int]:
        """Move keyed articles of open stories to a better story, each looked at once; the moves made.

        An article moves when another open story's centroid is closer to it than the rest of
        its own story is, and at least as close as the join threshold. Moves are made one at
        a time, so the next article is judged against centroids that already reflect them
        (deciding all moves first would let two singletons swap stories instead of meeting).
        A story left empty is closed. Keys stay while their story is open, so a story that
        forms in a later batch can still draw an early article to it; they go with the story
        when it goes cold, which keeps memory bounded by the window.
        """
        moves: dict[Hashable, int] = {}
        for story in list(self.active.values()):
            for key, (vector, published) in list(story.members.items()):
                target, score = self.best_story(vector, published, skip=story)
                if target is None or score < self.settings.threshold or score <= story.cosine_without(vector):
                    continue
                story.remove(story.members.pop(key)[0])
                target.add(vector, published, self.settings.centroid_terms, key)
                moves[key] = target.id
                if not story.size:
                    del self.active[story.id]
                    break
        return moves

    def _touch(self, story: ActiveStory) -> None:
        """Mark the story most recently updated; beyond ``max_active`` forget the stalest one.

        This bounds memory for undated streams too, where the time window cannot.
        """
        self.active.pop(story.id, None)
        self.active[story.id] = story
        while len(self.active) > self.settings.max_active:
            del self.active[next(iter(self.active))]

    def restore(
        self, story_id: int, texts: Iterable[str], dates: Iterable[date | None], keys: Iterable[Hashable]
    ) -> None:
        """Re-open a stored story with its members, movable by :meth:`reassign` under their keys
        (used when an ingest resumes)."""
        story = self.active.setdefault(story_id, ActiveStory(story_id))
        for text, published, key in zip(texts, dates, keys, strict=True):
            vector = article_vector(text, self.settings)
            story.add(vector, published, self.settings.centroid_terms, key)
            if published is not None and (self.now is None or published > self.now):
                self.now = published
        self._touch(story)
        self.next_id = max(self.next_id, story_id + 1)


def cluster_texts(
    texts: list[str], dates: list[date | None] | None = None, settings: ClusterSettings | None = None
) -> list[int]:
    """Story ids for a batch, assigned online in publication order (stable for equal dates), then reassigned."""
    dates = dates or [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: (dates[i] is None, dates[i] or date.min))
    stories = cluster_in_order(texts, dates, order, settings)
    return [stories[i] for i in range(len(texts))]


def cluster_in_order(
    texts: Sequence[str],
    dates: Sequence[date | None],
    order: Iterable[int],
    settings: ClusterSettings | None = None,
    reassign: bool = True,
    batch_size: int | None = None,
) -> dict[int, int]:
    """Story id of each text fed in ``order`` (others are left out). Unless told not to, the open
    stories are reassigned after each batch of ``batch_size`` texts (default: all) and at the
    end, as ``storyline ingest`` does before each batch it commits."""
    clusterer = StoryClusterer(settings)
    stories: dict[int, int] = {}
    for n, i in enumerate(order, 1):
        stories[i] = clusterer.assign(texts[i], dates[i], key=i)
        if reassign and batch_size and n % batch_size == 0:
            stories.update(clusterer.reassign())  # type: ignore[arg-type]
    if reassign:
        stories.update(clusterer.reassign())  # type: ignore[arg-type]
    return stories
