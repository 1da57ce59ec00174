"""The build-to-publish contract, end to end on real output.

A firm's repository holds one article in every state. A real `mkdocs build` (not strict) writes the manifest;
`herald check`, `herald preview` and `herald publish` (dry run, then for real against the loopback fakes) read
exactly what that build wrote. Every state is reported on its own line, none stops the others, and only the
due, approved, unblocked article is posted. The deployed folder holds nothing of the draft or the scheduled
article.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fakes.accounts import environment

from conftest import MINI_CONFIG, make_site

pytest_plugins = ["fakes.fixtures"]


def post(title: str, body: str, *, date: str = "2026-02-01", extra: str = "", social: str = "") -> str:
    return f"""\
---
title: {title}
description: What a device team learns from {title.lower()}, in two sentences of substance.
date: {date}
authors: [tester]
tags: [cleanroom]
{extra}social:
  hashtags: [Cleanroom]
{social}---

{body}

<!-- more -->

## What we measured

Our particle counts fell by a third after the change in gowning order. Operators kept the new order without reminders.

## What auditors check

Auditors watch the order of steps and the state of the gowns. They also read the training records of each operator.
"""


ARTICLES = {
    "approved.md": post("Gowning order that holds up in an audit",
                        "Gowning is the first control an auditor watches. Done well, it takes four minutes."),
    "waiting.md": post("Pressure cascades between cleanroom zones",
                       "A pressure cascade keeps air flowing from clean to less clean zones. We log it hourly."),
    "stale.md": post("Material transfer hatches done right",
                     "Transfer hatches are where most contamination enters a cleanroom. Interlocks stop that."),
    "draft.md": post("Zanthoxylum extract coatings", "Zanthoxylum coatings are still under evaluation by our lab.",
                     extra="draft: true\n"),
    "scheduled.md": post("Quillwort sensor launch", "The quillwort sensor ships to partners on its launch day.",
                         date="2099-03-01"),
    "invalid.md": post("Cleaning validation records",
                       "Cleaning validation needs records an auditor can follow.").replace(
                           "  hashtags: [Cleanroom]", "  hashtags: Cleanroom"),
    "blocked.md": post("Sterile barrier claims", "Our pouches make every device 100% safe. Seal strength is tested."),
    "optout.md": post("Internal notes on line clearance",
                      "Line clearance removes every item of the previous lot. Two people sign it.",
                      social="  publish: false\n"),
}
DRAFT_WORDS = ("Zanthoxylum", "zanthoxylum")
SCHEDULED_WORDS = ("Quillwort", "quillwort")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class StaticSite:
    """The deployed site, served from its folder on loopback, so publish's link check is real."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def firm(tmp_path, fake_x, fake_linkedin):
    site = StaticSite(tmp_path / "site")
    config = MINI_CONFIG.replace("site_url: {site_url}", f"site_url: {site.url}").replace(
        "      hashtags: [MedTech]\n", "      hashtags: [MedTech]\n      approval: required\n").replace(
        "  - herald:\n", "  - social:\n      cards_layout: herald\n  - herald:\n")
    make_site(tmp_path, ARTICLES, config=config)
    env = {**os.environ, **environment(fake_x, fake_linkedin), "NO_MKDOCS_2_WARNING": "1"}
    yield Firm(tmp_path, env, site)
    site.stop()


