"""A short seeded run of the fuzz harness (tests/fuzz/harness.py; the long run is in
docs/BENCHMARKS.md): no crash, no hang and no citation mismatch on its inputs."""

from __future__ import annotations

from fuzz.harness import run


def test_a_short_seeded_fuzz_run_finds_no_crash_hang_or_mismatch() -> None:
    tally = run(count=60, seed=23, full_every=0, seconds=8)
    assert tally.inputs > 0
    assert (tally.crashes, tally.hangs, tally.mismatches) == ([], [], [])
