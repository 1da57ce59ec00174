"""The credentials and fast settings every publish test uses, and fakes that expect them."""

from __future__ import annotations

from typing import Any

from .bluesky import FakeBluesky
from .linkedin import FakeLinkedIn
from .mastodon import FakeMastodon
from .x import FakeX

SECRETS = {
    "X_API_KEY": "xkey-TOPSECRET-a1b2c3",
    "X_API_SECRET": "xsecret-TOPSECRET-d4e5f6",
    "X_ACCESS_TOKEN": "4242-xtoken-TOPSECRET-g7h8",
    "X_ACCESS_TOKEN_SECRET": "xtokensecret-TOPSECRET-i9j0",
    "LINKEDIN_ACCESS_TOKEN": "AQV-litoken-TOPSECRET-k1l2m3",
    "BLUESKY_APP_PASSWORD": "bsky-apppw-TOPSECRET-n4o5",
    "MASTODON_ACCESS_TOKEN": "masto-token-TOPSECRET-p6q7r8",
}
BLUESKY_HANDLE = "polymedica.bsky.social"
AUTHOR = "urn:li:organization:2414183"

# Tiny delays so fault tests run in milliseconds.
FAST = {
    "HERALD_TWEET_PAUSE": "0",
    "HERALD_HTTP_TIMEOUT": "2",
    "HERALD_RETRY_ATTEMPTS": "4",
    "HERALD_RETRY_DELAY": "0.01",
    "HERALD_RETRY_MAX_DELAY": "0.05",
    "HERALD_RETRY_BUDGET": "10",
    "HERALD_RATE_LIMIT_MAX_WAIT": "5",
    "HERALD_SETTLE_GRACE": "0",
    "HERALD_LOCK_WAIT": "1",
}


def new_fake_x(**kwargs: Any) -> FakeX:
    return FakeX(api_key=SECRETS["X_API_KEY"], api_secret=SECRETS["X_API_SECRET"],
                 access_token=SECRETS["X_ACCESS_TOKEN"], access_token_secret=SECRETS["X_ACCESS_TOKEN_SECRET"],
                 **kwargs)


def new_fake_linkedin(**kwargs: Any) -> FakeLinkedIn:
    return FakeLinkedIn(token=SECRETS["LINKEDIN_ACCESS_TOKEN"], author=AUTHOR, **kwargs)


def environment(fake_x: FakeX, fake_linkedin: FakeLinkedIn) -> dict[str, str]:
    """Every variable a publish run against the fakes needs."""
    return {**SECRETS, **FAST, "LINKEDIN_AUTHOR": AUTHOR, "HERALD_X_API_BASE": fake_x.url,
            "HERALD_LINKEDIN_API": fake_linkedin.url}


def new_fake_bluesky(**kwargs: Any) -> FakeBluesky:
    return FakeBluesky(handle=BLUESKY_HANDLE, app_password=SECRETS["BLUESKY_APP_PASSWORD"], **kwargs)


def new_fake_mastodon(**kwargs: Any) -> FakeMastodon:
    return FakeMastodon(token=SECRETS["MASTODON_ACCESS_TOKEN"], **kwargs)


def fediverse_environment(fake_bluesky: FakeBluesky, fake_mastodon: FakeMastodon) -> dict[str, str]:
    """The variables that point Bluesky and Mastodon at their fakes (base URLs, as a proxy would be)."""
    return {"BLUESKY_HANDLE": BLUESKY_HANDLE, "BLUESKY_APP_PASSWORD": SECRETS["BLUESKY_APP_PASSWORD"],
            "BLUESKY_SERVICE": fake_bluesky.url, "MASTODON_INSTANCE": fake_mastodon.url,
            "MASTODON_ACCESS_TOKEN": SECRETS["MASTODON_ACCESS_TOKEN"]}
