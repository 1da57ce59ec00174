"""A fake LinkedIn REST API (Images initializeUpload + upload URL, Posts create and author finder).

Like the real one it silently truncates `commentary` at the first character that cuts a post short
(`\\ | { } [ ] ( ) < > * ~`) when it is neither escaped nor part of a well-formed hashtag template or a
link, so a missing escape shows up as a cut post; and like the real one it takes a link as written, so an
escape inside a link (`utm\\_source`) stays in it and shows up as a broken link.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from .server import FakeServer, Reply, Request

TRUNCATING = set("\\|{}[]()<>*~")
_TEMPLATE = re.compile(r"\{hashtag\|(?:\\#|#|＃)\|((?:\\.|[^\\|{}@\[\]()<>#*~])+)\}")
_LINK = re.compile(r"https?://\S+")
_MENTION = re.compile(r"@\[(?:\\.|[^\\\]])+\]\(urn:li:(?:person|organization):[\w-]+\)")


def truncate_little(text: str) -> str:
    """What LinkedIn keeps of `text`: everything before the first stray reserved character."""
    links = {m.start(): m.end() for m in _LINK.finditer(text)}
    i = 0
    while i < len(text):
        ch = text[i]
        if i in links:
            i = links[i]
            continue
        if ch == "\\" and i + 1 < len(text):
            i += 2
            continue
        if ch == "@" and (mention := _MENTION.match(text, i)):
            i = mention.end()
            continue
        if ch == "{":
            match = _TEMPLATE.match(text, i)
            if match:
                i = match.end()
                continue
        if ch in TRUNCATING:
            return text[:i]
        i += 1
    return text


@dataclass
class StoredPost:
    urn: str
    author: str
    commentary: str
    sent_commentary: str
    article: dict[str, Any]
    created_at: float


class FakeLinkedIn(FakeServer):
    def __init__(self, *, token: str, author: str, latency: tuple[float, float] = (0.0, 0.0), seed: int = 0,
                 retired_versions: tuple[str, ...] = ()) -> None:
        super().__init__(latency=latency, seed=seed)
        self.token = token
        self.author = author
        self.retired_versions = set(retired_versions)
        self.upload_host: str | None = None
        self.posts: list[StoredPost] = []
        self.images: dict[str, bytes | None] = {}
        self._uploads: dict[str, str] = {}
        self.route("POST", r"/rest/images", "POST /rest/images", self._initialize)
        self.route("PUT", r"/upload/(?P<token>\w+)", "PUT /upload", self._upload)
        self.route("POST", r"/rest/posts", "POST /rest/posts", self._create)
        self.route("GET", r"/rest/posts", "GET /rest/posts", self._finder)

    def _checked(self, request: Request, *, json_body: bool) -> Reply | None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return Reply(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                               "message": "Invalid access token"})
        version = request.headers.get("LinkedIn-Version", "")
        if not re.fullmatch(r"20\d{4}", version):
            return Reply(400, {"status": 400, "code": "VERSION_MISSING",
                               "message": "A version must be present. Please specify a version by adding the "
                                          "LinkedIn-Version header."})
        if version in self.retired_versions:
            return Reply(426, {"status": 426, "code": "NONEXISTENT_VERSION",
                               "message": f"Requested version {version} is not active"})
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            return Reply(400, {"status": 400, "message": "X-Restli-Protocol-Version 2.0.0 required"})
        if json_body and not request.headers.get("Content-Type", "").startswith("application/json"):
            return Reply(415, {"status": 415, "message": "Content-Type must be application/json"})
        return None

    def _initialize(self, request: Request) -> Reply:
        problem = self._checked(request, json_body=True)
        if problem:
            return problem
        if request.arg("action") != "initializeUpload":
            return Reply(400, {"status": 400, "message": "action=initializeUpload expected"})
        owner = ((request.json() or {}).get("initializeUploadRequest") or {}).get("owner")
        if owner != self.author:
            return Reply(403, {"status": 403, "message": "Not enough permissions to upload as this owner"})
        with self.lock:
            number = len(self.images) + 1
            urn = f"urn:li:image:D4E10AQ{number:06d}"
            token = f"t{number}x{int(time.time() * 1000) % 100000}"
            self.images[urn] = None
            self._uploads[token] = urn
        host = self.upload_host or request.headers.get("Host", "")
        return Reply(200, {"value": {"uploadUrlExpiresAt": int(time.time() * 1000) + 86_400_000,
                                     "uploadUrl": f"http://{host}/upload/{token}", "image": urn}})

    def _upload(self, request: Request) -> Reply:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return Reply(401, {"status": 401, "message": "Invalid access token"})
        with self.lock:
            urn = self._uploads.get(request.params["token"])
            if urn is None or not request.body:
                return Reply(400, {"status": 400, "message": "unknown upload or empty body"})
            self.images[urn] = request.body
        return Reply(201)

    def _create(self, request: Request) -> Reply:
        problem = self._checked(request, json_body=True)
        if problem:
            return problem
        body = request.json()
        wrong = _body_problem(body, self.author)
        if wrong:
            return Reply(422 if "author" not in wrong else 403, {"status": 422, "message": wrong})
        article = body["content"]["article"]
        with self.lock:
            thumbnail = article.get("thumbnail")
            if thumbnail is not None and not self.images.get(thumbnail):
                return Reply(422, {"status": 422, "message": f"thumbnail {thumbnail} was never uploaded"})
            if any(p.sent_commentary == body["commentary"] and p.author == body["author"] for p in self.posts):
                return Reply(422, {"status": 422, "code": "DUPLICATE_POST",
                                   "message": "Content is a duplicate of urn:li:share:1"})
            urn = f"urn:li:share:{7_100_000_000_000_000_000 + len(self.posts) + 1}"
            self.posts.append(StoredPost(urn=urn, author=body["author"],
                                         commentary=truncate_little(body["commentary"]),
                                         sent_commentary=body["commentary"], article=article,
                                         created_at=time.time()))
        return Reply(201, None, {"x-restli-id": urn})

    def _finder(self, request: Request) -> Reply:
        problem = self._checked(request, json_body=False)
        if problem:
            return problem
        if request.headers.get("X-RestLi-Method", "").upper() != "FINDER" or request.arg("q") != "author":
            return Reply(400, {"status": 400, "message": "use the author finder"})
        if request.arg("author") != self.author:
            return Reply(403, {"status": 403, "message": "Not enough permissions to read this author's posts"})
        count = int(request.arg("count") or 10)
        with self.lock:
            mine = [p for p in reversed(self.posts) if p.author == self.author]
        elements = [{"id": p.urn, "author": p.author, "commentary": p.commentary,
                     "content": {"article": p.article}, "createdAt": int(p.created_at * 1000),
                     "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"} for p in mine[:count]]
        return Reply(200, {"elements": elements, "paging": {"start": 0, "count": count, "links": []}})


def _body_problem(body: Any, author: str) -> str | None:
    if not isinstance(body, dict):
        return "body must be a JSON object"
    if body.get("author") != author:
        return "author is not one the token may post as"
    if not isinstance(body.get("commentary"), str):
        return "commentary must be a string"
    if body.get("visibility") != "PUBLIC" or body.get("lifecycleState") != "PUBLISHED":
        return "visibility PUBLIC and lifecycleState PUBLISHED expected"
    if body.get("distribution") != {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                    "thirdPartyDistributionChannels": []}:
        return "distribution is not the documented MAIN_FEED form"
    if not isinstance(body.get("isReshareDisabledByAuthor"), bool):
        return "isReshareDisabledByAuthor must be a boolean"
    article = (body.get("content") or {}).get("article")
    if not isinstance(article, dict) or not article.get("source") or not article.get("title"):
        return "content.article needs source and title"
    return None
