"""A fake Mastodon instance: the REST endpoints Herald uses, with the instance's own limits.

/api/v2/instance (max_characters, characters_reserved_per_url), /api/v1/accounts/verify_credentials,
/api/v1/statuses (length counted as the instance counts it, in_reply_to_id and media ids that exist,
Idempotency-Key replayed: the same key returns the status it made), /api/v2/media (202 while processing, with
a description) and /api/v1/media/:id (206 until processed), /api/v1/accounts/:id/statuses (newest first,
content as HTML). Every answer carries the X-RateLimit-* headers Mastodon sends.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import regex

from .server import FakeServer, Reply, Request
from .x import _multipart

ACCOUNT_ID = "109876"
_GRAPHEME = regex.compile(r"\X")
_URL = re.compile(r"(?<![^\s(])https?://[^\s]+")


def counted(text: str, url_weight: int) -> int:
    total, position = 0, 0
    for match in _URL.finditer(text):
        total += len(_GRAPHEME.findall(text[position:match.start()])) + url_weight
        position = match.end()
    return total + len(_GRAPHEME.findall(text[position:]))


def as_html(text: str) -> str:
    """Content the way Mastodon renders it: paragraphs, <br>, links with hidden scheme spans, hashtag links."""
    def linked(line: str) -> str:
        out, position = [], 0
        for match in _URL.finditer(line):
            out.append(_tags(html.escape(line[position:match.start()])))
            url = match.group()
            scheme, rest = url.split("://", 1)
            out.append(f'<a href="{html.escape(url)}" rel="nofollow noopener" target="_blank">'
                       f'<span class="invisible">{scheme}://</span><span class="ellipsis">{html.escape(rest[:30])}'
                       f'</span><span class="invisible">{html.escape(rest[30:])}</span></a>')
            position = match.end()
        out.append(_tags(html.escape(line[position:])))
        return "".join(out)

    paragraphs = text.split("\n\n")
    return "".join("<p>" + "<br />".join(linked(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


def _tags(escaped: str) -> str:
    return re.sub(r"(?<![\w/])#(\w+)", r'<a href="https://fake.example/tags/\1" class="mention hashtag" '
                                       r'rel="tag">#<span>\1</span></a>', escaped)


@dataclass
class Status:
    id: str
    text: str
    in_reply_to_id: str | None
    media_ids: tuple[str, ...]
    visibility: str
    key: str | None
    created_at: float = field(default_factory=time.time)


class FakeMastodon(FakeServer):
    def __init__(self, *, token: str, max_characters: int = 500, url_weight: int = 23,
                 latency: tuple[float, float] = (0.0, 0.0), seed: int = 0) -> None:
        super().__init__(latency=latency, seed=seed)
        self.token = token
        self.max_characters, self.url_weight = max_characters, url_weight
        self.statuses: list[Status] = []
        self.media: dict[str, dict[str, Any]] = {}
        self.replayed = 0
        self._next = 112_000_000_000_000_000
        self.route("GET", r"/api/v2/instance/?", "GET /api/v2/instance", self._instance)
        self.route("GET", r"/api/v1/accounts/verify_credentials/?", "GET verify_credentials", self._me)
        self.route("POST", r"/api/v1/statuses/?", "POST /api/v1/statuses", self._create)
        self.route("POST", r"/api/v2/media/?", "POST /api/v2/media", self._upload)
        self.route("GET", r"/api/v1/media/(?P<id>\w+)/?", "GET /api/v1/media/:id", self._media)
        self.route("GET", r"/api/v1/accounts/(?P<id>\w+)/statuses/?", "GET /api/v1/accounts/:id/statuses",
                   self._account_statuses)

    # -- truth for assertions ------------------------------------------------------------------------------

    def thread(self, first_text: str) -> list[Status]:
        with self.lock:
            current = next((s for s in self.statuses if s.text == first_text and s.in_reply_to_id is None), None)
            chain = []
            while current is not None:
                chain.append(current)
                current = next((s for s in self.statuses if s.in_reply_to_id == current.id), None)
            return chain

    def texts(self) -> list[str]:
        with self.lock:
            return [s.text for s in self.statuses]

    # -- routes ----------------------------------------------------------------------------------------------

    @staticmethod
    def _limits() -> dict[str, str]:
        reset = (datetime.now(UTC) + timedelta(minutes=5)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": reset}

    def _authorized(self, request: Request) -> Reply | None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "The access token is invalid"}, self._limits())
        return None

    def _instance(self, request: Request) -> Reply:
        return Reply(200, {
            "domain": "fake.example", "title": "Fake", "version": "4.3.0", "api_versions": {"mastodon": 2},
            "source_url": "https://fake.example",
            "description": "", "usage": {"users": {"active_month": 1}}, "thumbnail": {"url": ""},
            "languages": ["en"], "registrations": {"enabled": False, "approval_required": False, "message": None},
            "contact": {"email": "", "account": None}, "rules": [],
            "configuration": {
                "urls": {"streaming": ""},
                "accounts": {"max_featured_tags": 10},
                "statuses": {"max_characters": self.max_characters, "max_media_attachments": 4,
                             "characters_reserved_per_url": self.url_weight},
                "media_attachments": {"supported_mime_types": ["image/png", "image/jpeg"],
                                      "image_size_limit": 16777216, "image_matrix_limit": 33177600,
                                      "video_size_limit": 103809024, "video_frame_rate_limit": 120,
                                      "video_matrix_limit": 8294400},
                "polls": {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300,
                          "max_expiration": 2629746},
                "translation": {"enabled": False},
            },
        }, self._limits())

    def _account(self) -> dict[str, Any]:
        return {"id": ACCOUNT_ID, "username": "polymedica", "acct": "polymedica", "display_name": "Polymedica",
                "url": "https://fake.example/@polymedica", "created_at": "2024-01-01T00:00:00.000Z",
                "locked": False, "bot": False, "note": "", "avatar": "", "header": "", "followers_count": 0,
                "following_count": 0, "statuses_count": len(self.statuses), "fields": [], "emojis": []}

    def _me(self, request: Request) -> Reply:
        return self._authorized(request) or Reply(200, self._account(), self._limits())

    @staticmethod
    def _params(request: Request) -> dict[str, Any]:
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("application/json"):
            return request.json() or {}
        if ctype.startswith("multipart/form-data"):
            return {k: v.decode() for k, v in _multipart(request).items()}
        pairs = parse_qs(request.body.decode(), keep_blank_values=True)
        params: dict[str, Any] = {k: v[0] for k, v in pairs.items() if not k.endswith("[]")}
        params.update({k[:-2]: v for k, v in pairs.items() if k.endswith("[]")})
        return params

    def _shown(self, status: Status) -> dict[str, Any]:
        return {
            "id": status.id, "uri": f"https://fake.example/users/polymedica/statuses/{status.id}",
            "url": f"https://fake.example/@polymedica/{status.id}",
            "created_at": datetime.fromtimestamp(status.created_at, tz=UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "account": self._account(), "content": as_html(status.text), "visibility": status.visibility,
            "sensitive": False, "spoiler_text": "", "in_reply_to_id": status.in_reply_to_id,
            "in_reply_to_account_id": ACCOUNT_ID if status.in_reply_to_id else None,
            "media_attachments": [self._media_json(m) for m in status.media_ids], "mentions": [], "tags": [],
            "emojis": [], "reblogs_count": 0, "favourites_count": 0, "replies_count": 0, "reblog": None,
            "application": {"name": "herald", "website": None}, "language": "en",
        }

    def _create(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        key = request.headers.get("Idempotency-Key")
        params = self._params(request)
        text = params.get("status") or ""
        reply_to = params.get("in_reply_to_id") or None
        media = params.get("media_ids") or []
        media = tuple([media] if isinstance(media, str) else media)
        with self.lock:
            if key is not None:
                earlier = next((s for s in self.statuses if s.key == key), None)
                if earlier is not None:
                    self.replayed += 1
                    return Reply(200, self._shown(earlier), self._limits())
            if not text.strip():
                return Reply(422, {"error": "Validation failed: Text can't be blank"}, self._limits())
            if counted(text, self.url_weight) > self.max_characters:
                return Reply(422, {"error": f"Validation failed: Text character limit of {self.max_characters} "
                                            "exceeded"}, self._limits())
            if reply_to is not None and not any(s.id == reply_to for s in self.statuses):
                return Reply(404, {"error": "Record not found"}, self._limits())
            for media_id in media:
                if media_id not in self.media:
                    return Reply(422, {"error": "Validation failed: media not found"}, self._limits())
            self._next += 1 + len(self.statuses) % 5
            status = Status(id=str(self._next), text=text, in_reply_to_id=reply_to, media_ids=media,
                            visibility=params.get("visibility") or "public", key=key)
            self.statuses.append(status)
        return Reply(200, self._shown(status), self._limits())

    def _media_json(self, media_id: str) -> dict[str, Any]:
        item = self.media[media_id]
        url = f"https://fake.example/media/{media_id}.png" if item["processed"] else None
        return {"id": media_id, "type": "image", "url": url, "preview_url": url, "remote_url": None,
                "description": item["description"], "blurhash": None, "meta": {}}

    def _upload(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        fields = _multipart(request)
        if not fields.get("file"):
            return Reply(422, {"error": "Validation failed: File can't be blank"}, self._limits())
        with self.lock:
            media_id = str(200_000 + len(self.media) + 1)
            self.media[media_id] = {"bytes": fields["file"], "description": fields.get("description", b"").decode(),
                                    "processed": False}
            shown = self._media_json(media_id)
        # Processing is asynchronous: 202 now, done by the time it is asked about.
        return Reply(202, shown, self._limits())

    def _media(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        media_id = request.params["id"]
        with self.lock:
            if media_id not in self.media:
                return Reply(404, {"error": "Record not found"}, self._limits())
            first = not self.media[media_id]["processed"]
            shown = self._media_json(media_id)
            self.media[media_id]["processed"] = True
        return Reply(206 if first else 200, shown, self._limits())

    def _account_statuses(self, request: Request) -> Reply:
        denied = self._authorized(request)
        if denied:
            return denied
        if request.params["id"] != ACCOUNT_ID:
            return Reply(404, {"error": "Record not found"}, self._limits())
        limit = min(int(request.arg("limit") or 20), 40)
        with self.lock:
            newest = [self._shown(s) for s in reversed(self.statuses)][:limit]
        return Reply(200, newest, self._limits())
