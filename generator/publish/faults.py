"""How a call to a network can end badly, sorted by what publishing must do about it."""

from __future__ import annotations


class NetworkFault(Exception):
    """A failed call; the message is one line meant for the user and never carries a secret."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Transient(NetworkFault):
    """Nothing was created (5xx, refused connection, connect timeout): safe to try again after a pause."""


class Ambiguous(NetworkFault):
    """The request went out but no answer came back (read timeout, dropped connection): it may exist."""


class RateLimited(NetworkFault):
    """429: `wait` seconds until the limit resets, None when the network did not say."""

    def __init__(self, message: str, wait: float | None) -> None:
        super().__init__(message)
        self.wait = wait


class StopNetwork(NetworkFault):
    """This network cannot go on this run (credentials, permissions, credits, retired API version, limits)."""


class Rejected(NetworkFault):
    """The network refused this one item for good (bad request); other items may go on."""


class Duplicate(Rejected):
    """The network says the same content was already posted."""


class Unsettled(NetworkFault):
    """A create may have gone through and asking the network could not tell; a person decides."""
