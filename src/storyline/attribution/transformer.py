"""A fine-tuned transformer tagger for attribution spans (source, cue, content), run with ONNX.

Why: the CRF over parse features (:mod:`.crf`) stalls near 0.8 overlap F1, and
most of its misses are cues from PolNeAR's long tail (beliefs, intentions, rare phrasings)
that sparse features seen once or twice cannot learn. A pretrained encoder
(all-mpnet-base-v2, fine-tuned on PolNeAR train by
``scripts/train_attribution_transformer.py``) reads them from context. At run time it is an int8
ONNX graph and a WordPiece tokenizer, both built on first use from the small delta the
package ships and the base encoder's package (:mod:`.weights`, :mod:`.encoder_base`): no torch.

The tagger labels pieces (BIO over the three roles); each spaCy token of the paragraph takes
the label of the piece its first character is in, so the spans come out on the same tokens as
the CRF's and everything downstream (linking, the denial split, speakers, stance) is shared.
Long paragraphs are read in windows of whole sentences that share a sentence with the next
(:func:`sentence_windows`); a piece's label comes from the window where it sits farthest from an
edge. Each window is its own encoder run, so a paragraph's tags depend on its text alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..nlp import ParsedParagraph
from .crf import (
    CUE_LEXICON_PATH,
    AttributionFilter,
    AttributionTagger,
    cue_forms_path,
    read_cue_lexicon,
    split_conjoined_cues,
)
from .spans import TaggedSpan, name_read_as_verb, spans_from_tags

LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")
WINDOW = 256  # pieces per window, <s> and </s> included
STRIDE = 192  # a new window every STRIDE pieces: 64 of context shared with the one before
CLS_ID, PAD_ID, SEP_ID = 0, 1, 2  # <s>, <pad>, </s> of the base encoder's vocabulary (encoder_base)


@dataclass(frozen=True)
class Pieces:
    """One paragraph's pieces: vocabulary ids and character offsets."""

    ids: list[int]
    offsets: list[tuple[int, int]]


@dataclass(frozen=True)
class Window:
    """Wordpieces ``start:end`` of one paragraph, read as one model input."""

    paragraph: int
    start: int
    end: int


def windows_of(n_pieces: int, paragraph: int = 0, size: int = WINDOW, stride: int = STRIDE) -> list[Window]:
    """Overlapping windows covering ``n_pieces`` pieces (room left for <s> and </s>)."""
    inner = size - 2
    starts = list(range(0, max(n_pieces - inner, 0) + 1, stride))
    if starts[-1] + inner < n_pieces:
        starts.append(n_pieces - inner)
    return [Window(paragraph, s, min(s + inner, n_pieces)) for s in starts]


def sentence_windows(
    boundaries: Sequence[int], n_pieces: int, paragraph: int = 0, size: int = WINDOW, context: int = 1
) -> list[Window]:
    """Windows made of whole sentences, ``context`` sentences of each shared with the next window.

    ``boundaries`` are the pieces where sentences start. Why not :func:`windows_of`'s fixed
    stride: an article that comes as one long paragraph (Timeline17's) was read as windows
    overlapping by a quarter, so a third more pieces ran through the encoder than the text
    has, and a window edge could fall inside the sentence that holds a cue. A sentence longer
    than a window is read in :func:`windows_of`'s overlapping windows."""
    inner = size - 2
    cuts = sorted({0, n_pieces, *(b for b in boundaries if 0 < b < n_pieces)})
    windows: list[Window] = []
    i = 0
    while i < len(cuts) - 1:
        j = i + 1
        while j + 1 < len(cuts) and cuts[j + 1] - cuts[i] <= inner:
            j += 1
        if cuts[j] - cuts[i] > inner:  # one sentence longer than a window
            windows += [
                Window(paragraph, cuts[i] + w.start, cuts[i] + w.end) for w in windows_of(cuts[j] - cuts[i], size=size)
            ]
        else:
            windows.append(Window(paragraph, cuts[i], cuts[j]))
        if j == len(cuts) - 1:
            return windows
        start = max(j - context, i + 1)
        i = start if cuts[j + 1] - cuts[start] <= inner else j  # each window reads a new sentence
    return windows


def window_inputs(ids: Sequence[int], window: Window) -> list[int]:
    return [CLS_ID, *ids[window.start : window.end], SEP_ID]


def best_window_labels(n_pieces: int, windows: list[Window], labels: list[Sequence[int]]) -> list[int]:
    """One label per piece: from the window where the piece is farthest from an edge (most context).

    ``labels[k]`` holds window k's labels for its own pieces (without <s> and </s>)."""
    best = [0] * n_pieces
    margin = [-1] * n_pieces
    for window, window_labels in zip(windows, labels, strict=True):
        for j in range(window.start, window.end):
            m = min(j - window.start, window.end - 1 - j)
            if m > margin[j]:
                margin[j], best[j] = m, window_labels[j - window.start]
    return best


