"""`mention_authors`: the experts are named in their posts, as far as each network allows, end to end."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from fakes.accounts import environment

from conftest import GOOD_POST, MINI_CONFIG, make_site

pytest_plugins = ["fakes.fixtures"]

AUTHORS = """\
authors:
  tester:
    name: Anna Koch
    description: Regulatory engineer
    avatar: https://insights.polymedica.example/avatar.png
    x: "@akoch_ra"
    linkedin: urn:li:person:AbC123
"""


@pytest.fixture
def credited(tmp_path, fake_x, fake_linkedin):
    config = MINI_CONFIG.replace("      hashtags: [MedTech]\n", "      hashtags: [MedTech]\n      mention_authors: true\n")
    cfg = make_site(tmp_path, {"good.md": GOOD_POST}, config=config)
    (tmp_path / "content/blog/.authors.yml").write_text(AUTHORS, encoding="utf-8")
    env = {**os.environ, **environment(fake_x, fake_linkedin), "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg), "-d", "site"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    return tmp_path, env


def test_posts_credit_the_author_and_linkedin_mentions_them(credited, fake_x, fake_linkedin):
    import json

    root, env = credited
    (entry,) = json.loads((root / ".herald/build/manifest.json").read_text(encoding="utf-8"))["articles"]
    first = entry["posts"]["x"]["texts"][0]
    assert "\nby @akoch_ra" in first and first.endswith(f" 1/{len(entry['posts']['x']['texts'])}")
    linkedin = entry["posts"]["linkedin"]
    assert "\n\nby Anna Koch\n\n" in linkedin["texts"][0]
    assert linkedin["mentions"] == {"Anna Koch": "urn:li:person:AbC123"}

    result = subprocess.run([sys.executable, "-m", "generator", "publish", "--yes", "--no-link-check"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (post,) = fake_linkedin.posts
    assert "by @[Anna Koch](urn:li:person:AbC123)" in post.sent_commentary
    assert post.commentary == post.sent_commentary
    assert any("by @akoch_ra" in t.text for t in fake_x.tweets)
