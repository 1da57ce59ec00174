"""`herald init` run as a new user would: a site that builds strictly, carries Herald's tags, and never clobbers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, herald_init, mkdocs_build
from generator.lint import lint_markdown, load_rules

URL = "https://insights.acme.example/"

SCAFFOLD_FILES = {
    ".github/workflows/check.yml",
    ".github/workflows/publish.yml",
    ".gitignore",
    "claims-rules.yml",
    "content/about.md",
    "content/assets/images/authors/expert.svg",
    "content/blog/.authors.yml",
    "content/blog/index.md",
    "content/blog/posts/how-to-write-an-article.md",
    "content/index.md",
    "content/tags.md",
    "layouts/herald.yml",
    "mkdocs.yml",
    "pyproject.toml",
}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    root = tmp_path_factory.mktemp("init") / "mysite"
    result = herald_init(root, "--name", 'Acme "Devices": Insights', "--url", "https://insights.acme.example")
    assert result.returncode == 0, result.stderr
    return root, result


def test_init_writes_the_whole_site(initialised):
    root, result = initialised
    assert files_under(root) == SCAFFOLD_FILES
    assert "Created Acme \"Devices\": Insights" in result.stdout and "mkdocs build --strict" in result.stdout
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == 'Acme "Devices": Insights'
    assert config["site_url"] == URL
    assert config["docs_dir"] == "content" and "custom_dir" not in config["theme"]
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert plugins == ["search", "blog", "tags", "social", "rss", "herald"]
    index = (root / "content" / "index.md").read_text(encoding="utf-8")
    assert index.startswith('---\ntitle: "Acme \\"Devices\\": Insights"\n')
    assert '\n# Acme "Devices": Insights\n' in index


def test_init_site_builds_strictly_with_herald_tags(initialised, tmp_path):
    root, _ = initialised
    site = tmp_path / "site"
    result = mkdocs_build(root / "mkdocs.yml", site)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))], log
    (page,) = [p for p in (site / "blog").rglob("how-to-write-an-article-for-this-site/index.html")]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    url = URL + page.parent.relative_to(site).as_posix() + "/"
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", property="og:url")["content"] == url
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert json.loads(soup.find("script", type="application/ld+json").string)["headline"] == "How to write an article for this site"
    assert soup.select_one("aside.herald-share a.herald-share__x")
    manifest = json.loads((root / ".herald" / "build" / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["articles"]
    # The sample is for reading, not for posting.
    assert entry["status"] == "opted-out"
    assert entry["posts"]["x"]["texts"] and not entry["warnings"] and not entry["lint"]


def test_init_refuses_to_overwrite_and_names_every_clash(tmp_path):
    root = tmp_path / "existing"
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (root / "content" / "about.md").write_text("# Ours\n", encoding="utf-8")
    (root / "README.md").write_text("# Our repo\n", encoding="utf-8")
    result = herald_init(root, "--name", "Acme", "--url", URL)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "refusing to overwrite existing files: content/about.md, mkdocs.yml" in result.stderr
    assert files_under(root) == {"mkdocs.yml", "content/about.md", "README.md"}
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    # Without clashes, an existing folder (say, a fresh git checkout) is fine.
    (root / "mkdocs.yml").unlink()
    (root / "content" / "about.md").unlink()
    assert herald_init(root, "--name", "Acme", "--url", URL).returncode == 0
    assert files_under(root) == SCAFFOLD_FILES | {"README.md"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--name", "Acme", "--url", "insights.acme.example"], "--url: expected the site's public address"),
        (["--name", "Acme", "--url", "ftp://acme.example/"], "--url: expected the site's public address"),
        (["--name", "  ", "--url", URL], "--name: expected the site's name"),
        (["--url", URL], "site name (--name) not given: pass it as a flag"),
        (["--name", "Acme"], "site url (--url) not given: pass it as a flag"),
    ],
)
def test_init_bad_or_missing_flags_are_one_clear_line(tmp_path, args, message):
    result = herald_init(tmp_path / "site", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "site").exists()


def test_init_prompts_at_a_terminal(tmp_path):
    """Name and URL are asked for when a person runs init without flags, in a real pseudo-terminal."""
    import os
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "init", str(tmp_path / "s")],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    os.close(terminal)
    os.write(controller, b"Prompted Insights\nhttps://prompted.example\n")
    out, err = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0, err
    assert "Site name (--name): " in out and "Site URL (--url): " in out
    config = yaml.load((tmp_path / "s" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert (config["site_name"], config["site_url"]) == ("Prompted Insights", "https://prompted.example/")


def test_scaffold_workflows_are_the_repository_workflows():
    """The lead keeps .github/workflows/ current; `herald init` must hand out exactly those files."""
    scaffold = ROOT / "generator" / "scaffold" / "dot-github" / "workflows"
    ours = sorted(p.name for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert ours == sorted(p.name for p in scaffold.glob("*.yml")) and ours
    for name in ours:
        assert (scaffold / name).read_bytes() == (ROOT / ".github" / "workflows" / name).read_bytes(), name


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_keeps_the_ledger_and_drops_build_output(initialised, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(initialised[0], root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    paths = [".herald/ledger.json", ".herald/build/manifest.json", ".herald/build/review.html", ".herald/ledger.json.lock",
             "site/index.html", ".cache/plugin/social/x.png", "content/blog/posts/new.md", "mkdocs.yml"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=root, capture_output=True, text=True)
    ignored = set(result.stdout.split())
    assert ignored == {".herald/build/manifest.json", ".herald/build/review.html", ".herald/ledger.json.lock",
                       "site/index.html", ".cache/plugin/social/x.png"}


def test_rules_file_extends_herald_rules_with_the_firms_own(initialised):
    root, _ = initialised
    rules = load_rules(root / "claims-rules.yml")
    herald_ids = [r.id for r in load_rules()]
    assert [r.id for r in rules] == ["brand-mark", *herald_ids]
    findings = lint_markdown("Our AcmeFlex tubing ships in May. AcmeFlex® is our mark.\nIt is 100% safe.\n", "t.md", rules)
    assert [(f.rule, f.severity) for f in findings] == [("brand-mark", "warning"), ("absolute-safety", "error")]


def test_pyproject_lets_the_workflows_install_herald(initialised):
    data = tomllib.loads((initialised[0] / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["dependencies"] == [f"herald>={__import__('generator').__version__}"]
    assert data["tool"]["setuptools"]["packages"] == []
