"""Shared fixtures: real sites built by the real `mkdocs` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://insights.polymedica.example/"


@dataclass
class Built:
    root: Path
    site: Path
    result: subprocess.CompletedProcess

    @property
    def log(self) -> str:
        return self.result.stdout + self.result.stderr


def mkdocs_build(config: Path, site: Path, *, strict: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, cwd=config.parent, timeout=600)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Built:
    """The repository's own site, built once, strictly, into a temporary folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(ROOT, site, result)


MINI_CONFIG = """\
site_name: Mini Site
site_url: {site_url}
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
plugins:
  - blog
  - herald:
      hashtags: [MedTech]
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
"""

AUTHORS = """\
authors:
  tester:
    name: Dr. Test Author
    description: Engineer
    avatar: https://insights.polymedica.example/avatar.png
"""

GOOD_POST = """\
---
title: Cleanroom gowning that holds up in an audit
description: How we gown matters more to an auditor than any particle count in the room.
date: 2026-02-01
authors: [tester]
categories: [Manufacturing]
tags: [cleanroom]
social:
  hashtags: [Cleanroom]
---

Gowning is the first control an auditor watches. Done well, it takes four minutes and protects every lot.

<!-- more -->

## Why gowning matters

People are the largest source of particles in a cleanroom. A consistent gowning order keeps that source in check.

## What auditors check

Auditors watch the order of steps and the state of the gowns. They also read the training records of each operator.
"""


def make_site(root: Path, posts: dict[str, str | bytes], *, config: str = MINI_CONFIG, files: dict[str, bytes] | None = None) -> Path:
    """A small blog site under `root`; returns its mkdocs.yml."""
    content = root / "content"
    (content / "blog" / "posts").mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text("# Mini\n\nA test site.\n", encoding="utf-8")
    (content / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (content / "blog" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    for name, text in posts.items():
        target = content / "blog" / "posts" / name
        target.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8"))
    for name, data in (files or {}).items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    cfg = root / "mkdocs.yml"
    cfg.write_text(config.format(site_url=SITE_URL, theme=ROOT / "theme"), encoding="utf-8")
    return cfg


@pytest.fixture
def mini_site(tmp_path):
    """Build a small site with the given posts; returns a Built."""

    def build(posts: dict[str, str | bytes], *, strict: bool = True, **kwargs) -> Built:
        cfg = make_site(tmp_path, posts, **kwargs)
        site = tmp_path / "site"
        if site.exists():
            shutil.rmtree(site)
        return Built(tmp_path, site, mkdocs_build(cfg, site, strict=strict))

    return build
