"""Smoke test of the demo: Polymedica Insights, the repository's example of a finished site.

The only tests tied to the demo's articles; the tool's own tests build the sites they need.
"""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
import frontmatter
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"


def demo_url() -> str:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]


def test_demo_builds_strictly_without_warnings(shipped_site):
    assert not [line for line in shipped_site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_demo_theme_holds_only_branding():
    """Herald's page additions come from the package; the demo's theme/ is Polymedica's look."""
    files = {p.relative_to(ROOT / "theme").as_posix() for p in (ROOT / "theme").rglob("*") if p.is_file()}
    assert files == {"assets/images/polymedica-logo.svg", "assets/stylesheets/polymedica.css"}


def test_demo_has_ten_articles_of_real_length(shipped_site):
    posts = sorted((ROOT / "content" / "blog" / "posts").glob("*.md"))
    assert len(posts) >= 10
    for post in posts:
        words = len(frontmatter.load(post).content.split())
        assert 600 <= words <= 1600, (post.name, words)
    url = demo_url()
    due = [e for e in shipped_site.manifest()["articles"] if e["status"] == "due"]
    assert len(due) >= 10
    for entry in due:
        page = shipped_site.site / entry["url"].removeprefix(url) / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", property="og:title")["content"] == entry["title"], entry["src"]
        assert soup.find("script", type="application/ld+json") and soup.select_one("aside.herald-share"), entry["src"]
        assert soup.find("link", href=lambda h: h and h.endswith("assets/stylesheets/polymedica.css")), entry["src"]


def test_demo_blog_paginates_and_credits_authors(shipped_site):
    site = shipped_site.site
    assert (site / "blog" / "page" / "2" / "index.html").is_file()
    creators = set()
    for page in (site / "blog").glob("20*/**/index.html"):
        tag = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"name": "twitter:creator"})
        if tag:
            creators.add(tag["content"])
    assert creators >= {"@annakoch_ra", "@mweber_polymers"}


def test_demo_feed_lists_the_published_articles(shipped_site):
    feed = feedparser.parse((shipped_site.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "Polymedica Insights"
    due = {e["url"] for e in shipped_site.manifest()["articles"] if e["status"] == "due"}
    assert {e.link for e in feed.entries} == due


def render_golden(entry: dict) -> str:
    lines = [f"# {entry['title']}", f"# {entry['src']}", "", "## X thread", ""]
    x = entry["posts"]["x"]
    for i, (tweet, weight) in enumerate(zip(x["texts"], x["weights"]), 1):
        lines += [f"--- tweet {i} ({weight}/280)", tweet, ""]
    lines += ["## LinkedIn", "", entry["posts"]["linkedin"]["texts"][0], ""]
    return "\n".join(lines)


def test_golden_posts(shipped_site):
    """Derived posts of the demo's articles, as a reviewer reads them in tests/golden/.

    A scheduled article is not rendered before its day, so its golden file waits, unchecked, until then.
    """
    update = os.environ.get("HERALD_UPDATE_GOLDEN") == "1"
    GOLDEN.mkdir(exist_ok=True)
    entries = shipped_site.manifest()["articles"]
    rendered = [e for e in entries if e["posts"]]
    assert len(rendered) >= 10
    for entry in rendered:
        path = GOLDEN / f"{entry['slug']}.txt"
        text = render_golden(entry)
        if update:
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"missing golden file {path.name}; run with HERALD_UPDATE_GOLDEN=1 and review it"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs; review, then HERALD_UPDATE_GOLDEN=1"
    assert {p.name for p in GOLDEN.glob("*.txt")} <= {f"{e['slug']}.txt" for e in entries}