class Firm:
    def __init__(self, root: Path, env: dict[str, str], site: StaticSite) -> None:
        self.root, self.env, self.site = root, env, site

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=600)

    def herald(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(sys.executable, "-m", "generator", *args)

    def build(self) -> subprocess.CompletedProcess:
        result = self.run(sys.executable, "-m", "mkdocs", "build", "-d", "site")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / "content/blog/posts" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _card_of(firm: Firm, slug: str) -> tuple[str, ...]:
    import json

    manifest = json.loads((firm.root / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["articles"] if e["slug"] == slug]
    return tuple(entry["image"]["path"].split("/"))


def rows(output: str) -> dict[tuple[str, str], str]:
    """The summary table of a publish run."""
    table = output.split("\nSummary\n", 1)[1].splitlines()[1:]
    return {(p[0], p[1]): p[2] for line in table if len(p := line.split(None, 2)) == 3 and not line.startswith("  (")}


def test_every_state_flows_from_the_build_to_publish(firm, fake_x, fake_linkedin):
    for slug in ("gowning-order-that-holds-up-in-an-audit", "material-transfer-hatches-done-right"):
        approved = firm.herald("approve", slug, "--by", "Dr. Q. Reviewer")
        assert approved.returncode == 0, approved.stderr
    firm.edit("stale.md", "in two sentences of substance.", "in two sentences.")
    firm.build()

    # Nothing of the draft or the scheduled article is deployed: no page, index, tag page, sitemap or search entry.
    deployed = firm.root / "site"
    for path in deployed.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for word in DRAFT_WORDS + SCHEDULED_WORDS:
                assert word not in text, (path, word)
    assert not list(deployed.rglob("manifest.json")) and not (deployed / "social").exists()
    named = [p for p in deployed.rglob("*") if any(w.lower() in p.as_posix().lower() for w in DRAFT_WORDS + SCHEDULED_WORDS)]
    assert named == [] and list(deployed.rglob("*.png")), named
    assert (firm.root / ".herald/build/manifest.json").is_file() and (firm.root / ".herald/build/review.html").is_file()

    check = firm.herald("check")
    assert check.returncode == 1, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    assert any("invalid.md" in line and "social.hashtags" in line for line in lines)
    assert any("blocked.md" in line and "absolute-safety" in line for line in lines)
    assert any("waiting.md" in line and "not approved for X, LinkedIn" in line for line in lines)
    assert any("stale.md" in line and "no longer matches" in line for line in lines)
    assert "8 articles checked" in lines[-1]

    states = {
        "gowning-order-that-holds-up-in-an-audit": "due",
        "pressure-cascades-between-cleanroom-zones": "due",
        "zanthoxylum-extract-coatings": "draft",
        "quillwort-sensor-launch": "scheduled",
        "cleaning-validation-records": "invalid",
        "sterile-barrier-claims": "blocked",
        "internal-notes-on-line-clearance": "opted-out",
    }
    for slug, state in states.items():
        preview = firm.herald("preview", slug)
        assert preview.returncode == 0, preview.stderr
        assert f"  ·  {state}  ·  " in preview.stdout.splitlines()[1], preview.stdout

    dry = firm.herald("publish", "--dry-run")
    assert dry.returncode == 1, dry.stdout + dry.stderr
    table = rows(dry.stdout)
    assert table[("gowning-order-that-holds-up-in-an-audit", "x")].startswith("would post: ")
    assert table[("gowning-order-that-holds-up-in-an-audit", "linkedin")].startswith("would post: 1 post")
    assert table[("pressure-cascades-between-cleanroom-zones", "x")].startswith("needs approval: approval is unapproved")
    assert table[("material-transfer-hatches-done-right", "x")].startswith("needs approval: approval is stale")
    assert table[("zanthoxylum-extract-coatings", "-")] == "draft: not posted: draft"
    assert table[("quillwort-sensor-launch", "-")] == "not due: scheduled for 2099-03-01 00:00 UTC"
    assert table[("cleaning-validation-records", "-")].startswith("invalid: invalid front matter: ")
    assert table[("sterile-barrier-claims", "-")].startswith("blocked: claims lint error (absolute-safety)")
    assert table[("internal-notes-on-line-clearance", "-")] == "opted out: social.publish is false"
    assert fake_x.tweets == [] and fake_linkedin.posts == []

    real = firm.herald("publish", "--yes")
    assert real.returncode == 1, real.stdout + real.stderr
    due = "gowning-order-that-holds-up-in-an-audit"
    done = rows(real.stdout)
    assert {k: v for k, v in done.items() if k[0] != due} == {k: v for k, v in table.items() if k[0] != due}
    assert done[(due, "x")].startswith("posted: ") and done[(due, "linkedin")].startswith("posted: ")
    posted = {t.text.split(" 1/")[0] for t in fake_x.tweets if " 1/" in t.text}
    assert len(posted) == 1 and len(fake_linkedin.posts) == 1
    assert "Gowning order" in fake_linkedin.posts[0].article["title"]
    # The card that was approved is the one uploaded.
    assert fake_linkedin.images[fake_linkedin.posts[0].article["thumbnail"]] == (
        firm.root / ".herald/build/images").joinpath(*_card_of(firm, due)).read_bytes()

    # After an edit, the posted article is reported as changed, never posted again.
    firm.edit("approved.md", "in two sentences of substance.", "in two sentences.")
    firm.build()
    again = firm.herald("publish", "--yes")
    assert rows(again.stdout)[(due, "x")].startswith("changed after posting"), again.stdout
    assert len(fake_linkedin.posts) == 1
