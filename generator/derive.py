"""From one validated article and its rendered HTML to its manifest entry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import unquote, urlencode

from generator.counter import weighted_length
from generator.extract import extract_article_text
from generator.linkedin import build_linkedin
from generator.schema import ArticleMeta, Checked
from generator.thread import build_thread


@dataclass(frozen=True)
class Options:
    """The plugin options derivation needs, free of mkdocs types."""

    thread_max: int = 6
    numbering: bool = True
    hashtags: tuple[str, ...] = ()
    utm: bool = True
    linkedin_max: int = 3000
    approval: str = "none"


def link_back(url: str, slug: str, network: str, utm: bool) -> str:
    """The article URL, tagged so the firm can see which network brought the reader.

    A slug taken from a page URL may already be percent-encoded; it is decoded first so ``utm_campaign``
    carries the readable slug, encoded exactly once.
    """
    if not utm:
        return url
    query = urlencode({"utm_source": network, "utm_medium": "social", "utm_campaign": unquote(slug)})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def merge_hashtags(article: Sequence[str], site: Sequence[str], limit: int = 3) -> tuple[str, ...]:
    """Article tags first, then the site's; case-insensitive duplicates dropped."""
    seen: set[str] = set()
    merged: list[str] = []
    for tag in (*article, *site):
        tag = tag.lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            merged.append(tag)
    return tuple(merged[:limit])


def content_hash(thread: Sequence[str], commentary: str, article: dict[str, str]) -> str:
    """A stable fingerprint of what would be posted; approval and the ledger compare it."""
    blob = json.dumps({"x": list(thread), "linkedin": commentary, "article": article}, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def status(meta: ArticleMeta, now: dt.datetime) -> str:
    if meta.draft:
        return "draft"
    if meta.date > now:
        return "scheduled"
    if not meta.social.publish:
        return "opted-out"
    return "due"


def approval_state(meta: ArticleMeta, digest: str, required: bool) -> dict[str, Any]:
    social = meta.social
    if social.approved_hash is None:
        state = "unapproved"
    elif social.approved_hash == digest:
        state = "approved"
    else:
        state = "stale"
    if not required and state == "unapproved":
        state = "not-required"
    return {
        "required": required,
        "approved_by": social.approved_by,
        "approved_at": social.approved_at,
        "approved_hash": social.approved_hash,
        "state": state,
    }


def derive_entry(
    meta: ArticleMeta,
    html: str,
    *,
    url: str,
    slug: str,
    options: Options,
    image: str | None = None,
    image_url: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Derive the thread and LinkedIn post of one article as a manifest entry."""
    now = now or dt.datetime.now(dt.timezone.utc)
    text = extract_article_text(html)
    social = meta.social
    hashtags = merge_hashtags(social.hashtags, options.hashtags)
    thread = build_thread(
        text,
        link=link_back(url, slug, "x", options.utm),
        hook=social.hook,
        description=meta.description,
        hashtags=hashtags,
        thread_max=options.thread_max,
        numbering=options.numbering,
        authored=social.thread,
        article=meta.src,
    )
    post = build_linkedin(
        text,
        link=link_back(url, slug, "linkedin", options.utm),
        source=url,
        title=meta.title,
        description=meta.description,
        hook=social.hook,
        hashtags=hashtags,
        max_chars=options.linkedin_max,
        authored=social.linkedin,
        article=meta.src,
    )
    article = {"source": post.source, "title": post.title, "description": post.description}
    digest = content_hash(thread.tweets, post.commentary, article)
    state = status(meta, now)
    return {
        "src": meta.src,
        "slug": slug,
        "url": url,
        "title": meta.title,
        "description": meta.description,
        "date": meta.date.isoformat(),
        "publish": state == "due",
        "status": state,
        "content_hash": digest,
        "image": image,
        "image_url": image_url,
        "x": {"thread": list(thread.tweets), "weights": [weighted_length(t) for t in thread.tweets]},
        "linkedin": {"commentary": post.commentary, "article": article},
        "approval": approval_state(meta, digest, options.approval == "required"),
        "warnings": [*thread.warnings, *post.warnings],
    }


def placeholder_entry(src: str, checked: Checked) -> dict[str, Any]:
    """An article with no derived posts (invalid, or a draft the build left out): listed, never published."""
    meta = checked.meta
    raw = checked.raw if isinstance(checked.raw, dict) else {}
    title = meta.title if meta else str(raw.get("title") or Path(src).stem)
    description = meta.description if meta else str(raw.get("description") or "")
    if checked.problems:
        state = "invalid"
    else:
        state = status(meta, dt.datetime.now(dt.timezone.utc))
        state = state if state in ("draft", "scheduled") else "not-rendered"
    return {
        "src": src,
        "slug": (meta.slug if meta else None) or Path(src).stem,
        "url": None,
        "title": title,
        "description": description,
        "date": meta.date.isoformat() if meta else "",
        "publish": False,
        "status": state,
        "content_hash": None,
        "image": None,
        "image_url": None,
        "x": {"thread": [], "weights": []},
        "linkedin": {"commentary": "", "article": {"source": None, "title": title, "description": description}},
        "approval": {"required": False, "approved_by": None, "approved_at": None, "approved_hash": None, "state": "not-required"},
        "warnings": [str(p) for p in checked.problems],
        "lint": [],
    }
