"""Problems a person can fix: each is one line of text plus the exit code it ends the run with."""

from __future__ import annotations


class PublishError(Exception):
    """A user-fixable problem; the CLI prints it as one line and exits with `code`."""

    code: int = 2

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
