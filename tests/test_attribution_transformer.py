"""The transformer tagger's plumbing: windows over long paragraphs, piece offsets and labels to
spaCy tokens, and a tagger run end to end with stand-in logits; the shipped model itself runs in
the last tests here and in the seed tests."""

from __future__ import annotations

import numpy as np

from storyline.attribution.encoder_base import base_model_paths, base_tokenizer, read_base
from storyline.attribution.linking import find_attributions
from storyline.attribution.transformer import (
    LABELS,
    Window,
    best_window_labels,
    encode_paragraphs,
    sentence_windows,
    token_tags,
    windows_of,
)
from storyline.nlp import PARSE_DISABLED, ParsedParagraph, spacy_pipeline


def test_windows_cover_every_piece_and_overlap() -> None:
    windows = windows_of(600, size=256, stride=192)
    assert windows[0].start == 0 and windows[-1].end == 600
    assert all(w.end - w.start <= 254 for w in windows)
    assert all(b.start < a.end for a, b in zip(windows, windows[1:], strict=False))
    assert windows_of(10) == [Window(0, 0, 10)]


def test_sentence_windows_hold_whole_sentences_and_share_one_with_the_next() -> None:
    # sentences of 100 pieces start at 0, 100, ... 500: two fit a window, the second is read again
    windows = sentence_windows([0, 100, 200, 300, 400, 500], 600)
    assert [(w.start, w.end) for w in windows] == [(0, 200), (100, 300), (200, 400), (300, 500), (400, 600)]
    assert sentence_windows([0, 50, 80], 100) == [Window(0, 0, 100)]


def test_a_sentence_longer_than_a_window_is_read_in_overlapping_windows() -> None:
    windows = sentence_windows([0, 100, 400], 600)
    assert [(w.start, w.end) for w in windows] == [(0, 100), (100, 354), (146, 400), (400, 600)]
    # where the next sentence does not fit beside the shared one, the next window starts afresh
    assert all(b.end > a.end for a, b in zip(windows, windows[1:], strict=False))


def test_a_piece_takes_the_label_of_the_window_where_it_is_most_central() -> None:
    windows = [Window(0, 0, 4), Window(0, 2, 6)]
    labels = best_window_labels(6, windows, [[1, 1, 1, 1], [2, 2, 2, 2]])
    assert labels[:2] == [1, 1] and labels[4:] == [2, 2]
    assert labels[2] == 1 and labels[3] == 2  # piece 2 is 1 from window 0's edge, 0 from window 1's


def test_each_token_takes_the_label_of_the_piece_its_first_character_is_in() -> None:
    doc = spacy_pipeline(PARSE_DISABLED)("Hussaini said in 2016.")
    # "Huss", "aini", "said", "in", "2016." (one piece over two tokens: "2016" and ".")
    offsets = [(0, 4), (4, 8), (9, 13), (14, 16), (17, 22)]
    pieces = [LABELS.index(x) for x in ("B-S", "I-C", "I-C", "B-T", "I-T")]
    assert token_tags(doc, offsets, pieces) == ["B-S", "B-C", "B-T", "I-T", "I-T"]  # orphan I- -> B-


def _base_tokenizer() -> object:
    return base_tokenizer(read_base(base_model_paths(), weights=False))


