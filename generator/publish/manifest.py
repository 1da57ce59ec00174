"""Read and validate `site/social/manifest.json`, the only thing publishing knows about the site."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.publish.errors import PublishError

SCHEMA = 1
STATUSES = ("due", "draft", "scheduled", "opted-out", "invalid")
APPROVAL_STATES = ("not-required", "approved", "unapproved", "stale")


class ManifestError(PublishError):
    """The manifest is missing, malformed or of a schema this herald does not read."""


@dataclass(frozen=True)
class Approval:
    """Whether a person must approve the article before it goes out."""

    required: bool
    state: str
    approved_by: str | None

    @property
    def blocks(self) -> bool:
        return self.required and self.state != "approved"


@dataclass(frozen=True)
class LinkedInDraft:
    """The LinkedIn post as the build derived it; `commentary` is plain text, escaped only when sent."""

    commentary: str
    source: str
    title: str
    description: str


@dataclass(frozen=True)
class Article:
    """One manifest entry: what to post for one article."""

    slug: str
    src: str
    url: str
    title: str
    date: datetime
    publish: bool
    status: str
    content_hash: str
    image: Path | None
    thread: tuple[str, ...]
    linkedin: LinkedInDraft | None
    approval: Approval
    warnings: tuple[str, ...]

    def is_due(self, now: datetime) -> bool:
        """Due when the author wants it published, the build did not hold it back, and its date has passed."""
        return self.publish and self.status in ("due", "scheduled") and self.date <= now


@dataclass(frozen=True)
class Manifest:
    """The validated manifest."""

    path: Path
    site_dir: Path
    site_url: str
    generator: str
    articles: tuple[Article, ...]

    def article(self, slug: str) -> Article | None:
        return next((a for a in self.articles if a.slug == slug), None)


def load(site_dir: Path) -> Manifest:
    """Read the manifest the build wrote under `site_dir`; any problem is one ManifestError line."""
    path = site_dir / "social" / "manifest.json"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"no manifest at {path}; run `mkdocs build` first (or pass --site-dir)") from None
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"manifest {path} is not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    return parse(data, path=path, site_dir=site_dir)


def parse(data: Any, *, path: Path, site_dir: Path) -> Manifest:
    """Validate decoded manifest JSON."""
    where = f"manifest {path}"
    if not isinstance(data, dict):
        raise ManifestError(f"{where} must be a JSON object")
    if "schema" not in data:
        raise ManifestError(f"{where} has no 'schema'; rebuild the site with this herald version")
    if data["schema"] != SCHEMA:
        raise ManifestError(f"{where} has schema {data['schema']!r}; this herald reads schema {SCHEMA}")
    site_url = _field(data, "site_url", str, where)
    generator = _optional_text(data, "generator")
    items = _field(data, "articles", list, where)
    articles: list[Article] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        article = _article(item, f"{where}: articles[{index}]", site_dir)
        if article.slug in seen:
            raise ManifestError(f"{where}: slug {article.slug!r} appears twice")
        seen.add(article.slug)
        articles.append(article)
    return Manifest(path=path, site_dir=site_dir, site_url=site_url, generator=generator, articles=tuple(articles))


def _article(item: Any, where: str, site_dir: Path) -> Article:
    if not isinstance(item, dict):
        raise ManifestError(f"{where} must be an object")
    slug = _field(item, "slug", str, where)
    if not slug:
        raise ManifestError(f"{where}: 'slug' is empty")
    where = f"{where} ({slug})"
    status = _field(item, "status", str, where)
    if status not in STATUSES:
        raise ManifestError(f"{where}: 'status' is {status!r}, expected one of {', '.join(STATUSES)}")
    image = item.get("image")
    if image is not None and not isinstance(image, str):
        raise ManifestError(f"{where}: 'image' must be a path or null")
    return Article(
        slug=slug,
        src=_optional_text(item, "src"),
        url=_field(item, "url", str, where),
        title=_field(item, "title", str, where),
        date=_date(item, where),
        publish=_field(item, "publish", bool, where),
        status=status,
        content_hash=_field(item, "content_hash", str, where),
        image=site_dir / image if image else None,
        thread=_thread(item.get("x"), where),
        linkedin=_linkedin(item.get("linkedin"), where),
        approval=_approval(item.get("approval"), where),
        warnings=tuple(w for w in item.get("warnings") or () if isinstance(w, str)),
    )


def _field(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in obj:
        raise ManifestError(f"{where}: '{key}' is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ManifestError(f"{where}: '{key}' must be {_kind_name(kind)}, got {type(value).__name__}")
    return value


def _optional_text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _kind_name(kind: type) -> str:
    return {str: "a string", list: "a list", bool: "true or false", dict: "an object"}.get(kind, kind.__name__)


def _date(item: dict[str, Any], where: str) -> datetime:
    text = _field(item, "date", str, where)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ManifestError(f"{where}: 'date' is not an ISO 8601 date: {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _thread(block: Any, where: str) -> tuple[str, ...]:
    if block is None:
        return ()
    if not isinstance(block, dict):
        raise ManifestError(f"{where}: 'x' must be an object or null")
    tweets = block.get("thread") or []
    if not isinstance(tweets, list) or not all(isinstance(t, str) and t.strip() for t in tweets):
        raise ManifestError(f"{where}: 'x.thread' must be a list of non-empty strings")
    return tuple(tweets)


def _linkedin(block: Any, where: str) -> LinkedInDraft | None:
    if block is None:
        return None
    if not isinstance(block, dict):
        raise ManifestError(f"{where}: 'linkedin' must be an object or null")
    commentary = _field(block, "commentary", str, f"{where}: linkedin")
    article = _field(block, "article", dict, f"{where}: linkedin")
    inner = f"{where}: linkedin.article"
    return LinkedInDraft(
        commentary=commentary,
        source=_field(article, "source", str, inner),
        title=_field(article, "title", str, inner),
        description=_optional_text(article, "description"),
    )


def _approval(block: Any, where: str) -> Approval:
    if block is None:
        return Approval(required=False, state="not-required", approved_by=None)
    if not isinstance(block, dict):
        raise ManifestError(f"{where}: 'approval' must be an object")
    state = _field(block, "state", str, f"{where}: approval")
    if state not in APPROVAL_STATES:
        raise ManifestError(f"{where}: approval 'state' is {state!r}, expected one of {', '.join(APPROVAL_STATES)}")
    by = block.get("approved_by")
    return Approval(required=bool(block.get("required")), state=state, approved_by=by if isinstance(by, str) else None)
