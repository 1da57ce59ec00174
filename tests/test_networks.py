"""The network registry from a real build: Bluesky and Mastodon posts within their limits, facets that cover
exactly their link or hashtag in the UTF-8 text, the site's `networks` and each article's `social.networks`,
`social.image_alt`, and a publish against the fakes that follows all of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import regex
from bs4 import BeautifulSoup
from fakes.accounts import environment, fediverse_environment
from fakes.manifest import png_bytes

from conftest import MINI_CONFIG, SITE_URL, make_site, mkdocs_build
from generator import networks
from generator.networks import bluesky

pytest_plugins = ["fakes.fixtures"]

GRAPHEME = regex.compile(r"\X")
URL = regex.compile(r"(?<![^\s(])https?://\S+")
ALL = MINI_CONFIG.replace("      hashtags: [MedTech]\n",
                          "      hashtags: [MedTech, Qualität]\n      networks: [x, linkedin, bluesky, mastodon]\n")


def article(title: str, *, social: str = "", takeaways: tuple[str, ...] = ()) -> str:
    topic = title.split()[0].lower()
    points = takeaways or (
        f"The {topic} order is the first control an auditor watches, and it takes four minutes when done well.",
        f"Particle counts fell by a third after the change in {topic} practice across every shift.",
        f"Training records show who handled {topic}, when, and which order they were taught to follow.",
    )
    lines = "\n".join(f"- {p}" for p in points)
    return f"""\
---
title: {title}
description: What a device team learns from {title.lower()}, in two sentences of substance.
date: 2026-02-01
authors: [tester]
social:
  hashtags: [Cleanroom]
{social}---

{title} is a question every device team meets. This article answers it with what we measured.

<!-- more -->

## What we measured

Our particle counts fell by a third after the change in {topic} practice. Operators kept the new {topic} routine without reminders.

## Key takeaways

