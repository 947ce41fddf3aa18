"""Fine-tune mpnet-base as an attribution tagger on PolNeAR train and ship it as a small delta.

    .venv/bin/python scripts/train_attribution_transformer.py ../shared/data/polnear/train \\
        --holdout 100 --epochs 2 --batch 32 --cache /tmp/attr_cache --checkpoint /tmp/attr_tf
    .venv/bin/python scripts/train_attribution_transformer.py ../shared/data/polnear/train \\
        --export /tmp/attr_tf/epoch2 --holdout 100 --cache /tmp/attr_cache \\
        [--crf /tmp/attr_crf_h.crfsuite --crf-cues /tmp/attr_crf_h_cues.txt]

Needs the ``train`` extra (torch, transformers; ``pip install -e '.[train]'``). The base
encoder, all-mpnet-base-v2, is read from the packages the project installs it from
(``storyline.encoder_base``; nothing is downloaded). Training reads only the train folder;
``--holdout N`` keeps N train texts (spread over every outlet) out of training and scores them
after every epoch with the whole attribution pipeline (linking included), which is where
settings are chosen, never on dev. ``--export`` writes what the package ships to src/storyline/models/: the graph
without weights and the change from the base encoder (low-rank per encoder matrix; see
``storyline.attribution_weights``). Runtime needs neither torch nor transformers. With
``--holdout`` it then scores the held-out texts again with the graph storyline builds from those
files. ``--cache`` is the CRF script's parse cache (only held-out texts are read). Install
torch from /opt/wheels/torch-2.13.0+cpu-*.whl first: PyPI's torch is the several-GB CUDA build.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_attribution import gold_spans, parsed_corpus, report_holdout, split_holdout  # noqa: E402

from storyline.attribution.corpus import AnnotatedText, read_corpus  # noqa: E402
from storyline.attribution.crf import CUE_LEXICON_PATH, AttributionTagger  # noqa: E402
from storyline.attribution.encoder_base import BaseEncoder, base_model_paths, base_tokenizer, read_base  # noqa: E402
from storyline.attribution.export import strip_weights, weight_delta
from storyline.attribution.transformer import (
    LABELS,
    TransformerTagger,
    encode_paragraphs,
    pad_batch,
    window_inputs,
    windows_of,
)
from storyline.attribution.weights import DELTA_PATH, GRAPH_PATH, built_model_dir
from storyline.segment import paragraph_bounds  # noqa: E402

# Bytes of the shipped change's 4-bit factors (``weight_delta``): with the vectors and the
# classifier in full, the delta file stays under the repository's 5 MB per file (4.65 MB).
BUDGET = 4_000_000
IGNORE = -100  # label of <s>, </s> and padding: no loss
# Inner roles win where gold spans nest (an attribution inside another's content): contents are
# written first, then sources, then cues, so the inner attribution's source and cue stay visible.
ROLE_ORDER = ("T", "S", "C")

log = logging.getLogger("train_attribution_transformer")


def base_model_dir(base: BaseEncoder, folder: Path, layers: int | None = None) -> Path:
    """The base encoder (``storyline.encoder_base``: all-mpnet-base-v2) written as a transformers
    model folder, keeping its first ``layers`` layers if given."""
    import json

    from safetensors.numpy import save_file

    config = dict(base.config)
    keep = config["num_hidden_layers"] if layers is None else layers
    config["num_hidden_layers"] = keep
    weights = {
        name: value
        for name, value in base.weights.items()
        if not name.startswith("encoder.layer.") or int(name.split(".")[2]) < keep
    }
    folder.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    return folder


def piece_labels(offsets: list[tuple[int, int]], base: int, spans: list[tuple[str, int, int]]) -> list[int]:
    """Gold BIO label ids of one paragraph's pieces (offsets relative to the paragraph at ``base``):
    a piece takes the role of the gold span it starts in."""
    labels = [0] * len(offsets)
    for role in ROLE_ORDER:
        for tag, start, end in spans:
            if tag != role:
                continue
            first = True
            for k, (a, _) in enumerate(offsets):
                if start <= a + base < end:
                    labels[k] = LABELS.index(("B-" if first else "I-") + tag)
                    first = False
    return labels


def training_windows(docs: list[AnnotatedText], tokenizer: Any) -> list[tuple[list[int], list[int]]]:
    """(input ids, labels) of every window of every paragraph of the training texts."""
    rows = []
    for doc in docs:
        bounds = paragraph_bounds(doc.text)
        spans = gold_spans(doc)
        encodings = encode_paragraphs(tokenizer, (doc.text[s:e] for s, e in bounds))
        for (start, _), enc in zip(bounds, encodings, strict=True):
            if not enc.ids:
                continue
            labels = piece_labels(enc.offsets, start, spans)
            for w in windows_of(len(enc.ids)):
                rows.append((window_inputs(enc.ids, w), [IGNORE, *labels[w.start : w.end], IGNORE]))
    return rows


def batches(rows: list[tuple[list[int], list[int]]], size: int, rng: random.Random) -> list[list[int]]:
    """Row indices in batches of similar length (less padding), batches in random order."""
    order = sorted(range(len(rows)), key=lambda k: (len(rows[k][0]), rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def tensors(rows: list[tuple[list[int], list[int]]], batch: list[int]) -> tuple[Any, Any, Any]:
    import torch

    ids, mask = pad_batch([rows[k][0] for k in batch])
    labels = torch.full(ids.shape, IGNORE, dtype=torch.long)
    for j, k in enumerate(batch):
        labels[j, : len(rows[k][1])] = torch.tensor(rows[k][1])
    return torch.from_numpy(ids), torch.from_numpy(mask), labels


def torch_logits(model: Any) -> Any:
    """``run_logits`` for the tagger from the torch model being trained."""
    import torch

    def run(ids: Any, mask: Any) -> Any:
        with torch.no_grad():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()

    return run


def train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    corpus = read_corpus(args.train, limit=args.limit)
    docs, held = split_holdout(corpus, args.holdout)
    base = read_base(base_model_paths(), weights=args.init is None)  # the tokenizer, and the weights unless --init
    tokenizer = base_tokenizer(base)
    rows = training_windows(docs, tokenizer)
    log.info("%d training texts, %d windows, %d pieces", len(docs), len(rows), sum(len(r[0]) for r in rows))
    model = AutoModelForTokenClassification.from_pretrained(
        str(args.init or base_model_dir(base, args.checkpoint / "base", args.layers)),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    # The word-embedding table is frozen: it is most of the weights, and a step costs far less on 2 cores.
    model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    held_parsed = split_holdout(parsed_corpus(corpus, args.cache), args.holdout)[1] if held else []
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        for n, batch in enumerate(batches(rows, args.batch, rng)):
            ids, mask, labels = tensors(rows, batch)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            if n % 50 == 0:
                log.info("epoch %d batch %d loss %.4f  %.0f s", epoch + 1, n, loss.item(), time.time() - started)
        model.save_pretrained(args.checkpoint / f"epoch{epoch + 1}")
        log.info("epoch %d done after %.0f s; saved in %s", epoch + 1, time.time() - started, args.checkpoint)
        if held:
            model.eval()
            tagger = TransformerTagger(torch_logits(model), tokenizer)
            filtered = [[p for p in ps if tagger.worth_parsing(p.doc.text)] for ps in held_parsed]
            report_holdout(held, filtered, tagger)


def ship(checkpoint: Path, budget: int, graph_path: Path, delta_path: Path) -> None:
    """The trained model as the package ships it (``storyline.attribution_weights``): the graph
    without weights, and the change from the base encoder as low-rank factors of ``budget``
    bytes."""
    import onnx
    import torch
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(str(checkpoint))
    model.eval()
    prefix = model.base_model_prefix + "."
    tuned = {k.removeprefix(prefix): v.numpy() for k, v in model.state_dict().items() if v.is_floating_point()}
    base = read_base(base_model_paths()).weights
    np.savez(delta_path, **weight_delta(tuned, base, budget))

    class LogitsOnly(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    fp32 = graph_path.with_suffix(".fp32.onnx")
    example = (torch.ones(2, 16, dtype=torch.long), torch.ones(2, 16, dtype=torch.long))
    torch.onnx.export(
        LogitsOnly(),
        example,
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"}},
        opset_version=17,
        dynamo=False,
    )
    onnx.save(strip_weights(onnx.load(str(fp32)), tuned), str(graph_path))
    fp32.unlink()
    for path in (graph_path, delta_path):
        log.info("wrote %s (%.2f MB)", path, path.stat().st_size / 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="PolNeAR train folder (text/, attributions/)")
    parser.add_argument("--holdout", type=int, default=0, help="hold out N texts (every outlet), score them each epoch")
    parser.add_argument("--limit", type=int, help="use only the first N texts (quick runs)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16, help="windows per batch")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, help="parse cache of scripts/train_attribution.py (held-out scoring)")
    parser.add_argument("--checkpoint", type=Path, default=Path("/tmp/attr_tf"), help="folder: one model per epoch")
    parser.add_argument("--export", type=Path, help="ship this saved model (an epoch folder) into the package")
    parser.add_argument("--budget", type=int, default=BUDGET, help="with --export: bytes of the change's factors")
    parser.add_argument("--crf", type=Path, help="with --export: a CRF trained with the same --holdout, as fallback")
    parser.add_argument("--crf-cues", type=Path, default=CUE_LEXICON_PATH, help="that CRF's cue lexicon")
    parser.add_argument("--init", type=Path, help="start from this saved model (an epoch folder), not the base")
    parser.add_argument("--layers", type=int, help="keep only the base encoder's first N layers")
    parser.add_argument("--graph", type=Path, default=GRAPH_PATH)
    parser.add_argument("--delta", type=Path, default=DELTA_PATH)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.export:
        ship(args.export, args.budget, args.graph, args.delta)
        if args.holdout:
            score_exported(args)
    else:
        train(args)


def score_exported(args: argparse.Namespace) -> None:
    """The held-out train texts scored with the graph built from the shipped files, as it runs
    in ``storyline``."""
    docs = read_corpus(args.train, limit=args.limit)
    parsed = parsed_corpus(docs, args.cache)
    fallback = AttributionTagger(args.crf, args.crf_cues) if args.crf else None
    tagger = TransformerTagger.from_onnx(built_model_dir(args.graph, args.delta), fallback=fallback)
    held = [[p for p in ps if tagger.worth_parsing(p.doc.text)] for ps in split_holdout(parsed, args.holdout)[1]]
    log.info("as shipped (ONNX):")
    report_holdout(split_holdout(docs, args.holdout)[1], held, tagger)


if __name__ == "__main__":
    main()
