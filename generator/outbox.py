"""The /social/ review page: every derived thread and post, as authors will see them."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import jinja2

from generator.counter import MAX_WEIGHT

OUTBOX_PAGE = "social/index.md"

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

PAGE_SOURCE = """---
title: Social outbox
description: Derived X threads and LinkedIn posts awaiting review.
robots: noindex, nofollow
search:
  exclude: true
hide:
  - navigation
---

# Social outbox
"""


def render_outbox(entries: Sequence[dict[str, Any]], problems: Sequence[str] = (), *, linkedin_max: int = 3000) -> str:
    """HTML for the outbox body; newest articles first, since those are what reviewers look for."""
    ordered = sorted(entries, key=lambda e: (e["date"], e["slug"]), reverse=True)
    totals = sorted(Counter(e["status"] for e in ordered).items())
    return _env.get_template("outbox.html").render(
        entries=ordered, problems=problems, totals=totals, limit=MAX_WEIGHT, linkedin_max=linkedin_max
    )


def drop_from_sitemap(site_dir: str, url: str) -> bool:
    """Remove the outbox from sitemap.xml (and its .gz twin): review pages are not for crawlers."""
    sitemap = Path(site_dir) / "sitemap.xml"
    if not sitemap.is_file():
        return False
    text = sitemap.read_text(encoding="utf-8")
    pattern = re.compile(r"\s*<url>\s*<loc>" + re.escape(url) + r"</loc>.*?</url>", re.S)
    cleaned = pattern.sub("", text)
    if cleaned == text:
        return False
    sitemap.write_text(cleaned, encoding="utf-8")
    packed = sitemap.with_name("sitemap.xml.gz")
    if packed.exists():
        packed.write_bytes(gzip.compress(cleaned.encode("utf-8"), mtime=0))
    return True
