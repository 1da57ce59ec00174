"""Under `mkdocs serve` the outbox follows the author's edits."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import GOOD_POST, make_site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


DRAFT = GOOD_POST.replace("title: Cleanroom gowning that holds up in an audit", "title: Gowning drafts\ndraft: true")
SCHEDULED = GOOD_POST.replace("title: Cleanroom gowning that holds up in an audit", "title: Gowning next year").replace(
    "date: 2026-02-01", "date: 2099-02-01")


def test_outbox_updates_live(tmp_path):
    cfg = make_site(tmp_path, {"good.md": GOOD_POST, "draft.md": DRAFT, "scheduled.md": SCHEDULED})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(cfg), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/social/"
        page = wait_for(lambda: fetch(url))
        assert page and "Gowning is the first control an auditor watches." in page
        # Serve shows what a build leaves out, marked as such.
        assert 'data-slug="gowning-drafts" data-state="draft"' in page
        assert 'data-slug="gowning-next-year" data-state="scheduled"' in page
        # `herald new`'s skeleton, with its comment-only lines, keeps serve running.
        new = subprocess.run([sys.executable, "-m", "generator", "new", "Gowning for visitors"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
        assert new.returncode == 0, new.stderr
        assert wait_for(lambda: (p := fetch(url)) and 'data-slug="gowning-for-visitors"' in p)
        post = tmp_path / "content/blog/posts/good.md"
        post.write_text(
            GOOD_POST.replace("social:\n", "social:\n  hook: Four minutes of gowning protect every lot we make.\n"),
            encoding="utf-8",
        )
        updated = wait_for(lambda: (p := fetch(url)) and "Four minutes of gowning protect every lot" in p and p)
        assert updated, "the outbox did not pick up the edited hook"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
