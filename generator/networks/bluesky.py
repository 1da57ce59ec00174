"""Bluesky: a thread of posts of at most 300 graphemes, posted through the atproto SDK.

Bluesky shows a link as the text it is given and finds it through a facet, so links appear shortened
(`host/path…`, as Bluesky's own app writes them) with a link facet carrying the full URL; hashtags get tag
facets. Facet ranges are UTF-8 byte offsets into the text. The thread is the X thread built for Bluesky's
link: each post fits X's 280 weighted characters with the URL counted as 23, so with the link shown in at
most 40 graphemes (17 more than the 23 X counts for it) a post stays within 297 of Bluesky's 300.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import regex

from generator.networks.base import THREAD, Draft, Network, Source

LIMIT = 300
LINK_SHOWN = 40
_GRAPHEME = regex.compile(r"\X")
_URL = re.compile(r"https?://[^\s]+")
# A hashtag starts a word; Bluesky ignores tags of digits only.
_TAG = regex.compile(r"(?<![^\s(])#(?!\d+\b)([\w]+)")
LINK = "app.bsky.richtext.facet#link"
TAG = "app.bsky.richtext.facet#tag"


def graphemes(text: str) -> int:
    """Length as Bluesky counts it: extended grapheme clusters."""
    return len(_GRAPHEME.findall(text))


def shown(url: str) -> str:
    """How a link reads in the post: no scheme, cut with an ellipsis beyond LINK_SHOWN graphemes."""
    text = url.split("://", 1)[-1]
    parts = _GRAPHEME.findall(text)
    return text if len(parts) <= LINK_SHOWN else "".join(parts[: LINK_SHOWN - 1]) + "…"


def rich_text(text: str) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The text with its links shortened, and its facets (links, then hashtags, in text order)."""
    out: list[str] = []
    facets: list[dict[str, Any]] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?)")
        out.append(text[position:match.start()])
        start = len("".join(out).encode("utf-8"))
        label = shown(url)
        out.append(label)
        facets.append(_facet(start, start + len(label.encode("utf-8")), {"$type": LINK, "uri": url}))
        position = match.start() + len(url)
    out.append(text[position:])
    result = "".join(out)
    linked = [(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in facets]
    encoded = result.encode("utf-8")
    for match in _TAG.finditer(result):
        start = len(result[:match.start()].encode("utf-8"))
        end = start + len(match.group().encode("utf-8"))
        if not any(s <= start < e for s, e in linked) and encoded[start:end].decode("utf-8") == match.group():
            facets.append(_facet(start, end, {"$type": TAG, "tag": match.group(1)}))
    facets.sort(key=lambda f: f["index"]["byteStart"])
    return result, tuple(facets)


def _facet(start: int, end: int, feature: dict[str, Any]) -> dict[str, Any]:
    return {"index": {"byteStart": start, "byteEnd": end}, "features": [feature]}


class Bluesky(Network):
    name = "bluesky"
    label = "Bluesky"
    limit = LIMIT
    measure = "graphemes"
    credentials = ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")
    secrets = ("BLUESKY_APP_PASSWORD",)
    shape = THREAD
    id_pattern = re.compile(r"at://[^/\s]+/app\.bsky\.feed\.post/[A-Za-z0-9._:~-]{1,512}")
    id_help = "a post's at:// URI like at://did:plc:abc/app.bsky.feed.post/3kxyz"

    def length(self, text: str) -> int:
        return graphemes(text)

    def derive(self, source: Source) -> Draft:
        meta = source.meta
        thread = source.thread(self.name)
        rich = [rich_text(tweet) for tweet in thread.tweets]
        texts = tuple(text for text, _ in rich)
        weights = tuple(map(self.length, texts))
        # The thread builder's own warnings speak of X's count; here only Bluesky's limit matters.
        return Draft(texts=texts, weights=weights, limit=self.limit, facets=tuple(f for _, f in rich),
                     warnings=tuple(self.over_limit(texts, weights, self.limit, meta.src)))

    def client(self, env: Mapping[str, str], options: Any) -> Any:
        from generator.publish.bluesky import BlueskyClient, credentials_from

        return BlueskyClient(credentials_from(env), timeout=options.http_timeout)

    def check_credentials(self, env: Mapping[str, str]) -> None:
        from generator.publish.bluesky import credentials_from

        credentials_from(env)

    def extras(self, decision: Any) -> list[str]:
        article = decision.article
        lines = []
        if article.card is not None:
            lines.append(f"  link card on post 1 (app.bsky.embed.external): {article.card.url}")
            lines.append(f"    title: {article.card.title}")
            if article.image:
                lines.append(f"    thumbnail: {article.image.path} (alt text, in the card's title and "
                             f"description: {article.image.alt})")
        return lines
