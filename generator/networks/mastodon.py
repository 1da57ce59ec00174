"""Mastodon: a thread of statuses, through Mastodon.py.

Mastodon counts graphemes, every link as a fixed number of characters, and its limit is the instance's own:
500 and 23 are the defaults the build measures with; a publish run reads the instance's real values from
`/api/v2/instance` and refuses, before posting anything, an article whose posts would not fit there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import regex

from generator.networks.base import THREAD, Draft, Network, Source

LIMIT = 500
URL_WEIGHT = 23
VISIBILITIES = ("public", "unlisted", "private", "direct")
_GRAPHEME = regex.compile(r"\X")
# Mastodon's own link finder takes http(s) links that start a word.
_URL = re.compile(r"(?<![^\s(])https?://[^\s]+")


def status_length(text: str, url_weight: int = URL_WEIGHT) -> int:
    """Length as a Mastodon instance counts it: graphemes, with each link counted as `url_weight`."""
    total = 0
    position = 0
    for match in _URL.finditer(text):
        total += len(_GRAPHEME.findall(text[position:match.start()])) + url_weight
        position = match.end()
    return total + len(_GRAPHEME.findall(text[position:]))


class Mastodon(Network):
    name = "mastodon"
    label = "Mastodon"
    limit = LIMIT
    measure = f"characters: graphemes, links {URL_WEIGHT} (the instance's own values when publishing)"
    credentials = ("MASTODON_INSTANCE", "MASTODON_ACCESS_TOKEN")
    secrets = ("MASTODON_ACCESS_TOKEN",)
    shape = THREAD
    id_pattern = re.compile(r"[A-Za-z0-9]{1,64}")
    id_help = "a status id (letters and digits)"

    def length(self, text: str) -> int:
        return status_length(text)

    def derive(self, source: Source) -> Draft:
        meta = source.meta
        thread = source.thread(self.name)
        texts = thread.tweets
        weights = tuple(map(self.length, texts))
        return Draft(texts=texts, weights=weights, limit=self.limit,
                     warnings=tuple(self.over_limit(texts, weights, self.limit, meta.src)))

    def client(self, env: Mapping[str, str], options: Any) -> Any:
        from generator.publish.mastodon import MastodonClient, credentials_from

        return MastodonClient(credentials_from(env), timeout=options.http_timeout)

    def check_credentials(self, env: Mapping[str, str]) -> None:
        from generator.publish.mastodon import credentials_from

        credentials_from(env)

    def extras(self, decision: Any) -> list[str]:
        article = decision.article
        if article.image is None:
            return []
        return [f"  image on status 1: {article.image.path} (description: {article.image.alt})"]
