"""The functions the Spark job runs in its workers, called directly (no Spark): they must give
what the single-machine pipeline gives."""

from datetime import date
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas", reason="the Spark extra is not installed (pip install storyline[spark])")

from storyline.dedup import syndicated_copies  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.pipeline import read_input  # noqa: E402
from storyline.spark import tasks  # noqa: E402
from storyline.stories.cluster import cluster_texts  # noqa: E402

WIRE = (
    "Floodwater swept through the old town of Riverton on Tuesday after the Mallow dam failed in heavy rain, "
    "and rescuers in boats reached dozens of families trapped on upper floors, the regional fire service said. "
    "The dam, built in 1931, had been listed for repairs since last spring, officials told reporters."
)
COPY = WIRE + " The Gazette will update this report."
OTHER = "Voters in Castleford re-elected mayor Ingrid Holm in the municipal election by a wide margin on Sunday."


def test_components_join_every_linked_node_under_its_smallest() -> None:
    assert tasks.components([(5, 3), (3, 9), (20, 21)]) == {5: 3, 3: 3, 9: 3, 20: 20, 21: 20}
    assert tasks.components([]) == {}


def test_band_keys_are_stable_and_make_a_copy_a_candidate() -> None:
    assert tasks.band_keys(WIRE) == tasks.band_keys(WIRE)  # fixed hash functions, stable shingle hashes
    assert len(tasks.band_keys(WIRE)) == tasks.MINHASH_BANDS
    assert set(tasks.band_keys(WIRE)) & set(tasks.band_keys(COPY))
    assert not set(tasks.band_keys(WIRE)) & set(tasks.band_keys(OTHER))
    assert tasks.band_keys("") == []


def test_checked_copies_are_those_of_dedup() -> None:
    pair = pd.DataFrame(
        {"a_id": ["w"], "a_text": [WIRE], "a_published": [date(2026, 3, 10)]}
        | {"b_id": ["c"], "b_text": [COPY], "b_published": [date(2026, 3, 11)]}
    )
    (found,) = tasks.check_copies(iter([pair]))
    expected = syndicated_copies([Article("w", WIRE, published=date(2026, 3, 10)), Article("c", COPY)])
    assert [tuple(r) for r in found.itertuples(index=False)] == [(c.copy, c.original, c.shared) for c in expected]
    assert list(found["copy"]) == ["c"]


def test_a_block_is_clustered_as_the_single_machine_clusterer_does() -> None:
    texts, days = [OTHER, WIRE, COPY, OTHER], [date(2026, 3, 12), date(2026, 3, 10), None, date(2026, 3, 12)]
    frame = pd.DataFrame({"block": 3, "article_id": list("abcd"), "published": days, "text": texts, "seq": range(4)})
    labels = dict(zip(frame.article_id, tasks.cluster_block(frame).local, strict=True))
    expected = cluster_texts(texts, days)
    assert labels == dict(zip("abcd", expected, strict=True))
    assert labels["a"] == labels["d"] != labels["b"] == labels["c"]


def test_an_unreadable_file_is_a_row_naming_it_and_the_other_files_are_read(tmp_path: Path) -> None:
    good, bad = tmp_path / "wire.txt", tmp_path / "crawl.warc.gz"
    good.write_text(WIRE, encoding="utf-8")
    bad.write_bytes(b"not a gzip file")
    (frame,) = tasks.read_files(iter([pd.DataFrame({"file_index": [0, 1], "path": [str(good), str(bad)]})]))
    errors = frame[frame.error_reason.notna()]
    assert list(zip(errors.error_path, errors.error_reason, strict=True)) == [
        (e.path, e.reason) for e in read_input(bad)[1]
    ]
    assert list(frame[frame.error_reason.isna()].article_id) == ["wire"]
