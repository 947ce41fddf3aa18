"""The attribution transformer shipped as a difference from its base model: the low-rank delta
round trip, the graph without weights, the base archive read back across its parts (weights,
tokenizer), and the build cache."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from storyline.attribution import weights as attribution_weights
from storyline.attribution.encoder_base import (
    JoinedParts,
    base_model_paths,
    base_tokenizer,
    read_base,
    read_float_tensors,
)
from storyline.attribution.export import strip_weights, weight_delta
from storyline.attribution.transformer import CLS_ID, PAD_ID, SEP_ID
from storyline.attribution.weights import TunedWeights, feed_forward_outputs, fill_weights
from storyline.errors import StorylineError


@pytest.fixture(scope="module")
def base() -> object:
    return read_base(base_model_paths())


def test_a_low_rank_change_is_rebuilt_from_its_factors() -> None:
    rng = np.random.default_rng(3)
    base = {
        "encoder.layer.0.output.dense.weight": rng.normal(size=(7, 5)).astype(np.float32),  # odd: padded
        "encoder.layer.0.output.dense.bias": rng.normal(size=7).astype(np.float32),
        "embeddings.word_embeddings.weight": rng.normal(size=(20, 5)).astype(np.float32),
    }
    change = (rng.normal(size=(7, 2)) @ rng.normal(size=(2, 5)) * 0.05).astype(np.float32)
    tuned = {
        **base,
        "encoder.layer.0.output.dense.weight": base["encoder.layer.0.output.dense.weight"] + change,
        "encoder.layer.0.output.dense.bias": base["encoder.layer.0.output.dense.bias"] + 0.1,
        "classifier.weight": rng.normal(size=(3, 5)).astype(np.float32),
    }
    delta = weight_delta(tuned, base, budget=12)  # two directions of (7 + 5) / 2 bytes
    assert "embeddings.word_embeddings.weight" not in delta  # unchanged (frozen): not shipped
    assert delta["encoder.layer.0.output.dense.weight.u"].shape == (4, 2)  # 7 rows, two to a byte
    assert delta["encoder.layer.0.output.dense.weight.v"].shape == (2, 3)
    assert delta["encoder.layer.0.output.dense.weight.u"].dtype == np.uint8
    rebuilt = dict(TunedWeights(base, delta))
    assert set(rebuilt) == set(tuned)
    error = rebuilt["encoder.layer.0.output.dense.weight"] - tuned["encoder.layer.0.output.dense.weight"]
    assert np.linalg.norm(error) < 0.1 * np.linalg.norm(change)  # 4-bit factors: a few percent
    for name in ("encoder.layer.0.output.dense.bias", "classifier.weight", "embeddings.word_embeddings.weight"):
        np.testing.assert_allclose(rebuilt[name], tuned[name], atol=2e-3)


def test_the_byte_budget_goes_to_the_changes_with_the_most_energy() -> None:
    rng = np.random.default_rng(4)
    names = [f"encoder.layer.{k}.attention.attn.q.weight" for k in range(3)]
    base = {name: rng.normal(size=(6, 6)).astype(np.float32) for name in names}
    tuned = {
        names[0]: base[names[0]] + 1.0 * rng.normal(size=(6, 6)).astype(np.float32),
        names[1]: base[names[1]] + 0.1 * rng.normal(size=(6, 6)).astype(np.float32),
        names[2]: base[names[2]] + 0.001 * rng.normal(size=(6, 6)).astype(np.float32),
    }
    delta = weight_delta(tuned, base, budget=6 * 5)  # five directions of 6 bytes
    ranks = {name: delta[name + ".u"].shape[1] for name in names if name + ".u" in delta}
    assert sum(ranks.values()) == 5 and ranks[names[0]] > ranks.get(names[1], 0)
    assert names[2] not in ranks  # too little energy for any byte: the base matrix is kept
    np.testing.assert_array_equal(dict(TunedWeights(base, delta))[names[2]], base[names[2]])


def _dense_graph(weight: np.ndarray, bias: np.ndarray) -> onnx.ModelProto:
    """y = x @ weight.T + bias, with the matrix stored transposed as a torch export stores it."""
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w_t"], ["xw"], name="matmul"), helper.make_node("Add", ["xw", "b"], ["y"])],
        "dense",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, weight.shape[1]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, weight.shape[0]])],
        [numpy_helper.from_array(np.ascontiguousarray(weight.T), "w_t"), numpy_helper.from_array(bias, "b")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


@pytest.mark.parametrize("external", [False, True], ids=["in the graph", "in a data file beside it"])
def test_a_graph_runs_the_same_after_its_weights_are_taken_out_and_put_back(tmp_path: Path, external: bool) -> None:
    rng = np.random.default_rng(5)
    weights = {"dense.weight": rng.normal(size=(4, 3)).astype(np.float32), "dense.bias": np.arange(4, dtype=np.float32)}
    stripped = strip_weights(_dense_graph(weights["dense.weight"], weights["dense.bias"]), weights)
    assert len(stripped.graph.initializer) == 0
    if external:
        onnx.save(fill_weights(stripped, weights, tmp_path / "graph.data"), str(tmp_path / "graph.onnx"))
        assert (tmp_path / "graph.data").stat().st_size == (12 + 4) * 4
        assert (tmp_path / "graph.onnx").stat().st_size < 1000  # the graph only refers to the data
        session = onnxruntime.InferenceSession(str(tmp_path / "graph.onnx"))
    else:
        session = onnxruntime.InferenceSession(fill_weights(stripped, weights).SerializeToString())
    x = rng.normal(size=(2, 3)).astype(np.float32)
    expected = x @ weights["dense.weight"].T + weights["dense.bias"]
    np.testing.assert_allclose(session.run(None, {"x": x})[0], expected, rtol=1e-5)


def test_only_the_upper_feed_forward_output_matrices_are_kept_out_of_int8() -> None:
    rng = np.random.default_rng(6)
    names = ["encoder.layer.7.output.dense", "encoder.layer.7.attention.output.dense", "encoder.layer.3.output.dense"]
    found = []
    for name in names:
        weights = {name + ".weight": rng.normal(size=(4, 3)).astype(np.float32), name + ".bias": np.zeros(4, "f4")}
        stripped = strip_weights(_dense_graph(weights[name + ".weight"], weights[name + ".bias"]), weights)
        found.append(feed_forward_outputs(stripped))
    assert found == [["matmul"], [], []]


def test_the_shipped_graph_keeps_six_matrices_out_of_int8() -> None:
    found = feed_forward_outputs(onnx.load(str(attribution_weights.GRAPH_PATH)))
    layers = sorted(int(name.split("layer.")[1].split("/")[0]) for name in found)
    assert layers == list(range(6, 12)) and all(name.endswith("/output/dense/MatMul") for name in found)


def test_the_base_archive_gives_every_encoder_weight_its_name(base: Any) -> None:
    config = base.config
    assert base.weights["embeddings.word_embeddings.weight"].shape == (config["vocab_size"], 768)
    assert config["num_hidden_layers"] == 12
    for k in range(config["num_hidden_layers"]):
        assert base.weights[f"encoder.layer.{k}.intermediate.dense.weight"].shape == (3072, 768)
        assert base.weights[f"encoder.layer.{k}.output.dense.weight"].shape == (768, 3072)
        assert base.weights[f"encoder.layer.{k}.attention.attn.q.bias"].shape == (768,)
    assert all(value.dtype == np.float32 for value in base.weights.values())
    tokenizer = base_tokenizer(base)
    assert [tokenizer.token_to_id(t) for t in ("<s>", "<pad>", "</s>")] == [CLS_ID, PAD_ID, SEP_ID]


def test_the_tokenizer_lowercases_but_maps_offsets_back_to_the_text(base: Any) -> None:
    tokenizer = base_tokenizer(base)
    text = "Sayed  told\nReuters\u00a0it was over."
    encoding = tokenizer.encode(text, add_special_tokens=False)
    assert encoding.tokens[:2] == ["say", "##ed"]
    assert [text[a:b] for a, b in encoding.offsets] == ["Say", "ed", "told", "Reuters", "it", "was", "over", "."]


def test_safetensors_floats_are_read_from_a_stream_and_a_cut_file_is_a_clear_error() -> None:
    from safetensors.numpy import save

    rng = np.random.default_rng(8)
    tensors = {
        "b.weight": rng.normal(size=(3, 5)).astype(np.float32),
        "a.bias": rng.normal(size=4).astype(np.float16),
        "position_ids": np.arange(6, dtype=np.int64).reshape(1, 6),
    }
    data = save(tensors)
    read = read_float_tensors(io.BytesIO(data))
    assert set(read) == {"b.weight", "a.bias"}  # integer tensors are not weights
    for name, value in read.items():
        assert value.dtype == np.float32
        np.testing.assert_array_equal(value, tensors[name].astype(np.float32))
    with pytest.raises(StorylineError, match="cut short|damaged"):
        read_float_tensors(io.BytesIO(data[:-10]))


def test_an_archive_cut_into_parts_is_read_across_them(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("folder/a.txt", "first file " * 50)
        archive.writestr("folder/b.bin", bytes(range(256)) * 40)
    data = buffer.getvalue()
    parts = []
    for k, (start, end) in enumerate([(0, 100), (100, 101), (101, 4000), (4000, len(data))]):
        parts.append(tmp_path / f"archive.zip.{k:03d}")
        parts[-1].write_bytes(data[start:end])
    with zipfile.ZipFile(io.BufferedReader(JoinedParts(parts), 64)) as archive:
        assert archive.read("folder/a.txt") == b"first file " * 50
        assert archive.read("folder/b.bin") == bytes(range(256)) * 40


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stand in for the real build (seconds of work) and record where it would write."""
    builds: list[Path] = []

    def fake_build(base: Path, graph: Path, delta: Path, target: Path) -> None:
        builds.append(target)
        target.mkdir()
        (target / attribution_weights.MODEL_FILE).write_bytes(b"built")

    monkeypatch.setattr(attribution_weights, "_build", fake_build)
    return builds


