"""From one validated article and its rendered HTML to its manifest entry."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence
from urllib.parse import unquote, urlencode

from generator.authors import Author, credit_first_tweet, credit_linkedin, linkedin_byline, linkedin_mentions, x_byline
from generator.counter import MAX_WEIGHT, weighted_length
from generator.extract import extract_article_text
from generator.linkedin import build_linkedin
from generator.manifest import Approval, Card, Entry, Finding, Image, digest, with_posts
from generator.schema import ArticleMeta, Checked
from generator.terminal import strip_controls
from generator.thread import build_thread


@dataclass(frozen=True)
class Options:
    """The plugin options derivation needs, free of mkdocs types."""

    thread_max: int = 6
    numbering: bool = True
    hashtags: tuple[str, ...] = ()
    utm: bool = True
    linkedin_max: int = 3000
    mention_authors: bool = False


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


def card_image(path: str, url: str, *, title: str, description: str, site_name: str, layout: str) -> Image:
    """A generated card: its bytes depend on the drawing library, so what is approved is what it shows."""
    inputs = json.dumps([title, description, site_name, layout], ensure_ascii=False).encode("utf-8")
    return Image(path=path, url=url, alt=f"{title} — {site_name}", kind="card", digest=digest(inputs))


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
    """Derive every network's posts of one article as its manifest entry."""
    now = now or dt.datetime.now(dt.timezone.utc)
    # Control characters never go out (they hide or rewrite what a reader sees); front matter refuses them.
    text = extract_article_text(strip_controls(html))
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
    tweets, commentary, warnings = thread.tweets, post.commentary, [*thread.warnings, *post.warnings]
    bylines: dict[str, tuple[str, dict[str, str]]] = {}
    if options.mention_authors and authors:
        tweets = credit_first_tweet(tweets, x_byline(authors))
        if tweets == thread.tweets:
            warnings.append(f"{meta.src}: no room for '{x_byline(authors)}' in tweet 1; the thread goes out without it")
        byline = linkedin_byline(authors)
        credited = credit_linkedin(commentary, byline)
        if len(credited) <= options.linkedin_max:
            commentary = credited
            bylines["linkedin"] = (byline, dict(linkedin_mentions(authors)))
    entry = Entry(
        src=meta.src,
        slug=slug,
        url=url,
        title=meta.title,
        description=meta.description,
        date=meta.date,
        status=status(meta, now),
        card=Card(url=post.source, title=post.title, description=post.description),
        image=image,
        approval=approval_of(meta),
        warnings=tuple(warnings),
        advice=tuple(dict.fromkeys((*thread.advice, *post.advice))),
    )
    return with_posts(
        entry,
        texts={"x": tweets, "linkedin": (commentary,)},
        weights={"x": [weighted_length(t) for t in tweets], "linkedin": [len(commentary)]},
        limits={"x": MAX_WEIGHT, "linkedin": options.linkedin_max},
        bylines=bylines,
    )


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
