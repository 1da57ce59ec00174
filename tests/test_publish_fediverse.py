"""Bluesky and Mastodon through their SDKs against loopback fakes: threads, facets, cards, alt text,
instance limits, rate limits, outages and exactly-once across lost answers."""

from __future__ import annotations


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
        assert all(not s.media_ids for s in statuses[1:]) and all("embed" not in p.record for p in chain[1:])
        assert all(s.key for s in statuses) and len({s.key for s in statuses}) == 3
    assert len(fake_bluesky.posts) == 6 and len(fake_mastodon.statuses) == 6
    ledger = herald.ledger()["entries"]
    assert [t["id"] for t in ledger["peek"]["bluesky"]["tweets"]] == [p.uri for p in
                                                                      fake_bluesky.thread(articles[0].posts["bluesky"].texts[0])]

    again = herald("publish", "--yes")
    assert again.code == 0 and len(fake_bluesky.posts) == 6 and len(fake_mastodon.statuses) == 6


def test_a_bluesky_post_whose_answer_was_lost_is_read_back_by_its_record_key(herald, four_networks, fake_site,
                                                                             fake_bluesky):
    item = article("peek", fake_site.page("peek"), fediverse=True)
    herald.site([item])
    fake_bluesky.inject("createRecord", None, Fault.drop_after(), Fault.status_(502, {"error": "BadGateway"}))

    result = herald("publish", "--yes", "--network", "bluesky")

    assert result.code == 0, result.text
    chain = fake_bluesky.thread(item.posts["bluesky"].texts[0])
    assert [p.text for p in chain] == list(item.posts["bluesky"].texts)
    assert len(fake_bluesky.posts) == 3 and fake_bluesky.refused_rkeys == 0
    # The dropped create was looked up by the very record key it was sent with.
    lookups = fake_bluesky.requests_to("getRecord")
    assert any(r.arg("rkey") == chain[1].rkey for r in lookups)


def test_a_crashed_bluesky_create_is_settled_from_the_ledger_key(herald, four_networks, fake_site, fake_bluesky):
    item = article("peek", fake_site.page("peek"), fediverse=True)
    herald.site([item])
    fake_bluesky.inject("createRecord", None, Fault.drop_after())
    fake_bluesky.inject("getRecord", Fault.status_(500, {"error": "InternalServerError"}),
                        Fault.status_(500, {"error": "InternalServerError"}),
                        Fault.status_(500, {"error": "InternalServerError"}),
                        Fault.status_(500, {"error": "InternalServerError"}))

    first = herald("publish", "--yes", "--network", "bluesky")

    assert first.code == 1 and first.rows[("peek", "bluesky")].startswith("needs a person"), first.text
    entry = herald.ledger()["entries"]["peek"]["bluesky"]
    assert entry["state"] == "pending" and entry["attempt"]["key"] == fake_bluesky.posts[1].rkey
    second = herald("publish", "--yes", "--network", "bluesky")
    assert second.code == 0, second.text
    assert "post 2 from an interrupted run was posted" in second.out
    assert [p.text for p in fake_bluesky.thread(item.posts["bluesky"].texts[0])] == list(item.posts["bluesky"].texts)
    assert len(fake_bluesky.posts) == 3


def test_bluesky_rate_limit_waits_for_its_reset(herald, four_networks, fake_site, fake_bluesky):
    import time

    herald.site([article("peek", fake_site.page("peek"), fediverse=True)])
    fake_bluesky.inject("createRecord", Fault.status_(429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                                                      ratelimit_remaining="0", ratelimit_reset=str(int(time.time()) + 1)))

    result = herald("publish", "--yes", "--network", "bluesky")

    assert result.code == 0, result.text
    assert len(fake_bluesky.posts) == 3 and len(fake_bluesky.requests_to("createRecord")) == 4


def test_bluesky_wrong_app_password_stops_bluesky_only(herald, four_networks, fake_site, fake_bluesky, fake_mastodon,
                                                       monkeypatch):
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "wrong-password")
    herald.site([article("peek", fake_site.page("peek"), fediverse=True)])

    result = herald("publish", "--yes", "--network", "bluesky,mastodon")

    assert result.code == 1
    assert "Bluesky rejected the login" in result.rows[("peek", "bluesky")]
    assert result.rows[("peek", "mastodon")].startswith("posted: ")
    assert fake_bluesky.posts == [] and "wrong-password" not in result.text


