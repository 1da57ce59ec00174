"""The build-to-publish contract: one manifest record, its hashes, and its JSON.

The build writes it; `herald check`, `preview`, `approve` and `publish` read it. Nothing here imports
mkdocs, so publishing runs where MkDocs is not installed. Tests make manifests with these classes too.

Posts are kept per network (texts, their lengths in the network's own measure, and a hash), so adding a
network later changes no other network's hash or approval. A network's hash covers its texts, the link card
and the image (its path and a digest of its bytes, or of a generated card's inputs): what a reviewer approves
is exactly what is posted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator import __version__
from generator.terminal import one_line

SCHEMA = 2
FILENAME = "manifest.json"
DEFAULT_BUILD_DIR = Path(".herald") / "build"
IMAGES = "images"

# What the build decided; `Entry.state` refines it with the clock of the run that reads it.
STATUSES = ("due", "scheduled", "draft", "invalid", "opted-out")


class ManifestError(Exception):
    """The manifest is missing, unreadable or malformed; the message is one line naming the place."""

    code = 2


@dataclass(frozen=True)
class Image:
    """The image posted with the article, as a path relative to the build folder's `images/`."""

    path: str
    url: str
    alt: str
    kind: str  # "file": the author's social.image; "card": drawn by the social plugin
    digest: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "url": self.url, "alt": self.alt, "kind": self.kind, "digest": self.digest}


@dataclass(frozen=True)
class Card:
    """The link card networks show under a post (og tags on X, the article payload on LinkedIn)."""

    url: str
    title: str
    description: str

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "description": self.description}


@dataclass(frozen=True)
class Posts:
    """One network's derived posts: a thread of texts (one text for a single post).

    `mentions` maps an author's name in `byline` to the member id the network links it to when sent;
    `facets`, for a network that needs them, holds per text the rich-text annotations sent with it, in the
    network's own form (Bluesky's links and hashtags with their UTF-8 byte ranges).
    """

    texts: tuple[str, ...]
    weights: tuple[int, ...]
    limit: int
    hash: str
    byline: str = ""
    mentions: Mapping[str, str] = field(default_factory=dict)
    facets: tuple[tuple[Mapping[str, Any], ...], ...] = ()

    def links(self, index: int) -> tuple[str, ...]:
        """Where text `index` links to when its facets carry the links (the text shows them shortened)."""
        if not self.facets:
            return ()
        return tuple(f["uri"] for facet in self.facets[index] for f in facet.get("features", ()) if "uri" in f)

    def to_json(self) -> dict[str, Any]:
        data = {"texts": list(self.texts), "weights": list(self.weights), "limit": self.limit, "hash": self.hash,
                "byline": self.byline, "mentions": dict(sorted(self.mentions.items()))}
        if self.facets:
            data["facets"] = [list(facets) for facets in self.facets]
        return data


@dataclass(frozen=True)
class Finding:
    """A claims-lint finding; `ignored` holds the author's reason when silenced."""

    rule: str
    severity: str
    where: str
    excerpt: str
    advice: str
    ignored: str | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == "error" and not self.ignored

    def __str__(self) -> str:
        return one_line(f"{self.where}: claims lint '{self.rule}' ({self.severity}): \"{self.excerpt}\": {self.advice}")

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "excerpt": self.excerpt,
                "advice": self.advice, "ignored": self.ignored}


