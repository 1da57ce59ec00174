"""Shared fixtures: real sites built by the real `mkdocs` command.

The tool's tests build sites they write themselves (`mini_site`, or `herald init` plus the articles below in
`sample_site`); only `shipped_site`, the repository's demo, depends on the demo's content.
"""

from __future__ import annotations

import json
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

    @property
    def build_dir(self) -> Path:
        """Where the build leaves the manifest and review page, outside the deployed site."""
        return self.root / ".herald" / "build"

    def manifest(self) -> dict:
        return json.loads((self.build_dir / "manifest.json").read_text(encoding="utf-8"))

    def entries(self) -> dict[str, dict]:
        """Manifest entries by source path."""
        return {e["src"]: e for e in self.manifest()["articles"]}


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


def herald_init(directory: Path, *args: str) -> subprocess.CompletedProcess:
    """`herald init` run as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "init", str(directory), *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


SAMPLE_AUTHORS = """\
authors:
  mweber:
    name: Dr. Markus Weber
    description: Principal Materials Scientist
    avatar: assets/images/authors/expert.svg
    x: "@mweber_polymers"
    bluesky: mweber.bsky.social
  akoch:
    name: Dr. Anna Koch
    description: Head of Regulatory Affairs
    avatar: assets/images/authors/expert.svg
    linkedin: urn:li:person:pmA7kQ2xR9
  tester:
    name: Dr. Test Author
    description: Engineer
    avatar: assets/images/authors/expert.svg
"""

PEEK_POST = """\
---
title: "PEEK for spinal implants: machining or moulding?"
description: How implant-grade PEEK is sourced, how machining and moulding compare, and which questions decide the route.
date: 2026-03-02
authors: [mweber]
categories: [Materials]
tags: [PEEK, implants]
slug: peek-spinal-implants
social:
  hashtags: [PEEK, SpineSurgery]
  hook: "Machining or moulding implant-grade PEEK? Crystallinity, cleaning and volume all matter. Here is how we weigh the two routes."
---

PEEK is a familiar material in spinal implants, and the first question in most projects is whether to machine the part or to mould it. This article explains how we compare the two routes for interbody cages.

<!-- more -->

## Sourcing implant-grade material

Implant-grade PEEK is defined by its documentation as much as by its chemistry. Every lot arrives with a certificate against ASTM F2026 and a supply agreement that covers changes.

## Machining from stock shapes

Machining suits development work, small series and features that a mould cannot form. Residual stress from the stock shape must be controlled, and cleaning after machining must be validated.

## Injection moulding

Moulding gives repeatable parts at volume once the process is validated. Crystallinity, gate position and tool temperature decide whether the parts meet the drawing.

## Key takeaways

- Implant-grade PEEK is defined by documentation and supply agreements as much as by the polymer.
- Machining suits development and small series, but it needs stress control and validated cleaning.
- Moulding offers repeatability at volume when crystallinity and tooling are controlled.
- The break-even volume depends on geometry and validation effort, so assess it for each part.
"""

TPU_POST = """\
---
title: Extruding TPU catheter tubing to tight tolerances
description: What keeps multi-lumen TPU tubing within tolerance, from resin drying to inline measurement.
date: 2026-02-10
authors: [akoch]
categories: [Manufacturing]
tags: [TPU, extrusion]
social:
  hashtags: [Catheters]
---

Multi-lumen TPU tubing is only as good as the control of every step before the die. This article follows a lot of tubing from resin drying to inline measurement.

<!-- more -->

## Drying the resin

TPU absorbs moisture from the air, and wet resin makes bubbles and weak walls. We dry every lot to a measured moisture content before it reaches the extruder.

## Holding the lumens open

Each lumen is held open by a controlled flow of air through the die. The pressure is logged for every metre, so a deviation can be traced to the part it affected.

## Measuring inline

Laser gauges measure the outer diameter and ultrasound measures the walls while the tube is drawn. A tube outside its tolerance is marked and cut out automatically.
"""

SAMPLE_POSTS = {"peek-spinal-implants.md": PEEK_POST, "tpu-catheter-tubing.md": TPU_POST, "cleanroom-gowning.md": GOOD_POST}


def sample_site_at(root: Path) -> Path:
    """A firm's site as `herald init` makes it, its sample article replaced by SAMPLE_POSTS; returns mkdocs.yml."""
    result = herald_init(root, "--name", "Sample Insights", "--url", SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    posts = root / "content" / "blog" / "posts"
    for old in posts.glob("*.md"):
        old.unlink()
    for name, text in SAMPLE_POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    (root / "content" / "blog" / ".authors.yml").write_text(SAMPLE_AUTHORS, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Built:
    """A firm's site made with `herald init` and three articles, built once, strictly."""
    root = tmp_path_factory.mktemp("sample")
    config = sample_site_at(root)
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root, root / "site", result)
