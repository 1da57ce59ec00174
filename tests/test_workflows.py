"""The GitHub workflows: pinned actions, secrets only where posting happens, and a ledger that survives a race.

The ledger-commit step is run for real: its script, taken from publish.yml, runs with bash against a local
bare repository whose branch moved while the run was posting.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT
from generator.publish.ledger import Attempt, Ledger, LedgerEntry

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec.get("steps", [])]


def test_every_action_is_pinned_by_commit_sha():
    for name in ("check.yml", "publish.yml"):
        for job, step in steps(load(name)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (name, job, step["uses"])


def test_no_expression_is_pasted_into_a_shell_script():
    for name in ("check.yml", "publish.yml"):
        for job, step in steps(load(name)):
            assert "${{" not in step.get("run", ""), (name, job, step.get("name"))


def test_secrets_exist_only_in_the_publish_job_behind_a_protected_environment():
    publish = load("publish.yml")
    for name in ("check.yml", "publish.yml"):
        for job, step in steps(load(name)):
            uses_secrets = "secrets." in json.dumps(step)
            assert not uses_secrets or (name, job) == ("publish.yml", "publish"), (name, job)
    assert publish["jobs"]["publish"]["environment"] == "social"
    assert "secrets." not in json.dumps(load("check.yml"))


def test_the_artifact_carries_what_publish_reads_and_publish_starts_at_the_branch_tip():
    jobs = load("publish.yml")["jobs"]
    upload = next(s for _, s in steps({"jobs": {"b": jobs["build"]}}) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == ".herald/build" and upload["with"]["include-hidden-files"] is True
    checkout = jobs["publish"]["steps"][0]
    assert "checkout" in checkout["uses"] and checkout["with"]["ref"] == "${{ github.ref_name }}"


def _script(step_name: str) -> str:
    return next(s["run"] for _, s in steps(load("publish.yml")) if s.get("name") == step_name)


def test_pending_approvals_never_block_the_site(tmp_path):
    script = _script("Check articles, posts, claims and approvals")
    for code, expected in ((0, 0), (3, 0), (1, 1), (2, 2)):
        fake = _bin(tmp_path, "herald", f"exit {code}")
        result = subprocess.run(["bash", "-e", "-c", script], env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"},
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == expected, (code, result.stdout, result.stderr)


def _bin(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return folder


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _entry(slug: str, network: str, when: str) -> LedgerEntry:
    entry = LedgerEntry.new(slug, network, "sha256:aa", when)
    entry = entry.begin(Attempt(0, f"{slug} text", None, when), when)
    return entry.add_post("urn:li:share:1", when) if network == "linkedin" else entry


def test_the_ledger_commit_merges_with_a_branch_that_moved(tmp_path):
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    _git(tmp_path, "clone", "--quiet", str(origin), str(seed))
    (seed / ".herald").mkdir()
    base = Ledger(path=seed / ".herald" / "ledger.json")
    base.put(_entry("old", "linkedin", "2026-03-01T08:00:00Z"))
    _git(seed, "add", ".")
    _git(seed, *ident, "commit", "--quiet", "-m", "seed")
    _git(seed, "push", "--quiet", "origin", "HEAD:main")

    runner = tmp_path / "runner"
    _git(tmp_path, "clone", "--quiet", str(origin), str(runner))
    # This run posts an article...
    Ledger.load(runner / ".herald" / "ledger.json").put(_entry("new", "linkedin", "2026-03-02T09:00:00Z"))
    # ...while a person settles another one by hand and pushes first.
    Ledger.load(seed / ".herald" / "ledger.json").put(_entry("other", "linkedin", "2026-03-02T08:30:00Z"))
    (seed / "content.md").write_text("an edit\n", encoding="utf-8")
    _git(seed, "add", ".")
    _git(seed, *ident, "commit", "--quiet", "-m", "resolve by hand")
    _git(seed, "push", "--quiet", "origin", "HEAD:main")

    herald = _bin(tmp_path, "herald", f'exec "{sys.executable}" -m generator "$@"')
    env = {**os.environ, "PATH": f"{herald}:{os.environ['PATH']}", "BRANCH": "main", "RUNNER_TEMP": str(tmp_path),
           "PYTHONPATH": str(ROOT), "GIT_AUTHOR_NAME": "t", "GIT_COMMITTER_NAME": "t"}
    result = subprocess.run(["bash", "-e", "-c", _script("Commit the ledger")], cwd=runner, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    pushed = json.loads(_git(origin, "show", "main:.herald/ledger.json"))
    assert sorted(pushed["entries"]) == ["new", "old", "other"]
    assert _git(origin, "show", "main:content.md") == "an edit\n"
