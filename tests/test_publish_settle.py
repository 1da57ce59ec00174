"""Entries left pending by a crash are settled by asking the network, never posted again blindly."""

from __future__ import annotations

from dataclasses import replace
import time

from fakes.accounts import AUTHOR
from fakes.linkedin import StoredPost
from fakes.manifest import article
from fakes.server import Fault
from fakes.x import StoredTweet

from generator.publish.ledger import Attempt, Ledger, LedgerEntry, stamp
from generator.publish.littletext import escape

pytest_plugins = ["fakes.fixtures"]

TIMELINE = "GET /2/users/:id/tweets"


def tweet_at(fake_x, text, reply_to=None, media=False):
    with fake_x.lock:
        media_ids = ()
        if media:
            media_ids = ("1900000000000000999",)
            fake_x.media[media_ids[0]] = {"bytes": b"png", "api": "v2"}
        tweet = StoredTweet(id=fake_x._new_id(), text=text, reply_to=reply_to, media_ids=media_ids,
                            created_at=time.time())
        fake_x.tweets.append(tweet)
    return tweet.id


def crashed_thread(herald, fake_x, item, *, posted, created, since=None):
    """The state a crash leaves: `posted` tweets recorded, the next one pending, and at X maybe created."""
    thread = item.posts["x"].texts
    now = stamp(since or time.time())
    entry = LedgerEntry.new(item.slug, "x", item.posts["x"].hash, now, thread_length=len(thread))
    parent = None
    for index in range(posted):
        parent = tweet_at(fake_x, thread[index], parent, media=index == 0)
        entry = entry.begin(Attempt(index, thread[index], entry.tweets[-1].id if entry.tweets else None, now), now)
        entry = entry.add_tweet(parent, now)
    entry = entry.begin(Attempt(posted, thread[posted], parent, now), now)
    Ledger.load(herald.ledger_path).put(entry)
    return tweet_at(fake_x, thread[posted], parent, media=posted == 0) if created else None


def test_pending_tweet_that_x_has_is_recorded_and_the_thread_goes_on(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=4)
    herald.site([item])
    existing = crashed_thread(herald, fake_x, item, posted=2, created=True)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert f"x peek: tweet 3 from an interrupted run was posted (id {existing})" in result.out
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)
    assert len(fake_x.requests_to("POST /2/tweets")) == 1
    assert herald.ledger()["entries"]["peek"]["x"]["tweets"][2]["id"] == existing


def test_pending_last_tweet_with_a_link_is_recognised_through_t_co(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=3)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=2, created=True)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert fake_x.requests_to("POST /2/tweets") == []
    assert herald.ledger()["entries"]["peek"]["x"]["state"] == "posted"


def test_pending_first_tweet_with_media_is_recognised(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=2)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=0, created=True)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert len(fake_x.tweets) == 2 and fake_x.duplicates_rejected == 0
    assert fake_x.requests_to(TIMELINE)[0].arg("start_time")


def test_pending_tweet_that_x_does_not_have_is_sent_once(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=4)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=2, created=False)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert "x peek: tweet 3 from an interrupted run is not on x; sending it" in result.out
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)
    lookup = fake_x.requests_to(TIMELINE)[0]
    assert lookup.arg("since_id") == herald.ledger()["entries"]["peek"]["x"]["tweets"][1]["id"]


def test_when_x_cannot_be_asked_a_person_decides(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=4)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=2, created=False)
    fake_x.inject(TIMELINE, *[Fault.status_(503, {"title": "Service Unavailable"})] * 4)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    row = result.rows[("peek", "x")]
    assert row.startswith("needs a person: tweet 3 may have been posted by an interrupted run: X peek tweet 3: "
                          "could not ask X whether it was posted: X peek tweet 3: X answered 503")
    assert row.endswith("check by hand, then `herald ledger resolve peek --network x --posted ID` or "
                        "`--not-posted`")
    assert fake_x.requests_to("POST /2/tweets") == []
    entry = herald.ledger()["entries"]["peek"]["x"]
    assert entry["state"] == "pending" and "503" in entry["last_error"]

    assert herald("ledger", "resolve", "peek", "--network", "x", "--not-posted").code == 0
    again = herald("publish", "--yes", "--network", "x")
    assert again.code == 0, again.text
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)


