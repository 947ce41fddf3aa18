"""A CRF token tagger for attribution spans: source, cue and content (BIO tags).

Why a CRF over spaCy's parse rather than rules alone: PolNeAR annotates far more than
``X said Y`` (beliefs, intentions, polls that "show", "according to"), and a linear-chain
model learns from 20,000 gold relations which words cue what, while the parse features
(the path from a token up to the nearest cue-like verb: ``nsubj`` -> source, ``ccomp``
-> content) carry the structure rules would encode. Training is minutes on one CPU
core (``scripts/train_attribution.py``); the shipped model is a small sparse file.

Sequences are paragraphs: a content span often runs over a sentence boundary, while
attributions almost never cross a paragraph break.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import MODEL_DIR
from ..nlp import ParsedParagraph
from .linking import sentence_starts
from .spans import DENIAL_LEMMAS, QUOTE_CHARS, TaggedSpan, lemma_and_pos, span_of, spans_from_tags

MODEL_PATH = MODEL_DIR / "attribution.crfsuite"

CUE_LEXICON_PATH = MODEL_DIR / "attribution_cues.txt"

WORD_OR_MARK = re.compile(r"\w+|[^\w\s]")

MAX_ANCESTOR_HOPS = 6

CUE_POS = frozenset({"VERB", "NOUN", "ADP"})

# A token whose P(outside) is below this gets its likeliest role. Chosen on the last 100
# train texts held out of training (0.5 / 0.6 / 0.7 gave relation overlap F1 .643 / .643 /
# .640 against .639 for plain best-path decoding); never on dev.
OUTSIDE_THRESHOLD = 0.6

DISTANCE_BUCKETS = ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (10**9, "far"))


def read_cue_lexicon(path: Path = CUE_LEXICON_PATH) -> frozenset[str]:
    """Lemmas that head a cue often enough on train (one per line), chosen by the training script."""
    if not path.exists():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def cue_forms_path(cue_path: Path) -> Path:
    """Where the written forms of a cue lexicon's lemmas are kept (next to the lexicon)."""
    return cue_path.with_name(cue_path.stem + "_forms.txt")


class AttributionFilter:
    """Which paragraphs are worth parsing: those with a quotation mark or a written form of a
    cue lemma (seen on train). Parsing is most of the cost of attribution, and a paragraph
    with neither almost never holds an attribution the tagger would find.
    Without a forms file every paragraph is kept."""

    def __init__(self, forms_path: Path) -> None:
        self.forms = read_cue_lexicon(forms_path)

    def __call__(self, paragraph: str) -> bool:
        if not self.forms or any(q in paragraph for q in QUOTE_CHARS):
            return True
        return any(word in self.forms for word in WORD_OR_MARK.findall(paragraph.lower()))


def _inside_quotes(doc: Any) -> list[bool]:
    """Is each token between an opening and a closing quotation mark of its paragraph?"""
    flags, inside = [], False
    for tok in doc:
        if tok.text in QUOTE_CHARS or (tok.text == "'" and tok.tag_ in ("``", "''")):
            if tok.text == "“":
                inside = True
            elif tok.text == "”":
                inside = False
            else:
                inside = not inside
            flags.append(True)
            continue
        flags.append(inside)
    return flags


def _cue_flags(doc: Any, cues: frozenset[str]) -> list[bool]:
    """Per token: is it a cue-like word (a lexicon lemma as a verb, noun or preposition)?"""
    flags = []
    for tok in doc:
        lemma, pos = lemma_and_pos(tok)
        flags.append(pos in CUE_POS and lemma in cues)
    return flags


def _cue_path(tok: Any, is_cue: list[bool]) -> tuple[str, str, int, str]:
    """Under the nearest cue-like ancestor: the label below it, the label below that, hops, and its lemma."""
    below, child, node = "top", tok, tok.head
    for hops in range(1, MAX_ANCESTOR_HOPS + 1):
        if is_cue[node.i]:
            return child.dep_, below, hops, node.lemma_.lower()
        if node.head.i == node.i:
            break
        below, child, node = child.dep_, node, node.head
    return "none", "none", 0, "-"


