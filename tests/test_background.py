"""Deriving in a worker process (the plugin's `background` option) changes when the work is done, never what
comes out: the same manifest, review page, pages and messages, the same `--strict` failure, the same check."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.background import can_fork, use_worker
from tests.conftest import mkdocs_build, sample_site_at

pytestmark = pytest.mark.skipif(not can_fork(), reason="a worker is forked only on Linux, from a single thread")

EXTRA_POSTS = {
    # A claims-lint error: a warning in the build, an error under --strict.
    "risk-free-moulding.md": """\
---
title: Risk-free moulding of implant housings
description: Our moulding process is risk-free for every implant housing we make.
date: 2026-01-15
authors: [tester]
categories: [Manufacturing]
---

Our moulding process is risk-free for every implant housing we make, because the tools are validated.

## The tools

Every tool runs a validated window of temperature and pressure that the process engineer signed off.
""",
    # A description that describes the post: advice, not a warning.
    "notes-on-annealing.md": """\
---
title: Notes on annealing PEEK parts
description: A short post about annealing.
date: 2026-01-20
authors: [tester]
categories: [Materials]
---

Annealing PEEK at 200 °C for two hours relieves the stress that machining leaves in a part.

## Why it matters

Parts that keep that stress crack under sterilisation cycles far sooner than annealed ones do.
""",
    "draft-on-sterilisation.md": """\
---
title: Sterilising PEEK with steam
description: Steam sterilisation keeps PEEK within its tolerances for hundreds of cycles.
date: 2026-01-22
draft: true
authors: [tester]
categories: [Materials]
---

Steam at 134 °C leaves PEEK within its tolerances for hundreds of cycles.
""",
}


def _site(root: Path, background: bool) -> Path:
    config = sample_site_at(root)
    posts = root / "content" / "blog" / "posts"
    for name, text in EXTRA_POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - herald:\n", f"  - herald:\n      background: {str(background).lower()}\n"),
                      encoding="utf-8")
    return config


def _build(root: Path, background: bool, *args: str) -> subprocess.CompletedProcess:
    config = _site(root, background)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config), *args],
                          capture_output=True, text=True, cwd=root, timeout=600)


def _herald_lines(log: str, root: Path) -> list[str]:
    return [line.replace(str(root), "SITE") for line in log.splitlines()
            if "herald" in line and not line.startswith("DEBUG")]


def test_a_worker_derives_exactly_what_the_build_process_derives(tmp_path):
    results = {}
    for background in (True, False):
        root = tmp_path / str(background)
        built = _build(root, background)
        assert built.returncode == 0, built.stdout + built.stderr
        results[background] = (root, built.stdout + built.stderr)
    (worker_root, worker_log), (plain_root, plain_log) = results[True], results[False]
    assert "deriving 5 articles in a worker process" in worker_log
    assert "worker process" not in plain_log

    worker_manifest = (worker_root / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8")
    plain_manifest = (plain_root / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8")
    assert worker_manifest == plain_manifest
    assert '"rule": "risk-free"' in worker_manifest

    # The messages, in the same order, and the warning for the claim among them.
    assert _herald_lines(worker_log, worker_root) == _herald_lines(plain_log, plain_root)
    assert any("risk-free" in line and line.startswith("WARNING") for line in _herald_lines(worker_log, worker_root))

    # Every page carries the same sharing metadata either way.
    pages = sorted(p.relative_to(plain_root / "site") for p in (plain_root / "site" / "blog").rglob("index.html"))
    assert pages
    for page in pages:
        worker_page = (worker_root / "site" / page).read_text(encoding="utf-8")
        plain_page = (plain_root / "site" / page).read_text(encoding="utf-8")
        assert _without_build_dates(worker_page) == _without_build_dates(plain_page), page

    worker_review = (worker_root / ".herald" / "build" / "review.html").read_text(encoding="utf-8")
    plain_review = (plain_root / ".herald" / "build" / "review.html").read_text(encoding="utf-8")
    assert _without_build_dates(worker_review) == _without_build_dates(plain_review)


def _without_build_dates(html: str) -> str:
    """Pages and the review page state when they were built; that is the one thing allowed to differ."""
    return re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| UTC)?", "DATE", html)


def test_strict_fails_on_a_warning_found_in_the_worker(tmp_path):
    built = _build(tmp_path, True, "--strict")
    log = built.stdout + built.stderr
    assert built.returncode != 0
    assert "deriving 5 articles in a worker process" in log
    assert re.search(r"WARNING\s+-\s+herald: .*risk-free", log), log
    assert "Aborted with" in log and "in strict mode" in log


def test_check_reports_the_same_with_and_without_a_worker(tmp_path):
    outputs = []
    for background in (True, False):
        root = tmp_path / str(background)
        _site(root, background)
        result = subprocess.run([sys.executable, "-m", "generator", "check"], capture_output=True, text=True,
                                cwd=root, timeout=600)
        # The one line that may differ: how long the check took.
        outputs.append((result.returncode, re.sub(r" in \d+\.\d s:", " in N s:", result.stdout), result.stderr))
    assert outputs[0] == outputs[1]
    assert "risk-free" in outputs[0][1]


def test_a_worker_is_never_forked_beside_other_threads():
    assert use_worker(True, 1)
    assert not use_worker(False, 5000)
    assert not use_worker("auto", 10)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not use_worker(True, 5000)
        assert not use_worker("auto", 5000)
    finally:
        stop.set()
        other.join()