def test_resolve_posted_after_checking_by_hand(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=3)
    herald.site([item])
    existing = crashed_thread(herald, fake_x, item, posted=1, created=True)
    fake_x.inject("GET /2/users/me", Fault.status_(401, {"title": "Unauthorized"}))
    assert herald("publish", "--yes", "--network", "x").code == 1

    assert herald("ledger", "resolve", "peek", "--network", "x", "--posted", existing).code == 0
    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)
    assert fake_x.duplicates_rejected == 0


def test_more_tweets_since_than_one_page_cannot_be_settled(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"), tweets=3)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=1, created=False)
    for i in range(101):
        tweet_at(fake_x, f"something else entirely {i}")

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert "X shows more tweets since then than one page holds; cannot tell" in result.rows[("peek", "x")]
    assert fake_x.requests_to("POST /2/tweets") == []


def test_a_slow_timeline_is_given_a_grace_period(herald, fake_site, fake_x, monkeypatch):
    """X created the tweet, but its timeline does not show it on the first read: look again before posting."""
    monkeypatch.setenv("HERALD_SETTLE_GRACE", "3.0")
    item = article("peek", fake_site.page("peek"), tweets=3)
    herald.site([item])
    existing = crashed_thread(herald, fake_x, item, posted=1, created=True)
    with fake_x.lock:
        fake_x.by_id(existing).unseen_reads = 1

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert len(fake_x.requests_to(TIMELINE)) == 2
    assert f"x peek: tweet 2 from an interrupted run was posted (id {existing})" in result.out
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)
    assert fake_x.duplicates_rejected == 0


def test_an_attempt_older_than_the_grace_period_is_looked_up_once(herald, fake_site, fake_x, monkeypatch):
    monkeypatch.setenv("HERALD_SETTLE_GRACE", "3.0")
    item = article("peek", fake_site.page("peek"), tweets=3)
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=1, created=False, since=time.time() - 60)

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 0, result.text
    assert len(fake_x.requests_to(TIMELINE)) == 1
    assert [t.text for t in fake_x.thread(item.posts["x"].texts[0])] == list(item.posts["x"].texts)
    assert len(fake_x.requests_to("POST /2/tweets")) == 2


def crashed_post(herald, fake_linkedin, item, *, created):
    commentary = escape(item.posts["linkedin"].texts[0])
    now = stamp(time.time())
    Ledger.load(herald.ledger_path).put(LedgerEntry.new(item.slug, "linkedin", item.posts["x"].hash, now)
                                        .begin(Attempt(0, commentary, None, now), now))
    if created:
        with fake_linkedin.lock:
            fake_linkedin.posts.append(StoredPost(urn="urn:li:share:99", author=AUTHOR, commentary=commentary,
                                                  sent_commentary=commentary, article={}, created_at=time.time()))


def test_pending_linkedin_post_that_exists_is_recorded(herald, fake_site, fake_linkedin):
    item = article("peek", fake_site.page("peek"))
    herald.site([item])
    crashed_post(herald, fake_linkedin, item, created=True)

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 0, result.text
    assert result.rows[("peek", "linkedin")] == "posted: urn:li:share:99 (found after an interruption)"
    assert fake_linkedin.requests_to("POST /rest/posts") == []


def test_pending_linkedin_post_that_does_not_exist_is_sent_once(herald, fake_site, fake_linkedin):
    item = article("peek", fake_site.page("peek"))
    herald.site([item])
    crashed_post(herald, fake_linkedin, item, created=False)

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 0, result.text
    assert len(fake_linkedin.posts) == 1


def test_when_linkedin_cannot_be_asked_a_person_decides(herald, fake_site, fake_linkedin):
    item = article("peek", fake_site.page("peek"))
    herald.site([item])
    crashed_post(herald, fake_linkedin, item, created=False)
    fake_linkedin.inject("GET /rest/posts", Fault.status_(403, {"status": 403, "message": "no r_organization_social"}))

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 1
    assert "could not ask LinkedIn whether it was posted" in result.rows[("peek", "linkedin")]
    assert fake_linkedin.posts == []


def test_pending_entry_of_an_article_no_longer_due_is_reported(herald, fake_site, fake_x):
    item = article("peek", fake_site.page("peek"))
    herald.site([item])
    crashed_thread(herald, fake_x, item, posted=1, created=False)
    herald.site([replace(item, status="opted-out")])

    result = herald("publish", "--yes", "--network", "x")

    assert result.code == 1
    assert result.rows[("peek", "x")].startswith("needs a person: a post was in flight when the article stopped "
                                                 "being due")
