"""The happy path end to end against the loopback fakes: threads chained, images attached, ledger written."""

from __future__ import annotations

from fakes.accounts import AUTHOR
from fakes.linkedin import truncate_little
from fakes.manifest import png_bytes

pytest_plugins = ["fakes.fixtures"]


def test_posts_threads_and_linkedin_posts_and_records_them(herald, two_articles, fake_x, fake_linkedin):
    result = herald("publish", "--yes")

    assert result.code == 0, result.text
    for item in two_articles:
        chain = fake_x.thread(item.posts["x"].texts[0])
        assert [t.text for t in chain] == list(item.posts["x"].texts)
        assert len(chain[0].media_ids) == 1 and all(not t.media_ids for t in chain[1:])
        assert fake_x.media[chain[0].media_ids[0]] == {"bytes": png_bytes(), "api": "v2", "alt": item.image.alt}
    assert len(fake_x.tweets) == 6

    assert len(fake_linkedin.posts) == 2
    for post, item in zip(fake_linkedin.posts, two_articles):
        assert post.author == AUTHOR
        assert post.commentary == post.sent_commentary == truncate_little(post.sent_commentary)
        assert "{hashtag|\\#|MedTech}" in post.commentary
        assert post.article["source"] == item.card.url
        assert fake_linkedin.images[post.article["thumbnail"]] == png_bytes()
        assert post.article["thumbnailAltText"] == item.image.alt

    ledger = herald.ledger()
    assert ledger["schema"] == 1
    peek_x = ledger["entries"]["peek"]["x"]
    assert peek_x["state"] == "posted" and peek_x["attempt"] is None
    assert [t["id"] for t in peek_x["tweets"]] == [t.id for t in fake_x.thread(list(two_articles[0].posts["x"].texts)[0])]
    assert peek_x["content_hash"] == two_articles[0].posts["x"].hash
    assert peek_x["posted_at"] and peek_x["started_at"]
    peek_li = ledger["entries"]["peek"]["linkedin"]
    assert peek_li["state"] == "posted" and peek_li["urn"] == fake_linkedin.posts[0].urn

    assert "Summary" in result.out
    assert result.rows[("peek", "x")].startswith("posted: 3 tweets")
    assert result.rows[("valve", "linkedin")] == f"posted: {fake_linkedin.posts[1].urn}"


def test_second_run_posts_nothing(herald, two_articles, fake_x, fake_linkedin):
    assert herald("publish", "--yes").code == 0
    before = (len(fake_x.log), len(fake_linkedin.log))

    result = herald("publish", "--yes")

    assert result.code == 0, result.text
    assert len(fake_x.tweets) == 6 and len(fake_linkedin.posts) == 2
    assert (len(fake_x.log), len(fake_linkedin.log)) == before
    assert "4 already posted earlier" in result.out
