"""X through the real CLI against the fake X API: each fault class and what the ledger says afterwards."""

from __future__ import annotations

import socket
import time

import pytest
from fakes.server import Fault
from fakes.x import StoredTweet

pytest_plugins = ["fakes.fixtures"]

TWEETS = "POST /2/tweets"


def chains_ok(fake_x, articles):
    """Every thread exists exactly once, in order, each tweet replying to the one before."""
    for item in articles:
        thread = item.posts["x"].texts
        assert [t.text for t in fake_x.thread(thread[0])] == list(thread)
        for text in thread:
            assert fake_x.texts().count(text) == 1, text
    return True


def test_server_errors_are_retried_and_post_once(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, None, Fault.status_(503, {"title": "Service Unavailable"}),
                  Fault.status_(500, {"title": "Internal Error"}))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert chains_ok(fake_x, two_articles)
    assert len(fake_x.requests_to(TWEETS)) == 8


def test_rate_limit_waits_until_the_reset_header(herald, two_articles, fake_x):
    wall = time.time()
    reset = int(wall) + 1
    fake_x.inject(TWEETS, None, Fault.status_(429, {"title": "Too Many Requests"}, x_rate_limit_limit="100",
                                              x_rate_limit_remaining="0", x_rate_limit_reset=str(reset)))
    started = time.monotonic()

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert time.monotonic() - started >= reset - wall
    assert chains_ok(fake_x, two_articles)


def test_rate_limit_beyond_the_bound_stops_x_but_not_linkedin(herald, two_articles, fake_x, fake_linkedin):
    fake_x.inject(TWEETS, None, Fault.status_(429, {"title": "Too Many Requests"}, x_rate_limit_remaining="0",
                                              x_rate_limit_reset=str(int(time.time()) + 3600)))

    result = herald("publish", "--yes")

    assert result.code == 1
    assert "X peek tweet 2/3: X rate limit reached (resets at" in result.out
    assert "beyond the 5 s wait bound, so this network stops for this run" in result.out
    assert result.rows[("valve", "x")] == "skipped: not tried: X stopped"
    assert len(fake_linkedin.posts) == 2
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert entry["state"] == "partial" and len(entry["tweets"]) == 1 and entry["attempt"] is None
    assert "rate limit" in entry["last_error"]

    again = herald("publish", "--yes")

    assert again.code == 0, again.text
    assert chains_ok(fake_x, two_articles)
    assert len(fake_linkedin.posts) == 2


def test_interrupted_thread_continues_as_a_reply_to_the_last_posted_tweet(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, None, None, Fault.status_(401, {"title": "Unauthorized"}))
    first = herald("publish", "--yes", "--network", "x")
    assert first.code == 1
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert [t["text"] for t in entry["tweets"]] == list(two_articles[0].posts["x"].texts)[:2]

    second = herald("publish", "--yes", "--network", "x")

    assert second.code == 0, second.text
    assert chains_ok(fake_x, two_articles)
    third = fake_x.by_id(herald.ledger()["entries"]["peek"]["x"]["tweets"][2]["id"])
    assert third.reply_to == entry["tweets"][1]["id"]
    assert second.rows[("peek", "x")].startswith("posted: tweets 3-3 of 3")


def test_slow_answer_past_the_timeout_is_settled_not_reposted(herald, two_articles, fake_x, monkeypatch):
    monkeypatch.setenv("HERALD_HTTP_TIMEOUT", "1.5")
    fake_x.inject(TWEETS, None, Fault.slow(3.0))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert chains_ok(fake_x, two_articles)
    assert fake_x.duplicates_rejected == 0
    assert len(fake_x.requests_to(TWEETS)) == 6
    assert len(fake_x.requests_to("GET /2/users/:id/tweets")) == 1


def test_connection_dropped_after_the_tweet_was_created(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, None, Fault.drop_after(), None, None, Fault.drop_after())

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert chains_ok(fake_x, two_articles)
    assert len(fake_x.requests_to(TWEETS)) == 6 and fake_x.duplicates_rejected == 0


def test_connection_dropped_before_the_tweet_was_created(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, Fault.drop_before(), None, Fault.drop_before())

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert chains_ok(fake_x, two_articles)
    assert len(fake_x.requests_to(TWEETS)) == 8 and fake_x.duplicates_rejected == 0


