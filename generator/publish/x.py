"""X (Twitter) through tweepy, OAuth 1.0a user context: tweets, image upload, and reading back our timeline.

Every failure leaves here as a fault from `faults`; tweepy's own rate-limit waiting stays off so that the
retry policy decides how long a 429 may hold the run.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import tweepy

from generator.publish import transport
from generator.publish.credentials import XCredentials
from generator.publish.faults import (
    Ambiguous,
    Duplicate,
    NetworkFault,
    RateLimited,
    Rejected,
    StopNetwork,
    Transient,
)

MEDIA_UPLOAD_V2 = "https://api.x.com/2/media/upload"
MEDIA_METADATA_V2 = "https://api.x.com/2/media/metadata"
ALT_MAX = 1000
STOP = "X stops for this run"


@dataclass(frozen=True)
class PostedTweet:
    """A tweet as the timeline shows it."""

    id: str
    text: str
    reply_to: str | None
    created_at: datetime | None


@dataclass(frozen=True)
class TimelinePage:
    """Our newest tweets; `complete` is False when older ones exist beyond this page."""

    tweets: tuple[PostedTweet, ...]
    complete: bool


class _V2UploadRefused(Exception):
    """The v2 media endpoint is not available to this app; v1.1 is tried instead."""


class XClient:
    """The calls publishing needs, each raising only faults."""

    def __init__(self, credentials: XCredentials, *, timeout: float, api_base: str | None = None) -> None:
        self._credentials = credentials
        self._timeout = timeout
        self._api_base = api_base
        self._tweepy = tweepy.Client(
            consumer_key=credentials.api_key,
            consumer_secret=credentials.api_secret,
            access_token=credentials.access_token,
            access_token_secret=credentials.access_token_secret,
            return_type=dict,
            wait_on_rate_limit=False,
        )
        transport.mount(self._tweepy.session, transport.X_HOSTS, timeout=timeout, base=api_base)
        self._session = requests.Session()
        transport.mount(self._session, transport.X_HOSTS, timeout=timeout, base=api_base)
        self._user_id: str | None = None

    def create_tweet(self, text: str, *, reply_to: str | None, media_id: str | None, what: str) -> str:
        """Post one tweet; returns its id."""
        try:
            answer = self._tweepy.create_tweet(
                text=text,
                in_reply_to_tweet_id=reply_to,
                media_ids=[media_id] if media_id else None,
                user_auth=True,
            )
        except Exception as exc:
            raise _fault(exc, what) from None
        tweet_id = (answer.get("data") or {}).get("id") if isinstance(answer, dict) else None
        if not tweet_id:
            # Accepted but unreadable: it may exist, so it must be looked up, not sent again.
            raise Ambiguous(f"{what}: X answered without the new tweet's id")
        return str(tweet_id)

    def upload_image(self, path: Path, *, what: str, alt: str | None = None) -> str:
        """Upload an image for a tweet (v2 first, v1.1 only if this app may not use v2), with its alt text."""
        try:
            media_id = self._upload_v2(path, what)
        except _V2UploadRefused:
            media_id = self._upload_v1(path, what, alt)
            return media_id
        if alt:
            self._describe_v2(media_id, alt, what)
        return media_id

    def _describe_v2(self, media_id: str, alt: str, what: str) -> None:
        """Alt text for an uploaded image (POST /2/media/metadata), before the tweet uses it."""
        body = {"id": media_id, "metadata": {"alt_text": {"text": alt[:ALT_MAX]}}}
        try:
            response = self._session.post(MEDIA_METADATA_V2, json=body, auth=self._oauth().apply_auth())
        except requests.RequestException as exc:
            raise transport.fault(exc, what) from None
        if not 200 <= response.status_code < 300:
            raise _status_fault(response.status_code, response.reason, _messages(response), response.headers, what)

    def user_id(self, *, what: str) -> str:
        """The posting account's id (GET /2/users/me), asked once per run."""
        if self._user_id is None:
            try:
                answer = self._tweepy.get_me(user_auth=True)
            except Exception as exc:
                raise _fault(exc, what) from None
            try:
                self._user_id = str(answer["data"]["id"])
            except (KeyError, TypeError):
                raise Transient(f"{what}: X answered GET /2/users/me without the account id") from None
        return self._user_id

    def timeline(self, *, since_id: str | None, start_time: datetime | None, what: str) -> TimelinePage:
        """Our newest tweets (GET /2/users/:id/tweets), at most 100, newer than `since_id`/`start_time`."""
        user = self.user_id(what=what)
        try:
            answer = self._tweepy.get_users_tweets(
                user,
                user_auth=True,
                max_results=100,
                since_id=since_id,
                start_time=start_time,
                tweet_fields=["created_at", "referenced_tweets"],
            )
        except Exception as exc:
            raise _fault(exc, what) from None
        if not isinstance(answer, dict):
            raise Transient(f"{what}: X listed the account's tweets in a form herald cannot read")
        tweets = tuple(_posted(item) for item in answer.get("data") or () if isinstance(item, dict))
        return TimelinePage(tweets=tweets, complete="next_token" not in (answer.get("meta") or {}))

    def _oauth(self) -> tweepy.OAuth1UserHandler:
        """tweepy's OAuth 1.0a signing, for the calls tweepy's v2 Client does not make itself."""
        c = self._credentials
        return tweepy.OAuth1UserHandler(c.api_key, c.api_secret, c.access_token, c.access_token_secret)

    def _upload_v2(self, path: Path, what: str) -> str:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        auth = self._oauth().apply_auth()
        try:
            with path.open("rb") as handle:
                response = self._session.post(
                    MEDIA_UPLOAD_V2,
                    files={"media": (path.name, handle, mime)},
                    data={"media_category": "tweet_image", "media_type": mime},
                    auth=auth,
                )
        except requests.RequestException as exc:
            raise transport.fault(exc, what) from None
        except OSError as exc:
            raise Rejected(f"{what}: cannot read the image {path}: {exc.strerror or exc}") from None
        if response.status_code in (403, 404, 410):
            raise _V2UploadRefused()
        if not 200 <= response.status_code < 300:
            raise _status_fault(response.status_code, response.reason, _messages(response), response.headers, what)
        try:
            return str(response.json()["data"]["id"])
        except (ValueError, KeyError, TypeError):
            raise Transient(f"{what}: X answered the media upload with something unreadable") from None

    def _upload_v1(self, path: Path, what: str, alt: str | None = None) -> str:
        api = tweepy.API(self._oauth(), timeout=self._timeout)
        transport.mount(api.session, transport.X_HOSTS, timeout=self._timeout, base=self._api_base)
        try:
            media = api.media_upload(filename=str(path), media_category="tweet_image")
            if alt:
                api.create_media_metadata(media.media_id_string, alt[:ALT_MAX])
        except Exception as exc:
            raise _fault(exc, what) from None
        return str(media.media_id_string)