def _distance_bucket(n: int) -> str:
    return next(label for limit, label in DISTANCE_BUCKETS if n <= limit)


def _nearest_cue(doc: Any, is_cue: list[bool], sent_start: list[int]) -> list[tuple[str, str, bool, str]]:
    """Per token: where the nearest other cue-like word of the paragraph is (side, distance, same sentence,
    lemma); the left one wins a tie."""
    positions = [i for i, flag in enumerate(is_cue) if flag]
    found = []
    for i in range(len(doc)):
        at = bisect_left(positions, i)
        left = positions[at - 1] if at > 0 else None
        right_at = at + 1 if at < len(positions) and positions[at] == i else at
        right = positions[right_at] if right_at < len(positions) else None
        if left is None and right is None:
            found.append(("none", "", False, "-"))
            continue
        j = left if right is None or (left is not None and i - left <= right - i) else right
        assert j is not None
        side = "L" if j < i else "R"
        found.append((side, _distance_bucket(abs(j - i)), sent_start[j] == sent_start[i], doc[j].lemma_.lower()))
    return found


def _token_core(tok: Any, cues: frozenset[str]) -> list[str]:
    lemma, pos = lemma_and_pos(tok)
    return [
        f"l={lemma}",
        f"p={pos}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"cue={lemma in cues}",
    ]


def token_features(doc: Any, cues: frozenset[str]) -> list[list[str]]:
    """One feature list per token: word, parse, quote state, path to a cue, and neighbours."""
    quoted = _inside_quotes(doc)
    core = [_token_core(tok, cues) for tok in doc]
    is_cue = _cue_flags(doc, cues)
    sent_start = sentence_starts(doc)
    sent_has_cue = {s.start: any(is_cue[s.start : s.end]) for s in doc.sents}
    nearest = _nearest_cue(doc, is_cue, sent_start)
    paths = [_cue_path(tok, is_cue) for tok in doc]
    features = []
    for tok in doc:
        label, below, hops, cue_lemma = paths[tok.i]
        head = tok.head
        side, distance, same, near_lemma = nearest[tok.i]
        feats = [
            f"path2={label}|{below}",
            f"pathcue={label}|{cue_lemma}",
            f"near={side}|{distance}|{same}",
            f"nearl={side}|{near_lemma}",
            f"nearq={side}|{same}|{quoted[tok.i]}",
            "bias",
            f"w={tok.lower_}",
            f"suf={tok.lower_[-3:]}",
            f"shape={tok.shape_[:4]}",
            f"q={quoted[tok.i]}",
            f"path={label}",
            f"hops={min(hops, 3)}",
            f"path_pos={label}|{tok.pos_}",
            f"hl={lemma_and_pos(head)[0]}",
            f"hd={tok.dep_}|{head.pos_}",
            f"hcue={is_cue[head.i]}",
            f"scue={sent_has_cue[sent_start[tok.i]]}",
            f"sstart={tok.is_sent_start}",
            f"left={min(tok.i - sent_start[tok.i], 4)}",
        ]
        feats += core[tok.i]
        for off in (-2, -1, 1, 2):
            j = tok.i + off
            if 0 <= j < len(doc):
                feats += [f"{off}:{f}" for f in core[j][:3]]
                feats += [f"{off}:q={quoted[j]}", f"{off}:path={paths[j][0]}|{label}"]
            else:
                feats.append(f"{off}:edge")
        features.append(feats)
    return features


def _conjoined_cue(doc: Any, span: TaggedSpan, is_cue: list[bool]) -> tuple[int, int, int] | None:
    """In or right after a content span (same sentence), a conjoined clause with its own denial
    verb and subject ("..., but the Taliban has denied this"): the clause's first token, the
    cue's first token (auxiliaries included) and the cue verb."""
    for tok in doc[span.first_token + 1 : doc[span.last_token].sent.end]:
        if not (is_cue[tok.i] and tok.lemma_.lower() in DENIAL_LEMMAS and tok.dep_ == "conj"):
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > span.first_token]
        if not subjects:
            continue
        clause_start = min(t.i for t in subjects[0].subtree)
        cue_start = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i])
        if span.first_token < clause_start and subjects[0].i < cue_start:
            return clause_start, cue_start, tok.i
    return None