def sentence_pieces(doc: Any, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """The first piece of each sentence of the parsed paragraph ``doc``."""
    import numpy as np

    piece_starts = np.fromiter((start for start, _ in offsets), dtype=np.int64, count=len(offsets))
    return np.searchsorted(piece_starts, [sent.start_char for sent in doc.sents]).tolist()


def token_tags(doc: Any, offsets: Sequence[tuple[int, int]], piece_labels: Sequence[int]) -> list[str]:
    """BIO tags of the spaCy tokens: each token takes the label of the piece its first character
    is in, which is its own first piece, or, where one piece runs across a token boundary
    ("2016." read as one piece, the full stop a token of its own), the piece that covers it.

    Found with one ``searchsorted`` over the piece starts (walking the ``Doc`` token by token was
    a tenth of the attribution stage). A token no piece covers (a whitespace token) stays ``O``."""
    import numpy as np

    tags = ["O"] * len(doc)
    if not len(doc) or not offsets:
        return tags
    token_starts = doc.to_array("IDX")
    piece_starts = np.fromiter((start for start, _ in offsets), dtype=np.int64, count=len(offsets))
    piece_ends = np.fromiter((end for _, end in offsets), dtype=np.int64, count=len(offsets))
    covering = np.searchsorted(piece_starts, token_starts, side="right") - 1
    for i, piece in enumerate(covering.tolist()):
        if piece >= 0 and piece_ends[piece] > token_starts[i]:
            tags[i] = LABELS[piece_labels[piece]]
    return _repair_bio(tags)


def _repair_bio(tags: list[str]) -> list[str]:
    """An ``I-`` after a token of another role starts a run (``B-``)."""
    fixed = list(tags)
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or fixed[i - 1] == "O" or fixed[i - 1][2:] != tag[2:]):
            fixed[i] = "B-" + tag[2:]
    return fixed


def pad_batch(rows: list[list[int]]) -> tuple[Any, Any]:
    """Input ids and attention mask, right-padded to the longest row (numpy int64)."""
    import numpy as np

    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for k, row in enumerate(rows):
        ids[k, : len(row)] = row
        mask[k, : len(row)] = 1
    return ids, mask


def encode_paragraphs(tokenizer: Any, texts: Iterable[str]) -> list[Pieces]:
    """The pieces (no special tokens, no truncation) of each paragraph text."""
    encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    return [Pieces(e.ids, e.offsets) for e in encodings]


class TransformerTagger:
    """The fine-tuned tagger: paragraphs -> attribution spans, one encoder run per window."""

    def __init__(
        self,
        run_logits: Callable[[Any, Any], Any],
        tokenizer: Any,
        cue_path: Path = CUE_LEXICON_PATH,
        split_conjoined: bool = True,
        fallback: AttributionTagger | None = None,
    ) -> None:
        """``run_logits(input_ids, attention_mask)`` -> logits (batch, pieces, labels): the ONNX
        session at run time, the torch model while training. ``fallback`` (the CRF) tags the
        paragraphs where the transformer reads a name as a cue (``_names_read_as_cue``)."""
        self._run_logits = run_logits
        self._tokenizer = tokenizer
        self.cues = read_cue_lexicon(cue_path)
        self.worth_parsing = AttributionFilter(cue_forms_path(cue_path))
        self.split_conjoined = split_conjoined
        self.fallback = fallback

    @classmethod
    def from_onnx(cls, model_dir: Path | None = None, **options: Any) -> TransformerTagger:
        """The tagger run by onnxruntime: the int8 graph and tokenizer in ``model_dir``, by
        default the ones built from the shipped weights (:mod:`.weights`)."""
        from ..nlp import attribution_encoder
        from .weights import MODEL_FILE, TOKENIZER_FILE, built_model_dir

        folder = model_dir or built_model_dir()
        session, tokenizer = attribution_encoder(folder / MODEL_FILE, folder / TOKENIZER_FILE)

        def run(ids: Any, mask: Any) -> Any:
            return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

        return cls(run, tokenizer, **options)

    def tag(self, paragraph: ParsedParagraph) -> list[TaggedSpan]:
        return self.tag_many([paragraph])[0]

    def tag_many(self, paragraphs: Sequence[ParsedParagraph]) -> list[list[TaggedSpan]]:
        encodings = encode_paragraphs(self._tokenizer, (p.doc.text for p in paragraphs))
        windows = [
            w
            for k, (paragraph, enc) in enumerate(zip(paragraphs, encodings, strict=True))
            if enc.ids
            for w in sentence_windows(sentence_pieces(paragraph.doc, enc.offsets), len(enc.ids), k)
        ]
        labels = self._label_windows([window_inputs(encodings[w.paragraph].ids, w) for w in windows])
        result = []
        for k, (paragraph, enc) in enumerate(zip(paragraphs, encodings, strict=True)):
            mine = [(w, lab) for w, lab in zip(windows, labels, strict=True) if w.paragraph == k]
            if not mine or len(paragraph.doc) == 0:
                result.append([])
                continue
            pieces = best_window_labels(len(enc.ids), [w for w, _ in mine], [lab for _, lab in mine])
            tags = token_tags(paragraph.doc, enc.offsets, pieces)
            spans = spans_from_tags(paragraph.doc, paragraph.offset, tags)
            if self.fallback is not None and any(_names_read_as_cue(paragraph.doc, s) for s in spans):
                result.append(self.fallback.tag(paragraph))
                continue
            if self.split_conjoined:
                spans = split_conjoined_cues(paragraph.doc, paragraph.offset, spans, self.cues)
            result.append(spans)
        return result

    def _label_windows(self, rows: list[list[int]]) -> list[list[int]]:
        """Labels of each window's own pieces, each window run alone.

        Why alone: the int8 graph scales its activations per run, so a window batched with
        others got labels that depended on them (and windows batched across articles changed an
        article's quotes). Run alone, a window's labels depend on its own pieces only, no
        padding runs through the encoder, and it cost less CPU than batches of 16 did."""
        import numpy as np

        out = []
        for row in rows:
            ids = np.array([row], dtype=np.int64)
            labels = valid_bio_labels(self._run_logits(ids, np.ones_like(ids)))
            out.append(labels[0, 1:-1].tolist())
        return out