{lines}
"""


WIDE = article("Wide text in cleanroom notes", takeaways=(
    "Zürich's team wrote 医疗器械の清浄度 notes beside every lot, and auditors 👩🏽‍⚕️ read each one in full.",
    "Emoji such as 🇨🇭 and 👨‍👩‍👧 are one grapheme each on Bluesky, however many code points they hold.",
    "Combining marks like é (e and an accent) stay one grapheme, and the counts here follow that rule.",
))
POSTS = {
    "gowning.md": article("Gowning order that holds up"),
    "wide.md": WIDE,
    "two.md": article("Pressure cascades between zones", social="  networks: [x, bluesky]\n"),
    "alt.md": article("Transfer hatches done right", social="  image: assets/images/hatch.png\n"
                                                            "  image_alt: A steel transfer hatch with two interlocked doors\n"),
}


def facet_text(text: str, facet: dict) -> str:
    data = text.encode("utf-8")
    return data[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("networks")
    config = make_site(root, POSTS, config=ALL, files={"assets/images/hatch.png": png_bytes()})
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((root / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    return root, {e["slug"]: e for e in manifest["articles"]}


def test_bluesky_posts_fit_300_graphemes_and_facets_cover_exactly_their_link_or_hashtag(built):
    _, entries = built
    assert len(entries) == 4
    for slug, entry in entries.items():
        posts = entry["posts"]["bluesky"]
        texts, facets = posts["texts"], posts["facets"]
        assert len(texts) >= 3 and len(facets) == len(texts)
        assert posts["limit"] == 300
        for text, weight, found in zip(texts, posts["weights"], facets):
            assert weight == len(GRAPHEME.findall(text)) <= 300, (slug, text)
            assert "https://" not in text  # links are shown shortened, the facet carries them
            covered = []
            for facet in found:
                (feature,) = facet["features"]
                shown = facet_text(text, facet)
                if feature["$type"] == bluesky.LINK:
                    assert feature["uri"].startswith(entry["url"] + "?utm_source=bluesky&utm_medium=social")
                    assert shown == bluesky.shown(feature["uri"]) and len(GRAPHEME.findall(shown)) <= bluesky.LINK_SHOWN == 40
                else:
                    assert feature["$type"] == bluesky.TAG and shown == "#" + feature["tag"]
                covered.append(shown)
            hashtags = [w for w in text.split() if w.startswith("#")]
            assert sorted(c for c in covered if c.startswith("#")) == sorted(hashtags), (slug, text)
        last = texts[-1]
        assert any(f["features"][0]["$type"] == bluesky.LINK for f in facets[-1]), last
        assert "#Qualität" in last  # a non-ASCII hashtag: its byte range is longer than its characters


def test_wide_characters_are_counted_as_bluesky_and_mastodon_count_them(built):
    _, entries = built
    wide = entries["wide-text-in-cleanroom-notes"]
    joined = " ".join(wide["posts"]["bluesky"]["texts"])
    assert "👩🏽‍⚕️" in joined and "医疗器械" in joined
    pairs = list(zip(wide["posts"]["bluesky"]["texts"], wide["posts"]["bluesky"]["weights"]))
    assert all(weight == len(GRAPHEME.findall(text)) for text, weight in pairs)
    # A family or a skin-toned health worker is one grapheme of several code points.
    assert any(weight < len(text) for text, weight in pairs)
    for text, weight in zip(wide["posts"]["mastodon"]["texts"], wide["posts"]["mastodon"]["weights"]):
        assert weight == len(GRAPHEME.findall(URL.sub("", text))) + 23 * len(URL.findall(text))
    x = wide["posts"]["x"]
    assert max(x["weights"]) <= 280


def test_mastodon_posts_fit_the_default_instance_limit_with_links_at_23(built):
    _, entries = built
    for slug, entry in entries.items():
        if "mastodon" not in entry["posts"]:
            continue
        posts = entry["posts"]["mastodon"]
        assert posts["limit"] == 500
        for text, weight in zip(posts["texts"], posts["weights"]):
            links = URL.findall(text)
            rest = URL.sub("", text)
            assert weight == len(GRAPHEME.findall(rest)) + 23 * len(links) <= 500, (slug, text)
        assert f"{entry['url']}?utm_source=mastodon&utm_medium=social&utm_campaign={slug}" in posts["texts"][-1]


def test_social_networks_narrows_the_site_networks_and_image_alt_reaches_the_manifest(built):
    root, entries = built
    assert sorted(entries["pressure-cascades-between-zones"]["posts"]) == ["bluesky", "x"]
    assert sorted(entries["gowning-order-that-holds-up"]["posts"]) == sorted(networks.NETWORKS)
    assert "posts" in json.dumps(entries)  # sanity: the manifest was read
    review = BeautifulSoup((root / ".herald/build/review.html").read_text(encoding="utf-8"), "html.parser")
    section = review.find("section", id="gowning-order-that-holds-up")
    headings = [h.get_text(" ", strip=True) for h in section.find_all("h3")]
    assert [h.split(" (")[0] for h in headings] == ["X", "LinkedIn", "Bluesky", "Mastodon"]
    measures = [p.get_text(strip=True) for p in section.select(".herald-outbox__measure")]
    assert measures[2] == "Counted in graphemes." and measures[3].startswith("Counted in characters: graphemes, links 23")
    bluesky_counts = [c.get_text() for c in section.select("ol.herald-posts--bluesky .herald-count")]
    posts = entries["gowning-order-that-holds-up"]["posts"]["bluesky"]
    assert bluesky_counts == [f"{w}/300" for w in posts["weights"]]


def test_a_publish_follows_the_build_posting_each_article_once_where_it_may_go(built, tmp_path, fake_x, fake_linkedin,
                                                                               fake_bluesky, fake_mastodon):
    root, entries = built
    env = {**os.environ, **environment(fake_x, fake_linkedin), **fediverse_environment(fake_bluesky, fake_mastodon)}
    command = [sys.executable, "-m", "generator", "publish", "--yes", "--no-link-check",
               "--build-dir", str(root / ".herald/build"), "--ledger", str(tmp_path / "ledger.json")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for slug, entry in entries.items():
        for name, fake in (("bluesky", fake_bluesky), ("mastodon", fake_mastodon)):
            if name not in entry["posts"]:
                assert not any(entry["url"] in json.dumps(vars(p), default=str) for p in getattr(
                    fake, "posts" if name == "bluesky" else "statuses")), (slug, name)
                continue
            texts = entry["posts"][name]["texts"]
            assert [p.text for p in fake.thread(texts[0])] == texts, (slug, name)
    assert len(fake_bluesky.posts) == sum(len(e["posts"]["bluesky"]["texts"]) for e in entries.values())
    assert len(fake_mastodon.statuses) == sum(len(e["posts"]["mastodon"]["texts"]) for e in entries.values()
                                              if "mastodon" in e["posts"])
    assert len(fake_linkedin.posts) == 3
    hatch = entries["transfer-hatches-done-right"]
    assert hatch["image"]["alt"] == "A steel transfer hatch with two interlocked doors"
    (media,) = [m for m in fake_mastodon.media.values() if m["description"] == hatch["image"]["alt"]]
    assert media["bytes"] == png_bytes()
    (tweet_media,) = fake_x.media.values()
    assert tweet_media["bytes"] == png_bytes() and tweet_media["alt"] == hatch["image"]["alt"]
    (with_thumbnail,) = [p for p in fake_linkedin.posts if "thumbnail" in p.article]
    assert with_thumbnail.article["thumbnailAltText"] == hatch["image"]["alt"]
    first = fake_bluesky.thread(hatch["posts"]["bluesky"]["texts"][0])[0]
    card = first.record["embed"]["external"]
    assert card["title"] == hatch["title"] and fake_bluesky.blobs[card["thumb"]["ref"]["$link"]] == png_bytes()
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and len(fake_linkedin.posts) == 3


def test_unknown_network_names_are_one_clear_line_with_a_did_you_mean(tmp_path):
    config = make_site(tmp_path, {"a.md": article("Alpha notes", social="  networks: [x, blusky]\n")}, config=ALL)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    lines = [l for l in (result.stdout + result.stderr).splitlines() if "social.networks" in l]
    assert len(lines) == 1 and "unknown network 'blusky'; did you mean 'bluesky'?" in lines[0]

    site_level = ALL.replace("networks: [x, linkedin, bluesky, mastodon]", "networks: [x, mastadon]")
    config = make_site(tmp_path / "b", {"a.md": article("Alpha notes")}, config=site_level)
    result = mkdocs_build(config, tmp_path / "b" / "site")
    assert result.returncode != 0
    assert "option 'networks' in mkdocs.yml: unknown network 'mastadon'; did you mean 'mastodon'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_image_alt_is_validated(tmp_path):
    long = "word " * 220
    config = make_site(tmp_path, {"a.md": article("Alpha notes", social=f"  image_alt: {long.strip()}\n"),
                                  "b.md": article("Beta notes", social="  image_alt: [not, text]\n")}, config=ALL)
    result = mkdocs_build(config, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "field 'social.image_alt': is 1099 characters: expected at most 1000" in log
    assert "field 'social.image_alt': expected the image's description as a non-empty string, got a list" in log


def test_review_page_and_preview_say_where_a_shortened_link_goes(built):
    root, entries = built
    hatch = entries["transfer-hatches-done-right"]
    full = hatch["posts"]["bluesky"]["facets"][-1][0]["features"][0]["uri"]
    review = BeautifulSoup((root / ".herald/build/review.html").read_text(encoding="utf-8"), "html.parser")
    last = review.select("#transfer-hatches-done-right ol.herald-posts--bluesky li")[-1]
    assert last.select_one(".herald-outbox__link").get_text() == f"links to {full}"
    preview = subprocess.run([sys.executable, "-m", "generator", "preview", "transfer-hatches-done-right",
                              "--build-dir", str(root / ".herald/build")], capture_output=True, text=True, timeout=60)
    assert preview.returncode == 0, preview.stderr
    assert f"│ → links to {full}" in preview.stdout
    count = len(hatch["posts"]["bluesky"]["texts"])
    assert f"Bluesky: {count} posts · counted in graphemes · approval: not-required" in preview.stdout


def test_herald_derive_gives_the_plugins_posts_for_every_network(built, tmp_path):
    """Engine-independent: MkDocs with the plugin off, then `herald derive`, gives the same four networks."""
    root, _ = built
    off = ALL.replace("  - herald:\n", "  - herald:\n      enabled: false\n")
    config = make_site(tmp_path, POSTS, config=off, files={"assets/images/hatch.png": png_bytes()})
    assert mkdocs_build(config, tmp_path / "site").returncode == 0
    derived = subprocess.run([sys.executable, "-m", "generator", "derive", "--strict"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert derived.returncode == 0, derived.stdout + derived.stderr
    expected = json.loads((root / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    got = json.loads((tmp_path / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    assert got == expected
    assert sorted(got["articles"][0]["posts"]) == sorted(networks.NETWORKS)

    config.write_text(off.replace("networks: [x, linkedin, bluesky, mastodon]", "networks: [x, blueksy]")
                      .format(site_url=SITE_URL), encoding="utf-8")
    wrong = subprocess.run([sys.executable, "-m", "generator", "derive"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert wrong.returncode == 2
    assert "'networks': unknown network 'blueksy'; did you mean 'bluesky'?" in wrong.stderr
