"""A fake X API v2 (tweets, users/me, user timeline, media upload v2 and v1.1) that checks what it is sent.

It verifies the OAuth 1.0a signature against the original api.twitter.com / api.x.com / upload.twitter.com
URL (the client signs before the rerouting adapter rewrites the host), enforces reply chains, media ids,
the 280 weighted-character limit and X's duplicate-content rule, and shows tweets back with t.co links.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from oauthlib.oauth1.rfc5849 import signature
from oauthlib.oauth1.rfc5849.utils import escape
from twitter_text import parse_tweet

from .server import FakeServer, Reply, Request

HOSTS = ("api.twitter.com", "api.x.com", "upload.twitter.com", "upload.x.com")
USER_ID = "424242"


@dataclass
class StoredTweet:
    id: str
    text: str
    reply_to: str | None
    media_ids: tuple[str, ...]
    created_at: float
    unseen_reads: int = 0  # X's timeline lags its writes: this many timeline reads still leave the tweet out


class FakeX(FakeServer):
    def __init__(self, *, api_key: str, api_secret: str, access_token: str, access_token_secret: str,
                 latency: tuple[float, float] = (0.0, 0.0), seed: int = 0) -> None:
        super().__init__(latency=latency, seed=seed)
        self.keys = (api_key, api_secret, access_token, access_token_secret)
        self.tweets: list[StoredTweet] = []
        self.media: dict[str, dict[str, Any]] = {}
        self.duplicates_rejected = 0
        self.v2_media = True
        self._next = 1_800_000_000_000_000_000
        self.route("POST", r"/2/tweets", "POST /2/tweets", self._create)
        self.route("GET", r"/2/users/me", "GET /2/users/me", self._me)
        self.route("GET", r"/2/users/(?P<user>\d+)/tweets", "GET /2/users/:id/tweets", self._timeline)
        self.route("POST", r"/2/media/upload", "POST /2/media/upload", self._upload_v2)
        self.route("POST", r"/1\.1/media/upload\.json", "POST /1.1/media/upload.json", self._upload_v1)
        self.route("POST", r"/2/media/metadata", "POST /2/media/metadata", self._metadata_v2)
        self.route("POST", r"/1\.1/media/metadata/create\.json", "POST /1.1/media/metadata/create.json",
                   self._metadata_v1)

    # -- truth for assertions ------------------------------------------------------------------------------

    def texts(self) -> list[str]:
        with self.lock:
            return [t.text for t in self.tweets]

    def by_id(self, tweet_id: str) -> StoredTweet | None:
        with self.lock:
            return next((t for t in self.tweets if t.id == tweet_id), None)

    def thread(self, first_text: str) -> list[StoredTweet]:
        """The chain of replies starting at the tweet with `first_text`."""
        with self.lock:
            current = next((t for t in self.tweets if t.text == first_text and t.reply_to is None), None)
            chain = []
            while current is not None:
                chain.append(current)
                current = next((t for t in self.tweets if t.reply_to == current.id), None)
            return chain

    # -- routes ----------------------------------------------------------------------------------------------

    def _new_id(self) -> str:
        self._next += 1 + len(self.tweets) % 7
        return str(self._next)

    def _authorized(self, request: Request) -> Reply | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("OAuth "):
            return Reply(401, {"title": "Unauthorized", "type": "about:blank", "status": 401,
                               "detail": "Unauthorized"})
        params = dict(signature.collect_parameters(headers={"Authorization": header}, exclude_oauth_signature=False))
        key, secret, token, token_secret = self.keys
        if params.get("oauth_consumer_key") != key or params.get("oauth_token") != token:
            return Reply(401, {"title": "Unauthorized", "status": 401, "detail": "Unauthorized"})
        if params.get("oauth_signature_method") != "HMAC-SHA1" or not params.get("oauth_nonce"):
            return Reply(401, {"title": "Unauthorized", "status": 401, "detail": "Unauthorized"})
        collected = signature.collect_parameters(uri_query=request.raw_query, body=[],
                                                 headers={"Authorization": header})
        normalized = signature.normalize_parameters(collected)
        for host in HOSTS:
            base = signature.signature_base_string(
                request.method, signature.base_string_uri(f"https://{host}{request.path}"), normalized)
            if hmac.compare_digest(_hmac_sha1(base, secret, token_secret), params.get("oauth_signature", "")):
                return None
        return Reply(401, {"title": "Unauthorized", "status": 401, "detail": "bad OAuth signature"})

    def _create(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        body = request.json()
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            return Reply(400, {"errors": [{"message": "text is required"}], "title": "Invalid Request"})
        if parse_tweet(text).weightedLength > 280:
            return Reply(400, {"errors": [{"message": "Your Tweet text is too long."}], "title": "Invalid Request"})
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        media_ids = tuple((body.get("media") or {}).get("media_ids") or ())
        with self.lock:
            if reply_to is not None and self.by_id(str(reply_to)) is None:
                return Reply(403, {"detail": "You attempted to reply to a Tweet that is deleted or not visible to "
                                             "you. (385)", "title": "Forbidden", "status": 403})
            for media_id in media_ids:
                if media_id not in self.media:
                    return Reply(400, {"errors": [{"message": f"media id {media_id} not found"}]})
            if any(t.text == text for t in self.tweets):
                self.duplicates_rejected += 1
                return Reply(403, {"detail": "You are not allowed to create a Tweet with duplicate content.",
                                   "type": "about:blank", "title": "Forbidden", "status": 403})
            tweet = StoredTweet(id=self._new_id(), text=text, reply_to=str(reply_to) if reply_to else None,
                                media_ids=media_ids, created_at=time.time())
            self.tweets.append(tweet)
        reset = str(int(time.time()) + 900)
        return Reply(201, {"data": {"id": tweet.id, "text": text, "edit_history_tweet_ids": [tweet.id]}},
                     {"x-rate-limit-limit": "100", "x-rate-limit-remaining": "99", "x-rate-limit-reset": reset})

    def _me(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        return Reply(200, {"data": {"id": USER_ID, "name": "Polymedica Insights", "username": "polymedica"}})

    def _timeline(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        if request.params.get("user") != USER_ID:
            return Reply(404, {"title": "Not Found"})
        limit = int(request.arg("max_results") or 10)
        if not 5 <= limit <= 100:
            return Reply(400, {"errors": [{"message": "max_results must be between 5 and 100"}]})
        since_id = request.arg("since_id")
        start = request.arg("start_time")
        start_at = datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp() if start else None
        with self.lock:
            shown = [t for t in reversed(self.tweets)
                     if (since_id is None or int(t.id) > int(since_id))
                     and (start_at is None or t.created_at >= start_at)
                     and not t.unseen_reads]
            for tweet in self.tweets:
                tweet.unseen_reads = max(0, tweet.unseen_reads - 1)
        page = shown[:limit]
        data = [_shown(t) for t in page]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0].id, oldest_id=page[-1].id)
        if len(shown) > limit:
            meta["next_token"] = "next"
        return Reply(200, {"data": data, "meta": meta} if data else {"meta": meta})

    def _upload_v2(self, request: Request) -> Reply:
        if not self.v2_media:
            return Reply(404, {"title": "Not Found", "status": 404})
        denied = self._authorized(request)
        if denied:
            return denied
        fields = _multipart(request)
        if fields.get("media_category") != b"tweet_image" or not fields.get("media"):
            return Reply(400, {"errors": [{"message": "media and media_category=tweet_image are required"}]})
        media_id = self._store_media(fields["media"], "v2")
        return Reply(200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(fields["media"]),
                                    "expires_after_secs": 86400}})

    def _upload_v1(self, request: Request) -> Reply:
        fields = _multipart(request)
        denied = self._authorized(request)
        if denied:
            return Reply(401, {"errors": [{"code": 32, "message": "Could not authenticate you."}]})
        if not fields.get("media"):
            return Reply(400, {"errors": [{"code": 38, "message": "media parameter is missing."}]})
        media_id = self._store_media(fields["media"], "v1.1")
        return Reply(200, {"media_id": int(media_id), "media_id_string": media_id, "size": len(fields["media"]),
                           "expires_after_secs": 86400, "image": {"image_type": "image/png", "w": 1, "h": 1}})

    def _metadata_v2(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        body = request.json() or {}
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        return self._describe(str(body.get("id")), alt, {"data": {"id": body.get("id"), "associated_metadata": True}})

    def _metadata_v1(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return Reply(401, {"errors": [{"code": 32, "message": "Could not authenticate you."}]})
        body = request.json() or {}
        return self._describe(str(body.get("media_id")), (body.get("alt_text") or {}).get("text"), None)

    def _describe(self, media_id: str, alt: Any, answer: Any) -> Reply:
        """Alt text of at most 1,000 characters for an uploaded image."""
        if not isinstance(alt, str) or not alt or len(alt) > 1000:
            return Reply(400, {"errors": [{"message": "alt_text.text must be 1 to 1000 characters"}]})
        with self.lock:
            if media_id not in self.media:
                return Reply(400, {"errors": [{"message": f"media id {media_id} not found"}]})
            self.media[media_id]["alt"] = alt
        return Reply(200, answer)

    def _store_media(self, data: bytes, api: str) -> str:
        with self.lock:
            media_id = str(1_900_000_000_000_000_000 + len(self.media) + 1)
            self.media[media_id] = {"bytes": data, "api": api}
        return media_id


def _hmac_sha1(base: str, consumer_secret: str, token_secret: str) -> str:
    """RFC 5849 section 3.4.2."""
    key = f"{escape(consumer_secret)}&{escape(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


def _shown(tweet: StoredTweet) -> dict[str, Any]:
    """The tweet as X shows it: links through t.co, a trailing t.co link for media, HTML-escaped."""
    text = re.sub(r"https?://\S+", lambda m: f"https://t.co/{abs(hash(m.group())) % 10**10:010d}", tweet.text)
    if tweet.media_ids:
        text += f" https://t.co/{int(tweet.id) % 10**10:010d}"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    item: dict[str, Any] = {
        "id": tweet.id,
        "text": text,
        "edit_history_tweet_ids": [tweet.id],
        "created_at": datetime.fromtimestamp(tweet.created_at, tz=UTC).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
    }
    if tweet.reply_to:
        item["referenced_tweets"] = [{"type": "replied_to", "id": tweet.reply_to}]
    return item


def _multipart(request: Request) -> dict[str, bytes]:
    ctype = request.headers.get("Content-Type", "")
    if not ctype.startswith("multipart/form-data"):
        return {}
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + request.body)
    fields: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            fields[str(name)] = part.get_payload(decode=True) or b""
    return fields
