"""`herald new`, `herald check` and `herald approve`, run as a user would, on a site made with `herald init`."""

from __future__ import annotations

import json
import subprocess
import sys

import frontmatter
import pytest
import yaml

from conftest import SAMPLE_POSTS, sample_site_at
from generator.approval import ApprovalError, set_approval


def herald(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def site(tmp_path):
    sample_site_at(tmp_path)
    return tmp_path


def require_approval(site):
    cfg = site / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "  - herald:\n" in text
    cfg.write_text(text.replace("  - herald:\n", "  - herald:\n      approval: required\n"), encoding="utf-8")


# --- herald new -----------------------------------------------------------


def test_new_creates_a_complete_skeleton_that_builds(site):
    result = herald("new", "PEKK vs. PEEK for cranial plates", "--author", "mweber", "--tag", "PEEK", "--category", "Materials", cwd=site)
    assert result.returncode == 0, result.stderr
    path = site / result.stdout.strip()
    assert path == site / "content/blog/posts/pekk-vs-peek-for-cranial-plates.md"
    post = frontmatter.load(path)
    assert post["title"] == "PEKK vs. PEEK for cranial plates"
    assert post["authors"] == ["mweber"] and post["tags"] == ["PEEK"] and post["categories"] == ["Materials"]
    assert str(post["date"]) == __import__("datetime").date.today().isoformat()
    assert post["description"] and post["slug"] == "pekk-vs-peek-for-cranial-plates"
    text = path.read_text(encoding="utf-8")
    assert "  publish: true" in text
    for key in ("hashtags", "hook", "thread", "linkedin", "image", "approved_by"):
        assert f"  # {key}:" in text
    # A `social:` block holding only comments is null in YAML; Material's social plugin must not trip on it.
    older = path.with_name("comments-only.md")
    older.write_text(text.replace("social:\n  publish: true ", "social:\n  # publish: true ").replace(
        "PEKK vs. PEEK for cranial plates", "Comments only").replace("pekk-vs-peek-for-cranial-plates", "comments-only"),
        encoding="utf-8")
    assert "social:\n  # publish" in older.read_text(encoding="utf-8")
    # The skeleton builds strictly (social cards on), but `check` says it is not ready to publish.
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site / "site")], cwd=site,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr
    check = herald("check", cwd=site)
    assert check.returncode == 1, check.stdout + check.stderr
    rows = [line for line in check.stdout.splitlines() if "pekk-vs-peek-for-cranial-plates.md" in line]
    assert any("not ready: the description is still the `herald new` placeholder" in row for row in rows)
    assert any("not ready: the opening paragraph is still" in row for row in rows)
    assert f"{len(SAMPLE_POSTS) + 2} articles checked" in check.stdout


def test_new_refuses_to_overwrite(site):
    target = site / "content/blog/posts/peek-spinal-implants.md"
    before = target.read_bytes()
    result = herald("new", "PEEK spinal implants", cwd=site)
    assert result.returncode == 2
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == before


# --- herald check ---------------------------------------------------------


def test_check_is_clean_on_a_new_site(site):
    result = herald("check", cwd=site)
    assert result.returncode == 0, result.stdout
    assert f"{len(SAMPLE_POSTS)} articles checked" in result.stdout and "0 errors" in result.stdout


def test_check_reports_each_problem_with_location(site):
    posts = site / "content/blog/posts"
    peek = posts / "peek-spinal-implants.md"
    peek.write_text(peek.read_text(encoding="utf-8").replace("  hashtags:", "  hashtag:", 1), encoding="utf-8")
    tpu = posts / "tpu-catheter-tubing.md"
    text = tpu.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    body_start = [i for i, l in enumerate(lines) if l.strip() == "---"][1] + 1
    lines.insert(body_start + 1, "Our tubing is FDA approved and guaranteed.\n\n")
    tpu.write_text("".join(lines), encoding="utf-8")
    line_no = body_start + 2
    result = herald("check", cwd=site)
    assert result.returncode == 1
    out = result.stdout
    assert "blog/posts/peek-spinal-implants.md" in out and "front matter: social.hashtag" in out
    assert "did you mean 'hashtags'?" in out
    row = next(l for l in out.splitlines() if "fda-approved" in l and "tpu-catheter-tubing.md:" in l)
    assert f"tpu-catheter-tubing.md:{line_no}" in row and "error" in row
    assert any("'guarantee'" in l for l in out.splitlines())
    assert "Traceback" not in result.stderr
    assert out.strip().splitlines()[-1].startswith(f"{len(SAMPLE_POSTS)} articles checked in ")
    assert " errors," in out.strip().splitlines()[-1]


