"""The review page: every article's state and derived posts, as a reviewer must see them.

Under `mkdocs serve` it is the live page /social/; a build writes it, private, next to the manifest (or also
into the site, with `review_page: public`, where only articles already public are listed).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import jinja2
from markupsafe import Markup

from generator import networks
from generator.manifest import Entry, sort_key

OUTBOX_PAGE = "social/index.md"

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)

PAGE_SOURCE = """---
title: Social outbox
description: Derived posts awaiting review.
robots: noindex, nofollow
search:
  exclude: true
hide:
  - navigation
---

# Social outbox
"""

NOTES = {
    "draft": "Draft: left out of the built site and never posted.",
    "scheduled": "Scheduled: left out of the built site until its date; posted by the first run after it.",
    "not-built": "Its date has passed since this build: rebuild and deploy the site, then it is posted.",
    "opted-out": "social.publish is false: never posted.",
    "invalid": "Invalid front matter: not posted until fixed.",
    "blocked": "Blocked by a claims-lint error: fix the text or silence the rule with a reason.",
    "unfinished": "Not ready: a `herald new` placeholder is left.",
}


def view(entry: Entry, now: dt.datetime, required: bool = False) -> dict[str, Any]:
    """Plain data for the template; autoescaping does the rest."""
    state = entry.state(now)
    shown = [n for n in networks.REGISTRY if n.name in entry.posts]
    return {
        "slug": entry.slug,
        "title": entry.title,
        "src": entry.src,
        "url": entry.url,
        "date": entry.date.date().isoformat() if entry.date else "no date",
        "state": state,
        "note": NOTES.get(state, ""),
        "review": entry.review if entry.posts else "",
        "approved_by": entry.approval.by,
        "approvals": [(n.label, entry.approval_state(n.name, required)) for n in shown],
        "problems": entry.problems,
        "unfinished": entry.unfinished,
        "warnings": entry.warnings,
        "advice": entry.advice,
        "claims": [f for f in entry.lint if not f.ignored],
        "networks": [
            {"name": n.name, "label": n.label, "measure": n.measure, "texts": entry.posts[n.name].texts,
             "limit": entry.posts[n.name].limit, "shape": n.shape,
             "pairs": list(zip(entry.posts[n.name].texts, entry.posts[n.name].weights)),
             "links": [entry.posts[n.name].links(i) for i in range(len(entry.posts[n.name].texts))]}
            for n in shown
        ],
        "card": entry.card,
        "image": entry.image,
    }


def render_outbox(entries: Sequence[Entry], problems: Sequence[str] = (), *, now: dt.datetime,
                  public: bool = False, required: bool = False) -> str:
    """HTML for the review page body; newest first, since those are what reviewers look for."""
    if public:
        # A public review page lists only what is already public.
        entries = [e for e in entries if e.url and e.state(now) not in ("draft", "scheduled", "invalid")]
        problems = ()
    ordered = [view(e, now, required) for e in sorted(entries, key=sort_key, reverse=True)]
    totals = sorted(Counter(e["state"] for e in ordered).items())
    return _env.get_template("outbox.html").render(entries=ordered, problems=problems, totals=totals)


def render_review(entries: Sequence[Entry], problems: Sequence[str], *, now: dt.datetime, site_name: str = "",
                  required: bool = False) -> str:
    """The private review page: a standalone HTML file next to the manifest."""
    body = render_outbox(entries, problems, now=now, required=required)
    return _env.get_template("review.html").render(body=Markup(body), site_name=site_name)


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
