"""Sharing metadata for a page: Open Graph, Twitter card, JSON-LD and share links.

Built as plain data here and escaped by the template, so a title holding
markup or quotes cannot break the page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class PageInfo:
    title: str
    description: str
    url: str
    site_name: str
    site_url: str
    publisher: str
    image: str | None = None
    published: dt.datetime | None = None
    authors: Sequence[str] = ()
    article: bool = False
    creator: str | None = None
    """The X account credited as the page's author ('@akoch'), from the authors file."""
    profiles: Mapping[str, Sequence[str]] | None = None
    """Public profile URLs by author name, for JSON-LD `sameAs`."""


@dataclass(frozen=True)
class Share:
    x: str
    linkedin: str
    url: str


@dataclass(frozen=True)
class SeoData:
    meta: tuple[tuple[str, str, str], ...]
    json_ld: str | None = None
    share: Share | None = None


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close or confuse it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def share_links(url: str, title: str) -> Share:
    """Public share intents of X and LinkedIn; the URL is fully percent-encoded."""
    x = "https://twitter.com/intent/tweet?" + urlencode({"text": title, "url": url}, quote_via=quote)
    linkedin = "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}, quote_via=quote)
    return Share(x=x, linkedin=linkedin, url=url)


def _person(name: str, profiles: Sequence[str]) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": name}
    if profiles:
        person["sameAs"] = list(profiles)
    return person


def page_seo(info: PageInfo) -> SeoData:
    meta: list[tuple[str, str, str]] = [
        ("property", "og:site_name", info.site_name),
        ("property", "og:title", info.title),
        ("property", "og:description", info.description),
        ("property", "og:url", info.url),
        ("property", "og:type", "article" if info.article else "website"),
        ("name", "twitter:card", "summary_large_image" if info.image else "summary"),
        ("name", "twitter:title", info.title),
        ("name", "twitter:description", info.description),
    ]
    if info.creator:
        meta.append(("name", "twitter:creator", info.creator))
    if info.image:
        meta += [
            ("property", "og:image", info.image),
            ("property", "og:image:width", "1200"),
            ("property", "og:image:height", "630"),
            ("name", "twitter:image", info.image),
        ]
    if not info.article:
        return SeoData(meta=tuple(meta))
    if info.published:
        meta.append(("property", "article:published_time", info.published.isoformat()))
    meta += [("property", "article:author", name) for name in info.authors]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": info.title,
        "description": info.description,
        "author": [_person(name, (info.profiles or {}).get(name, ())) for name in info.authors],
        "publisher": {"@type": "Organization", "name": info.publisher, "url": info.site_url},
        "mainEntityOfPage": {"@type": "WebPage", "@id": info.url},
        "url": info.url,
    }
    if info.published:
        ld["datePublished"] = info.published.isoformat()
    if info.image:
        ld["image"] = [info.image]
    return SeoData(meta=tuple(meta), json_ld=script_json(ld), share=share_links(info.url, info.title))
