"""The network registry: one module per network, listed here once, in display order.

Adding a network is adding its module (a `Network` subclass) and one line below; every part of Herald that
deals with networks (derivation, the manifest, the review page, `check`, `preview`, `publish`) loops over
`REGISTRY`.
"""

from __future__ import annotations

import difflib

from generator.networks.base import Network
from generator.networks.bluesky import Bluesky
from generator.networks.linkedin import LinkedIn
from generator.networks.mastodon import Mastodon
from generator.networks.x import X

REGISTRY: tuple[Network, ...] = (
    X(),
    LinkedIn(),
    Bluesky(),
    Mastodon(),
)

NETWORKS: tuple[str, ...] = tuple(network.name for network in REGISTRY)
# What a site derives and posts when its `networks` option is not set: where Herald posted before Bluesky
# and Mastodon came, so an existing site does not start failing for want of their credentials.
DEFAULT: tuple[str, ...] = ("x", "linkedin")
NAMES: dict[str, str] = {network.name: network.label for network in REGISTRY}
_BY_NAME = {network.name: network for network in REGISTRY}


def get(name: str) -> Network:
    """The network called `name`; KeyError for a name not in the registry."""
    return _BY_NAME[name]


def label(name: str) -> str:
    """A network's label, or its name when it is not registered (an old ledger, a newer manifest)."""
    return NAMES.get(name, name)


def unknown(name: str, allowed: tuple[str, ...] = NETWORKS) -> str:
    """Why `name` is not a network: one line with a did-you-mean, else the allowed names."""
    close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(allowed)}"
    return f"unknown network '{name}'; {hint}"