def _names_read_as_cue(doc: Any, span: TaggedSpan) -> bool:
    """A cue made only of name words: "Sayed" read as say + "ed" (pieces split it so, in either
    case), and the rest of such a paragraph's reading goes wrong with it (the name becomes a
    content). Not in a headline: in Title Case the parser calls verbs proper nouns too, and there
    the check fired on real cues ("Obama Claims ...", 18 of 1,101 held-out paragraphs)."""
    tokens = [t for t in doc[span.first_token : span.last_token + 1] if not t.is_punct]
    return (
        span.role == "cue"
        and bool(tokens)
        and all(t.pos_ == "PROPN" or name_read_as_verb(t) for t in tokens)
        and not _title_case(doc)
    )


def _title_case(doc: Any) -> bool:
    """Most words capitalised, as in a headline (short function words aside)."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


@lru_cache(maxsize=1)
def _allowed_transitions() -> Any:
    """0 where label ``j`` may follow label ``i`` in BIO, minus infinity where not: an ``I-`` role
    continues a ``B-`` or ``I-`` of the same role and nothing else. Built once (read-only)."""
    import numpy as np

    allowed = np.zeros((len(LABELS), len(LABELS)))
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            allowed[[i for i, prev in enumerate(LABELS) if prev[2:] != label[2:] or prev == "O"], j] = -np.inf
    return allowed


def valid_bio_labels(logits: Any) -> Any:
    """The likeliest label sequence of each window (row) that is valid BIO (Viterbi).

    Why not each piece's own argmax: a lone piece whose likeliest label is a continuation
    (``I-C`` after ``O``) became a one-piece span of its own, and spans broke where one piece in
    the middle leaned elsewhere. Decoding whole sequences under the BIO constraint removes both:
    on the 100 held-out train texts (third-epoch model) relation overlap F1 went 0.749 -> 0.773,
    source 0.812 -> 0.825, cue 0.825 -> 0.839, content 0.842 -> 0.859, mostly from precision.
    (Transition weights learned from train labels scored about the same, 0.775-0.781, for one
    more setting; so did shifting the balance toward roles.) Position 0 is <s> and is skipped.
    """
    import numpy as np

    shifted = logits - logits.max(-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    rows, length, n_labels = log_probs.shape
    transitions = _allowed_transitions()
    best = np.zeros((rows, length), dtype=np.int64)
    if length < 2:
        return best
    score = log_probs[:, 1]
    came_from = np.zeros((rows, length, n_labels), dtype=np.int64)
    for k in range(2, length):
        candidates = score[:, :, None] + transitions[None]
        came_from[:, k] = candidates.argmax(1)
        score = candidates.max(1) + log_probs[:, k]
    best[:, -1] = score.argmax(-1)
    for k in range(length - 1, 1, -1):
        best[:, k - 1] = came_from[np.arange(rows), k, best[:, k]]
    return best


@lru_cache(maxsize=1)
def default_transformer_tagger() -> TransformerTagger:
    """The shipped transformer with the CRF as its fallback, loaded once."""
    from .crf import default_tagger

    return TransformerTagger.from_onnx(fallback=default_tagger())
