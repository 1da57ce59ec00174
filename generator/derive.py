"""From one validated article and its rendered HTML to its manifest entry."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from generator import networks
from generator.authors import Author
from generator.extract import extract_article_text
from generator.manifest import Approval, Card, Entry, Finding, Image, Posts, digest, posts_hash
from generator.networks.base import Source, link_back
from generator.schema import ArticleMeta, Checked
from generator.terminal import strip_controls

__all__ = ["Options", "link_back", "merge_hashtags", "derive_entry"]


@dataclass(frozen=True)
class Options:
    """The plugin options derivation needs, free of mkdocs types."""

    thread_max: int = 6
    numbering: bool = True
    hashtags: tuple[str, ...] = ()
    utm: bool = True
    linkedin_max: int = 3000
    mention_authors: bool = False
    networks: tuple[str, ...] = networks.DEFAULT


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


def status(meta: ArticleMeta, now: dt.datetime) -> str:
    """What the build decides; `Entry.state` decides again with the clock of whoever reads the manifest."""
    if meta.draft:
        return "draft"
    if meta.date > now:
        return "scheduled"
    if not meta.social.publish:
        return "opted-out"
    return "due"


def approval_of(meta: ArticleMeta) -> Approval:
    social = meta.social
    return Approval(by=social.approved_by, at=social.approved_at, hashes=dict(social.approved_hash or {}))


def card_image(path: str, url: str, *, title: str, description: str, site_name: str, layout: str,
               alt: str | None = None) -> Image:
    """A generated card: its bytes depend on the drawing library, so what is approved is what it shows.

    Its alt text is the author's `social.image_alt`, else "title — site name", which is what the card shows.
    """
    inputs = json.dumps([title, description, site_name, layout], ensure_ascii=False).encode("utf-8")
    return Image(path=path, url=url, alt=alt or f"{title} — {site_name}", kind="card", digest=digest(inputs))


def file_image(path: str, url: str, data: bytes, *, alt: str) -> Image:
    """The author's own image: approval covers its exact bytes."""
    return Image(path=path, url=url, alt=alt, kind="file", digest=digest(data))


def derive_entry(
    meta: ArticleMeta,
    html: str,
    *,
    url: str,
    slug: str,
    options: Options,
    image: Image | None = None,
    now: dt.datetime | None = None,
    authors: Sequence[Author] = (),
) -> Entry:
    """Derive the posts of every network the site and the article choose, as the article's manifest entry."""
    now = now or dt.datetime.now(dt.timezone.utc)
    social = meta.social
    # Control characters never go out (they hide or rewrite what a reader sees); front matter refuses them.
    source = Source(meta=meta, text=extract_article_text(strip_controls(html)), url=url, slug=slug,
                    options=options, hashtags=merge_hashtags(social.hashtags, options.hashtags), authors=tuple(authors))
    card = Card(url=url, title=meta.title, description=meta.description)
    chosen = chosen_networks(options.networks, social.networks)
    posts: dict[str, Posts] = {}
    warnings: list[str] = []
    advice: list[str] = []
    for network in networks.REGISTRY:
        if network.name not in chosen:
            continue
        draft = network.derive(source)
        warnings += [w for w in draft.warnings if w not in warnings]
        advice += [a for a in draft.advice if a not in advice]
        if not draft.texts:
            continue
        posts[network.name] = Posts(
            texts=draft.texts, weights=draft.weights, limit=draft.limit,
            hash=posts_hash(network.name, draft.texts, card, image, draft.mentions, draft.facets),
            byline=draft.byline, mentions=dict(draft.mentions), facets=draft.facets)
    return Entry(
        src=meta.src,
        slug=slug,
        url=url,
        title=meta.title,
        description=meta.description,
        date=meta.date,
        status=status(meta, now),
        posts=posts,
        card=card,
        image=image,
        approval=approval_of(meta),
        warnings=tuple(warnings),
        advice=tuple(advice),
    )


def chosen_networks(site: Sequence[str], article: Sequence[str] | None) -> tuple[str, ...]:
    """The site's networks, narrowed to the article's `social.networks` when it names some."""
    return tuple(name for name in site if article is None or name in article)


def placeholder_entry(src: str, checked: Checked, *, slug: str, now: dt.datetime) -> Entry:
    """An article the build did not render (invalid, draft, or not yet due): listed, never posted."""
    meta = checked.meta
    raw = checked.raw if isinstance(checked.raw, dict) else {}
    title = meta.title if meta else str(raw.get("title") or Path(src).stem)
    description = meta.description if meta else str(raw.get("description") or "")
    return Entry(
        src=src,
        slug=slug,
        url=None,
        title=title,
        description=description,
        date=meta.date if meta else None,
        status="invalid" if checked.problems or meta is None else status(meta, now),
        approval=approval_of(meta) if meta else Approval(),
        problems=tuple(str(p) for p in checked.problems),
    )


def reviewed(entry: Entry, findings: Sequence[Finding], unfinished: Sequence[str]) -> Entry:
    """The entry with what a reviewer must see before it can go out: claims findings, unfinished fields."""
    return replace(entry, lint=tuple(findings), unfinished=tuple(unfinished))
