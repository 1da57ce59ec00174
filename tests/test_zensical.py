"""Herald on Zensical: the same manifest, page tags and publishing from a site Zensical built.

Every site here is built by the real `zensical` (the version pinned in the dev extra) and the real `mkdocs`;
`herald derive` runs as a user runs it, in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import (GOOD_POST, MINI_CONFIG, ROOT, SAMPLE_AUTHORS, SITE_URL, Built, make_site, mkdocs_build,
                      sample_site_at)
from generator import sitebuild

DEMO_FILES = ("content", "theme", "layouts", "mkdocs.yml")
HERALD_KEYS = ("og:", "twitter:", "article:")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)


def zensical_derive(root: Path, *derive: str) -> Built:
    """Seed the card fonts, `zensical build`, then `herald derive` with `derive` as its options."""
    prepared = run(root, "-m", "generator", "derive", "--prepare")
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    built = run(root, "-m", "zensical", "build", "-f", "mkdocs.yml")
    assert built.returncode == 0, built.stdout + built.stderr
    return Built(root, root / "site", run(root, "-m", "generator", "derive", *derive))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all("meta", attrs={"name": key})
    return [t.get("content") for t in tags]


def herald_tags(soup: BeautifulSoup) -> dict:
    """Herald's additions to a page: its sharing meta tags, JSON-LD and share links."""
    tags = sorted((t.get("property") or t.get("name"), t.get("content")) for t in soup.find_all("meta")
                  if (t.get("property") or t.get("name") or "").startswith(HERALD_KEYS))
    ld = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    share = [a["href"] for a in soup.select("aside.herald-share a")]
    return {"meta": tags, "ld": ld, "share": share, "canonical": [l["href"] for l in soup.find_all("link", rel="canonical")]}


def page_of(built: Built, entry: dict) -> Path:
    return built.site / entry["url"].removeprefix(SITE_URL) / "index.html"


@pytest.fixture(scope="session")
def zensical_demo(tmp_path_factory) -> Built:
    """The repository's demo, built by Zensical in a copy, then `herald derive --strict`."""
    root = tmp_path_factory.mktemp("zensical-demo")
    for name in DEMO_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    built = zensical_derive(root, "--strict")
    assert built.result.returncode == 0, built.log
    return built


def test_demo_manifests_agree_across_engines(shipped_site, zensical_demo):
    mkdocs, zensical = shipped_site.manifest(), zensical_demo.manifest()
    assert (mkdocs["engine"], zensical["engine"]) == ("mkdocs", "zensical")
    assert len(zensical["articles"]) == 14 and sum(bool(e["url"]) for e in zensical["articles"]) == 13
    assert {k: v for k, v in zensical.items() if k != "engine"} == {k: v for k, v in mkdocs.items() if k != "engine"}
    assert (zensical_demo.build_dir / "review.html").is_file()
    for entry in zensical["articles"]:
        if entry["posts"]:
            assert (zensical_demo.build_dir / "images" / entry["image"]["path"]).stat().st_size > 1000, entry["src"]


