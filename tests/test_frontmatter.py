"""Bad front matter: one clear message naming file, field and expectation; never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOOD_POST

BAD = "content/blog/posts/bad.md"
# The well-formed neighbour has its own title: two articles with one slug are an error of their own.
GOOD = GOOD_POST.replace("title: Cleanroom gowning that holds up in an audit", "title: Gowning steps auditors watch")


def replace(old: str, new: str) -> str:
    assert old in GOOD_POST
    return GOOD_POST.replace(old, new, 1)


CASES = {
    "malformed-yaml": (
        replace('title: Cleanroom gowning that holds up in an audit', 'title: "Cleanroom gowning\nsocial: [unclosed'),
        [BAD, "malformed YAML front matter at line"],
    ),
    "missing-required": (
        replace("description: How we gown", "summary: How we gown"),
        [BAD, "field 'description': is required: expected a non-empty string"],
    ),
    "wrong-type": (
        replace("social:\n  hashtags: [Cleanroom]", "social:\n  hashtags: Cleanroom"),
        [BAD, "field 'social.hashtags': expected a list of strings, got a string 'Cleanroom'"],
    ),
    "unknown-social-key": (
        replace("  hashtags: [Cleanroom]", "  hashtag: [Cleanroom]"),
        [BAD, "field 'social.hashtag': unknown key; did you mean 'hashtags'?"],
    ),
    "not-a-date": (
        replace("date: 2026-02-01", "date: next tuesday"),
        [BAD, "field 'date': a string 'next tuesday' is not a date: expected YYYY-MM-DD"],
    ),
    "impossible-date": (
        replace("date: 2026-02-01", "date: 2026-02-30"),
        [BAD, "field 'date': a string '2026-02-30' is not a date"],
    ),
    "not-utf8": (
        replace("Gowning is the first", "Gowning (Schutzkleidung, \u00fcber alles) is the first").encode("latin-1"),
        [BAD, "file is not valid UTF-8 (byte 0xfc at offset", "save it with UTF-8 encoding"],
    ),
    "image-missing": (
        replace("  hashtags: [Cleanroom]", "  hashtags: [Cleanroom]\n  image: assets/nope.png"),
        [BAD, "field 'social.image': 'assets/nope.png' does not exist: expected an image file under content/"],
    ),
    "image-escapes": (
        replace("  hashtags: [Cleanroom]", "  hashtags: [Cleanroom]\n  image: ../mkdocs.yml"),
        [BAD, "field 'social.image': '../mkdocs.yml' escapes content/: expected a path inside content/"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_build_fails_with_clear_message(mini_site, case):
    text, expected = CASES[case]
    built = mini_site({"good.md": GOOD, "bad.md": text}, strict=True)
    assert built.result.returncode == 1, built.log
    lines = [line for line in built.log.splitlines() if BAD in line]
    assert len(lines) == 1, built.log
    for fragment in expected:
        assert fragment in lines[0]
    assert "Traceback" not in built.log
    assert "Aborted with" in built.log


@pytest.mark.parametrize("case", sorted(CASES))
def test_lenient_build_warns_and_skips_social(mini_site, case):
    text, expected = CASES[case]
    built = mini_site({"good.md": GOOD, "bad.md": text}, strict=False)
    assert built.result.returncode == 0, built.log
    assert "Traceback" not in built.log
    warning = next(line for line in built.log.splitlines() if BAD in line)
    assert warning.startswith("WARNING")
    assert all(fragment in warning for fragment in expected)
    entries = built.entries()
    assert entries["blog/posts/bad.md"]["status"] == "invalid"
    assert entries["blog/posts/bad.md"]["posts"] == {}
    assert entries["blog/posts/bad.md"]["problems"]
    assert entries["blog/posts/good.md"]["status"] == "due"
    assert entries["blog/posts/good.md"]["posts"]["x"]["texts"]
    # The author's file is never rewritten by the build.
    original = text if isinstance(text, bytes) else text.encode("utf-8")
    assert (built.root / BAD).read_bytes() == original


def test_no_site_url_is_one_clear_error(mini_site):
    from conftest import MINI_CONFIG

    built = mini_site({"good.md": GOOD_POST}, config=MINI_CONFIG.replace("site_url: {site_url}\n", ""))
    assert built.result.returncode == 1
    assert "herald: 'site_url' is not set in mkdocs.yml" in built.log
    assert "Traceback" not in built.log


def _check(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                          timeout=300)


def test_duplicate_slugs_are_a_build_error_naming_both_files(mini_site):
    later = GOOD_POST.replace("date: 2026-02-01", "date: 2026-03-01")
    for strict in (True, False):
        built = mini_site({"good.md": GOOD_POST, "again.md": later}, strict=strict)
        assert built.result.returncode == 1, built.log
        (line,) = [line for line in built.log.splitlines() if line.startswith("ERROR")]
        assert ("content/blog/posts/again.md and content/blog/posts/good.md have the same slug "
                "'cleanroom-gowning-that-holds-up-in-an-audit'") in line
        assert "Traceback" not in built.log
    check = _check(built.root)
    assert check.returncode == 2 and "again.md and content/blog/posts/good.md have the same slug" in check.stderr


def test_unknown_author_id_is_one_line_with_a_did_you_mean(mini_site):
    typo = GOOD_POST.replace("authors: [tester]", "authors: [testr]")
    strict = mini_site({"good.md": GOOD, "bad.md": typo}, strict=True)
    assert strict.result.returncode == 1
    expected = (f"{BAD}: field 'authors': unknown author id 'testr' (not in content/blog/.authors.yml); "
                "did you mean 'tester'?")
    assert expected in strict.log and "Traceback" not in strict.log
    lenient = mini_site({"good.md": GOOD, "bad.md": typo}, strict=False)
    assert lenient.result.returncode == 0, lenient.log
    assert lenient.entries()["blog/posts/bad.md"]["status"] == "invalid"
    assert lenient.entries()["blog/posts/good.md"]["posts"]
    check = _check(lenient.root)
    assert check.returncode == 1
    (row,) = [line for line in check.stdout.splitlines() if "bad.md" in line]
    assert "front matter: authors" in row and "unknown author id 'testr'" in row and "did you mean 'tester'?" in row


def test_unknown_top_level_key_is_a_warning_with_a_did_you_mean(mini_site):
    typo = GOOD.replace("tags: [cleanroom]", "tag: [cleanroom]\nsubtitle: Material knows this one")
    strict = mini_site({"good.md": typo}, strict=True)
    assert strict.result.returncode == 1
    (line,) = [line for line in strict.log.splitlines() if "good.md" in line]
    assert line.startswith("WARNING") and "field 'tag': unknown front matter key; did you mean 'tags'?" in line
    lenient = mini_site({"good.md": typo}, strict=False)
    assert lenient.result.returncode == 0
    assert lenient.entries()["blog/posts/good.md"]["posts"]


def test_advice_does_not_fail_a_strict_build_but_check_lists_it(mini_site):
    describing = GOOD.replace(
        "description: How we gown matters more to an auditor than any particle count in the room.",
        "description: A short post about our gowning procedure.")
    assert describing != GOOD
    built = mini_site({"good.md": describing}, strict=True)
    assert built.result.returncode == 0, built.log
    assert "write social.hook" in built.log
    check = _check(built.root)
    assert check.returncode == 0, check.stdout
    (row,) = [line for line in check.stdout.splitlines() if "good.md" in line]
    assert " advice " in row and "write social.hook" in row
    # The article's advice, and the site's: X does not link the .example domain.
    assert ", 2 advice," in check.stdout.splitlines()[-1]


BASE = "title: T\ndescription: D\ndate: 2026-01-05\n"


@pytest.mark.parametrize(
    "front, fatal, message",
    [
        (BASE + "a: &a [x, x]\nb: [*a, *a]\n", True, "YAML alias '*a' at line 6: aliases are not allowed in front matter"),
        (BASE + "x: " + "[" * 100_000 + "]" * 100_000 + "\n", True, "front matter nests deeper than 32 levels at line 5"),
        (BASE + "x:\n  " + "- " * 50_000 + "1\n", True, "front matter nests deeper than 32 levels at line 6"),
        (BASE + "x: a\x1bb\n", True, "front matter holds the control character U+001B; remove it"),
        ('title: "a\\e[8mb"\ndescription: D\ndate: 2026-01-05\n', False,
         "field 'title': holds a control character (such as ESC or CR)"),
        (BASE + 'social:\n  hook: "fine\\r\\e[2Kall good"\n', False, "field 'social.hook': holds a control character"),
        (BASE + 'tags: ["ok", "\\x9b1m"]\n', False, "field 'tags[1]': holds a control character"),
        ("title: 2026\ndescription: D\ndate: 2026-01-05\n", True, "field 'title': expected a string, got a number 2026"),
        (BASE + "tags: [1, 2]\n", True, "field 'tags': expected a list of strings"),
        (BASE + "authors: mweber\n", True, "field 'authors': expected a list of strings, got a string 'mweber'"),
        (BASE + "draft: 'yes'\n", True, "field 'draft': expected true or false"),
        (BASE + "categories: ['<b>x</b>']\n", True, "field 'categories': '<b>x</b>' holds <, > or \""),
        (BASE + "pin: 3\n", True, "field 'pin': expected true or false, got a number 3"),
        (BASE + "readtime: soon\n", True, "field 'readtime': expected a whole number of minutes"),
        (BASE + "categories: [A, A]\n", True, "field 'categories': names the same entry twice"),
        (BASE + "links: here\n", True, "field 'links': expected a list of links"),
    ],
)
def test_hostile_front_matter_is_one_clear_problem(tmp_path, front, fatal, message):
    from generator.schema import check_file

    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}---\n\nBody.\n", encoding="utf-8")
    checked = check_file(path, "a.md", tmp_path)
    assert checked.meta is None
    assert any(message in str(p) for p in checked.problems), [str(p) for p in checked.problems]
    assert checked.readable is not fatal
    assert all("\x1b" not in str(p) and "\n" not in str(p) for p in checked.problems)
