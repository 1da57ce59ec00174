"""Sites built with Herald carry its page additions from the package alone: no `theme/` of their own."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import yaml
from bs4 import BeautifulSoup

from conftest import GOOD_POST, MINI_CONFIG, SITE_URL, make_site, mkdocs_build, sample_site_at


def manifest_of(root: Path) -> dict:
    """What the build wrote next to mkdocs.yml in `root`, outside the deployed site."""
    return json.loads((root / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8"))


def article_pages(root: Path) -> list[Path]:
    site = root / "site"
    return [site / e["url"].removeprefix(SITE_URL) / "index.html" for e in manifest_of(root)["articles"] if e["url"]]


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all("meta", attrs={"name": key})
    return [t.get("content") for t in tags]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_site_has_no_theme_of_its_own_and_builds_without_warnings(sample_site):
    config = yaml.load((sample_site.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "custom_dir" not in config["theme"]
    assert not (sample_site.root / "theme").exists()
    assert not [line for line in sample_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_every_article_page_has_every_tag(sample_site):
    entries = [e for e in sample_site.manifest()["articles"] if e["url"]]
    assert len(entries) == 3
    for entry in entries:
        page = sample_site.site / entry["url"].removeprefix(SITE_URL) / "index.html"
        soup = soup_of(page)
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
        assert (sample_site.site / image.removeprefix(SITE_URL)).stat().st_size > 1000, where

        (script,) = soup.find_all("script", type="application/ld+json")
        ld = json.loads(script.string)
        assert ld["@type"] == "Article"
        assert ld["headline"] == entry["title"], where
        assert ld["datePublished"] == entry["date"]
        assert ld["author"] and all(a["name"] for a in ld["author"])
        assert ld["publisher"] == {"@type": "Organization", "name": "Sample Insights", "url": SITE_URL}
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
        assert soup.find("link", rel="stylesheet", href=lambda h: h and h.endswith("assets/stylesheets/herald.css"))
        assert soup.find("script", src=lambda s: s and s.endswith("assets/javascripts/herald.js"))
    assert (sample_site.site / "assets" / "stylesheets" / "herald.css").is_file()
    assert (sample_site.site / "assets" / "javascripts" / "herald.js").is_file()


def test_author_handles_reach_the_page(sample_site):
    by_slug = {e["slug"]: sample_site.site / e["url"].removeprefix(SITE_URL) / "index.html"
               for e in sample_site.manifest()["articles"]}
    peek = soup_of(by_slug["peek-spinal-implants"])
    assert meta(peek, "twitter:creator") == ["@mweber_polymers"]
    ld = json.loads(peek.find("script", type="application/ld+json").string)
    assert ld["author"] == [
        {
            "@type": "Person",
            "name": "Dr. Markus Weber",
            "sameAs": ["https://x.com/mweber_polymers", "https://bsky.app/profile/mweber.bsky.social"],
        }
    ]
    # Dr. Koch gives only a LinkedIn URN: no X account to credit, and a URN is no public profile.
    tpu = soup_of(by_slug["extruding-tpu-catheter-tubing-to-tight-tolerances"])
    assert meta(tpu, "twitter:creator") == []
    assert json.loads(tpu.find("script", type="application/ld+json").string)["author"] == [
        {"@type": "Person", "name": "Dr. Anna Koch"}
    ]


def test_non_article_pages_have_no_article_markup(sample_site):
    soup = soup_of(sample_site.site / "about" / "index.html")
    assert meta(soup, "og:type") == ["website"]
    assert meta(soup, "og:title") == ["About us"]
    assert not soup.find_all("script", type="application/ld+json")
    assert not soup.select("aside.herald-share")
    assert soup.find("link", rel="canonical")["href"] == SITE_URL + "about/"


def test_blog_features_are_built(sample_site):
    site = sample_site.site
    assert (site / "blog" / "archive").is_dir()
    assert (site / "blog" / "category").is_dir()
    index = soup_of(site / "blog" / "index.html")
    assert len(index.select(".md-post--excerpt")) == 3
    assert "min read" in index.get_text()
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("/posts/" not in d["location"] and "blog/20" in d["location"] for d in search["docs"])


OWN_THEME = {
    "partials/comments.html": '<p class="firm-comments">Comments by the firm</p>\n',
    "main.html": '{% extends "herald/base.html" %}\n{% block announce %}<p class="firm-announce">Launch week</p>{% endblock %}\n',
}


def test_site_custom_dir_overrides_herald_templates(tmp_path):
    """A site's own templates win over Herald's; extending herald/base.html keeps Herald's tags."""
    for name, text in OWN_THEME.items():
        (tmp_path / "overrides" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "overrides" / name).write_text(text, encoding="utf-8")
    config = MINI_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    cfg = make_site(tmp_path, {"good.md": GOOD_POST}, config=config)
    result = mkdocs_build(cfg, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    (page,) = article_pages(tmp_path)
    soup = soup_of(page)
    assert soup.select_one("p.firm-comments") and soup.select_one("p.firm-announce")
    assert not soup.select("aside.herald-share")
    assert meta(soup, "og:type") == ["article"] and soup.find("script", type="application/ld+json")


def test_disabled_plugin_builds_the_same_site_with_the_same_cards(tmp_path):
    on, off = tmp_path / "on", tmp_path / "off"
    for root in (on, off):
        sample_site_at(root)
    config = off / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - herald:\n" in text
    config.write_text(text.replace("  - herald:\n", "  - herald:\n      enabled: false\n"), encoding="utf-8")
    built = {root: mkdocs_build(root / "mkdocs.yml", root / "site") for root in (on, off)}
    for root, result in built.items():
        assert result.returncode == 0, result.stdout + result.stderr
        assert not [l for l in (result.stdout + result.stderr).splitlines() if l.startswith(("WARNING", "ERROR"))]

    def pages(root: Path) -> set[str]:
        return {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html") if "social/" not in p.as_posix()}

    assert pages(on) == pages(off)
    # Every page's card but the review page's, which only Herald adds.
    card_dir = on / "site" / "assets" / "images" / "social"
    cards = sorted(p.relative_to(on / "site") for p in card_dir.rglob("*.png") if p.relative_to(card_dir).parts[0] != "social")
    assert len(cards) >= 4
    for card in cards:
        assert (off / "site" / card).read_bytes() == (on / "site" / card).read_bytes(), card
    assert not (off / ".herald" / "build").exists()
    assert not (off / "site" / "assets" / "stylesheets" / "herald.css").exists()
    for page in article_pages(on):
        soup = soup_of(off / "site" / page.relative_to(on / "site"))
        assert soup.find("h1") and soup.find("link", rel="canonical")
        assert not meta(soup, "og:title") and not soup.find_all("script", type="application/ld+json")
        assert not soup.select("aside.herald-share")


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


def test_cards_take_the_sites_colours(mini_site):
    from PIL import Image

    social = "  - social:\n      cards_layout: herald\n      cards_layout_options:\n        background_color: \"#123456\"\n        accent_color: \"#ff0066\"\n"
    built = mini_site({"good.md": GOOD_POST}, config=MINI_CONFIG.replace("  - herald:\n", social + "  - herald:\n"))
    assert built.result.returncode == 0, built.log
    (entry,) = built.manifest()["articles"]
    with Image.open(built.site / entry["image"]["path"]) as card:
        rgb = card.convert("RGB")
        assert rgb.size == (1200, 630)
        assert rgb.getpixel((8, 8)) == (0x12, 0x34, 0x56)
        assert rgb.getpixel((600, 625)) == (0xFF, 0x00, 0x66)