def test_unauthorized_stops_x_with_a_clear_line(herald, two_articles, fake_x, fake_linkedin):
    fake_x.inject("POST /2/media/upload", Fault.status_(401, {"title": "Unauthorized", "status": 401}))

    result = herald("publish", "--yes")

    assert result.code == 1
    assert ("X peek image: X rejected the credentials (401 Unauthorized); check X_API_KEY, X_API_SECRET, "
            "X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET; X stops for this run") in result.out
    assert fake_x.tweets == [] and len(fake_x.requests_to("POST /2/media/upload")) == 1
    assert len(fake_linkedin.posts) == 2


def test_no_credits_stops_x(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, Fault.status_(402, {"title": "Payment Required", "detail": "Your enrolled account does "
                                              "not have any credits to fulfill this request.", "status": 402}))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert "X says the account has no API credits left (402 Payment Required" in result.out
    assert len(fake_x.requests_to(TWEETS)) == 1
    assert herald.ledger()["entries"]["peek"]["x"]["attempt"] is None


def test_forbidden_stops_x_with_the_permission_hint(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, Fault.status_(403, {"title": "Forbidden", "detail": "You are not permitted to perform "
                                              "this action.", "status": 403}))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert "the app needs Read and Write permission" in result.out
    assert len(fake_x.requests_to(TWEETS)) == 1


def test_reply_parent_not_yet_visible_is_retried(herald, two_articles, fake_x):
    fake_x.inject(TWEETS, None, Fault.status_(403, {"detail": "You attempted to reply to a Tweet that is deleted "
                                                    "or not visible to you.", "status": 403}))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert chains_ok(fake_x, two_articles)


def test_duplicate_content_is_recorded_as_failed_and_not_retried(herald, two_articles, fake_x):
    with fake_x.lock:
        fake_x.tweets.append(_stored(list(two_articles[0].posts["x"].texts)[0]))

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert result.rows[("peek", "x")].startswith("failed: X peek tweet 1/3: X rejected it as duplicate content")
    assert result.rows[("valve", "x")].startswith("posted: 3 tweets")
    assert fake_x.duplicates_rejected == 1
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert entry["state"] == "failed" and entry["attempt"]["text"] == list(two_articles[0].posts["x"].texts)[0]

    again = herald("publish", "--yes", "--network", "x")

    assert again.code == 1
    assert again.rows[("peek", "x")].startswith("failed: in an earlier run: X peek tweet 1/3: X rejected it as "
                                                "duplicate content")
    assert "herald ledger resolve peek --network x --posted ID" in again.rows[("peek", "x")]
    assert fake_x.duplicates_rejected == 1


@pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")
def test_media_upload_falls_back_to_v1_1_when_v2_is_refused(herald, two_articles, fake_x):
    fake_x.v2_media = False

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    first = fake_x.thread(list(two_articles[0].posts["x"].texts)[0])[0]
    assert fake_x.media[first.media_ids[0]]["api"] == "v1.1"
    assert fake_x.media[first.media_ids[0]]["alt"] == two_articles[0].image.alt
    assert len(fake_x.requests_to("POST /1.1/media/upload.json")) == 2


def test_unreachable_x_gives_up_within_bounds_and_leaves_nothing_in_doubt(herald, two_articles, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HERALD_X_API_BASE", f"http://127.0.0.1:{port}")
    started = time.monotonic()

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert time.monotonic() - started < 5
    assert ("x peek: skipped: image upload failed, left for the next run: X peek image: could not connect "
            "(connection refused or host unknown); gave up after 4 tries") in result.out
    assert not herald.ledger_path.exists()


def _stored(text):
    return StoredTweet(id="1700000000000000001", text=text, reply_to=None, media_ids=(), created_at=time.time())


def test_a_tweet_over_280_weighted_characters_is_refused_and_recorded(herald, fake_site, fake_x):
    from fakes.manifest import article, rewritten

    long_thread = rewritten(article("long", fake_site.page("long")), 1, "医" * 141 + " 2/3")
    herald.site([long_thread])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert result.rows[("long", "x")] == ("failed: X long tweet 2/3: X rejected it (400 Bad Request: Your Tweet "
                                          "text is too long.)")
    entry = herald.ledger()["entries"]["long"]["x"]
    assert entry["state"] == "failed" and len(entry["tweets"]) == 1
