"""Bluesky through the atproto SDK: session, blob upload, posts with facets, reply references and a link card.

Exactly-once: every post's record key (a TID) is chosen before the create and kept in the ledger, so the
outcome of a create whose answer was lost is read back with `com.atproto.repo.getRecord` for that exact key;
a second create with the same key is refused by the server rather than making a second post.
BLUESKY_SERVICE (default https://bsky.social) is the base URL the SDK talks to: a PDS, a proxy or a test fake.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from atproto import Client
from atproto_client import exceptions as atx
from atproto_client.request import Request

from generator.publish.credentials import MissingCredentials, require
from generator.publish.faults import Ambiguous, NetworkFault, RateLimited, Rejected, StopNetwork, Transient

DEFAULT_SERVICE = "https://bsky.social"
POST = "app.bsky.feed.post"
STOP = "Bluesky stops for this run"
_TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"
T = TypeVar("T")


@dataclass(frozen=True, repr=False)
class BlueskyCredentials:
    """The account's handle and an app password (never the account password), and the service URL."""

    handle: str
    app_password: str
    service: str

    def __repr__(self) -> str:
        return f"BlueskyCredentials(handle={self.handle!r}, service={self.service!r}, app_password=***)"


def credentials_from(env: Mapping[str, str]) -> BlueskyCredentials:
    require(env, ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"), "Bluesky")
    service = env.get("BLUESKY_SERVICE", "").strip() or DEFAULT_SERVICE
    if not service.startswith(("https://", "http://")):
        raise MissingCredentials(f"Bluesky skipped: BLUESKY_SERVICE must be an http:// or https:// URL, got "
                                 f"{service!r}")
    return BlueskyCredentials(handle=env["BLUESKY_HANDLE"].strip().lstrip("@"),
                              app_password=env["BLUESKY_APP_PASSWORD"].strip(), service=service.rstrip("/"))


_tid_lock = threading.Lock()
_tid_last = 0


def new_tid(clock_id: int = 0) -> str:
    """A record key in atproto's TID form: microseconds since the epoch and a clock id, base32-sortable."""
    global _tid_last
    with _tid_lock:
        micros = max(int(time.time() * 1_000_000), _tid_last + 1)
        _tid_last = micros
    value = (micros << 10) | (clock_id & 0x3FF)
    return "".join(_TID_CHARS[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def post_uri(did: str, rkey: str) -> str:
    return f"at://{did}/{POST}/{rkey}"


class BlueskyClient:
    """The calls publishing needs, each raising only faults; logs in on first use."""

    def __init__(self, credentials: BlueskyCredentials, *, timeout: float) -> None:
        self._credentials = credentials
        self._client = Client(base_url=credentials.service, request=Request(timeout=timeout))
        self._did: str | None = None
        self._cids: dict[str, str] = {}
        self._client.on_session_change(self._remember)

    def _remember(self, event: Any, session: Any) -> None:
        self._did = session.did

    # -- the chain-delivery interface -----------------------------------------------------------------

    def key(self, entry: Any, index: int, text: str) -> str:
        """The record key of the next post, chosen before the call."""
        return new_tid()

    def check(self, decision: Any, *, what: str) -> None:
        """Nothing instance-specific to check: Bluesky's limits are fixed."""

    def upload_image(self, path: Path, alt: str, *, what: str) -> Any:
        """Upload the article's image as a blob; returns the blob reference for the card's thumbnail."""
        self._session(what)
        data = path.read_bytes()
        answer = self._call(lambda: self._client.com.atproto.repo.upload_blob(data), what)
        return answer.blob

    def create(self, decision: Any, attempt: Any, *, root: str | None, media: Any, what: str) -> str:
        """Create post `attempt.index` under record key `attempt.key`; returns its at:// URI."""
        did = self._session(what)
        posts = decision.article.posts[decision.network]
        facets = posts.facets[attempt.index] if posts.facets else ()
        record: dict[str, Any] = {
            "$type": POST,
            "text": attempt.text,
            "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if facets:
            record["facets"] = [dict(f) for f in facets]
        if attempt.reply_to:
            record["reply"] = {"root": self._ref(root or attempt.reply_to, what),
                               "parent": self._ref(attempt.reply_to, what)}
        card = decision.article.card
        if attempt.index == 0 and card is not None:
            external: dict[str, Any] = {"uri": card.url, "title": card.title, "description": card.description}
            if media is not None:
                external["thumb"] = media.model_dump(by_alias=True, exclude_none=True)
            record["embed"] = {"$type": "app.bsky.embed.external", "external": external}
        data = {"repo": did, "collection": POST, "rkey": attempt.key, "record": record, "validate": True}
        answer = self._call(lambda: self._client.com.atproto.repo.create_record(data), what)
        self._cids[answer.uri] = answer.cid
        return answer.uri

    def find(self, attempt: Any, *, what: str) -> str | None:
        """The URI of the post created under `attempt.key`, or None when there is no such record."""
        if not attempt.key:
            raise Rejected(f"{what}: no record key was kept for it")
        did = self._session(what)
        try:
            answer = self._call(lambda: self._client.com.atproto.repo.get_record(
                {"repo": did, "collection": POST, "rkey": attempt.key}), what)
        except Rejected as exc:
            if "RecordNotFound" in exc.message or "Could not locate record" in exc.message:
                return None
            raise
        if answer.cid:
            self._cids[answer.uri] = answer.cid
        return answer.uri

    # -- plumbing -----------------------------------------------------------------------------------------

    def _session(self, what: str) -> str:
        if self._did is None:
            creds = self._credentials
            self._call(lambda: self._client.login(creds.handle, creds.app_password, fetch_bsky_profile=False), what)
        assert self._did is not None
        return self._did

    def _ref(self, uri: str, what: str) -> dict[str, str]:
        """A strong reference (URI and CID) to one of our posts, read back when this run did not create it."""
        if uri not in self._cids:
            did, _, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
            answer = self._call(lambda: self._client.com.atproto.repo.get_record(
                {"repo": did, "collection": POST, "rkey": rkey}), what)
            self._cids[uri] = answer.cid
        return {"uri": uri, "cid": self._cids[uri]}

    def _call(self, action: Callable[[], T], what: str) -> T:
        try:
            return action()
        except atx.AtProtocolError as exc:
            raise _fault(exc, what) from None
        except httpx.TransportError as exc:
            # The SDK passes some transport errors on as they are (a connection dropped mid-answer).
            raise _transport_fault(exc, what) from None


def _fault(exc: Exception, what: str) -> NetworkFault:
    if isinstance(exc, atx.RequestErrorBase) and exc.response is not None:
        response = exc.response
        content = response.content
        code = getattr(content, "error", None) or (content.get("error") if isinstance(content, dict) else None)
        message = getattr(content, "message", None) or (content.get("message") if isinstance(content, dict) else None)
        answer = f"{response.status_code}" + (f" {code}" if code else "") + (f": {message}" if message else "")
        status = response.status_code
        if status == 401 or code in ("AuthenticationRequired", "InvalidToken", "ExpiredToken"):
            return StopNetwork(f"{what}: Bluesky rejected the login ({answer}); check BLUESKY_HANDLE and "
                               f"BLUESKY_APP_PASSWORD (an app password from Settings → App passwords); {STOP}")
        if status == 403:
            return StopNetwork(f"{what}: Bluesky refused ({answer}); {STOP}")
        if status == 429:
            return RateLimited(f"{what}: Bluesky rate limit reached ({answer})", _reset_wait(response.headers))
        if status >= 500 or status in (408, 409):
            return Transient(f"{what}: Bluesky answered {answer}")
        return Rejected(f"{what}: Bluesky rejected it ({answer})")
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, httpx.TransportError):
        return _transport_fault(cause, what)
    return Ambiguous(f"{what}: request failed ({type(exc).__name__})")


def _transport_fault(exc: httpx.TransportError, what: str) -> NetworkFault:
    """Transient when the request never left, Ambiguous when it may have landed."""
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        return Transient(f"{what}: could not connect to Bluesky ({type(exc).__name__})")
    if isinstance(exc, httpx.TimeoutException):
        return Ambiguous(f"{what}: no answer before the timeout")
    return Ambiguous(f"{what}: the connection dropped before an answer came")


def _reset_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds until `ratelimit-reset` (epoch seconds), the header Bluesky's PDS sends with a 429."""
    lowered = {k.lower(): v for k, v in headers.items()}
    reset = lowered.get("ratelimit-reset", "")
    if reset.isdigit():
        return max(0.0, int(reset) - time.time()) + 0.5
    after = lowered.get("retry-after", "")
    return float(after) if after.isdigit() else None

