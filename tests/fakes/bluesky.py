"""A fake Bluesky PDS: the XRPC methods Herald uses, checking what it is sent like the real one.

createSession (app password), createRecord (app.bsky.feed.post: 300 graphemes, facets whose UTF-8 byte ranges
lie on character boundaries inside the text, reply refs whose URI and CID name existing posts, an external
embed whose thumbnail blob was uploaded, a record key used once), getRecord (RecordNotFound otherwise),
uploadBlob and getAuthorFeed. Every answer carries the `ratelimit-*` headers a PDS sends.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import regex

from .server import FakeServer, Reply, Request

DID = "did:plc:heraldfake2w4x6yq7r"
POST = "app.bsky.feed.post"
_RKEY = re.compile(r"[234567a-z]{13}")
_GRAPHEME = regex.compile(r"\X")


def cid_of(data: bytes) -> str:
    return "bafyrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]


def _jwt(payload: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(payload)}.c2lnbmF0dXJl"


@dataclass
class StoredPost:
    rkey: str
    uri: str
    cid: str
    record: dict[str, Any]
    created_at: float = field(default_factory=time.time)

    @property
    def text(self) -> str:
        return self.record["text"]

    @property
    def reply_parent(self) -> str | None:
        reply = self.record.get("reply")
        return reply["parent"]["uri"] if reply else None


class FakeBluesky(FakeServer):
    def __init__(self, *, handle: str, app_password: str, latency: tuple[float, float] = (0.0, 0.0),
                 seed: int = 0) -> None:
        super().__init__(latency=latency, seed=seed)
        self.handle, self.app_password = handle, app_password
        self.posts: list[StoredPost] = []
        self.blobs: dict[str, bytes] = {}
        self.sessions: set[str] = set()
        self.refused_rkeys = 0
        self.route("POST", r"/xrpc/com\.atproto\.server\.createSession", "createSession", self._session)
        self.route("POST", r"/xrpc/com\.atproto\.repo\.createRecord", "createRecord", self._create)
        self.route("GET", r"/xrpc/com\.atproto\.repo\.getRecord", "getRecord", self._get)
        self.route("POST", r"/xrpc/com\.atproto\.repo\.uploadBlob", "uploadBlob", self._upload)
        self.route("GET", r"/xrpc/app\.bsky\.feed\.getAuthorFeed", "getAuthorFeed", self._feed)

    # -- truth for assertions ------------------------------------------------------------------------------

    def thread(self, first_text: str) -> list[StoredPost]:
        """The chain of replies starting at the post with `first_text`."""
        with self.lock:
            current = next((p for p in self.posts if p.text == first_text and p.reply_parent is None), None)
            chain = []
            while current is not None:
                chain.append(current)
                current = next((p for p in self.posts if p.reply_parent == current.uri), None)
            return chain

    def texts(self) -> list[str]:
        with self.lock:
            return [p.text for p in self.posts]

    # -- routes ----------------------------------------------------------------------------------------------

    @staticmethod
    def _limits() -> dict[str, str]:
        return {"ratelimit-limit": "5000", "ratelimit-remaining": "4999",
                "ratelimit-reset": str(int(time.time()) + 3600), "ratelimit-policy": "5000;w=3600"}

    def _error(self, status: int, error: str, message: str) -> Reply:
        return Reply(status, {"error": error, "message": message}, self._limits())

    def _authorized(self, request: Request) -> Reply | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        with self.lock:
            if token not in self.sessions:
                return self._error(401, "AuthenticationRequired", "Authentication Required")
        return None

    def _session(self, request: Request) -> Reply:
        body = request.json() or {}
        if body.get("identifier") not in (self.handle, DID) or body.get("password") != self.app_password:
            return self._error(401, "AuthenticationRequired", "Invalid identifier or password")
        now = int(time.time())
        access = _jwt({"scope": "com.atproto.appPass", "sub": DID, "iat": now, "exp": now + 7200})
        with self.lock:
            self.sessions.add(access)
        refresh = _jwt({"scope": "com.atproto.refresh", "sub": DID, "iat": now, "exp": now + 86400})
        return Reply(200, {"did": DID, "handle": self.handle, "accessJwt": access, "refreshJwt": refresh,
                           "active": True}, self._limits())

    def _create(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        body = request.json() or {}
        record, rkey = body.get("record") or {}, body.get("rkey")
        if body.get("repo") not in (DID, self.handle) or body.get("collection") != POST:
            return self._error(400, "InvalidRequest", "repo or collection not allowed")
        if not isinstance(rkey, str) or not _RKEY.fullmatch(rkey):
            return self._error(400, "InvalidRequest", f"invalid record key {rkey!r}")
        problem = self._invalid(record)
        if problem:
            return self._error(400, "InvalidRecord", problem)
        uri = f"at://{DID}/{POST}/{rkey}"
        with self.lock:
            if any(p.rkey == rkey for p in self.posts):
                self.refused_rkeys += 1
                return self._error(400, "InvalidRequest", f"Record already exists: {uri}")
            cid = cid_of(json.dumps(record, sort_keys=True).encode())
            self.posts.append(StoredPost(rkey=rkey, uri=uri, cid=cid, record=record))
        return Reply(200, {"uri": uri, "cid": cid, "validationStatus": "valid",
                           "commit": {"cid": cid_of(uri.encode()), "rev": rkey}}, self._limits())

    def _invalid(self, record: dict[str, Any]) -> str | None:
        text = record.get("text")
        if record.get("$type") != POST or not isinstance(text, str) or not record.get("createdAt"):
            return "a post needs $type, text and createdAt"
        if len(_GRAPHEME.findall(text)) > 300:
            return "Record/text must not be longer than 300 graphemes"
        encoded = text.encode("utf-8")
        for facet in record.get("facets") or []:
            start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
            if not 0 <= start < end <= len(encoded):
                return f"facet range {start}-{end} outside the text"
            try:
                encoded[start:end].decode("utf-8")
            except UnicodeDecodeError:
                return f"facet range {start}-{end} cuts a character"
        reply = record.get("reply")
        with self.lock:
            known = {p.uri: p.cid for p in self.posts}
            if reply:
                for which in ("root", "parent"):
                    ref = reply.get(which) or {}
                    if known.get(ref.get("uri")) != ref.get("cid") or ref.get("cid") is None:
                        return f"reply {which} {ref.get('uri')} with cid {ref.get('cid')} does not exist"
            embed = record.get("embed")
            if embed:
                if embed.get("$type") != "app.bsky.embed.external" or not embed.get("external", {}).get("uri"):
                    return "embed must be app.bsky.embed.external with a uri"
                thumb = embed["external"].get("thumb")
                if thumb and thumb.get("ref", {}).get("$link") not in self.blobs:
                    return "thumbnail blob was not uploaded"
        return None

    def _get(self, request: Request) -> Reply:
        rkey, repo = request.arg("rkey"), request.arg("repo")
        with self.lock:
            found = next((p for p in self.posts if p.rkey == rkey and repo in (DID, self.handle)), None)
        if found is None or request.arg("collection") != POST:
            return self._error(400, "RecordNotFound", f"Could not locate record: at://{repo}/{POST}/{rkey}")
        return Reply(200, {"uri": found.uri, "cid": found.cid, "value": found.record}, self._limits())

    def _upload(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        if not request.body:
            return self._error(400, "InvalidRequest", "empty blob")
        link = cid_of(request.body)
        with self.lock:
            self.blobs[link] = request.body
        return Reply(200, {"blob": {"$type": "blob", "ref": {"$link": link}, "mimeType": "image/png",
                                    "size": len(request.body)}}, self._limits())

    def _feed(self, request: Request) -> Reply:
        limit = int(request.arg("limit") or 50)
        with self.lock:
            newest = list(reversed(self.posts))[:limit]
        feed = [{"post": {"uri": p.uri, "cid": p.cid, "author": {"did": DID, "handle": self.handle},
                          "record": p.record, "indexedAt": datetime.fromtimestamp(p.created_at, tz=UTC).isoformat()}}
                for p in newest]
        return Reply(200, {"feed": feed}, self._limits())