def test_check_lists_silenced_findings(site):
    path = site / "content/blog/posts/tpu-catheter-tubing.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("social:\n", "social:\n  lint_ignore:\n    - rule: superlative\n      reason: Citing an award's own wording\n", 1)
    text = text.replace("\n## ", "\nJudges called it the best catheter line of the year.\n\n## ", 1)
    path.write_text(text, encoding="utf-8")
    result = herald("check", cwd=site)
    assert result.returncode == 0, result.stdout
    row = next(l for l in result.stdout.splitlines() if "silenced" in l and "superlative" in l)
    assert "Citing an award's own wording" in row


# --- herald approve -------------------------------------------------------

APPROVAL_SOURCE = """\
---
# Reviewed quarterly.
title: "Tubing"   # keep short
date: 2026-01-02
social:
  hashtags: [TPU]   # brand tag first
  # hook: later
  approved_by: "Old Name"

tags: [a]
---

Body stays *exactly* as written.
"""


HASHES = {"x": "sha256:abc", "linkedin": "sha256:def"}


def test_set_approval_touches_only_approval_lines():
    out = set_approval(APPROVAL_SOURCE, by="Dr. Q", at="2026-11-25T10:00:00Z", hashes=HASHES)
    assert out.count("approved_by") == 1
    before = APPROVAL_SOURCE.splitlines()
    after = out.splitlines()
    assert [l for l in before if "approved_" not in l] == [l for l in after if "approved_" not in l]
    assert out.endswith("Body stays *exactly* as written.\n")
    meta = yaml.safe_load(out.split("---\n")[1])
    assert meta["social"] == {"hashtags": ["TPU"], "approved_by": "Dr. Q", "approved_at": "2026-11-25T10:00:00Z", "approved_hash": HASHES}
    assert meta["tags"] == ["a"]


def test_set_approval_adds_social_block_and_keeps_crlf():
    text = "---\r\ntitle: T\r\ndate: 2026-01-02\r\n---\r\nBody\r\n"
    out = set_approval(text, by="A", at="now", hashes={"x": "sha256:1"})
    assert out.startswith("---\r\ntitle: T\r\ndate: 2026-01-02\r\nsocial:\r\n  approved_by: \"A\"\r\n")
    assert out.endswith("---\r\nBody\r\n")


def test_set_approval_refuses_inline_social():
    with pytest.raises(ApprovalError, match="inline"):
        set_approval("---\ntitle: T\nsocial: {publish: true}\n---\n", by="A", at="n", hashes={"x": "d"})


def _build(site) -> dict:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "site")], cwd=site, check=True,
                   capture_output=True)
    manifest = json.loads((site / ".herald/build/manifest.json").read_text(encoding="utf-8"))
    return next(e for e in manifest["articles"] if e["slug"] == "peek-spinal-implants")


