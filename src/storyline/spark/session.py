"""The Spark session the job runs in: local mode unless told otherwise, never reaching outside
the machine on its own (no UI; a local driver bound to the loopback address), with the running
interpreter as the workers' Python so they import the same storyline."""

from __future__ import annotations

import os
import sys
from typing import Any

SHUFFLE_PARTITIONS = 8  # small archives on few cores; a cluster run sets its own with --conf


def spark_session(master: str | None = None) -> Any:
    """A SparkSession for ``master``: under spark-submit (which starts the JVM and says where it
    listens in ``PYSPARK_GATEWAY_PORT``) the master it was given, else ``local[*]``."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    master = master or (None if submitted else "local[*]")
    builder = SparkSession.builder.appName("storyline")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(SHUFFLE_PARTITIONS))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