def _posted(item: Mapping[str, Any]) -> PostedTweet:
    parent = next((ref.get("id") for ref in item.get("referenced_tweets") or ()
                   if ref.get("type") == "replied_to"), None)
    created = item.get("created_at")
    created_at = None
    if isinstance(created, str):
        try:
            created_at = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            created_at = None
    return PostedTweet(id=str(item.get("id")), text=str(item.get("text", "")),
                       reply_to=str(parent) if parent else None, created_at=created_at)


def _fault(exc: Exception, what: str) -> NetworkFault:
    """Map anything tweepy or requests raised to a fault."""
    if isinstance(exc, requests.RequestException):
        return transport.fault(exc, what)
    if isinstance(exc, tweepy.HTTPException):
        response = exc.response
        return _status_fault(response.status_code, response.reason, list(exc.api_messages), response.headers, what)
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, requests.RequestException):
        return transport.fault(cause, what)
    return transport.fault(exc, what)


def _messages(response: requests.Response) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    messages = [str(e.get("message")) for e in body.get("errors") or () if isinstance(e, dict) and e.get("message")]
    if not messages and body.get("detail"):
        messages.append(str(body["detail"]))
    return messages


def _status_fault(status: int, reason: str, messages: list[str], headers: Mapping[str, str], what: str) -> NetworkFault:
    said = "; ".join(m.strip() for m in messages if m)[:300]
    answer = f"{status} {reason}" + (f": {said}" if said else "")
    lowered = said.lower()
    if status == 401:
        return StopNetwork(f"{what}: X rejected the credentials ({answer}); check X_API_KEY, X_API_SECRET, "
                           f"X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET; {STOP}")
    if status == 402:
        return StopNetwork(f"{what}: X says the account has no API credits left ({answer}); {STOP}")
    if status == 403 and "duplicate" in lowered:
        return Duplicate(f"{what}: X rejected it as duplicate content ({answer})")
    if status == 403 and ("385" in said or "not visible" in lowered or "deleted" in lowered):
        # The tweet replied to is not visible to X yet; it usually is a moment later.
        return Transient(f"{what}: X does not show the tweet replied to yet ({answer})")
    if status == 403:
        return StopNetwork(f"{what}: X refused ({answer}); the app needs Read and Write permission and the "
                           f"access token must be regenerated after changing it; {STOP}")
    if status == 429:
        wait, until = _rate_wait(headers)
        when = f"resets at {until:%Y-%m-%d %H:%M:%S} UTC" if until else "no reset time given"
        return RateLimited(f"{what}: X rate limit reached ({when})", wait)
    if status >= 500:
        return Transient(f"{what}: X answered {answer}")
    return Rejected(f"{what}: X rejected it ({answer})")


def _rate_wait(headers: Mapping[str, str]) -> tuple[float | None, datetime | None]:
    """Seconds until the exhausted limit resets: the per-window one, or a 24-hour one if that ran out."""
    reset = None
    for window in ("x-user-limit-24hour", "x-app-limit-24hour"):
        if headers.get(f"{window}-remaining") == "0" and headers.get(f"{window}-reset", "").isdigit():
            reset = max(reset or 0, int(headers[f"{window}-reset"]))
    if reset is None and headers.get("x-rate-limit-reset", "").isdigit():
        reset = int(headers["x-rate-limit-reset"])
    if reset is None:
        return None, None
    return max(0.0, reset - time.time()) + 0.5, datetime.fromtimestamp(reset, tz=UTC)
