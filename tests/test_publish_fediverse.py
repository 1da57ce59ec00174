"""Bluesky and Mastodon through their SDKs against loopback fakes: threads, facets, cards, alt text,
instance limits, rate limits, outages and exactly-once across lost answers."""

from __future__ import annotations

import json

from fakes.manifest import article
from fakes.server import Fault

from generator.networks import bluesky as bsky

pytest_plugins = ["fakes.fixtures"]


def facet_spans(facets) -> list[tuple[int, int, str, str]]:
    """(byteStart, byteEnd, feature, value) of each facet, whatever annotations the SDK adds."""
    spans = []
    for facet in facets:
        (feature,) = facet["features"]
        value = feature.get("uri") or feature.get("tag")
        spans.append((facet["index"]["byteStart"], facet["index"]["byteEnd"], feature["$type"], value))
    return spans


def expected_spans(text: str, url: str) -> list[tuple[int, int, str, str]]:
    """Worked out from the text alone: the shown link and every hashtag, as UTF-8 byte ranges."""
    data = text.encode("utf-8")
    spans = []
    shown = bsky.shown(f"{url}?utm_source=bluesky&utm_medium=social")
    if shown in text:
        start = data.index(shown.encode("utf-8"))
        spans.append((start, start + len(shown.encode("utf-8")), bsky.LINK, f"{url}?utm_source=bluesky&utm_medium=social"))
    for word in text.split():
        if word.startswith("#") and len(word) > 1:
            start = data.index(word.encode("utf-8"))
            spans.append((start, start + len(word.encode("utf-8")), bsky.TAG, word[1:]))
    return sorted(spans)


def test_every_network_gets_each_article_once(herald, four_networks, fake_site, fake_x, fake_linkedin, fake_bluesky,
                                              fake_mastodon):
    articles = [article(slug, fake_site.page(slug), fediverse=True) for slug in ("peek", "valve")]
    herald.site(articles)

    result = herald("publish", "--yes")

    assert result.code == 0, result.text
    for item in articles:
        for network in ("x", "linkedin", "bluesky", "mastodon"):
            assert result.rows[(item.slug, network)].startswith("posted: "), result.rows
        texts = item.posts["bluesky"].texts
        chain = fake_bluesky.thread(texts[0])
        assert [p.text for p in chain] == list(texts)
        for post, parent in zip(chain[1:], chain):
            reply = post.record["reply"]
            assert (reply["root"]["uri"], reply["root"]["cid"]) == (chain[0].uri, chain[0].cid)
            assert (reply["parent"]["uri"], reply["parent"]["cid"]) == (parent.uri, parent.cid)
        for post, facets in zip(chain, item.posts["bluesky"].facets):
            assert facet_spans(post.record.get("facets", [])) == facet_spans(facets)
            assert facet_spans(post.record.get("facets", [])) == expected_spans(post.text, item.url)
        card = chain[0].record["embed"]["external"]
        assert card["uri"] == item.url and card["title"] == item.title
        assert card["thumb"]["ref"]["$link"] in fake_bluesky.blobs
        statuses = fake_mastodon.thread(item.posts["mastodon"].texts[0])
        assert [s.text for s in statuses] == list(item.posts["mastodon"].texts)
        (media,) = statuses[0].media_ids
        assert fake_mastodon.media[media]["description"] == item.image.alt
        assert all(s.key for s in statuses) and len({s.key for s in statuses}) == 3
    assert len(fake_bluesky.posts) == 6 and len(fake_mastodon.statuses) == 6
    ledger = herald.ledger()["entries"]
    assert [t["id"] for t in ledger["peek"]["bluesky"]["tweets"]] == [p.uri for p in
                                                                      fake_bluesky.thread(articles[0].posts["bluesky"].texts[0])]

    again = herald("publish", "--yes")
    assert again.code == 0 and len(fake_bluesky.posts) == 6 and len(fake_mastodon.statuses) == 6
