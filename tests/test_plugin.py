"""End to end: a herald-init site's manifest and review page; plugin options on small sites. Golden posts: test_demo.py."""

from __future__ import annotations

import re
import subprocess
import sys

from bs4 import BeautifulSoup
from twitter_text import parse_tweet

from conftest import GOOD_POST, MINI_CONFIG, SAMPLE_POSTS, SITE_URL

RESIDUE = re.compile(r"\*\*|\]\(|\{ ?[.#]|!!!|\[\^|¶|&[a-z]+;|&#\d+;|<[a-z/]|:[a-z_]+:(?!\d)")


def test_manifest_schema_and_every_tweet_within_limit(sample_site):
    manifest = sample_site.manifest()
    assert manifest["schema"] == 2 and manifest["site_url"] == SITE_URL
    assert manifest["generator"].startswith("herald ")
    articles = manifest["articles"]
    posts = sample_site.root / "content" / "blog" / "posts"
    sources = sorted(p.relative_to(sample_site.root / "content").as_posix() for p in posts.glob("*.md"))
    assert sorted(e["src"] for e in articles) == sources
    assert [(e["date"], e["slug"]) for e in articles] == sorted((e["date"], e["slug"]) for e in articles)
    for e in articles:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", e["date"])
        if e["status"] == "scheduled":
            # Not in the site before its date, so nothing is derived yet.
            assert e["url"] is None and e["posts"] == {}
            continue
        assert e["url"].startswith(SITE_URL) and e["url"].endswith(f"/{e['slug']}/")
        assert e["status"] == "due"
        assert sorted(e["posts"]) == ["linkedin", "x"]
        for posts in e["posts"].values():
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", posts["hash"])
        thread = e["posts"]["x"]["texts"]
        assert 3 <= len(thread) <= 6, e["src"]
        for i, tweet in enumerate(thread, 1):
            assert parse_tweet(tweet).weightedLength <= 280, (e["src"], i)
            assert tweet.strip() and tweet.endswith(f" {i}/{len(thread)}"), (e["src"], i, tweet)
            assert not RESIDUE.search(tweet), (e["src"], i, tweet)
        assert e["posts"]["x"]["weights"] == [parse_tweet(t).weightedLength for t in thread]
        link = f"{e['url']}?utm_source=x&utm_medium=social&utm_campaign={e['slug']}"
        assert link in thread[-1]
        assert sum(link in t for t in thread) == 1
        assert 1 <= thread[-1].count("#") <= 3
        (commentary,) = e["posts"]["linkedin"]["texts"]
        assert f"{e['url']}?utm_source=linkedin&utm_medium=social&utm_campaign={e['slug']}" in commentary
        assert len(commentary) <= 3000 and not RESIDUE.search(commentary)
        assert e["card"] == {"url": e["url"], "title": e["title"], "description": e["description"]}
        assert e["warnings"] == []
        image = e["image"]
        assert image["url"] == SITE_URL + image["path"] and image["alt"]
        # What publish uploads is a byte-for-byte copy of what the site shows.
        copy = sample_site.build_dir / "images" / image["path"]
        assert copy.read_bytes() == (sample_site.site / image["path"]).read_bytes()


def test_no_repeated_sentences_or_heading_only_tweets(sample_site):
    for e in sample_site.manifest()["articles"]:
        bodies = [re.sub(r" \d+/\d+$", "", t) for t in e["posts"].get("x", {}).get("texts", [])]
        assert len(set(bodies)) == len(bodies), e["src"]
        for body in bodies[:-1]:
            assert re.search(r"[.!?…:]\"?$", body), (e["src"], body)
            assert len(body.split()) >= 6, (e["src"], body)


def test_statuses(sample_site):
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc)
    articles = sample_site.manifest()["articles"]
    for e in articles:
        future = dt.datetime.fromisoformat(e["date"]) > now
        assert (e["status"] == "scheduled") == future, e["src"]
        assert bool(e["posts"]) == (not future), e["src"]
    assert sum(e["status"] == "due" for e in articles) == len(SAMPLE_POSTS)


