"""SIGKILL `herald publish --yes` at random moments, again and again, then run it to completion: on X,
LinkedIn, Bluesky and Mastodon at once, every post exists exactly once, every thread is chained in order,
and the ledger is always valid JSON."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from fakes.accounts import (environment, fediverse_environment, new_fake_bluesky, new_fake_linkedin,
                            new_fake_mastodon, new_fake_x)
from fakes.manifest import article, write_site
from fakes.site import FakeSite

from generator.publish.ledger import Ledger
from generator.publish.littletext import escape

SEED = 20260302
KILLS = 20
ARTICLES = 3
COMMAND = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


class Scenario:
    """Fresh fakes, site and ledger; slow enough per request that kills land mid-thread."""

    def __init__(self, root: Path, number: int, site: FakeSite) -> None:
        self.root = root / f"scenario-{number}"
        self.x = new_fake_x(latency=(0.02, 0.05), seed=number).start()
        self.linkedin = new_fake_linkedin(latency=(0.02, 0.05), seed=number).start()
        self.bluesky = new_fake_bluesky(latency=(0.02, 0.05), seed=number).start()
        self.mastodon = new_fake_mastodon(latency=(0.02, 0.05), seed=number).start()
        self.articles = [article(f"s{number}a{i}", site.page(f"s{number}a{i}"), tweets=4, fediverse=True)
                         for i in range(ARTICLES)]
        write_site(self.root / ".herald" / "build", self.articles)
        self.env = {**os.environ, **environment(self.x, self.linkedin),
                    **fediverse_environment(self.bluesky, self.mastodon)}
        self.ledger = self.root / ".herald" / "ledger.json"
        self.people: list[str] = []
        self.outputs: list[str] = []

    def start(self) -> subprocess.Popen[str]:
        return subprocess.Popen([*COMMAND, "publish", "--yes"], cwd=self.root, env=self.env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def ledger_is_valid(self) -> None:
        if self.ledger.exists():
            json.loads(self.ledger.read_text(encoding="utf-8"))
            Ledger.load(self.ledger)

    def settle_by_hand(self, output: str) -> None:
        """Resolve what publish reported to a person, from the fake's truth; only pending entries may appear."""
        data = json.loads(self.ledger.read_text())["entries"]
        for slug, network in re.findall(r"^(\S+)\s+(x|linkedin|bluesky|mastodon)\s+needs a person", output, re.M):
            entry = data[slug][network]
            assert entry["state"] == "pending", (slug, network, entry)
            self.people.append(f"{slug}/{network}")
            attempt = entry["attempt"]
            if network == "x":
                found = [t.id for t in self.x.tweets if t.text == attempt["text"] and t.reply_to == attempt["reply_to"]]
            elif network == "bluesky":
                found = [p.uri for p in self.bluesky.posts if p.rkey == attempt["key"]]
            elif network == "mastodon":
                found = [s.id for s in self.mastodon.statuses if s.key == attempt["key"]]
            else:
                found = [p.urn for p in self.linkedin.posts if p.sent_commentary == attempt["text"]]
            what = ["--posted", found[0]] if found else ["--not-posted"]
            subprocess.run([*COMMAND, "ledger", "resolve", slug, "--network", network, *what], cwd=self.root,
                           env=self.env, check=True, capture_output=True, timeout=60)

    def finish(self) -> None:
        for _ in range(5):
            proc = self.start()
            output, _ = proc.communicate(timeout=120)
            self.outputs.append(output)
            self.ledger_is_valid()
            if proc.returncode == 0:
                return
            assert proc.returncode == 1, output
            self.settle_by_hand(output)
        raise AssertionError(f"scenario did not complete:\n{output}")

    def verify(self) -> None:
        assert self.x.duplicates_rejected == 0
        ledger = json.loads(self.ledger.read_text())["entries"]
        for item in self.articles:
            thread = item.posts["x"].texts
            chain = self.x.thread(thread[0])
            assert [t.text for t in chain] == list(thread)
            assert [self.x.texts().count(text) for text in thread] == [1] * len(thread)
            assert len(chain[0].media_ids) == 1
            entry = ledger[item.slug]["x"]
            assert entry["state"] == "posted" and [t["id"] for t in entry["tweets"]] == [t.id for t in chain]
            sent = escape(item.posts["linkedin"].texts[0])
            posts = [p for p in self.linkedin.posts if p.sent_commentary == sent]
            assert len(posts) == 1
            assert self.linkedin.images[posts[0].article["thumbnail"]]
            assert ledger[item.slug]["linkedin"]["urn"] == posts[0].urn
            for network, fake in (("bluesky", self.bluesky), ("mastodon", self.mastodon)):
                texts = item.posts[network].texts
                chain = fake.thread(texts[0])
                assert [p.text for p in chain] == list(texts), network
                assert [fake.texts().count(text) for text in texts] == [1] * len(texts), network
                entry = ledger[item.slug][network]
                ids = [p.uri for p in chain] if network == "bluesky" else [s.id for s in chain]
                assert entry["state"] == "posted" and [t["id"] for t in entry["tweets"]] == ids, network
            assert self.bluesky.thread(item.posts["bluesky"].texts[0])[0].record["embed"]["external"]["thumb"]
            assert len(self.mastodon.thread(item.posts["mastodon"].texts[0])[0].media_ids) == 1
        assert len(self.x.tweets) == ARTICLES * 4 and len(self.linkedin.posts) == ARTICLES
        assert len(self.bluesky.posts) == ARTICLES * 3 and len(self.mastodon.statuses) == ARTICLES * 3
        leftovers = [p.name for p in self.ledger.parent.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []

    def close(self) -> None:
        for fake in (self.x, self.linkedin, self.bluesky, self.mastodon):
            fake.stop()


def startup_seconds(root: Path, site: FakeSite) -> float:
    """How long this machine takes to get herald to the point of posting (its SDKs loaded, the manifest read),
    so kill times span the run even on a loaded machine: a dry run of one article."""
    write_site(root / ".herald" / "build", [article("warmup", site.page("warmup"), fediverse=True)])
    started = time.monotonic()
    subprocess.run([*COMMAND, "publish", "--dry-run", "--no-link-check"], cwd=root, check=True, capture_output=True,
                   timeout=60)
    return time.monotonic() - started


def test_killed_runs_never_post_twice_or_lose_a_post(tmp_path):
    rng = random.Random(SEED)
    site = FakeSite().start()
    startup = startup_seconds(tmp_path / "warmup", site)
    kills = 0
    scenarios = 0
    people: list[str] = []
    settled = 0
    try:
        while kills < KILLS:
            scenario = Scenario(tmp_path, scenarios, site)
            scenarios += 1
            try:
                while kills < KILLS:
                    proc = scenario.start()
                    try:
                        output, _ = proc.communicate(timeout=rng.uniform(startup / 2, startup + 1.0))
                    except subprocess.TimeoutExpired:
                        proc.send_signal(signal.SIGKILL)
                        scenario.outputs.append(proc.communicate()[0])
                        kills += 1
                        scenario.ledger_is_valid()
                        continue
                    scenario.outputs.append(output)
                    scenario.ledger_is_valid()
                    if proc.returncode == 0:
                        break
                    assert proc.returncode == 1, output
                    scenario.settle_by_hand(output)
                scenario.finish()
                scenario.verify()
                people += scenario.people
                settled += sum(out.count("from an interrupted run") for out in scenario.outputs)
            finally:
                scenario.close()
    finally:
        site.stop()
    # Kills landed between "pending" and the recorded id, and later runs settled those by asking the fakes.
    assert settled > 0
    # With a network that always answers lookups, no crash leaves anything a person must settle.
    assert people == []
