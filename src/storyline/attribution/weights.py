"""The attribution transformer's weights, shipped as a small difference from a base model.

Why: the fine-tuned tagger is a graph of tens of MB, too big to keep in the repository. But
most of those weights are not ours: the word-embedding table was frozen in training, and
fine-tuning moved each encoder matrix by about one percent of its norm, in a change whose
leading singular directions carry most of what matters (in the top layers almost all of its
energy). So the package ships only

- ``attribution_mpnet.graph.onnx``: the graph's structure with its weights taken out, and
- ``attribution_mpnet.delta.npz``: per matrix of the base, the fine-tuning change as two thin
  4-bit factors ``u @ v``; every other tuned weight (biases, layer norms, the classifier) in
  full,

and adds them to all-mpnet-base-v2 as the registry's packages ship it (``encoder_base``; no
torch). The first run assembles the fp32 graph, quantises most of it to int8
(:data:`RECIPE`), writes it with the tokenizer into a cache folder; later runs load those.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..config import CACHE_ENV, MODEL_DIR, cache_dirs
from ..errors import StorylineError
from .encoder_base import BASE_SHA256, base_model_paths, base_tokenizer, read_base

GRAPH_PATH = MODEL_DIR / "attribution_mpnet.graph.onnx"
DELTA_PATH = MODEL_DIR / "attribution_mpnet.delta.npz"
MODEL_FILE, TOKENIZER_FILE = "model.int8.onnx", "tokenizer.json"  # in a built model's folder
SCALE = ".scale"  # suffix of a factor's scales (one per singular direction) in the delta
WEIGHTS_KEY = "storyline.weights"  # graph metadata: [[initializer, weight name, transposed], ...]
FP32_FROM_LAYER = 6  # the first layer whose feed-forward output stays fp32 (feed_forward_outputs)
# How _build turns the shipped files into the cached graph; part of the cache key, so a change
# of recipe rebuilds the model even where the shipped files stay the same.
RECIPE = f"int8 per channel; feed-forward output matrices of layers {FP32_FROM_LAYER}+ fp32"

log = logging.getLogger(__name__)


class TunedWeights(Mapping[str, np.ndarray]):
    """Base plus delta, each weight made when it is asked for: ``name.u @ name.v`` is added to the
    base matrix; a plain ``name`` replaces it.

    Why lazy: the build writes the graph one weight at a time (:func:`fill_weights`), so only
    the base and the one matrix being written are in memory, not a second full set."""

    def __init__(self, base: Mapping[str, np.ndarray], delta: Mapping[str, np.ndarray]) -> None:
        self._base, self._delta = base, delta
        plain = (key for key in delta if not key.endswith((".u", ".v", SCALE)))
        self._names = list(dict.fromkeys([*base, *plain]))

    def __getitem__(self, name: str) -> np.ndarray:
        if name + ".u" in self._delta:
            rows, columns = self._base[name].shape
            change = _factor(self._delta, name + ".u", 0, rows) @ _factor(self._delta, name + ".v", 1, columns)
            return self._base[name] + change
        if name in self._delta:
            return self._delta[name].astype(np.float32)
        return self._base[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _factor(delta: Mapping[str, np.ndarray], key: str, axis: int, length: int) -> np.ndarray:
    """The fp32 factor :func:`_int4` packed, ``length`` long along ``axis``."""
    packed = delta[key]
    nibbles = np.stack([packed & 15, packed >> 4], axis=axis + 1)
    shape = list(packed.shape)
    shape[axis] *= 2
    codes = nibbles.reshape(shape).astype(np.float32) - 8
    return np.take(codes, np.arange(length), axis=axis) * delta[key + SCALE]


def fill_weights(model: Any, weights: Mapping[str, np.ndarray], data_file: Path | None = None) -> Any:
    """The graph of :func:`strip_weights` with the weights put back: into the graph, or, given
    ``data_file``, written to that file one at a time as ONNX external data (the graph beside it
    then refers to it by name), so that a 438 MB graph is never held as one message in memory."""
    from onnx import TensorProto, helper, numpy_helper

    entries = {p.key: p.value for p in model.metadata_props}
    with data_file.open("wb") if data_file else contextlib.nullcontext() as data:
        for init_name, name, transposed in json.loads(entries[WEIGHTS_KEY]):
            value = np.ascontiguousarray(weights[name].T if transposed else weights[name])
            if data is None:
                model.graph.initializer.append(numpy_helper.from_array(value, init_name))
                continue
            tensor = model.graph.initializer.add()
            tensor.name, tensor.data_type = init_name, helper.np_dtype_to_tensor_dtype(value.dtype)
            tensor.dims.extend(value.shape)
            tensor.data_location = TensorProto.EXTERNAL
            for key, entry in (("location", data_file.name), ("offset", data.tell()), ("length", value.nbytes)):
                tensor.external_data.add(key=key, value=str(entry))
            data.write(memoryview(value).cast("B"))
    return model


def model_id(graph_path: Path = GRAPH_PATH, delta_path: Path = DELTA_PATH) -> str:
    """What identifies a built tagger: a digest of the shipped files, the base and the recipe (the
    cache key, and the model part of a stored analysis's version); nothing is built."""
    return _model_id(*(_file_state(path) for path in (graph_path, delta_path)))


def _file_state(path: Path) -> tuple[Path, int, int]:
    info = path.stat()
    return path, info.st_mtime_ns, info.st_size


@lru_cache(maxsize=8)
def _model_id(graph: tuple[Path, int, int], delta: tuple[Path, int, int]) -> str:
    """The digest, hashed once per state of the files (5 MB: 30 ms a time, asked on every listing)."""
    key = graph[0].read_bytes() + delta[0].read_bytes() + (BASE_SHA256 + RECIPE).encode()
    return hashlib.sha256(key).hexdigest()[:16]


def built_model_dir(graph_path: Path = GRAPH_PATH, delta_path: Path = DELTA_PATH) -> Path:
    """The folder holding the tagger graph and its tokenizer, built on first use into the first
    writable cache folder and reused after. Building the shipped files removes the builds of
    earlier ones from that folder (each is over 100 MB, and an upgrade would otherwise leave
    them behind); a build of other files (the training script's) leaves the cache alone."""
    name = f"attribution-{model_id(graph_path, delta_path)}"
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
            if (graph_path, delta_path) == (GRAPH_PATH, DELTA_PATH):
                for old in folder.glob("attribution-*"):
                    if old != target:
                        shutil.rmtree(old, ignore_errors=True)
            return target
        except OSError as exc:
            errors.append(f"{folder}: {exc}")
    raise StorylineError(
        f"cannot build the attribution model ({'; '.join(errors)}); set {CACHE_ENV} to a writable folder"
    )


def feed_forward_outputs(model: Any) -> list[str]:
    """The MatMul nodes of the feed-forward output matrix (``encoder.layer.N.output.dense``) of
    the top half of the layers, found through the weight names :func:`strip_weights` recorded.

    Why these stay fp32 when the rest is quantised to int8, measured on 100 held-out train texts
    (docs/bench/attribution.md, thirteenth round):
    - all-int8 scored 0.6-1.1 overlap points under the fp32 graph, mostly in recall;
    - these six matrices in fp32 scored as the whole graph in fp32 does (within 0.2 points), as
      did all twelve; those of layers 0-5 alone, or of 9-11 alone, recovered nothing;
    - tagging takes 1.4x as long as all-int8 (all twelve: 1.6x; the whole graph in fp32: 2.8x).
    They are the matrices that read the 3072-wide GELU output. A likely reason: a few large
    values there leave int8's one scale per activation tensor too coarse for the others."""
    entries = {p.key: p.value for p in model.metadata_props}
    inputs = {init for init, name, _ in json.loads(entries[WEIGHTS_KEY]) if _is_upper_feed_forward_output(name)}
    return [node.name for node in model.graph.node if node.op_type == "MatMul" and inputs & set(node.input)]


def _is_upper_feed_forward_output(name: str) -> bool:
    parts = name.split(".")  # encoder.layer.N.output.dense.weight
    in_layer = parts[:2] == ["encoder", "layer"] and parts[3:] == ["output", "dense", "weight"]
    return in_layer and int(parts[2]) >= FP32_FROM_LAYER


def _build(base_paths: list[Path], graph_path: Path, delta_path: Path, target: Path) -> None:
    """Assemble the fp32 graph, quantise it (:data:`RECIPE`), write the tokenizer, and move the
    folder into place only when complete (a concurrent or interrupted build never leaves a
    half-written model; a concurrent build that finished first is kept)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, built = Path(tmp) / "fp32.onnx", Path(tmp) / "built"
        built.mkdir()
        base = read_base(base_paths)
        base_tokenizer(base).save(str(built / TOKENIZER_FILE))
        with np.load(delta_path) as delta:
            tuned = TunedWeights(base.weights, dict(delta))
            model = fill_weights(onnx.load(str(graph_path)), tuned, fp32.with_suffix(".data"))
        onnx.save(model, str(fp32))
        del base, tuned, model  # the quantiser loads the graph again: 438 MB of weights held twice otherwise
        with _quiet_root_warnings():
            quantize_dynamic(
                str(fp32),
                str(built / MODEL_FILE),
                weight_type=QuantType.QInt8,
                per_channel=True,
                nodes_to_exclude=feed_forward_outputs(onnx.load(str(graph_path))),
            )
        try:
            os.replace(built, target)
        except OSError:
            if not (target / MODEL_FILE).exists():
                raise


@contextlib.contextmanager
def _quiet_root_warnings() -> Iterator[None]:
    """The quantiser logs a warning to the root logger on every build, advice to run its shape
    pre-processing first (which the per-channel weight quantisation here does not need); a
    user's first run should not print it."""
    root = logging.getLogger()  # a logger's filter sees only what is logged on it: not storyline's records
    root.addFilter(_drop)
    try:
        yield
    finally:
        root.removeFilter(_drop)


def _drop(record: logging.LogRecord) -> bool:
    return False
