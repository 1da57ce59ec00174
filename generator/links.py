"""Site-level link checks: whether X will treat the site's links as links.

X shortens a link to 23 characters only when twitter-text recognises it as a URL, and that needs a
top-level domain on its list. A ``site_url`` on ``.example``, ``.test``, ``.local`` or an unlisted TLD is
counted character by character, so long slugs crowd the last tweet and readers see plain text, not a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from twitter_text.extract_urls import extract_urls_with_indices

from generator.counter import URL_WEIGHT, weighted_length


def unlinkable_domain(site_url: str) -> str | None:
    """A one-line message when X would not link ``site_url``'s domain, else None."""
    if not site_url:
        return None
    host = urlsplit(site_url).hostname or ""
    probe = f"{site_url.rstrip('/')}/a"
    if any(entity["url"] == probe for entity in extract_urls_with_indices(probe)) and weighted_length(probe) == URL_WEIGHT:
        return None
    return (
        f"site_url: X does not link the domain '{host}', so every link to the site counts at its full length "
        f"in a tweet instead of {URL_WEIGHT} characters and is not clickable; use the firm's real domain"
    )
