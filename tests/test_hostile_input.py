"""Hostile and broken input through the real commands: one clear line, the documented exit code, no traceback,
and nothing in a terminal that an article's author could use to hide or rewrite what a reviewer reads."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import GOOD_POST, make_site, mkdocs_build

ESC = "\x1b"


def herald(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def post(old: str, new: str, *, slug: str) -> str:
    assert old in GOOD_POST
    return GOOD_POST.replace(old, new, 1).replace("date: 2026-02-01", f"date: 2026-02-01\nslug: {slug}", 1)


HIDDEN = post(
    "People are the largest source of particles in a cleanroom.",
    f"People are the largest {ESC}[8msecretly unsafe{ESC}[0m source of particles in a cleanroom.{ESC}[2K\r",
    slug="hidden",
)
NUMBER_TITLE = post("title: Cleanroom gowning that holds up in an audit", "title: 2026", slug="number")
ESCAPED_TITLE = post("title: Cleanroom gowning that holds up in an audit", 'title: "Gowning \\e[8mhidden\\e[0m"',
                     slug="escaped")
SLIPPERY = post(
    "Auditors watch the order of steps and the state of the gowns.",
    "Our gowns are completely s\u00adafe and FDA\u2011approved, and the coating cur\u0435s infections.",
    slug="slippery",
)
BOMB = post(
    "description: How we gown",
    "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    + "description: *a8\nsummary: How we gown",
    slug="bomb",
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    make_site(root, {"good.md": GOOD_POST, "hidden.md": HIDDEN, "number.md": NUMBER_TITLE,
                     "escaped.md": ESCAPED_TITLE, "slippery.md": SLIPPERY, "bomb.md": BOMB})
    result = mkdocs_build(root / "mkdocs.yml", root / "site", strict=False)
    return root, result


def test_build_survives_and_names_each_bad_file(hostile):
    root, result = hostile
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log
    assert "number.md: field 'title': expected a string, got a number 2026" in log
    assert "escaped.md: field 'title': holds a control character" in log
    assert "bomb.md: YAML alias '*a0' at line 4: aliases are not allowed in front matter" in log
    # A title Material cannot use, and an alias bomb, leave their file out of the site.
    assert not (root / "site" / "blog" / "2026" / "02" / "01" / "number").exists()
    assert not (root / "site" / "blog" / "2026" / "02" / "01" / "bomb").exists()
    assert (root / "site" / "blog" / "2026" / "02" / "01" / "hidden" / "index.html").is_file()


def test_strict_build_fails_on_them(hostile, tmp_path):
    root, _ = hostile
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site", strict=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_every_problem_escaped(hostile):
    root, _ = hostile
    result = herald(root, "check")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out and ESC not in out and "\r" not in out
    assert any("front matter: title" in row and "expected a string, got a number 2026" in row
               for row in out.splitlines())
    assert "aliases are not allowed in front matter" in out
    # The lint sees through the soft hyphen, the non-breaking hyphen and the Cyrillic letter.
    slippery = [line for line in out.splitlines() if line.startswith("blog/posts/slippery.md")]
    line = 1 + SLIPPERY.splitlines().index(next(l for l in SLIPPERY.splitlines() if "FDA" in l))
    for rule in ("absolute-safety", "fda-approved", "cure"):
        assert any(f"slippery.md:{line}" in row and f"'{rule}'" in row for row in slippery), (rule, slippery)


def test_preview_and_dry_run_show_control_characters_escaped(tmp_path):
    root = tmp_path
    make_site(root, {"good.md": GOOD_POST, "hidden.md": HIDDEN})
    built = mkdocs_build(root / "mkdocs.yml", root / "site", strict=False)
    assert built.returncode == 0, built.stdout + built.stderr
    preview = herald(root, "preview", "hidden")
    assert preview.returncode == 0, preview.stderr
    assert ESC not in preview.stdout and "\r" not in preview.stdout
    assert "[8m" not in preview.stdout
    dry = herald(root, "publish", "--dry-run", "--no-link-check", "--only", "hidden")
    assert dry.returncode in (0, 1), dry.stdout + dry.stderr
    assert ESC not in dry.stdout + dry.stderr and "\r" not in dry.stdout
    assert "[8m" not in dry.stdout


def test_description_and_tags_are_escaped_in_materials_head(tmp_path):
    attack = '"><svg onload=alert(1)>'
    text = post("description: How we gown", f"description: 'Gowning {attack} How we gown", slug="xss")
    text = text.replace("tags: [cleanroom]", f"tags: ['cleanroom{attack}']")
    text = text.replace("matters more to an auditor than any particle count in the room.",
                        "matters more to an auditor than any particle count in the room.'")
    config = (root_config := make_site(tmp_path, {"xss.md": text})).read_text(encoding="utf-8")
    root_config.write_text(config.replace("  - blog\n", "  - blog\n  - tags\n"), encoding="utf-8")
    home = "R&D <b>news</b> " + attack
    (tmp_path / "content" / "index.md").write_text(
        f"---\ntitle: 'Home {attack}'\ndescription: '{home}'\n---\n\n# Mini\n\nA test site.\n", encoding="utf-8")
    result = mkdocs_build(root_config, tmp_path / "site", strict=True)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "blog" / "2026" / "02" / "01" / "xss" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("svg", attrs={"onload": True}) is None
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(f"Gowning {attack}")
    assert any(tag.get_text() == f"cleanroom{attack}" for tag in soup.select(".md-tag"))
    # A page that is not an article: escaped once in Material's tags and once in Herald's, never twice.
    soup = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("svg", attrs={"onload": True}) is None and soup.find("b") is None
    assert soup.find("meta", attrs={"name": "description"})["content"] == home
    assert soup.find("meta", attrs={"property": "og:description"})["content"] == home
    assert soup.find("meta", attrs={"property": "og:title"})["content"] == f"Home {attack}"


def test_markup_in_a_category_is_refused(mini_site):
    attack = "M\"><svg onload=alert(1)>"
    built = mini_site({"bad.md": GOOD_POST.replace("categories: [Manufacturing]", f"categories: ['{attack}']")},
                      strict=False)
    assert built.result.returncode == 0, built.log
    assert f"field 'categories': '{attack}' holds <, > or \"" in built.log
    pages = list((built.site / "blog").rglob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("svg", attrs={"onload": True}) is None, page


def test_symlinks_out_of_content_are_never_copied(tmp_path):
    secret = tmp_path / "outside" / "config"
    secret.parent.mkdir()
    secret.write_text("token=s3cret\n", encoding="utf-8")
    config = make_site(tmp_path / "site-src", {"good.md": GOOD_POST})
    content = config.parent / "content"
    (content / "leak.txt").symlink_to(secret)
    (content / "folder").symlink_to(secret.parent, target_is_directory=True)
    (content / "inside.md").symlink_to(content / "index.md")
    loose = mkdocs_build(config, tmp_path / "loose", strict=False)
    log = loose.stdout + loose.stderr
    assert loose.returncode == 0, log
    assert f"content/leak.txt is a symbolic link to {secret}, outside content/; not published" in log
    assert f"content/folder is a symbolic link to {secret.parent}, outside content/; not published" in log
    assert not any("s3cret" in p.read_text(errors="replace") for p in (tmp_path / "loose").rglob("*") if p.is_file())
    assert (tmp_path / "loose" / "inside" / "index.html").is_file()
    strict = mkdocs_build(config, tmp_path / "strict", strict=True)
    assert strict.returncode == 1
    assert "ERROR   -  herald: content/folder is a symbolic link to" in strict.stdout + strict.stderr
    check = herald(config.parent, "check")
    assert check.returncode == 1 and "content/leak.txt is a symbolic link" in check.stdout


def test_approve_keeps_a_byte_order_mark_and_refuses_an_empty_name(tmp_path):
    raw = codecs.BOM_UTF8 + GOOD_POST.replace("\n", "\r\n").encode("utf-8")
    config = make_site(tmp_path, {"good.md": raw})
    target = config.parent / "content" / "blog" / "posts" / "good.md"
    for name in ("", "  ", "Eve\x1b[8m"):
        refused = herald(tmp_path, "approve", "blog/posts/good.md", "--by", name)
        assert refused.returncode == 2, refused.stderr
        assert "--by: expected the reviewer's name" in refused.stderr and "Traceback" not in refused.stderr
        assert target.read_bytes() == raw
    approved = herald(tmp_path, "approve", "blog/posts/good.md", "--by", "Dr. Anna Koch")
    assert approved.returncode == 0, approved.stderr
    after = target.read_bytes()
    assert after.startswith(codecs.BOM_UTF8)
    added = [line for line in after.decode("utf-8-sig").split("\r\n") if line not in GOOD_POST.split("\n")]
    assert [line.split(":")[0].strip() for line in added] == ["approved_by", "approved_at", "approved_hash"]
    check = herald(tmp_path, "check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("value", ["nan", "1e400", "inf", "-1", "2.5", "0"])
def test_retry_attempts_must_be_a_sane_whole_number(hostile, value):
    root, _ = hostile
    result = herald(root, "publish", "--dry-run", env={"HERALD_RETRY_ATTEMPTS": value})
    assert result.returncode == 2
    assert f"herald: error: HERALD_RETRY_ATTEMPTS must be a whole number from 1 to 100, got '{value}'" in result.stderr


@pytest.mark.parametrize("name", ["HERALD_RETRY_DELAY", "HERALD_HTTP_TIMEOUT", "HERALD_LOCK_WAIT"])
def test_seconds_must_be_finite(hostile, name):
    root, _ = hostile
    result = herald(root, "publish", "--dry-run", env={name: "nan"})
    assert result.returncode == 2
    assert f"herald: error: {name} must be a finite number of seconds, got 'nan'" in result.stderr


def test_a_ledger_that_is_not_utf8_is_a_broken_ledger(tmp_path):
    ledger = tmp_path / ".herald" / "ledger.json"
    ledger.parent.mkdir()
    ledger.write_bytes(b'{"schema": 1, "entries": {"\xff": {}}}')
    for args in (["ledger", "show"], ["ledger", "resolve", "x", "--network", "x", "--done"]):
        result = herald(tmp_path, *args)
        assert result.returncode == 2, result.stderr
        assert "is broken: not valid UTF-8 (byte 0xff at offset 27)" in result.stderr
        assert "Traceback" not in result.stderr
    assert ledger.read_bytes() == b'{"schema": 1, "entries": {"\xff": {}}}'


def test_a_full_disk_under_the_lock_is_not_a_traceback(tmp_path):
    ledger = tmp_path / ".herald" / "ledger.json"
    ledger.parent.mkdir()
    # /dev/full refuses every write with ENOSPC, like a full disk; the lock itself still works.
    (ledger.parent / "ledger.json.lock").symlink_to("/dev/full")
    result = herald(tmp_path, "ledger", "resolve", "peek", "--network", "x", "--done")
    assert result.returncode == 2
    assert result.stderr.startswith("herald: error: ") and "Traceback" not in result.stderr
    assert "No space left" not in result.stderr


def test_a_lock_that_cannot_be_created_is_one_line(tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder should be\n", encoding="utf-8")
    result = herald(tmp_path, "ledger", "resolve", "peek", "--network", "x", "--done",
                    "--ledger", "blocker/ledger.json")
    assert result.returncode == 2
    assert result.stderr.startswith("herald: error: cannot create the lock file blocker/ledger.json.lock: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_files_are_one_line_not_a_traceback(tmp_path):
    config = make_site(tmp_path, {"good.md": GOOD_POST})
    (config.parent / "content" / "blog" / "posts").rename(config.parent / "content" / "blog" / "elsewhere")
    (config.parent / "content" / "blog" / "posts").write_text("not a folder\n", encoding="utf-8")
    new = herald(tmp_path, "new", "Another article")
    assert new.returncode == 2
    assert new.stderr.startswith("herald: error: ") and "Traceback" not in new.stderr
    (tmp_path / ".herald" / "build" / "manifest.json").mkdir(parents=True)
    for args in (["preview", "good"], ["publish", "--dry-run"]):
        result = herald(tmp_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("herald: error: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreadable_article_is_a_problem_for_that_file_only(tmp_path):
    from generator.schema import check_file

    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "gone.md").mkdir()
    checked = check_file(folder / "gone.md", "gone.md", folder)
    assert not checked.readable
    assert str(checked.problems[0]).startswith("gone.md: cannot read the file: ")


def without_file_permissions_override() -> list[str]:
    """A command prefix under which file modes apply, even to root (which CI containers often are)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_permission_denied_is_one_line_in_every_command(tmp_path):
    config = make_site(tmp_path, {"good.md": GOOD_POST, "locked.md": post("title: Cleanroom", "title: Locked",
                                                                           slug="locked")})
    posts = config.parent / "content" / "blog" / "posts"
    assert mkdocs_build(config, tmp_path / "site", strict=False).returncode == 0
    ledger = tmp_path / ".herald" / "ledger.json"
    ledger.parent.mkdir(exist_ok=True)
    ledger.write_text('{"schema": 1, "entries": {}}\n', encoding="utf-8")
    (posts / "locked.md").chmod(0)
    (posts / "good.md").chmod(0o444)
    ledger.chmod(0)
    manifest = tmp_path / ".herald" / "build" / "manifest.json"
    prefix = without_file_permissions_override()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, sys.executable, *args], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300)

    try:
        build = run("-m", "mkdocs", "build", "-d", str(tmp_path / "again"))
        assert build.returncode == 0 and "Traceback" not in build.stderr
        assert "content/blog/posts/locked.md: cannot read the file: Permission denied" in build.stderr
        check = run("-m", "generator", "check")
        assert check.returncode == 1 and "cannot read the file: Permission denied" in check.stdout
        approve = run("-m", "generator", "approve", "blog/posts/good.md", "--by", "Dr. Anna Koch")
        assert approve.returncode == 2
        assert approve.stderr.strip().endswith("good.md: cannot update the file: Permission denied")
        resolve = run("-m", "generator", "ledger", "resolve", "good", "--network", "x", "--done")
        assert resolve.returncode == 2
        assert resolve.stderr.strip() == "herald: error: cannot read ledger .herald/ledger.json: Permission denied"
        posts.chmod(0o555)
        new = run("-m", "generator", "new", "Another article")
        assert new.returncode == 2
        assert new.stderr.strip().endswith("another-article.md: Permission denied")
        manifest.chmod(0)
        for args in (["preview", "good"], ["publish", "--dry-run"]):
            result = run("-m", "generator", *args)
            assert result.returncode == 2, (args, result.stderr)
            assert "Permission denied" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    finally:
        posts.chmod(0o755)
        (posts / "locked.md").chmod(0o644)
        (posts / "good.md").chmod(0o644)
        ledger.chmod(0o644)
        manifest.chmod(0o644)