def test_a_mastodon_status_whose_answer_was_lost_is_found_not_sent_twice(herald, four_networks, fake_site,
                                                                         fake_mastodon):
    item = article("peek", fake_site.page("peek"), fediverse=True)
    herald.site([item])
    fake_mastodon.inject("POST /api/v1/statuses", None, Fault.drop_after(), Fault.status_(503, {"error": "busy"}))

    result = herald("publish", "--yes", "--network", "mastodon")

    assert result.code == 0, result.text
    assert [s.text for s in fake_mastodon.thread(item.posts["mastodon"].texts[0])] == list(item.posts["mastodon"].texts)
    assert len(fake_mastodon.statuses) == 3
    assert fake_mastodon.requests_to("GET /api/v1/accounts/:id/statuses")


def test_a_retried_mastodon_create_carries_the_same_idempotency_key(herald, four_networks, fake_site, fake_mastodon):
    item = article("peek", fake_site.page("peek"), fediverse=True)
    herald.site([item])
    # The lookup cannot tell (the account's statuses fail), so the create is replayed under its key.
    fake_mastodon.inject("POST /api/v1/statuses", Fault.drop_after())
    fake_mastodon.inject("GET /api/v1/accounts/:id/statuses", *[Fault.status_(500, {"error": "oops"})] * 4)

    first = herald("publish", "--yes", "--network", "mastodon")
    assert first.rows[("peek", "mastodon")].startswith("needs a person"), first.text
    pending = herald.ledger()["entries"]["peek"]["mastodon"]["attempt"]
    assert pending["key"] == fake_mastodon.statuses[0].key
    resolve = herald("ledger", "resolve", "peek", "--network", "mastodon", "--not-posted")
    assert resolve.code == 0, resolve.text

    second = herald("publish", "--yes", "--network", "mastodon")

    # A person said "not posted" by mistake: the replayed key still makes no second status.
    assert second.code == 0, second.text
    assert fake_mastodon.replayed == 1 and len(fake_mastodon.statuses) == 3
    keys = [r.headers.get("Idempotency-Key") for r in fake_mastodon.requests_to("POST /api/v1/statuses")]
    assert all(keys) and keys[0] == keys[1] == pending["key"]


def test_mastodon_instance_limit_is_read_from_the_instance(herald, four_networks, fake_site, monkeypatch):
    from fakes.accounts import new_fake_mastodon

    small = new_fake_mastodon(max_characters=60, url_weight=23).start()
    try:
        monkeypatch.setenv("MASTODON_INSTANCE", small.url)
        herald.site([article("peek", fake_site.page("peek"), fediverse=True)])

        result = herald("publish", "--yes", "--network", "mastodon")

        assert result.code == 1
        assert "over its limit of 60" in result.rows[("peek", "mastodon")], result.rows
        assert small.statuses == [] and small.requests_to("GET /api/v2/instance")
    finally:
        small.stop()


def test_mastodon_rate_limit_waits_for_its_reset(herald, four_networks, fake_site, fake_mastodon):
    from datetime import UTC, datetime, timedelta

    herald.site([article("peek", fake_site.page("peek"), fediverse=True)])
    reset = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    fake_mastodon.inject("POST /api/v1/statuses", Fault.status_(429, {"error": "Too many requests"},
                                                                X_RateLimit_Remaining="0", X_RateLimit_Reset=reset))

    result = herald("publish", "--yes", "--network", "mastodon")

    assert result.code == 0, result.text
    assert len(fake_mastodon.statuses) == 3


def test_dry_run_shows_every_network_in_its_own_measure(herald, four_networks, fake_site, fake_bluesky,
                                                        fake_mastodon):
    item = article("peek", fake_site.page("peek"), fediverse=True)
    herald.site([item])

    result = herald("publish", "--dry-run")

    assert result.code == 0, result.text
    assert "Bluesky thread for peek (3 posts)\n  lengths in graphemes, limit 300" in result.out
    assert "Mastodon thread for peek (3 posts)\n  lengths in characters: graphemes, links 23" in result.out
    bluesky = item.posts["bluesky"]
    assert f"  post 1/3 ({bluesky.weights[0]}/300) [image" in result.out
    assert "    " + bluesky.texts[2] in result.out
    assert f"    (links to {item.url}?utm_source=bluesky&utm_medium=social)" in result.out
    assert result.rows[("peek", "bluesky")] == "would post: 3 posts"
    assert fake_bluesky.log == [] and fake_mastodon.log == []