def test_every_demo_article_page_has_every_tag(shipped_site, zensical_demo):
    entries = [e for e in zensical_demo.manifest()["articles"] if e["url"]]
    assert len(entries) == 13
    for entry in entries:
        soup = soup_of(page_of(zensical_demo, entry))
        where = entry["src"]
        assert [l["href"] for l in soup.find_all("link", rel="canonical")] == [entry["url"]], where
        assert meta(soup, "og:title") == [entry["title"]], where
        assert meta(soup, "og:description") == [entry["description"]], where
        assert meta(soup, "og:url") == [entry["url"]], where
        assert meta(soup, "og:type") == ["article"], where
        assert meta(soup, "article:published_time") == [entry["date"]], where
        assert meta(soup, "article:author") and all(meta(soup, "article:author")), where
        assert meta(soup, "twitter:card") == ["summary_large_image"], where
        assert meta(soup, "twitter:title") == [entry["title"]], where
        assert meta(soup, "twitter:description") == [entry["description"]], where
        (image,) = meta(soup, "og:image")
        assert meta(soup, "twitter:image") == [image] and image == entry["image"]["url"], where
        assert (zensical_demo.site / image.removeprefix(SITE_URL)).stat().st_size > 1000, where

        (script,) = soup.find_all("script", type="application/ld+json")
        ld = json.loads(script.string)
        assert ld["@type"] == "Article" and ld["headline"] == entry["title"], where
        assert ld["datePublished"] == entry["date"] and ld["image"] == [image], where
        assert ld["publisher"] == {"@type": "Organization", "name": "Polymedica Components GmbH", "url": SITE_URL}
        assert ld["mainEntityOfPage"]["@id"] == entry["url"], where

        x = soup.select_one("a.herald-share__x")["href"]
        assert x.startswith("https://twitter.com/intent/tweet?") and parse_qs(urlparse(x).query)["url"] == [entry["url"]]
        linkedin = soup.select_one("a.herald-share__linkedin")["href"]
        assert parse_qs(urlparse(linkedin).query)["url"] == [entry["url"]], where
        assert soup.select_one("button.herald-share__copy")["data-herald-copy"] == entry["url"]
        css = soup.find("link", rel="stylesheet", href=lambda h: h and h.endswith("assets/stylesheets/herald.css"))
        assert (page_of(zensical_demo, entry).parent / css["href"]).resolve().is_file(), where
        js = soup.find("script", src=lambda s: s and s.endswith("assets/javascripts/herald.js"))
        assert (page_of(zensical_demo, entry).parent / js["src"]).resolve().is_file(), where

        # The same additions as the MkDocs plugin's templates make for the same article.
        assert herald_tags(soup) == herald_tags(soup_of(page_of(shipped_site, entry))), where
    peek = soup_of(zensical_demo.site / "blog/2026/03/24/peek-spinal-implants/index.html")
    assert meta(peek, "twitter:creator") == ["@mweber_polymers"]


def test_links_to_a_scheduled_article_lose_their_link(shipped_site, zensical_demo):
    (scheduled,) = [e for e in zensical_demo.manifest()["articles"] if e["status"] == "scheduled"]
    name = scheduled["slug"]
    linking = "blog/2026/11/17/change-control-supplier-notifications/index.html"
    for built in (shipped_site, zensical_demo):
        soup = soup_of(built.site / linking)
        assert "our note on the EU MDR transition" in soup.get_text(), built.site
        assert not [a for a in soup.find_all("a", href=True) if name in a["href"]], built.site
    assert not list(zensical_demo.site.rglob(f"*{name}*"))


def test_demo_other_pages_are_websites(zensical_demo):
    soup = soup_of(zensical_demo.site / "about" / "index.html")
    assert meta(soup, "og:type") == ["website"]
    assert meta(soup, "og:url") == [SITE_URL + "about/"]
    assert not soup.find_all("script", type="application/ld+json") and not soup.select("aside.herald-share")


def test_publish_dry_run_reads_the_zensical_manifest(zensical_demo):
    # The demo's address is not online, so its link check cannot pass here.
    result = run(zensical_demo.root, "-m", "generator", "publish", "--dry-run", "--no-link-check")
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout.split("\nSummary\n", 1)[1].splitlines()[1:]
    rows = {(p[0], p[1]): p[2] for line in table if len(p := line.split(None, 2)) == 3}
    articles = zensical_demo.manifest()["articles"]
    due = [e for e in articles if e["status"] == "due"]
    assert len(due) == 13
    for entry in due:
        assert rows[(entry["slug"], "x")] == f"would post: {len(entry['posts']['x']['texts'])} tweets", entry["slug"]
        assert rows[(entry["slug"], "linkedin")] == "would post: 1 post with thumbnail", entry["slug"]
    (scheduled,) = [e["slug"] for e in articles if e["status"] == "scheduled"]
    assert rows[(scheduled, "-")].startswith("not due: scheduled for ")


def test_derive_again_replaces_its_additions(zensical_demo, tmp_path):
    page = next(zensical_demo.site.glob("blog/2026/*/*/*/index.html"))
    before = page.read_text(encoding="utf-8")
    again = run(zensical_demo.root, "-m", "generator", "derive", "--strict")
    assert again.returncode == 0, again.stdout + again.stderr
    assert page.read_text(encoding="utf-8") == before
    assert before.count("<!-- herald:begin -->") == 3


HOSTILE = """\
---
title: "<script>alert('x')</script> PEEK & \\"quotes\\" </title>"
description: "A <b>bold</b> claim & an 'apostrophe' \\" onmouseover=\\"alert(1) </script> in the description."
date: 2026-02-02
authors: [tester]
tags: [PEEK]
---

Lead paragraph with enough words to make a thread from it. It says what the reader gains.

## Section

A second paragraph with its own point. It carries a sentence or two.
"""


