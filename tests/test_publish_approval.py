"""With `approval: required`, publish posts only articles approved for their current posts (real build, fake networks)."""

from __future__ import annotations

import subprocess
import sys

from conftest import GOOD_POST, MINI_CONFIG

pytest_plugins = ["fakes.fixtures"]

APPROVAL_CONFIG = MINI_CONFIG.replace("  - herald:\n", "  - herald:\n      approval: required\n")
OTHER_POST = GOOD_POST.replace("title: Cleanroom gowning that holds up in an audit", "title: Particle counts that tell you something").replace(
    "date: 2026-02-01", "date: 2026-02-03"
).replace("Gowning is the first control", "Particle counting is the second control")


def approve(root, slug: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "approve", slug, "--by", "Dr. Anna Koch"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_publish_posts_only_matching_approvals(mini_site, herald, fake_x, fake_linkedin, tmp_path):
    built = mini_site({"gowning.md": GOOD_POST, "particles.md": OTHER_POST}, config=APPROVAL_CONFIG)
    assert built.result.returncode == 0, built.log
    approve(tmp_path, "cleanroom-gowning-that-holds-up-in-an-audit")
    approve(tmp_path, "particle-counts-that-tell-you-something")
    # An edit to the second article's hook after approval changes its posts: the approval is stale.
    post = tmp_path / "content/blog/posts/particles.md"
    post.write_text(post.read_text(encoding="utf-8").replace("social:\n", "social:\n  hook: Particle counts, read well, warn you early.\n", 1), encoding="utf-8")
    built = mini_site({}, config=APPROVAL_CONFIG)
    assert built.result.returncode == 0, built.log

    result = herald("publish", "--yes", "--no-link-check", "--tweet-pause", "0")

    posted = {t.text for t in fake_x.tweets}
    assert any("auditor" in text or "gowning" in text.lower() for text in posted)
    assert not any("Particle counts, read well" in text or "Particle counting" in text for text in posted)
    assert len(fake_linkedin.posts) == 1
    assert "gowning" in fake_linkedin.posts[0].commentary.lower()
    assert "needs approval" in result.text and "particle-counts-that-tell-you-something" in result.text
    assert result.rows[("cleanroom-gowning-that-holds-up-in-an-audit", "x")].startswith("posted")
