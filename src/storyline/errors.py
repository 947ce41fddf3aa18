"""Errors a user can act on: each names the input and the reason."""


class StorylineError(Exception):
    """Base class for storyline's own errors."""


class InputError(StorylineError):
    """An input file could not be read; the message names the file and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot read '{path}': {reason}")
        self.path = path
        self.reason = reason
