"""The site-level check that X links the site's domain (generator.links)."""

from __future__ import annotations

import pytest
from twitter_text import parse_tweet

from generator.links import unlinkable_domain


@pytest.mark.parametrize(
    "site_url",
    ["https://insights.polymedica.example/", "http://localhost:8000/", "https://firm.test/blog/", "https://intranet/"],
)
def test_domains_x_does_not_link_are_reported(site_url: str) -> None:
    message = unlinkable_domain(site_url)
    assert message is not None and message.startswith("site_url: X does not link the domain")
    # The claim in the message holds: X counts such a link at its full length.
    link = f"{site_url.rstrip('/')}/blog/2026/01/01/a-post/"
    assert parse_tweet(link).weightedLength == len(link)


@pytest.mark.parametrize(
    "site_url", ["https://insights.polymedica.com/", "https://www.example.co.uk/blog/", "https://docs.firm.dev/", ""]
)
def test_linked_domains_pass(site_url: str) -> None:
    assert unlinkable_domain(site_url) is None
    if site_url:
        assert parse_tweet(f"{site_url}blog/2026/01/01/a-post/").weightedLength == 23
