"""The shipped site, built strictly: every article page carries its sharing metadata."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL


def article_pages(built) -> list[Path]:
    site, manifest = built.site, built.manifest()
    pages = []
    for entry in manifest["articles"]:
        if entry["url"]:
            pages.append(site / entry["url"].removeprefix(SITE_URL) / "index.html")
    return pages


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all("meta", attrs={"name": key})
    return [t.get("content") for t in tags]


def test_strict_build_has_no_warnings(shipped_site):
    assert not [line for line in shipped_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_at_least_ten_articles_of_real_length(shipped_site):
    posts = sorted((ROOT / "content" / "blog" / "posts").glob("*.md"))
    assert len(posts) >= 10
    import frontmatter

    for post in posts:
        words = len(frontmatter.load(post).content.split())
        assert 600 <= words <= 1600, (post.name, words)
    assert len(article_pages(shipped_site)) >= 10


def test_every_article_page_has_every_tag(shipped_site):
    entries = [e for e in shipped_site.manifest()["articles"] if e["url"]]
    assert len(entries) >= 10
    for entry in entries:
        page = shipped_site.site / entry["url"].removeprefix(SITE_URL) / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = entry["src"]
        canonical = soup.find("link", rel="canonical")
        assert canonical and canonical["href"] == entry["url"], where
        assert meta(soup, "og:title") == [entry["title"]], where
        assert meta(soup, "og:description") == [entry["description"]], where
        assert meta(soup, "og:url") == [entry["url"]], where
        assert meta(soup, "og:type") == ["article"], where
        assert meta(soup, "article:published_time") == [entry["date"]], where
        assert meta(soup, "article:author") and all(meta(soup, "article:author")), where
        assert meta(soup, "twitter:card") == ["summary_large_image"], where
        assert meta(soup, "twitter:title") == [entry["title"]], where
        assert meta(soup, "twitter:description") == [entry["description"]], where
        (image,) = meta(soup, "og:image")
        assert meta(soup, "twitter:image") == [image], where
        assert image == entry["image"]["url"] and image.startswith(SITE_URL), where
        assert (shipped_site.site / image.removeprefix(SITE_URL)).stat().st_size > 1000, where

        (script,) = soup.find_all("script", type="application/ld+json")
        ld = json.loads(script.string)
        assert ld["@type"] == "Article"
        assert ld["headline"] == entry["title"], where
        assert ld["datePublished"] == entry["date"]
        assert ld["author"] and all(a["name"] for a in ld["author"])
        assert ld["publisher"]["@type"] == "Organization" and ld["publisher"]["name"]
        assert ld["image"] == [image]
        assert ld["mainEntityOfPage"]["@id"] == entry["url"]

        x = soup.select_one("a.herald-share__x")["href"]
        assert x.startswith("https://twitter.com/intent/tweet?")
        assert parse_qs(urlparse(x).query)["url"] == [entry["url"]]
        assert "url=https%3A%2F%2F" in x
        linkedin = soup.select_one("a.herald-share__linkedin")["href"]
        assert linkedin.startswith("https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2F")
        assert parse_qs(urlparse(linkedin).query)["url"] == [entry["url"]]
        assert soup.select_one("button.herald-share__copy")["data-herald-copy"] == entry["url"]


def test_non_article_pages_have_no_article_markup(shipped_site):
    soup = BeautifulSoup((shipped_site.site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert meta(soup, "og:type") == ["website"]
    assert not soup.find_all("script", type="application/ld+json")
    assert not soup.select("aside.herald-share")
    assert soup.find("link", rel="canonical")["href"] == SITE_URL + "about/"


def test_blog_features_are_built(shipped_site):
    site = shipped_site.site
    assert (site / "blog" / "archive").is_dir()
    assert (site / "blog" / "category").is_dir()
    assert (site / "blog" / "page" / "2" / "index.html").is_file()
    index = BeautifulSoup((site / "blog" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select(".md-post--excerpt")
    assert "min read" in index.get_text()
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("/posts/" not in d["location"] and "blog/20" in d["location"] for d in search["docs"])


HOSTILE = """\
---
title: "<script>alert('x')</script> PEEK & \\"quotes\\" </title>"
description: "A <b>bold</b> claim & an 'apostrophe' </script> in the description."
date: 2026-02-02
authors: [tester]
---

Lead paragraph with enough words to make a thread from it. It says what the reader gains.

## Section

A second paragraph with its own point. It carries a sentence or two.
"""


def test_hostile_title_is_escaped_everywhere(mini_site):
    built = mini_site({"hostile.md": HOSTILE})
    assert built.result.returncode == 0, built.log
    entry = built.entries()["blog/posts/hostile.md"]
    page = built.site / entry["url"].removeprefix(SITE_URL) / "index.html"
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    title = "<script>alert('x')</script> PEEK & \"quotes\" </title>"
    executable = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert(" in (s.string or "") for s in executable)
    assert "</script" not in soup.find("script", type="application/ld+json").string
    assert "<script>alert" not in html
    assert meta(soup, "og:title") == [title]
    assert meta(soup, "og:description") == ["A <b>bold</b> claim & an 'apostrophe' </script> in the description."]
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert ld["headline"] == title
    assert soup.find("h1").get_text() == title
    # Nothing hostile in the review page either.
    outbox = (built.build_dir / "review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in outbox and "<b>bold</b>" not in outbox
