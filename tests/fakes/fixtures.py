"""Pytest fixtures for publish tests: running fakes, an environment pointing at them, and a CLI runner.

Test modules load these with `pytest_plugins = ["fakes.fixtures"]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.manifest import Entry

from .accounts import (SECRETS, environment, fediverse_environment, new_fake_bluesky, new_fake_linkedin,
                       new_fake_mastodon, new_fake_x)
from .bluesky import FakeBluesky
from .linkedin import FakeLinkedIn
from .mastodon import FakeMastodon
from .manifest import article, write_site
from .site import FakeSite
from .x import FakeX


@pytest.fixture
def fake_x() -> Iterator[FakeX]:
    server = new_fake_x().start()
    yield server
    server.stop()


@pytest.fixture
def fake_linkedin() -> Iterator[FakeLinkedIn]:
    server = new_fake_linkedin().start()
    yield server
    server.stop()


@pytest.fixture
def fake_bluesky() -> Iterator[FakeBluesky]:
    server = new_fake_bluesky().start()
    yield server
    server.stop()


@pytest.fixture
def fake_mastodon() -> Iterator[FakeMastodon]:
    server = new_fake_mastodon().start()
    yield server
    server.stop()


@pytest.fixture
def four_networks(monkeypatch: pytest.MonkeyPatch, publish_env: dict[str, str], fake_bluesky: FakeBluesky,
                  fake_mastodon: FakeMastodon) -> dict[str, str]:
    """`publish_env` plus Bluesky and Mastodon credentials pointing at their fakes."""
    extra = fediverse_environment(fake_bluesky, fake_mastodon)
    for name, value in extra.items():
        monkeypatch.setenv(name, value)
    return {**publish_env, **extra}


@pytest.fixture
def fake_site() -> Iterator[FakeSite]:
    server = FakeSite().start()
    yield server
    server.stop()


@pytest.fixture
def publish_env(monkeypatch: pytest.MonkeyPatch, fake_x: FakeX, fake_linkedin: FakeLinkedIn,
                tmp_path: Path) -> dict[str, str]:
    """The environment set for in-process runs, cwd at tmp_path (so the default ledger lands there)."""
    for name in (*SECRETS, "LINKEDIN_AUTHOR", "LINKEDIN_VERSION"):
        monkeypatch.delenv(name, raising=False)
    env = environment(fake_x, fake_linkedin)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    @property
    def rows(self) -> dict[tuple[str, str], str]:
        """The closing summary table as {(article, network): result}."""
        lines = self.out.split("\nSummary\n", 1)[1].splitlines()[1:]
        rows = {}
        for line in lines:
            parts = line.split(None, 2)
            if len(parts) == 3 and not line.startswith("  ("):
                rows[(parts[0], parts[1])] = parts[2]
        return rows


@dataclass
class Herald:
    """Runs `herald ...` in-process, the way the console script does."""

    capsys: pytest.CaptureFixture[str]
    root: Path

    @property
    def ledger_path(self) -> Path:
        return self.root / ".herald" / "ledger.json"

    def __call__(self, *argv: str) -> Result:
        from generator.cli import main

        self.capsys.readouterr()
        code = main(list(argv))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ledger(self) -> dict[str, Any]:
        return json.loads(self.ledger_path.read_text(encoding="utf-8"))

    @property
    def build_dir(self) -> Path:
        return self.root / ".herald" / "build"

    def site(self, articles: list[Entry], **kwargs: Any) -> Path:
        return write_site(self.build_dir, articles, **kwargs)


@pytest.fixture
def herald(capsys: pytest.CaptureFixture[str], publish_env: dict[str, str], tmp_path: Path) -> Herald:
    return Herald(capsys=capsys, root=tmp_path)


@pytest.fixture
def two_articles(herald: Herald, fake_site: FakeSite) -> list[Entry]:
    """A site with two due articles whose pages answer 200."""
    articles = [article("peek", fake_site.page("peek")), article("valve", fake_site.page("valve"))]
    herald.site(articles)
    return articles
