"""A real headless Chromium opens a site made with `herald init` from a loopback server."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import SITE_URL

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served(sample_site):
    handler = functools.partial(QuietHandler, directory=str(sample_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return context, page, errors


def test_article_share_buttons_and_no_console_errors(sample_site, served, browser, tmp_path):
    entry = next(e for e in sample_site.manifest()["articles"] if e["posts"])
    context, page, errors = open_page(browser, served + entry["url"].removeprefix(SITE_URL))
    try:
        assert page.locator("h1").first.inner_text().strip() == entry["title"]
        x = page.locator("a.herald-share__x")
        linkedin = page.locator("a.herald-share__linkedin")
        assert x.is_visible() and linkedin.is_visible()
        x_url = urlparse(x.get_attribute("href"))
        assert (x_url.scheme, x_url.netloc, x_url.path) == ("https", "twitter.com", "/intent/tweet")
        assert parse_qs(x_url.query)["url"] == [entry["url"]]
        li_url = urlparse(linkedin.get_attribute("href"))
        assert (li_url.netloc, li_url.path) == ("www.linkedin.com", "/sharing/share-offsite/")
        assert parse_qs(li_url.query)["url"] == [entry["url"]]
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.locator("button.herald-share__copy").click()
        page.wait_for_function("document.querySelector('.herald-share__status').textContent.length > 0")
        assert page.locator(".herald-share__status").inner_text() in ("Link copied", entry["url"])
        shot = tmp_path / "article.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        assert errors == []
    finally:
        context.close()


def test_review_page_shows_posts_in_browser(sample_site, browser, tmp_path):
    articles = sample_site.manifest()["articles"]
    derived = [e for e in articles if e["posts"]]
    context, page, errors = open_page(browser, (sample_site.build_dir / "review.html").as_uri())
    try:
        assert page.locator("section.herald-outbox__article").count() == len(articles)
        first = derived[-1]
        card = page.locator(f"section[data-slug='{first['slug']}']")
        tweets = card.locator(".herald-posts--x li.herald-tweet")
        assert tweets.count() == len(first["posts"]["x"]["texts"])
        assert first["posts"]["x"]["texts"][0] in tweets.first.inner_text()
        assert page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
        page.screenshot(path=str(tmp_path / "outbox.png"))
        assert errors == []
    finally:
        context.close()