def test_ledger_show_escapes_text_in_doubt(tmp_path):
    ledger = tmp_path / ".herald" / "ledger.json"
    ledger.parent.mkdir()
    entry = {"state": "pending", "content_hash": "sha256:ab", "started_at": "2026-01-05T09:00:00Z",
             "updated_at": "2026-01-05T09:00:00Z", "posted_at": None, "last_error": "lost\r\x1b[2Kall good",
             "thread_length": 2, "tweets": [],
             "attempt": {"index": 0, "text": "Hook \x1b[8mhidden\x1b[0m", "reply_to": None,
                         "since": "2026-01-05T09:00:00Z"}}
    ledger.write_text(json.dumps({"schema": 1, "entries": {"peek": {"x": entry}}}), encoding="utf-8")
    result = herald(tmp_path, "ledger", "show", "peek")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "Hook \\x1b[8mhidden\\x1b[0m" in result.stdout and "lost\\r\\x1b[2Kall good" in result.stdout


def test_control_characters_never_reach_a_post(tmp_path):
    from generator.derive import Options, derive_entry
    from generator.schema import check_file

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Gowning\ndescription: Gowning order matters to auditors.\ndate: 2026-01-05\n---\n",
                    encoding="utf-8")
    meta = check_file(path, "a.md", tmp_path).meta
    html = (f"<p>Particle counts fell by a third after the {ESC}[8msecretly{ESC}[0m new gowning order.{ESC}[2K\r</p>"
            f"<h2>Audit</h2><p>Auditors read the training records of every operator in the room.\x07</p>")
    entry = derive_entry(meta, html, url="https://insights.example/a/", slug="a", options=Options())
    texts = [t for posts in entry.posts.values() for t in posts.texts]
    assert any("after the secretly new gowning order" in t for t in texts), texts
    assert not any(ch in t for t in texts for ch in (ESC, "\r", "\x07", "\x9b")), texts
    assert not any("[8m" in t or "[2K" in t for t in texts), texts