def test_the_model_is_built_once_then_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = _count_builds(monkeypatch)
    monkeypatch.setenv(attribution_weights.CACHE_ENV, str(tmp_path / "cache"))
    first = attribution_weights.built_model_dir()
    assert attribution_weights.built_model_dir() == first
    assert builds == [first] and first.parent == tmp_path / "cache"


def test_building_the_shipped_model_clears_earlier_builds_a_training_build_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _count_builds(monkeypatch)
    cache = tmp_path / "cache"
    monkeypatch.setenv(attribution_weights.CACHE_ENV, str(cache))
    (cache / "attribution-0123456789abcdef").mkdir(parents=True)
    (cache / "unrelated").mkdir()
    other_delta = tmp_path / "other.delta.npz"
    other_delta.write_bytes(b"a training run's delta")
    other = attribution_weights.built_model_dir(attribution_weights.GRAPH_PATH, other_delta)
    assert (cache / "attribution-0123456789abcdef").exists()
    shipped = attribution_weights.built_model_dir()
    assert sorted(p.name for p in cache.iterdir()) == sorted([shipped.name, "unrelated"])
    assert not other.exists()


def test_a_home_that_cannot_be_written_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds = _count_builds(monkeypatch)
    (tmp_path / "not-a-folder").write_text("a file where the cache folder would go")
    monkeypatch.delenv(attribution_weights.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(attribution_weights.tempfile, "tempdir", str(tmp_path / "tmp"))
    built = attribution_weights.built_model_dir()
    assert builds == [built] and built.parent == tmp_path / "tmp" / "storyline"


def test_a_missing_or_different_base_model_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from storyline.attribution import encoder_base

    def not_installed(name: str) -> Any:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(encoder_base.importlib.metadata, "distribution", not_installed)
    with pytest.raises(StorylineError, match="base model is not installed"):
        base_model_paths()
    part = tmp_path / "all-mpnet-base-v2.zip.001"
    part.write_bytes(b"PK something else")
    entry = type("Entry", (), {"name": part.name, "locate": lambda self: part})()
    installed = type("Distribution", (), {"files": [entry]})()
    monkeypatch.setattr(encoder_base.importlib.metadata, "distribution", lambda name: installed)
    with pytest.raises(StorylineError, match="sha256 differs"):
        base_model_paths()
