"""The one error type the loaders raise for bad input."""

from __future__ import annotations


class LoaderError(Exception):
    """A document could not be read or parsed; `stage` says where, `message` says why."""

    def __init__(self, message: str, *, stage: str = "read", path: str | None = None) -> None:
        self.message = message
        self.stage = stage
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
