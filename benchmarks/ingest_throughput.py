"""Ingest + clustering throughput over the Timeline17 articles, and peak memory.

Times the whole ingest of every Timeline17 article (about 2,600) into a fresh SQLite
store: cleaning and segmentation (``pipeline.prepare``), junk detection, content hashing,
online clustering, FTS indexing, batched commits. Prints the time of each part, so the
clustering's cost can be read against the plain storing, and peak resident memory
(``resource.getrusage``, which includes the loaded libraries). The machine is shared, so
the CPU time of this process is printed beside the wall time: articles per CPU-second is
the figure other work on the machine does not move.

Run: .venv/bin/python benchmarks/ingest_throughput.py [TIMELINE17_DIR]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from ingest_timeline17 import load_all

from storyline.pipeline import prepare
from storyline.store import BATCH_SIZE, Store, StoryWriter


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17"
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    started, cpu_started = time.perf_counter(), time.process_time()
    raw = load_all(root)
    loaded, cpu_loaded = time.perf_counter(), time.process_time()
    articles, errors = prepare(raw, records=True)
    prepared, cpu_prepared = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        StoryWriter(store).clusterer.assign("Warm-up: loading the word frequencies happens once, before timing.", None)
        writer = StoryWriter(store)
        warm, cpu_warm = time.perf_counter(), time.process_time()
        for start in range(0, len(articles), BATCH_SIZE):
            writer.add_batch(articles[start : start + BATCH_SIZE])
        stored, cpu_stored = time.perf_counter(), time.process_time()
        n_stories = store.count("stories")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = (prepared - started) + (stored - warm)
    cpu = (cpu_prepared - cpu_started) + (cpu_stored - cpu_warm)
    print(f"{len(raw)} Timeline17 articles -> {len(articles)} stored ({len(errors)} empty), {n_stories} stories")
    print(f"  read + detokenise   {loaded - started:6.2f} s wall {cpu_loaded - cpu_started:6.2f} s CPU")
    print(f"  clean + segment     {prepared - loaded:6.2f} s wall {cpu_prepared - cpu_loaded:6.2f} s CPU")
    print(f"  store + cluster     {stored - warm:6.2f} s wall {cpu_stored - cpu_warm:6.2f} s CPU")
    print(f"throughput: {len(raw) / total:.0f} articles/s wall, {len(raw) / cpu:.0f} articles per CPU-second")
    print(f"peak memory {peak_mb:.0f} MB; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
