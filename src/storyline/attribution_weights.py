"""The attribution transformer's weights, shipped as a small difference from a base model.

Why: the fine-tuned tagger is a graph of tens of MB, too big to keep in the repository. But
most of those weights are not ours: the word-embedding table was frozen in training, and
fine-tuning moved each encoder matrix by a few percent of its norm, in a change that is close
to low rank (keeping the top 32 singular directions of each change scored the same as the full
model on held-out train texts). So the package ships only

- ``attribution_mpnet.graph.onnx``: the graph's structure with its weights taken out, and
- ``attribution_mpnet.delta.npz``: per matrix of the base, the fine-tuning change as two thin
  int8 factors ``u @ v``; every other tuned weight (biases, layer norms, the classifier) in
  full,

and adds them to all-mpnet-base-v2 as the registry's packages ship it (``encoder_base``; no
torch). The first run assembles the fp32 graph, quantises it to int8 (as the
training export did), writes it with the tokenizer into a cache folder; later runs load those.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .attribution_tagger import MODEL_DIR
from .encoder_base import BASE_SHA256, base_model_paths, base_tokenizer, read_base
from .errors import StorylineError

GRAPH_PATH = MODEL_DIR / "attribution_mpnet.graph.onnx"
DELTA_PATH = MODEL_DIR / "attribution_mpnet.delta.npz"
MODEL_FILE, TOKENIZER_FILE = "model.int8.onnx", "tokenizer.json"  # in a built model's folder
SCALE = ".scale"  # suffix of a factor's scales (one per singular direction) in the delta
WEIGHTS_KEY = "storyline.weights"  # graph metadata: [[initializer, weight name, transposed], ...]
CACHE_ENV = "STORYLINE_CACHE"

log = logging.getLogger(__name__)


def cache_dirs() -> list[Path]:
    """Where built models are kept: ``$STORYLINE_CACHE`` if set, else the user's cache folder,
    then the system's temporary folder (for a home that cannot be written)."""
    if os.environ.get(CACHE_ENV):
        return [Path(os.environ[CACHE_ENV])]
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return [Path(root) / "storyline", Path(tempfile.gettempdir()) / "storyline"]


def tuned_weights(base: Mapping[str, np.ndarray], delta: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Base plus delta: ``name.u @ name.v`` is added to the base matrix; a plain ``name`` replaces it."""
    weights = dict(base)
    for key, value in delta.items():
        if key.endswith(".u"):
            name = key[:-2]
            weights[name] = base[name] + _factor(delta, key) @ _factor(delta, name + ".v")
        elif not key.endswith((".v", SCALE)):
            weights[key] = value.astype(np.float32)
    return weights


def weight_delta(tuned: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray], rank: int) -> dict[str, np.ndarray]:
    """What :func:`tuned_weights` needs to rebuild ``tuned`` from ``base``: every matrix the base
    has (the encoder's, the position embeddings) as rank-``rank`` factors of its change; vectors
    and the new classifier in full.

    The factors are int8 with one scale per singular direction (a column of ``u``, a row of
    ``v``): half the size of fp16, which put the 12-layer delta over the repository's 5 MB per
    file. On 100 held-out train texts this scored 0.5 points below fp16 factors on source, cue
    and content and 0.1 on relation: about the spread the graph's own int8 quantisation causes."""
    delta = {}
    for name, value in tuned.items():
        if name in base and np.array_equal(value, base[name]):
            continue  # frozen in training (the word embeddings)
        if name in base and value.ndim == 2:
            u, s, vt = np.linalg.svd(value - base[name], full_matrices=False)
            delta |= _int8(name + ".u", u[:, :rank] * s[:rank], axis=0) | _int8(name + ".v", vt[:rank], axis=1)
        else:
            delta[name] = value.astype(np.float16 if value.ndim == 2 else np.float32)
    return delta


def _int8(key: str, matrix: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    """``matrix`` as int8 with one fp32 scale per slice along ``axis`` (its largest magnitude -> 127)."""
    scale = np.abs(matrix).max(axis=axis, keepdims=True) / 127
    scale[scale == 0] = 1
    return {key: np.round(matrix / scale).astype(np.int8), key + SCALE: scale.astype(np.float32)}


def _factor(delta: Mapping[str, np.ndarray], key: str) -> np.ndarray:
    return delta[key].astype(np.float32) * delta[key + SCALE]


def strip_weights(model: Any, tuned: Mapping[str, np.ndarray]) -> Any:
    """The exported graph without its weights: each initializer equal to a tuned weight (or its
    transpose, as MatMul stores it) is removed and its name recorded in the graph's metadata."""
    from onnx import numpy_helper

    taken = []
    kept = []
    for init in model.graph.initializer:
        array = numpy_helper.to_array(init)
        match = next(
            (
                (name, transposed)
                for name, value in tuned.items()
                for transposed in (False, True)
                if array.dtype == np.float32
                and (value.T if transposed else value).shape == array.shape
                and np.array_equal(value.T if transposed else value, array)
            ),
            None,
        )
        if match is None:
            kept.append(init)
        else:
            taken.append([init.name, *match])
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    entry = model.metadata_props.add()
    entry.key, entry.value = WEIGHTS_KEY, json.dumps(taken)
    return model


def fill_weights(model: Any, weights: Mapping[str, np.ndarray]) -> Any:
    """The graph of :func:`strip_weights` with the weights put back."""
    from onnx import numpy_helper

    entries = {p.key: p.value for p in model.metadata_props}
    for init_name, name, transposed in json.loads(entries[WEIGHTS_KEY]):
        value = weights[name].T if transposed else weights[name]
        model.graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(value), init_name))
    return model


def built_model_dir(graph_path: Path = GRAPH_PATH, delta_path: Path = DELTA_PATH) -> Path:
    """The folder holding the int8 tagger graph and its tokenizer, built on first use into the
    first writable cache folder and reused after."""
    digest = hashlib.sha256(graph_path.read_bytes() + delta_path.read_bytes() + BASE_SHA256.encode()).hexdigest()
    name = f"attribution-{digest[:16]}"
    for folder in cache_dirs():
        if (folder / name / MODEL_FILE).exists():
            return folder / name
    base_paths = base_model_paths()  # only needed (and its 420 MB hashed) when building
    errors = []
    for folder in cache_dirs():
        target = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log.info("building the attribution model into %s (once, about half a minute)", target)
            _build(base_paths, graph_path, delta_path, target)
            return target
        except OSError as exc:
            errors.append(f"{folder}: {exc}")
    raise StorylineError(
        f"cannot build the attribution model ({'; '.join(errors)}); set {CACHE_ENV} to a writable folder"
    )


def _build(base_paths: list[Path], graph_path: Path, delta_path: Path, target: Path) -> None:
    """Assemble the fp32 graph, quantise it like the training export did, write the tokenizer,
    and move the folder into place only when complete (a concurrent or interrupted build never
    leaves a half-written model; a concurrent build that finished first is kept)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    base = read_base(base_paths)
    with np.load(delta_path) as delta:
        weights = tuned_weights(base.weights, dict(delta))
    model = fill_weights(onnx.load(str(graph_path)), weights)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, built = Path(tmp) / "fp32.onnx", Path(tmp) / "built"
        built.mkdir()
        onnx.save(model, str(fp32))
        quantize_dynamic(str(fp32), str(built / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True)
        base_tokenizer(base).save(str(built / TOKENIZER_FILE))
        try:
            os.replace(built, target)
        except OSError:
            if not (target / MODEL_FILE).exists():
                raise
