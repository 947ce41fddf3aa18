"""storyline: many news reports about a developing story -> one sourced account.

The public API::

    import storyline
    report = storyline.analyze(["reports/"], words=200)
    print(report.summary.sentences[0].text, report.summary.sentences[0].citations)

Names are imported on first use (PEP 562) so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "storyline.pipeline",
    "Article": "storyline.model",
    "Span": "storyline.model",
    "StoryReport": "storyline.model",
    "Summary": "storyline.model",
    "SummarySentence": "storyline.model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