def test_tagger_links_what_the_logits_mark() -> None:
    from storyline.attribution.transformer import TransformerTagger

    tokenizer = _base_tokenizer()
    roles = {"mayor": "S", "said": "C", "bridge": "T", "safe": "T"}
    first_piece = {w: encode_paragraphs(tokenizer, [w])[0].ids[0] for w in roles}
    label_of_id = {first_piece[w]: LABELS.index("B-" + r) for w, r in roles.items()}

    def fake_logits(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = np.zeros((*ids.shape, len(LABELS)))
        for (row, col), token_id in np.ndenumerate(ids):
            out[row, col, label_of_id.get(int(token_id), 0)] = 1.0
        return out

    tagger = TransformerTagger(fake_logits, tokenizer, split_conjoined=False)
    text = "The mayor said the bridge was safe."
    paragraph = ParsedParagraph(100, spacy_pipeline(PARSE_DISABLED)(text))
    (att,) = find_attributions([paragraph], tagger)
    assert (att.source.start, att.cue.start) == (104, 110)
    # both content words marked; the linking joins the two runs of one clause into one content
    assert att.content is not None and text[att.content.start - 100 : att.content.end - 100] == "bridge was safe"


def test_a_cue_made_of_a_name_is_flagged_for_the_fallback() -> None:
    from storyline.attribution.spans import TaggedSpan
    from storyline.attribution.transformer import _names_read_as_cue

    doc = spacy_pipeline(PARSE_DISABLED)("Police spokesman Sayed Sarwar Hussaini told reporters.")
    sayed, told = doc[2], doc[5]
    assert _names_read_as_cue(doc, TaggedSpan("cue", sayed.idx, sayed.idx + 5, 2, 2))
    assert not _names_read_as_cue(doc, TaggedSpan("cue", told.idx, told.idx + 4, 5, 5))
    assert not _names_read_as_cue(doc, TaggedSpan("source", sayed.idx, sayed.idx + 5, 2, 2))
    headline = spacy_pipeline(PARSE_DISABLED)("Governor Claims Harbour Bridge Will Reopen Before Winter")
    claims = headline[1]
    assert not _names_read_as_cue(headline, TaggedSpan("cue", claims.idx, claims.idx + 6, 1, 1))


def test_shipped_model_tags_a_plain_report_line() -> None:
    """The int8 graph built from the shipped weights (not stand-in logits) on a sentence of our own."""
    from storyline.attribution.transformer import default_transformer_tagger
    from storyline.nlp import parse_texts

    text = "The harbour master told reporters that the ferry would not sail before Friday."
    [paragraphs] = parse_texts([text])
    [found] = find_attributions(paragraphs, default_transformer_tagger())
    assert text[found.source.start : found.source.end] == "The harbour master"
    assert text[found.cue.start : found.cue.end] == "told"
    assert "ferry would not sail" in text[found.content.start : found.content.end]


def test_a_paragraphs_spans_do_not_depend_on_the_paragraphs_tagged_with_it() -> None:
    """Each window is its own encoder run: with batched windows the int8 graph's per-run scales
    made one article's quotes depend on the others of the run."""
    from storyline.attribution.transformer import default_transformer_tagger
    from storyline.nlp import parse_texts

    texts = [
        "The harbour master told reporters that the ferry would not sail before Friday.",
        '"We will not reopen the pier until every plank is replaced," the mayor said on Tuesday. ' * 12,
    ]
    paragraphs = [p for ps in parse_texts(texts) for p in ps]
    tagger = default_transformer_tagger()
    together = tagger.tag_many(paragraphs)
    assert together == [tagger.tag_many([p])[0] for p in paragraphs]
    assert together[0]


def test_labels_are_decoded_as_valid_bio_sequences() -> None:
    from storyline.attribution.transformer import valid_bio_labels

    def piece(**logits: float) -> list[float]:
        return [logits.get(label.replace("-", "_"), 0.0) for label in LABELS]

    # A lone continuation after an outside piece is not a span of its own (piece 2); a piece in
    # the middle of a content leaning slightly to outside does not break it in two (piece 5).
    window = [
        piece(),  # [CLS]
        piece(O=3),
        piece(I_C=1.2, O=1),
        piece(O=3),
        piece(B_T=4),
        piece(O=1.2, I_T=1),
        piece(I_T=4),
    ]
    decoded = [LABELS[k] for k in valid_bio_labels(np.array([window]))[0, 1:]]
    assert [LABELS[k] for k in np.array(window)[1:].argmax(-1)] == ["O", "I-C", "O", "B-T", "O", "I-T"]
    assert decoded == ["O", "O", "O", "B-T", "I-T", "I-T"]
