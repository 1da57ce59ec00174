"""The site's feeds (mkdocs-rss-plugin, as `herald init` configures it), read back with feedparser."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest

from conftest import SITE_URL, mkdocs_build, sample_site_at

DRAFT = """\
---
title: Unannounced extrusion line
description: Zanzibarquill draft description that must stay private.
date: 2026-01-20
draft: true
authors: [akoch]
---

Zanzibarquill is a word only this draft uses. It describes a line we have not announced.

## Details

The line runs three shifts. It is not public yet.
"""

FUTURE = """\
---
title: Launch of the quokkaflux catheter hub
description: Quokkaflux scheduled description, public only on its day.
date: 2099-01-01
authors: [mweber]
---

Quokkaflux is a word only this scheduled article uses. It announces a launch.

## Details

The hub ships on the launch date. Until then it is embargoed.
"""


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed")
    config = sample_site_at(root)
    posts = root / "content" / "blog" / "posts"
    (posts / "draft.md").write_text(DRAFT, encoding="utf-8")
    (posts / "future.md").write_text(FUTURE, encoding="utf-8")
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def article_urls(site) -> dict[str, str]:
    manifest = json.loads((site.parent / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8"))
    return {e["title"]: e["url"] for e in manifest["articles"] if e["status"] == "due"}


def test_rss_feed_lists_every_published_article_with_its_details(feed_site):
    feed = feedparser.parse((feed_site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Sample Insights" and feed.feed.link == SITE_URL
    due = article_urls(feed_site)
    assert len(due) == 3
    entries = {e.title: e for e in feed.entries}
    assert set(entries) == set(due)
    peek = entries["PEEK for spinal implants: machining or moulding?"]
    assert peek.link == due[peek.title]
    assert peek.summary == "How implant-grade PEEK is sourced, how machining and moulding compare, and which questions decide the route."
    assert dt.datetime(*peek.published_parsed[:6]) == dt.datetime(2026, 3, 2)
    assert peek.author == "Dr. Markus Weber"
    assert {t.term for t in peek.tags} >= {"Materials", "PEEK", "implants"}
    (image,) = [e for e in peek.enclosures if e.type == "image/png"]
    assert image.href.startswith(SITE_URL + "assets/images/social/blog/2026/03/02/peek-spinal-implants")
    assert (feed_site / image.href.removeprefix(SITE_URL)).stat().st_size == int(image.length)
    assert entries["Extruding TPU catheter tubing to tight tolerances"].author == "Dr. Anna Koch"
    # Newest first.
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_json_feed_matches(feed_site):
    feed = json.loads((feed_site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert feed["version"].startswith("https://jsonfeed.org/version/1")
    due = article_urls(feed_site)
    assert {item["title"]: item["url"] for item in feed["items"]} == due
    for item in feed["items"]:
        assert item["authors"] and item["authors"][0]["name"].startswith("Dr. ")
        assert item["image"].startswith(SITE_URL + "assets/images/social/")
        assert dt.datetime.fromisoformat(item["date_published"]) < dt.datetime.now(dt.timezone.utc)


def test_drafts_and_future_articles_are_in_no_feed(feed_site):
    feeds = [p for p in feed_site.iterdir() if p.name.startswith("feed_")]
    assert len(feeds) == 4
    for path in feeds:
        text = path.read_text(encoding="utf-8")
        assert "Zanzibarquill" not in text and "zanzibarquill" not in text.lower(), path.name
        assert "quokkaflux" not in text.lower(), path.name
        assert "Sample Insights" in text
    entries = feedparser.parse((feed_site / "feed_rss_updated.xml").read_bytes()).entries
    assert len(entries) == 3


def test_pages_point_readers_to_the_feed(feed_site):
    html = (feed_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml"' in html and "feed_rss_created.xml" in html