def test_approve_binds_to_content_and_edit_invalidates(site):
    require_approval(site)
    path = site / "content/blog/posts/peek-spinal-implants.md"
    original = path.read_text(encoding="utf-8")
    result = herald("check", cwd=site)
    assert result.returncode == 3, result.stdout
    assert "peek-spinal-implants.md" in result.stdout and "not approved for X, LinkedIn" in result.stdout
    assert result.stdout.strip().endswith("waiting for approval")

    entry = _build(site)
    review = (site / ".herald/build/review.html").read_text(encoding="utf-8")
    assert "X approval: unapproved" in review
    preview = herald("preview", "peek-spinal-implants", cwd=site)
    assert preview.returncode == 0, preview.stderr
    digest = next(line.split(": ", 1)[1] for line in preview.stdout.splitlines() if line.startswith("Review hash:"))

    refused = herald("approve", "peek-spinal-implants", "--by", "Dr. Anna Koch", "--hash", "0123456789ab", cwd=site)
    assert refused.returncode == 1 and f"its review hash is now {digest}" in refused.stderr
    assert path.read_text(encoding="utf-8") == original

    result = herald("approve", "peek-spinal-implants", "--by", "Dr. Anna Koch", "--hash", digest, cwd=site)
    assert result.returncode == 0, result.stderr
    # The reviewer sees what they approve: every post and the image.
    for text in entry["posts"]["x"]["texts"]:
        assert text.split()[0] in result.stdout
    assert f"Image: {entry['image']['path']}" in result.stdout
    approved = path.read_text(encoding="utf-8")
    assert [l for l in approved.splitlines() if "approved_" not in l] == original.splitlines()
    meta = frontmatter.loads(approved)
    assert meta["social"]["approved_by"] == "Dr. Anna Koch"
    assert meta["social"]["approved_hash"] == {n: p["hash"] for n, p in entry["posts"].items()}

    assert not _rows(herald("check", cwd=site), "peek-spinal-implants")
    entry = _build(site)
    assert entry["approval"]["by"] == "Dr. Anna Koch"
    assert "X approval: approved" in (site / ".herald/build/review.html").read_text(encoding="utf-8")

    # An edit that leaves the posts alone keeps the approval; one that changes them does not.
    path.write_text(approved + "\nA closing remark that no post quotes.\n", encoding="utf-8")
    assert not _rows(herald("check", cwd=site), "peek-spinal-implants")
    path.write_text(approved.replace("Here is how we weigh the two routes.", "Here is how we choose.", 1), encoding="utf-8")
    result = herald("check", cwd=site)
    assert result.returncode == 3
    assert [row for row in _rows(result, "peek-spinal-implants") if "no longer matches" in row], result.stdout
    _build(site)
    assert "approval: stale" in (site / ".herald/build/review.html").read_text(encoding="utf-8")


def _rows(result, slug: str) -> list[str]:
    """`herald check` rows about one article."""
    return [line for line in result.stdout.splitlines() if f"{slug}.md" in line]


def test_changing_an_approved_articles_image_makes_the_approval_stale(site):
    from fakes.manifest import png_bytes

    require_approval(site)
    images = site / "content/assets/images/articles"
    images.mkdir(parents=True, exist_ok=True)
    (images / "first.png").write_bytes(png_bytes())
    (images / "second.png").write_bytes(png_bytes())
    path = site / "content/blog/posts/peek-spinal-implants.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("social:\n", "social:\n  image: assets/images/articles/first.png\n", 1), encoding="utf-8")
    assert herald("approve", "peek-spinal-implants", "--by", "QA", cwd=site).returncode == 0
    assert not _rows(herald("check", cwd=site), "peek-spinal-implants")

    # Another image: stale.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("articles/first.png", "articles/second.png"), encoding="utf-8")
    (row,) = _rows(herald("check", cwd=site), "peek-spinal-implants")
    assert "no longer matches the X, LinkedIn posts" in row

    # Approved with that image, then its bytes change: stale again.
    assert herald("approve", "peek-spinal-implants", "--by", "QA", cwd=site).returncode == 0
    assert not _rows(herald("check", cwd=site), "peek-spinal-implants")
    (images / "second.png").write_bytes(png_bytes() + b"\0")
    (row,) = _rows(herald("check", cwd=site), "peek-spinal-implants")
    assert "no longer matches the X, LinkedIn posts" in row


def test_approve_unknown_article_is_clear(site):
    result = herald("approve", "no-such-post", "--by", "X", cwd=site)
    assert result.returncode == 2
    assert "no article 'no-such-post'" in result.stderr and "Traceback" not in result.stderr