def test_hostile_title_is_escaped_on_zensical_pages(tmp_path):
    tagged = MINI_CONFIG.replace("  - blog\n", "  - blog\n  - tags\n")
    make_site(tmp_path, {"hostile.md": HOSTILE}, config=tagged, files={"tags.md": b"# Tags\n\n<!-- material/tags -->\n"})
    built = zensical_derive(tmp_path, "--strict")
    assert built.result.returncode == 0, built.log
    (entry,) = built.manifest()["articles"]
    title = "<script>alert('x')</script> PEEK & \"quotes\" </title>"
    description = "A <b>bold</b> claim & an 'apostrophe' \" onmouseover=\"alert(1) </script> in the description."
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>bold" not in html, page
        soup = BeautifulSoup(html, "html.parser")
        assert not [t for t in soup.find_all(True) if "onmouseover" in t.attrs], page
    assert title in soup_of(built.site / "tags" / "index.html").get_text()
    soup = soup_of(page_of(built, entry))
    assert soup.find("title").get_text().startswith(title)
    assert soup.find("h1").get_text() == title
    assert meta(soup, "og:title") == [title] and meta(soup, "description") == [description]
    assert json.loads(soup.find("script", type="application/ld+json").string)["headline"] == title
    review = (built.build_dir / "review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in review and "<b>bold</b>" not in review


INVALID = """\
---
title: A post without a description
date: 2026-02-03
authors: [tester]
---

Lead paragraph with enough words to make a thread from it. It says what the reader gains.
"""


def test_strict_fails_where_mkdocs_strict_fails(tmp_path):
    mkdocs_root, zensical_root = tmp_path / "mkdocs", tmp_path / "zensical"
    posts = {"good.md": GOOD_POST, "invalid.md": INVALID}
    config = make_site(mkdocs_root, posts)
    assert mkdocs_build(config, mkdocs_root / "site").returncode == 1
    make_site(zensical_root, posts)
    strict = zensical_derive(zensical_root, "--strict")
    assert strict.result.returncode == 1, strict.log
    assert "invalid.md" in strict.result.stderr and "description" in strict.result.stderr
    lenient = run(zensical_root, "-m", "generator", "derive")
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    states = {e["src"]: e["status"] for e in json.loads((zensical_root / ".herald/build/manifest.json").read_text())["articles"]}
    assert states == {"blog/posts/good.md": "due", "blog/posts/invalid.md": "invalid"}
    # Both engines' builds pass once the article is fixed.
    (zensical_root / "content/blog/posts/invalid.md").unlink()
    (mkdocs_root / "content/blog/posts/invalid.md").unlink()
    assert zensical_derive(zensical_root, "--strict").result.returncode == 0
    assert mkdocs_build(config, mkdocs_root / "site").returncode == 0


def test_derive_matches_the_plugin_on_a_site_mkdocs_built_without_it(tmp_path):
    """Engine-independent: MkDocs with the plugin switched off, then `herald derive`, gives the plugin's manifest."""
    posts = {"good.md": GOOD_POST, "hostile.md": HOSTILE}
    with_plugin, without = tmp_path / "with", tmp_path / "without"
    config = make_site(with_plugin, posts)
    assert mkdocs_build(config, with_plugin / "site").returncode == 0
    off = MINI_CONFIG.replace("  - herald:\n", "  - herald:\n      enabled: false\n")
    config = make_site(without, posts, config=off)
    assert mkdocs_build(config, without / "site").returncode == 0
    assert not (without / ".herald").exists()
    derived = run(without, "-m", "generator", "derive", "--strict")
    assert derived.returncode == 0, derived.stdout + derived.stderr
    expected = json.loads((with_plugin / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    assert json.loads((without / ".herald/build/manifest.json").read_text(encoding="utf-8")) == expected
    assert expected["engine"] == "mkdocs" and len(expected["articles"]) == 2


def test_derive_neither_runs_nor_imports_mkdocs(zensical_demo):
    code = ("import sys; from generator.cli import main; code = main(['derive', '--no-pages']); "
            "assert not [m for m in sys.modules if m.split('.')[0] == 'mkdocs'], 'mkdocs imported'; sys.exit(code)")
    result = run(zensical_demo.root, "-c", code)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_site_builds_with_zensical_and_its_cards_are_posted(tmp_path):
    config = sample_site_at(tmp_path)
    assert (tmp_path / "layouts" / "herald.yml").read_text(encoding="utf-8") == sitebuild.card_layout()
    assert "cards_layout_dir: layouts" in config.read_text(encoding="utf-8")
    # Zensical rejects the handles in .authors.yml; Herald reads them from .herald-authors.yml instead.
    blog = tmp_path / "content" / "blog"
    plain = "\n".join(line for line in SAMPLE_AUTHORS.splitlines() if not line.strip().startswith(("x:", "bluesky:", "linkedin:")))
    (blog / ".authors.yml").write_text(plain + "\n", encoding="utf-8")
    (blog / ".herald-authors.yml").write_text(
        'authors:\n  mweber:\n    x: "@mweber_polymers"\n    bluesky: mweber.bsky.social\n', encoding="utf-8")
    built = zensical_derive(tmp_path, "--strict")
    assert built.result.returncode == 0, built.log
    entries = [e for e in built.manifest()["articles"] if e["url"]]
    assert len(entries) == 3
    for entry in entries:
        assert entry["image"]["kind"] == "card"
        card = built.site / entry["image"]["path"]
        assert card.stat().st_size > 1000 and (built.build_dir / "images" / entry["image"]["path"]).is_file()
        assert meta(soup_of(page_of(built, entry)), "og:image") == [entry["image"]["url"]]
    peek = soup_of(built.site / "blog/2026/03/02/peek-spinal-implants/index.html")
    assert meta(peek, "twitter:creator") == ["@mweber_polymers"]


def test_repository_layout_is_the_zensical_card_layout():
    assert (ROOT / "layouts" / "herald.yml").read_text(encoding="utf-8") == sitebuild.card_layout()
    assert "striptags" not in sitebuild.card_layout()


def test_handles_file_names_unknown_authors_and_keys(tmp_path):
    make_site(tmp_path, {"good.md": GOOD_POST})
    (tmp_path / "site").mkdir()
    handles = tmp_path / "content" / "blog" / ".herald-authors.yml"
    handles.write_text("authors:\n  nobody:\n    x: '@someone'\n", encoding="utf-8")
    result = run(tmp_path, "-m", "generator", "derive", "--no-pages")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "content/blog/.herald-authors.yml: author 'nobody' is not in content/blog/.authors.yml" in result.stderr
    handles.write_text("authors:\n  tester:\n    avatar: x.png\n", encoding="utf-8")
    result = run(tmp_path, "-m", "generator", "derive", "--no-pages")
    assert result.returncode == 2 and "expected only the handles" in result.stderr


def _build_step(workflow: Path, name: str) -> str:
    import yaml

    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return next(step["run"] for job in data["jobs"].values() for step in job.get("steps", []) if step.get("name") == name)


@pytest.mark.parametrize("workflow, step", [
    (".github/workflows/check.yml", "Build the site strictly"),
    (".github/workflows/publish.yml", "Build the site"),
    ("generator/scaffold/dot-github/workflows/check.yml", "Build the site strictly"),
    ("generator/scaffold/dot-github/workflows/publish.yml", "Build the site"),
])
def test_workflows_build_with_either_engine_and_keep_the_gate(tmp_path, workflow, step):
    """The build step run by bash with stand-ins that record their arguments and fail when told to."""
    script = _build_step(ROOT / workflow, step)
    folder = tmp_path / "bin"
    folder.mkdir()
    calls = tmp_path / "calls"
    for name in ("herald", "zensical", "mkdocs", "pip"):
        tool = folder / name
        tool.write_text(f'#!/usr/bin/env bash\necho "{name} $*" >> {calls}\n'
                        f'[ "{name} $*" != "$FAIL" ]\n', encoding="utf-8")
        tool.chmod(0o755)

    def build(engine: str | None, fail: str = "") -> tuple[int, list[str]]:
        calls.write_text("", encoding="utf-8")
        env = {"PATH": f"{folder}:/usr/bin:/bin", "FAIL": fail, **({"ENGINE": engine} if engine else {})}
        result = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, timeout=30)
        return result.returncode, calls.read_text(encoding="utf-8").splitlines()

    assert build("mkdocs") == (0, ["mkdocs build --strict"])
    assert build("mkdocs", fail="mkdocs build --strict")[0] == 1
    pin = next(d for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
               if d.startswith("zensical"))
    assert build("zensical") == (0, [f"pip install {pin}", "herald derive --prepare", "zensical build -f mkdocs.yml",
                                     "herald derive --strict"])
    assert build("zensical", fail="herald derive --strict")[0] == 1


def test_strict_fails_when_a_scheduled_article_is_in_the_built_site(tmp_path):
    """The blog here lacks `draft_if_future_date`, so Zensical builds a future article's page: a leak."""
    later = GOOD_POST.replace("date: 2026-02-01", "date: 2099-01-01").replace(
        "Cleanroom gowning that holds up in an audit", "A launch that is not due yet")
    make_site(tmp_path, {"good.md": GOOD_POST, "later.md": later})
    built = zensical_derive(tmp_path, "--strict")
    assert built.result.returncode == 1, built.log
    assert "content/blog/posts/later.md: is scheduled but the built site holds its page" in built.result.stderr
    states = {e["src"]: (e["status"], e["url"]) for e in built.manifest()["articles"]}
    assert states["blog/posts/later.md"] == ("scheduled", None)


def test_prepare_names_a_missing_card_layout(tmp_path):
    social = "  - social:\n      cards_layout: herald\n"
    make_site(tmp_path, {"good.md": GOOD_POST}, config=MINI_CONFIG.replace("  - herald:\n", social + "  - herald:\n"))
    result = run(tmp_path, "-m", "generator", "derive", "--prepare")
    assert result.returncode == 2 and "set `cards_layout_dir: layouts` in the social plugin" in result.stderr
    (tmp_path / "mkdocs.yml").write_text((tmp_path / "mkdocs.yml").read_text().replace(
        "cards_layout: herald\n", "cards_layout: herald\n      cards_layout_dir: layouts\n"))
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "herald.yml").write_text(sitebuild.card_layout(), encoding="utf-8")
    result = run(tmp_path, "-m", "generator", "derive", "--prepare")
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / ".cache/plugin/social/fonts/Roboto").iterdir()} >= {"Regular.ttf", "Bold.ttf"}


