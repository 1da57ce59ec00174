"""LinkedIn through its versioned REST API (Posts and Images), with plain requests.

The base URL comes from HERALD_LINKEDIN_API (default https://api.linkedin.com) so a proxy or a test fake
can stand in; the upload URL LinkedIn hands out is used as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from generator.publish import transport
from generator.publish.credentials import LinkedInCredentials
from generator.publish.faults import (
    Ambiguous,
    Duplicate,
    NetworkFault,
    RateLimited,
    Rejected,
    StopNetwork,
    Transient,
)
from generator.manifest import Card

DEFAULT_API = "https://api.linkedin.com"
DEFAULT_VERSION = "202610"
VERSION = re.compile(r"20\d{4}(\.\d{2})?")
STOP = "LinkedIn stops for this run"


@dataclass(frozen=True)
class RecentPost:
    """One of the author's posts as LinkedIn lists it; `commentary` is little text."""

    urn: str
    commentary: str
    created_at: datetime | None


@dataclass(frozen=True)
class PostsPage:
    """The author's newest posts; `complete` is False when older ones exist beyond this page."""

    posts: tuple[RecentPost, ...]
    complete: bool


class LinkedInClient:
    """The calls publishing needs, each raising only faults."""

    PAGE = 20

    def __init__(self, credentials: LinkedInCredentials, *, base: str, version: str, timeout: float) -> None:
        self._credentials = credentials
        self._base = base.rstrip("/")
        self._version = version
        self._session = transport.session(timeout)

    @property
    def author(self) -> str:
        return self._credentials.author

    def upload_image(self, path: Path, *, what: str) -> str:
        """Register an image, PUT its bytes to the upload URL; returns the image URN."""
        answer = self._send("POST", f"{self._base}/rest/images", what=what,
                            params={"action": "initializeUpload"},
                            json={"initializeUploadRequest": {"owner": self._credentials.author}})
        try:
            value = answer.json()["value"]
            upload_url, image = str(value["uploadUrl"]), str(value["image"])
        except (ValueError, KeyError, TypeError):
            raise Transient(f"{what}: LinkedIn answered initializeUpload with something unreadable") from None
        if not self._trusted(upload_url):
            raise Rejected(f"{what}: LinkedIn handed out an upload URL on an unexpected host; not sending the "
                           "token there")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Rejected(f"{what}: cannot read the image {path}: {exc.strerror or exc}") from None
        self._send("PUT", upload_url, what=what, data=data,
                   headers={"Content-Type": "application/octet-stream"})
        return image

    def _trusted(self, url: str) -> bool:
        """The token goes only to LinkedIn's own hosts, or to the configured API base (a proxy or a fake)."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme == "https" and (host == "linkedin.com" or host.endswith(".linkedin.com")):
            return True
        return parts.netloc == urlsplit(self._base).netloc

    def create_post(self, commentary: str, card: Card, thumbnail: str | None, *, what: str,
                    alt: str | None = None) -> str:
        """Create the post (commentary already little text); returns its URN from `x-restli-id`."""
        article: dict[str, Any] = {"source": card.url, "title": card.title}
        if card.description:
            article["description"] = card.description
        if thumbnail:
            article["thumbnail"] = thumbnail
            if alt:
                article["thumbnailAltText"] = alt
        body = {
            "author": self._credentials.author,
            "commentary": commentary,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        answer = self._send("POST", f"{self._base}/rest/posts", what=what, json=body)
        urn = answer.headers.get("x-restli-id")
        if not urn:
            raise Ambiguous(f"{what}: LinkedIn answered {answer.status_code} without the new post's id")
        return urn

    def recent_posts(self, *, what: str) -> PostsPage:
        """The author's newest posts (the `author` finder), newest first."""
        answer = self._send("GET", f"{self._base}/rest/posts", what=what,
                            params={"q": "author", "author": self._credentials.author, "count": str(self.PAGE),
                                    "sortBy": "CREATED"},
                            headers={"X-RestLi-Method": "FINDER"})
        try:
            elements = answer.json().get("elements") or []
            posts = tuple(_recent(item) for item in elements)
        except (ValueError, AttributeError, TypeError):
            raise Transient(f"{what}: LinkedIn listed the author's posts in a form herald cannot read") from None
        return PostsPage(posts=posts, complete=len(posts) < self.PAGE)

    def _send(self, method: str, url: str, *, what: str, headers: dict[str, str] | None = None,
              **kwargs: Any) -> requests.Response:
        sent = {
            "Authorization": f"Bearer {self._credentials.access_token}",
            "LinkedIn-Version": self._version,
            "X-Restli-Protocol-Version": "2.0.0",
            **(headers or {}),
        }
        try:
            response = self._session.request(method, url, headers=sent, **kwargs)
        except requests.RequestException as exc:
            raise transport.fault(exc, what) from None
        if not 200 <= response.status_code < 300:
            raise self._status_fault(response, what)
        return response

    def _status_fault(self, response: requests.Response, what: str) -> NetworkFault:
        status = response.status_code
        code, message = _error(response)
        answer = f"{status} {response.reason}" + (f" {code}" if code else "") + (f": {message}" if message else "")
        if status == 401:
            return StopNetwork(f"{what}: LinkedIn rejected the access token ({answer}); LINKEDIN_ACCESS_TOKEN has "
                               f"expired or was revoked, create a new one; {STOP}")
        if status == 403:
            return StopNetwork(f"{what}: LinkedIn refused ({answer}); the token needs the w_organization_social "
                               f"scope (w_member_social for a person) and its member must be allowed to post as "
                               f"LINKEDIN_AUTHOR; {STOP}")
        if status == 426 or code == "NONEXISTENT_VERSION":
            return StopNetwork(f"{what}: LinkedIn-Version {self._version} is retired (426 NONEXISTENT_VERSION); "
                               f"set the environment variable LINKEDIN_VERSION to a current version in YYYYMM form, "
                               f"e.g. LINKEDIN_VERSION={example_version()}; {STOP}")
        if status == 429:
            after = response.headers.get("Retry-After", "")
            wait = float(after) if after.replace(".", "", 1).isdigit() else None
            when = f"retry after {after} s" if wait is not None else "no retry time given"
            return RateLimited(f"{what}: LinkedIn rate limit reached ({when})", wait)
        if status == 422 and "DUPLICATE_POST" in (code or "") + (message or "") + response.text[:2000]:
            return Duplicate(f"{what}: LinkedIn rejected it as a duplicate post ({answer})")
        if status >= 500:
            return Transient(f"{what}: LinkedIn answered {answer}")
        return Rejected(f"{what}: LinkedIn rejected it ({answer})")


def _recent(item: dict[str, Any]) -> RecentPost:
    created = item.get("createdAt") or item.get("publishedAt")
    created_at = datetime.fromtimestamp(created / 1000, tz=UTC) if isinstance(created, int) else None
    return RecentPost(urn=str(item.get("id", "")), commentary=str(item.get("commentary") or ""),
                      created_at=created_at)


def _error(response: requests.Response) -> tuple[str | None, str | None]:
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    code = body.get("code") or body.get("serviceErrorCode")
    message = body.get("message")
    return (str(code) if code else None), (str(message)[:300] if message else None)


def example_version(today: datetime | None = None) -> str:
    """A version two months back from today: LinkedIn publishes one a month and keeps each about a year."""
    today = today or datetime.now(UTC)
    months = today.year * 12 + today.month - 1 - 2
    return f"{months // 12}{months % 12 + 1:02d}"
