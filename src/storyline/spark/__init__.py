"""storyline on Apache Spark: the same stages over an archive too big for one machine.

``job.ingest`` writes the lake (Parquet tables, docs/output.md); ``export.export`` loads a lake
into the SQLite story database the desk reads. The job calls the pipeline's own functions
(:mod:`.tasks`); it sits at the top beside the CLI, and nothing below imports it.
"""