@dataclass(frozen=True)
class Approval:
    """What a reviewer approved: one hash per network, recorded in the article's front matter."""

    by: str | None = None
    at: str | None = None
    hashes: Mapping[str, str] = field(default_factory=dict)

    def state(self, network: str, current: str, required: bool) -> str:
        """approved; stale (approved, then changed); else unapproved, or not-required."""
        approved = self.hashes.get(network)
        if approved == current:
            return "approved"
        if approved is not None:
            return "stale"
        return "unapproved" if required else "not-required"

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "at": self.at, "hashes": dict(sorted(self.hashes.items()))}


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def posts_hash(network: str, texts: Sequence[str], card: Card | None, image: Image | None,
               mentions: Mapping[str, str] | None = None, facets: Sequence[Sequence[Mapping[str, Any]]] = ()) -> str:
    """What a network would post, fingerprinted: approval and the ledger compare it."""
    blob = {
        "network": network,
        "texts": list(texts),
        **({"mentions": dict(mentions)} if mentions else {}),
        **({"facets": [list(f) for f in facets]} if facets else {}),
        "card": card.to_json() if card else None,
        "image": {"path": image.path, "digest": image.digest, "alt": image.alt} if image else None,
    }
    return digest(json.dumps(blob, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def review_hash(posts: Mapping[str, Posts]) -> str:
    """One short fingerprint of every network's posts: what a reviewer names with `approve --hash`."""
    blob = json.dumps({name: p.hash for name, p in posts.items()}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    """One article: where it comes from, what the build decided, and what each network would post."""

    src: str
    slug: str
    url: str | None
    title: str
    description: str
    date: datetime | None
    status: str
    posts: Mapping[str, Posts] = field(default_factory=dict)
    card: Card | None = None
    image: Image | None = None
    approval: Approval = Approval()
    lint: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    unfinished: tuple[str, ...] = ()

    @property
    def blocked(self) -> bool:
        """An unignored claims-lint error: nothing is posted until it is fixed or silenced with a reason."""
        return any(f.blocks for f in self.lint)

    @property
    def review(self) -> str:
        return review_hash(self.posts)

    def state(self, now: datetime) -> str:
        """The article's state for a run at `now`: one clock decides what is due, the reader's."""
        if self.status in ("invalid", "draft", "opted-out"):
            return self.status
        if self.date is None or self.date > now:
            return "scheduled"
        if not self.posts:
            # Built while still scheduled: its page is not on the site yet.
            return "not-built"
        if self.unfinished:
            return "unfinished"
        if self.blocked:
            return "blocked"
        return "due"

    def approval_state(self, network: str, required: bool) -> str:
        posts = self.posts.get(network)
        return self.approval.state(network, posts.hash, required) if posts else "not-required"

    def to_json(self) -> dict[str, Any]:
        return {
            "src": self.src,
            "slug": self.slug,
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "date": self.date.isoformat() if self.date else None,
            "status": self.status,
            "posts": {name: self.posts[name].to_json() for name in sorted(self.posts)},
            "card": self.card.to_json() if self.card else None,
            "image": self.image.to_json() if self.image else None,
            "approval": self.approval.to_json(),
            "lint": [f.to_json() for f in self.lint],
            "warnings": list(self.warnings),
            "advice": list(self.advice),
            "problems": list(self.problems),
            "unfinished": list(self.unfinished),
        }


def sort_key(entry: Entry) -> tuple[str, str, str]:
    return (entry.date.isoformat() if entry.date else "", entry.slug, entry.src)


@dataclass(frozen=True)
class Manifest:
    """Everything publishing knows about the site. `folder` is where it was read from (images live there)."""

    site_url: str
    entries: tuple[Entry, ...]
    approval_required: bool = False
    generator: str = f"herald {__version__}"
    engine: str = "mkdocs"
    folder: Path = DEFAULT_BUILD_DIR

    @property
    def path(self) -> Path:
        return self.folder / FILENAME

    def find(self, key: str) -> Entry | None:
        """Match a slug, a path relative to the docs folder, or a path that ends with it."""
        wanted = key.replace("\\", "/").removeprefix("./")
        for entry in self.entries:
            if wanted in (entry.slug, entry.src) or wanted.endswith("/" + entry.src):
                return entry
        return None

    def image_file(self, entry: Entry) -> Path | None:
        """The image to upload, which must lie inside the build folder's images/; None if it does not."""
        if entry.image is None:
            return None
        root = self.folder / IMAGES
        target = root / entry.image.path
        return target if target.resolve().is_relative_to(root.resolve()) else None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": self.generator,
            "engine": self.engine,
            "site_url": self.site_url,
            "approval_required": self.approval_required,
            "articles": [e.to_json() for e in sorted(self.entries, key=sort_key)],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def write(self, folder: Path | None = None) -> Path:
        """Write atomically: a reader never sees half a manifest."""
        target = (folder or self.folder) / FILENAME
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(FILENAME + ".partial")
        partial.write_text(self.dumps(), encoding="utf-8")
        os.replace(partial, target)
        return target


def load(folder: Path) -> Manifest:
    """Read the manifest in `folder`; every problem is one ManifestError line naming the file."""
    path = folder / FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(f"no manifest at {path}: run `mkdocs build` first (or pass --build-dir)") from None
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest {path} is not UTF-8 (byte {exc.start}); rebuild the site") from None
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"manifest {path} is not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg}); rebuild the site"
        ) from None
    return parse(data, folder=folder)


def parse(data: Any, *, folder: Path) -> Manifest:
    where = f"manifest {folder / FILENAME}"
    if not isinstance(data, dict):
        raise ManifestError(f"{where} must be a JSON object")
    if data.get("schema") != SCHEMA:
        raise ManifestError(f"{where} has schema {data.get('schema')!r}; this herald reads schema {SCHEMA}: "
                            "rebuild the site with this herald version")
    reader = _Reader(where)
    site_url = reader.text(data, "site_url")
    items = reader.get(data, "articles", list)
    entries = tuple(_entry(_Reader(f"{where}: articles[{i}]"), item) for i, item in enumerate(items))
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.slug in seen:
            raise ManifestError(f"{where}: {seen[entry.slug].src} and {entry.src} have the same slug "
                                f"'{entry.slug}'; give one its own `slug:` and rebuild")
        seen[entry.slug] = entry
    return Manifest(
        site_url=site_url,
        entries=entries,
        approval_required=reader.get(data, "approval_required", bool),
        generator=reader.text(data, "generator"),
        engine=reader.text(data, "engine"),
        folder=folder,
    )


class _Reader:
    """Typed field access that fails with one line naming the place and what was expected."""

    _KINDS = {str: "a string", list: "a list", bool: "true or false", dict: "an object", int: "an integer"}

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, message: str) -> ManifestError:
        return ManifestError(f"{self.where}: {message}")

    def get(self, obj: Any, key: str, kind: type, *, optional: bool = False) -> Any:
        if not isinstance(obj, dict):
            raise self.fail("expected an object")
        value = obj.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            got = "nothing" if value is None else type(value).__name__
            raise self.fail(f"'{key}' must be {self._KINDS.get(kind, kind.__name__)}, got {got}")
        return value

    def text(self, obj: Any, key: str, *, optional: bool = False) -> Any:
        return self.get(obj, key, str, optional=optional)

    def texts(self, obj: Any, key: str) -> tuple[str, ...]:
        values = self.get(obj, key, list)
        if not all(isinstance(v, str) for v in values):
            raise self.fail(f"'{key}' must be a list of strings")
        return tuple(values)


def _entry(r: _Reader, item: Any) -> Entry:
    slug = r.text(item, "slug")
    r = _Reader(f"{r.where} ({slug})")
    status = r.text(item, "status")
    if status not in STATUSES:
        raise r.fail(f"'status' is {status!r}, expected one of {', '.join(STATUSES)}")
    date_text = r.text(item, "date", optional=True)
    date = None
    if date_text is not None:
        try:
            date = datetime.fromisoformat(date_text)
        except ValueError:
            raise r.fail(f"'date' is not an ISO 8601 date-time: {date_text!r}") from None
        date = date if date.tzinfo else date.replace(tzinfo=UTC)
    posts = {}
    for name, block in r.get(item, "posts", dict).items():
        p = _Reader(f"{r.where}: posts.{name}")
        texts = p.texts(block, "texts")
        if not texts or not all(t.strip() for t in texts):
            raise p.fail("'texts' must be a non-empty list of non-empty strings")
        weights = tuple(p.get(block, "weights", list))
        if len(weights) != len(texts) or not all(isinstance(w, int) for w in weights):
            raise p.fail("'weights' must be one integer per text")
        mentions = p.get(block, "mentions", dict)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in mentions.items()):
            raise p.fail("'mentions' must map names to member ids")
        facets = block.get("facets") if isinstance(block, dict) else None
        if facets is not None and not (isinstance(facets, list) and len(facets) == len(texts)
                                       and all(isinstance(f, list) and all(isinstance(x, dict) for x in f)
                                               for f in facets)):
            raise p.fail("'facets' must be one list of objects per text")
        posts[name] = Posts(texts=texts, weights=weights, limit=p.get(block, "limit", int), hash=p.text(block, "hash"),
                            byline=p.text(block, "byline"), mentions=mentions,
                            facets=tuple(tuple(f) for f in facets or ()))
    card = item.get("card")
    if card is not None:
        c = _Reader(f"{r.where}: card")
        card = Card(url=c.text(card, "url"), title=c.text(card, "title"), description=c.text(card, "description"))
    image = item.get("image")
    if image is not None:
        i = _Reader(f"{r.where}: image")
        kind = i.text(image, "kind")
        if kind not in ("file", "card"):
            raise i.fail(f"'kind' is {kind!r}, expected file or card")
        image = Image(path=i.text(image, "path"), url=i.text(image, "url"), alt=i.text(image, "alt"), kind=kind,
                      digest=i.text(image, "digest"))
    a = _Reader(f"{r.where}: approval")
    block = r.get(item, "approval", dict)
    hashes = a.get(block, "hashes", dict)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()):
        raise a.fail("'hashes' must map network names to hashes")
    approval = Approval(by=a.text(block, "by", optional=True), at=a.text(block, "at", optional=True), hashes=hashes)
    lint = []
    for n, raw in enumerate(r.get(item, "lint", list)):
        f = _Reader(f"{r.where}: lint[{n}]")
        lint.append(Finding(rule=f.text(raw, "rule"), severity=f.text(raw, "severity"), where=f.text(raw, "where"),
                            excerpt=f.text(raw, "excerpt"), advice=f.text(raw, "advice"),
                            ignored=f.text(raw, "ignored", optional=True)))
    return Entry(
        src=r.text(item, "src"),
        slug=slug,
        url=r.text(item, "url", optional=True),
        title=r.text(item, "title"),
        description=r.text(item, "description"),
        date=date,
        status=status,
        posts=posts,
        card=card,
        image=image,
        approval=approval,
        lint=tuple(lint),
        warnings=r.texts(item, "warnings"),
        advice=r.texts(item, "advice"),
        problems=r.texts(item, "problems"),
        unfinished=r.texts(item, "unfinished"),
    )


def with_posts(entry: Entry, texts: Mapping[str, Sequence[str]], weights: Mapping[str, Sequence[int]],
               limits: Mapping[str, int], bylines: Mapping[str, tuple[str, Mapping[str, str]]] | None = None) -> Entry:
    """`entry` with each network's posts and their hashes computed from the entry's card and image."""
    bylines = bylines or {}
    posts = {}
    for name, t in texts.items():
        if not t:
            continue
        byline, mentions = bylines.get(name, ("", {}))
        posts[name] = Posts(texts=tuple(t), weights=tuple(weights[name]), limit=limits[name],
                            hash=posts_hash(name, t, entry.card, entry.image, mentions), byline=byline,
                            mentions=dict(mentions))
    return replace(entry, posts=posts)


def build(site_url: str, entries: Iterable[Entry], **kwargs: Any) -> Manifest:
    return Manifest(site_url=site_url, entries=tuple(sorted(entries, key=sort_key)), **kwargs)
