"""What training writes for the package to ship: the fine-tuned change from the base encoder as
4-bit low-rank factors within a byte budget, and the exported graph with its weights taken out.

Training-only (``scripts/train_attribution_transformer.py``): the run-time side, which adds the
change back and fills the graph, is :mod:`.weights`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from .weights import SCALE, WEIGHTS_KEY


def weight_delta(tuned: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray], budget: int) -> dict[str, np.ndarray]:
    """What :class:`TunedWeights` needs to rebuild ``tuned`` from ``base``: the change of every
    matrix the base has (the encoder's, the position embeddings) as low-rank int4 factors filling
    ``budget`` bytes; vectors and the new classifier in full.

    The budget goes to the singular directions of all changes together, the most energy per
    byte first, so each matrix gets its own rank. Factors are 4-bit (two per byte) with one
    scale per direction. Both choices were measured against the earlier form, int8 factors at
    one rank for all matrices: at the same size, on 100 held-out train texts, they recover about
    half of what cutting the change costs (docs/bench/attribution.md, thirteenth round)."""
    changes = {
        name: np.linalg.svd(value - base[name], full_matrices=False)
        for name, value in tuned.items()
        if name in base and value.ndim == 2 and not np.array_equal(value, base[name])
    }
    ranks = _ranks(changes, budget)
    delta = {}
    for name, value in tuned.items():
        if name in changes:
            u, s, vt = changes[name]
            rank = ranks[name]
            if rank:  # else the change is left out: the base matrix is kept
                delta |= _int4(name + ".u", u[:, :rank] * s[:rank], 0) | _int4(name + ".v", vt[:rank], 1)
        elif name not in base or not np.array_equal(value, base[name]):  # equal: frozen in training
            delta[name] = value.astype(np.float16 if value.ndim == 2 else np.float32)
    return delta


def _ranks(changes: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]], budget: float) -> dict[str, int]:
    """Each change's rank: singular directions taken by energy per byte (``s**2`` over the
    direction's packed size, half the matrix's height plus width) while the factors fit ``budget``.
    Within a matrix, energies fall, so each matrix keeps a leading run of its directions."""
    directions = []
    for name, (u, s, vt) in changes.items():
        size = (u.shape[0] + vt.shape[1]) / 2
        directions += [(energy / size, size, name) for energy in s**2]
    ranks = dict.fromkeys(changes, 0)
    for _, size, name in sorted(directions, reverse=True):
        if size <= budget:
            ranks[name] += 1
            budget -= size
    return ranks


def _int4(key: str, matrix: np.ndarray, axis: int) -> dict[str, np.ndarray]:
    """``matrix`` as 4-bit integers in -7..7 with one fp32 scale per slice along ``axis`` (its
    largest magnitude -> 7), packed two to a byte along ``axis`` (padded to an even length)."""
    scale = np.abs(matrix).max(axis=axis, keepdims=True) / 7
    scale[scale == 0] = 1
    codes = (np.round(matrix / scale) + 8).astype(np.uint8)  # 1..15
    if codes.shape[axis] % 2:
        codes = np.pad(codes, [(0, int(i == axis)) for i in range(codes.ndim)], constant_values=8)
    low = np.take(codes, np.arange(0, codes.shape[axis], 2), axis=axis)
    high = np.take(codes, np.arange(1, codes.shape[axis], 2), axis=axis)
    return {key: low | (high << 4), key + SCALE: scale.astype(np.float32)}


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