def test_review_page_is_written_next_to_the_manifest_not_into_the_site(sample_site):
    site = sample_site.site
    assert not (site / "social").exists()
    html = (sample_site.build_dir / "review.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    manifest = sample_site.manifest()
    sections = soup.select("section.herald-outbox__article")
    assert len(sections) == len(manifest["articles"])
    for e in manifest["articles"]:
        section = soup.select_one(f"section[data-slug='{e['slug']}']")
        for name, posts in e["posts"].items():
            items = section.select(f".herald-posts--{name} li.herald-tweet")
            assert [li.contents[0] for li in items] == posts["texts"]
            counts = [c.get_text() for c in section.select(f".herald-posts--{name} .herald-count")]
            assert counts == [f"{w}/{posts['limit']}" for w in posts["weights"]]
        if e["url"]:
            assert section.find("a", string="Open the article")["href"] == e["url"]
        assert section["data-state"] == e["status"]
    assert "/social/<" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    nav = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select("nav a")
    assert not any("social" in (a.get("href") or "") for a in nav)


def test_same_article_same_posts(mini_site):
    one = mini_site({"good.md": GOOD_POST}).manifest()
    assert mini_site({"good.md": GOOD_POST}).manifest()["articles"] == one["articles"]


CHECKLIST = """\
---
title: Five checks before we start an extrusion validation
description: A checklist from our process engineering team.
date: 2026-01-28
authors: [tester]
---

# Five checks before we start an extrusion validation

Nothing wastes an IQ/OQ/PQ like finding a problem on day two.

1. **Resin lot and dryer log.** The lot on the floor must be the lot on the protocol, and the dryer must have run at least four hours at the supplier's temperature.
2. **Die and tip dimensions.** We measure the tooling with pin gauges and record it. A tip worn by 0.02 mm moves the wall thickness more than any setting on the line.
3. **Gauges calibrated.** The laser micrometer and the vision system must be inside their calibration dates for the whole run.

That's it. Skipping any one of these has cost us a validation at least once.
"""


def test_a_checklist_article_without_headings_posts_its_list(mini_site):
    built = mini_site({"checklist.md": CHECKLIST})
    assert built.result.returncode == 0, built.log
    (entry,) = built.manifest()["articles"]
    items = [re.sub(r"\*\*", "", line.split(". ", 1)[1]) for line in CHECKLIST.splitlines() if re.match(r"\d\. ", line)]
    lead = "Nothing wastes an IQ/OQ/PQ like finding a problem on day two."
    posts = [re.sub(r" \d+/\d+$", "", tweet) for tweet in entry["posts"]["x"]["texts"][:-1]]
    posts += [line.removeprefix("→ ") for line in entry["posts"]["linkedin"]["texts"][0].split("\n\n")[:2]
              for line in line.splitlines()]
    # Every post is a sentence of the article, and most come from its list.
    assert all(post == lead or any(post in item for item in items) for post in posts), posts
    assert sum(any(post in item for item in items) for post in posts) >= 6, posts


def test_options_change_derivation(mini_site):
    config = MINI_CONFIG.replace(
        "      hashtags: [MedTech]\n",
        "      hashtags: [MedTech, Cleanroom, QA, Extra]\n      thread_max: 3\n      numbering: false\n      utm: false\n      outbox: false\n",
    )
    built = mini_site({"good.md": GOOD_POST}, config=config)
    assert built.result.returncode == 0, built.log
    (entry,) = built.manifest()["articles"]
    thread = entry["posts"]["x"]["texts"]
    assert len(thread) <= 3
    assert not any(re.search(r" \d/\d$", t) for t in thread)
    assert entry["url"] in thread[-1] and "utm_" not in thread[-1]
    assert re.findall(r"#\w+", thread[-1]) == ["#Cleanroom", "#MedTech", "#QA"]
    assert not (built.build_dir / "review.html").exists()


def test_include_patterns_select_articles(mini_site):
    config = MINI_CONFIG.replace("      hashtags: [MedTech]\n", "      hashtags: [MedTech]\n      include: ['notes/*.md']\n")
    note = GOOD_POST.replace("authors: [tester]\n", "")
    built = mini_site({"good.md": GOOD_POST}, config=config, files={"notes/gowning.md": note.encode()})
    assert built.result.returncode == 0, built.log
    (entry,) = built.manifest()["articles"]
    assert entry["src"] == "notes/gowning.md" and entry["url"] == SITE_URL + "notes/gowning/"


def test_authored_thread_over_limit_warns_and_strict_fails(mini_site):
    long_tweet = "Gowning " * 40
    post = GOOD_POST.replace("  hashtags: [Cleanroom]", f"  hashtags: [Cleanroom]\n  thread:\n    - Short opener.\n    - {long_tweet.strip()}")
    built = mini_site({"good.md": post}, strict=True)
    assert built.result.returncode == 1
    assert re.search(r"WARNING -  herald: blog/posts/good\.md: tweet 2 is \d+ characters too long", built.log), built.log
    lenient = mini_site({"good.md": post}, strict=False)
    assert lenient.result.returncode == 0
    (entry,) = lenient.manifest()["articles"]
    assert entry["posts"]["x"]["texts"][0] == "Short opener. 1/3"
    assert entry["warnings"]


def test_preview_cli_prints_every_network_with_counts(sample_site):
    entry = next(e for e in sample_site.manifest()["articles"] if e["posts"])
    x, linkedin = entry["posts"]["x"], entry["posts"]["linkedin"]
    result = subprocess.run(
        [sys.executable, "-m", "generator", "preview", entry["src"], "--build-dir", str(sample_site.build_dir)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (f"X: {len(x['texts'])} posts · counted in weighted characters: URLs 23, CJK and emoji 2 · approval: "
            "not-required") in result.stdout
    assert f"┌ 1/{len(x['texts'])} · {x['weights'][0]}/280" in result.stdout
    assert (f"LinkedIn: 1 post · counted in characters · approval: not-required\n┌ 1/1 · {linkedin['weights'][0]}/3000"
            in result.stdout)
    missing = subprocess.run(
        [sys.executable, "-m", "generator", "preview", "nope", "--build-dir", str(sample_site.build_dir)],
        capture_output=True, text=True, timeout=60,
    )
    assert missing.returncode == 2 and "no article 'nope'" in missing.stderr
