"""Evaluation: one module per task (``storyline eval TASK``), metrics next to the data loaders."""