def test_derive_reads_the_plugin_options_with_the_plugins_defaults(tmp_path):
    from generator.config import HeraldConfig

    plugin = HeraldConfig()
    plugin.load_dict({})
    assert not plugin.validate()[0]
    options = sitebuild.HeraldOptions()
    assert {name: getattr(options, name) for name, _ in HeraldConfig._schema} == {
        name: tuple(value) if isinstance(value, list) else value for name, value in plugin.items()}
    make_site(tmp_path, {"good.md": GOOD_POST}, config=MINI_CONFIG.replace(
        "      hashtags: [MedTech]\n", "      hashtags: [MedTech]\n      approval: Required\n      thread_max: '4'\n"))
    (tmp_path / "site").mkdir()
    result = run(tmp_path, "-m", "generator", "derive")
    assert result.returncode == 2 and "plugin 'herald': 'thread_max' must be int, not '4'" in result.stderr
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      thread_max: '4'\n", ""), encoding="utf-8")
    result = run(tmp_path, "-m", "generator", "derive")
    assert result.returncode == 2 and "'approval' must be one of none, required, not 'Required'" in result.stderr


def test_derive_never_reads_an_article_linked_from_outside_the_docs_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(GOOD_POST.replace("Cleanroom gowning that holds up in an audit",
                                                       "Leaked internal memo"), encoding="utf-8")
    off = MINI_CONFIG.replace("  - herald:\n", "  - herald:\n      enabled: false\n")
    config = make_site(tmp_path / "site-root", {"good.md": GOOD_POST}, config=off)
    (config.parent / "content/blog/posts/leak.md").symlink_to(outside / "leak.md")
    assert mkdocs_build(config, config.parent / "site", strict=False).returncode == 0

    derived = run(config.parent, "-m", "generator", "derive")
    assert "content/blog/posts/leak.md is a symbolic link to" in derived.stderr
    manifest = json.loads((config.parent / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    assert [e["src"] for e in manifest["articles"]] == ["blog/posts/good.md"]
    strict = run(config.parent, "-m", "generator", "derive", "--strict")
    assert strict.returncode == 1
