"""LinkedIn through the real CLI against the fake REST API: the request contract and each fault class."""

from __future__ import annotations

import json

from fakes.accounts import AUTHOR, SECRETS
from fakes.linkedin import truncate_little
from fakes.manifest import article
from fakes.server import Fault

from generator.publish.littletext import escape

pytest_plugins = ["fakes.fixtures"]

POSTS = "POST /rest/posts"


def test_post_follows_the_documented_contract(herald, two_articles, fake_linkedin):
    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 0, result.text
    create = fake_linkedin.requests_to(POSTS)[0]
    assert create.headers["Authorization"] == f"Bearer {SECRETS['LINKEDIN_ACCESS_TOKEN']}"
    assert create.headers["LinkedIn-Version"] == "202610"
    assert create.headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert create.headers["Content-Type"] == "application/json"
    body = json.loads(create.body)
    item = two_articles[0]
    image = fake_linkedin.posts[0].article["thumbnail"]
    assert body == {
        "author": AUTHOR,
        "commentary": escape(item.posts["linkedin"].texts[0]),
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "content": {"article": {"source": item.card.url,
                                "title": item.card.title,
                                "description": item.card.description,
                                "thumbnail": image,
                                "thumbnailAltText": item.image.alt}},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    init = fake_linkedin.requests_to("POST /rest/images")[0]
    assert init.arg("action") == "initializeUpload"
    assert json.loads(init.body) == {"initializeUploadRequest": {"owner": AUTHOR}}
    assert fake_linkedin.images[image]
    assert herald.ledger()["entries"]["peek"]["linkedin"]["urn"] == fake_linkedin.posts[0].urn


def test_commentary_reaches_linkedin_whole(herald, fake_site, fake_linkedin):
    tricky = ("Design_controls (part 2) [draft]: <what> *really* matters ~ a|b \\ {x} @team #MedTech "
              "https://example.org/wiki/Risk_(ISO_14971)#scope 🚀 issue #3")
    herald.site([article("peek", fake_site.page("peek"), commentary=tricky)])

    assert herald("publish", "--yes", "--network", "linkedin").code == 0

    post = fake_linkedin.posts[0]
    assert post.commentary == post.sent_commentary
    assert truncate_little(tricky) != tricky
    assert "https://example.org/wiki/Risk_(ISO_14971)#scope" in post.commentary


def test_the_link_back_reaches_linkedin_intact(herald, two_articles, fake_linkedin):
    assert herald("publish", "--yes", "--network", "linkedin").code == 0

    for item, post in zip(two_articles, fake_linkedin.posts):
        link = f"{item.url}?utm_source=linkedin&utm_medium=social&utm_campaign={item.slug}"
        assert link in item.posts["linkedin"].texts[0]
        assert f"{link} " in post.commentary, post.commentary
        assert "{hashtag|\\#|MedTech}" in post.commentary


def test_linkedin_version_comes_from_the_environment(herald, two_articles, fake_linkedin, monkeypatch):
    monkeypatch.setenv("LINKEDIN_VERSION", "202601")
    assert herald("publish", "--yes", "--network", "linkedin").code == 0
    assert {r.headers["LinkedIn-Version"] for r in fake_linkedin.log} == {"202601"}


def test_retired_version_says_how_to_fix_it(herald, two_articles, fake_linkedin, fake_x):
    fake_linkedin.retired_versions.add("202610")

    result = herald("publish", "--yes")

    assert result.code == 1
    assert ("LinkedIn-Version 202610 is retired (426 NONEXISTENT_VERSION); set the environment variable "
            "LINKEDIN_VERSION to a current version in YYYYMM form, e.g. LINKEDIN_VERSION=") in result.out
    assert result.rows[("valve", "linkedin")] == "skipped: not tried: LinkedIn stopped"
    assert len(fake_linkedin.requests_to("POST /rest/images")) == 1
    assert len(fake_x.tweets) == 6


def test_bad_linkedin_version_setting_is_a_usage_error(herald, two_articles, monkeypatch):
    monkeypatch.setenv("LINKEDIN_VERSION", "2025-10")
    result = herald("publish", "--yes")
    assert result.code == 2
    assert result.err == "herald: error: LINKEDIN_VERSION must look like YYYYMM (e.g. 202610), got '2025-10'\n"


def test_duplicate_post_is_recorded_as_failed_and_not_retried(herald, two_articles, fake_linkedin):
    fake_linkedin.inject(POSTS, Fault.status_(422, {"status": 422, "code": "DUPLICATE_POST",
                                                    "message": "Content is a duplicate of urn:li:share:1"}))

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 1
    assert result.rows[("peek", "linkedin")] == ("failed: LinkedIn peek post: LinkedIn rejected it as a duplicate "
                                                 "post (422 Unprocessable Entity DUPLICATE_POST: Content is a "
                                                 "duplicate of urn:li:share:1)")
    assert len(fake_linkedin.requests_to(POSTS)) == 2
    assert herald.ledger()["entries"]["peek"]["linkedin"]["state"] == "failed"


def test_rate_limit_with_retry_after_waits_then_posts(herald, two_articles, fake_linkedin):
    fake_linkedin.inject(POSTS, Fault.status_(429, {"status": 429, "message": "Too many requests"}, Retry_After="0"))
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 0, result.text
    assert len(fake_linkedin.posts) == 2


def test_rate_limit_for_the_day_stops_linkedin(herald, two_articles, fake_linkedin):
    fake_linkedin.inject(POSTS, Fault.status_(429, {"status": 429, "message": "Daily limit"}, Retry_After="86400"))
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 1
    assert "LinkedIn rate limit reached (retry after 86400 s); that is beyond the 5 s wait bound" in result.out
    assert fake_linkedin.posts == []
    assert herald.ledger()["entries"]["peek"]["linkedin"]["attempt"] is None


def test_expired_token_stops_linkedin_and_names_the_variable(herald, two_articles, fake_linkedin):
    fake_linkedin.token = "a-newer-token"
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 1
    assert ("LinkedIn rejected the access token (401 Unauthorized INVALID_ACCESS_TOKEN: Invalid access token); "
            "LINKEDIN_ACCESS_TOKEN has expired or was revoked, create a new one; LinkedIn stops for this run"
            ) in result.out


def test_forbidden_stops_linkedin_with_the_scope_hint(herald, two_articles, fake_linkedin):
    fake_linkedin.inject("POST /rest/images", Fault.status_(403, {"status": 403, "message": "Not enough "
                                                                  "permissions to access: images.CREATE"}))
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 1
    assert "needs the w_organization_social scope" in result.out
    assert fake_linkedin.posts == []


def test_server_errors_are_retried(herald, two_articles, fake_linkedin):
    fake_linkedin.inject(POSTS, Fault.status_(500, {"status": 500}), Fault.status_(504, {"status": 504}))
    fake_linkedin.inject("PUT /upload", Fault.status_(503, {"status": 503}))
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 0, result.text
    assert len(fake_linkedin.posts) == 2


def test_dropped_connection_after_creating_is_settled_by_the_finder(herald, two_articles, fake_linkedin):
    fake_linkedin.inject(POSTS, Fault.drop_after())

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 0, result.text
    assert len(fake_linkedin.posts) == 2
    assert len(fake_linkedin.requests_to(POSTS)) == 2
    finder = fake_linkedin.requests_to("GET /rest/posts")[0]
    assert finder.headers["X-RestLi-Method"] == "FINDER" and finder.arg("author") == AUTHOR
    assert "author=urn%3Ali%3Aorganization%3A2414183" in finder.raw_query
    assert herald.ledger()["entries"]["peek"]["linkedin"]["urn"] == fake_linkedin.posts[0].urn


def test_slow_answer_is_settled_not_reposted(herald, two_articles, fake_linkedin, monkeypatch):
    monkeypatch.setenv("HERALD_HTTP_TIMEOUT", "1.5")
    fake_linkedin.inject(POSTS, Fault.slow(3.0))
    result = herald("publish", "--yes", "--network", "linkedin")
    assert result.code == 0, result.text
    assert len(fake_linkedin.posts) == 2 and len(fake_linkedin.requests_to(POSTS)) == 2


def test_malformed_author_urn_skips_linkedin_only(herald, two_articles, fake_linkedin, fake_x, monkeypatch):
    monkeypatch.setenv("LINKEDIN_AUTHOR", "Polymedica GmbH")
    result = herald("publish", "--yes")
    assert result.code == 1
    assert result.out.startswith("LinkedIn skipped: LINKEDIN_AUTHOR must be a URN like urn:li:organization:12345")
    assert fake_linkedin.log == []
    assert len(fake_x.tweets) == 6


def test_the_token_is_never_sent_to_an_unexpected_upload_host(herald, two_articles, fake_linkedin):
    fake_linkedin.upload_host = "uploads.example.net"

    result = herald("publish", "--yes", "--network", "linkedin")

    assert result.code == 1
    assert result.rows[("peek", "linkedin")] == ("failed: image upload refused: LinkedIn peek image: LinkedIn handed "
                                                 "out an upload URL on an unexpected host; not sending the token "
                                                 "there")
    assert fake_linkedin.requests_to("PUT /upload") == [] and fake_linkedin.posts == []