def split_conjoined_cues(doc: Any, offset: int, spans: list[TaggedSpan], cues: frozenset[str]) -> list[TaggedSpan]:
    """Split a denial clause out of the content it runs into, or right after, as an attribution of its own.

    A tagger sometimes reads "A says X, but B has denied this" as one long content, or stops the
    content at "but" and mislabels the rest; the parse shows the second clause has its own
    subject and denial verb, so it becomes source, cue and content of a second attribution
    (a denial must stand apart to be seen as one), replacing whatever the tagger put there.
    """
    is_cue = _cue_flags(doc, cues)
    result = list(spans)
    for span in spans:
        found = _conjoined_cue(doc, span, is_cue) if span.role == "content" else None
        if found is None:
            continue
        clause_start, cue_start, verb = found
        end = min(max(span.last_token, doc[verb].right_edge.i), doc[verb].sent.end - 1)
        while end > verb and doc[end].is_punct:
            end -= 1
        result = [s for s in result if s is not span and not (clause_start <= s.first_token and s.last_token <= end)]
        last = clause_start - 1
        while last > span.first_token and (doc[last].is_punct or doc[last].dep_ == "cc"):
            last -= 1
        result.append(span_of("content", doc, offset, span.first_token, last))
        result.append(span_of("source", doc, offset, clause_start, cue_start - 1))
        result.append(span_of("cue", doc, offset, cue_start, verb))
        if end > verb:
            result.append(span_of("content", doc, offset, verb + 1, end))
    return sorted(result, key=lambda s: (s.first_token, s.last_token))


class AttributionTagger:
    """The trained CRF: paragraph ``Doc`` -> attribution spans."""

    def __init__(
        self,
        model_path: Path = MODEL_PATH,
        cue_path: Path = CUE_LEXICON_PATH,
        outside_threshold: float = OUTSIDE_THRESHOLD,
        split_conjoined: bool = True,
    ) -> None:
        import pycrfsuite

        from ..errors import StorylineError

        if not model_path.exists():
            raise StorylineError(
                f"attribution model missing: {model_path}; run scripts/train_attribution.py to build it"
            )
        self.cues = read_cue_lexicon(cue_path)
        self.worth_parsing = AttributionFilter(cue_forms_path(cue_path))
        self.outside_threshold = outside_threshold
        self.split_conjoined = split_conjoined
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))

    def tag(self, paragraph: ParsedParagraph) -> list[TaggedSpan]:
        doc = paragraph.doc
        if len(doc) == 0:
            return []
        tags = self._tagger.tag(token_features(doc, self.cues))
        if self.outside_threshold < 1.0:
            tags = self._recall_boost(tags)
        spans = spans_from_tags(doc, paragraph.offset, tags)
        return split_conjoined_cues(doc, paragraph.offset, spans, self.cues) if self.split_conjoined else spans

    def tag_many(self, paragraphs: list[ParsedParagraph]) -> list[list[TaggedSpan]]:
        """The spans of each paragraph (the transformer tagger's batched interface)."""
        return [self.tag(p) for p in paragraphs]

    def _recall_boost(self, tags: list[str]) -> list[str]:
        """Relabel ``O`` tokens the model is unsure about (P(O) below the threshold) with their likeliest role.

        The CRF's best path is cautious (precision ~0.85, recall ~0.7 on held-out train);
        the threshold, chosen on held-out train texts, trades some precision for recall.
        """
        labels = [label for label in self._tagger.labels() if label != "O"]
        boosted = list(tags)
        for i, tag in enumerate(tags):
            if tag == "O" and self._tagger.marginal("O", i) < self.outside_threshold:
                best = max(labels, key=lambda label: self._tagger.marginal(label, i))
                role = best[2:]
                continuing = i > 0 and boosted[i - 1] != "O" and boosted[i - 1][2:] == role
                boosted[i] = ("I-" if continuing else "B-") + role
        return boosted


@lru_cache(maxsize=1)
def default_tagger() -> AttributionTagger:
    """The shipped model, loaded once."""
    return AttributionTagger()
