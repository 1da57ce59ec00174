"""Fuzzing every command with random articles: each ends in time, exits 0, 1 or 2 with a message, never shows a
traceback, and never changes an input file (only `herald approve` may add its own lines).

Examples are few and fixed by default so CI stays fast and repeatable; for a longer hunt run
`HERALD_FUZZ_EXAMPLES=200 HERALD_FUZZ_RANDOM=1 python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD_POST, make_site

EXAMPLES = int(os.environ.get("HERALD_FUZZ_EXAMPLES", "6"))
TIME_LIMIT = 180
APPROVAL_LINE = re.compile(r"^\s*(?:social:\s*|approved_(?:by|at|hash):.*)$")

CONTROLS = "\x00\x01\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\x9d\u202e\u200b\u00ad\ufeff\u2028"
ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list(CONTROLS)),
    st.sampled_from(list("abc <>&\"'#*-:[]{}|`\\\n\t")),
)
TEXT = st.text(ALPHABET, max_size=30)
HUGE = st.integers(2_000, 60_000).map(lambda n: "word " * (n // 5))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(), TEXT, HUGE,
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(), st.just(""), st.just("2026-01-05"),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
SOCIAL = st.one_of(
    VALUES,
    st.dictionaries(
        st.sampled_from(["publish", "hashtags", "hook", "thread", "linkedin", "image", "approved_by",
                         "approved_at", "approved_hash", "lint_ignore", "hashtag"]),
        VALUES, max_size=5,
    ),
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(TEXT, VALUES, st.just("A fine title")),
        "description": st.one_of(TEXT, VALUES, st.just("What the reader gains, in one sentence.")),
        "date": st.one_of(VALUES, st.just("2026-01-05"), st.just("2999-01-01"), st.just("next tuesday")),
        "authors": st.one_of(VALUES, st.just(["tester"]), st.just(["nobody"])),
        "categories": VALUES,
        "tags": VALUES,
        "draft": VALUES,
        "slug": st.one_of(TEXT, VALUES),
        "social": SOCIAL,
        "readtime": VALUES,
        "pin": VALUES,
        "links": VALUES,
    },
)
RAW_EXTRAS = st.sampled_from([
    "",
    "a0: &a0 [x, x, x, x, x, x, x, x, x]\na1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"
    "a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\nbomb: *a2\n",
    "deep: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "deeper:\n  " + "- " * 3_000 + "x\n",
    "title: 2026\n",
    "ctl: \"\\e[8mhidden\\e[0m\\r\\e[2K\"\n",
    "\ttab: indented with a tab\n",
    "broken: [unclosed\n",
    "---\n",
])
BODY_PIECES = st.one_of(
    TEXT, HUGE,
    st.sampled_from([
        "\n\n## A section\n\n", "\n\n<!-- more -->\n\n", "\n```\ncode\n", "\n```\n", "[^1]", "\n\n[^1]: A note.\n",
        "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "\n!!! note\n    Inside.\n", "\n- item\n- item\n",
        "<script>alert(1)</script>", "\x1b[8mhidden\x1b[0m\r\x1b[2Kall good", "The tubing is completely s\u00adafe.",
        "Word" * 3_000, "\n## Key takeaways\n\n- One whole sentence.\n",
    ]),
)
ARTICLE = st.fixed_dictionaries({
    "fields": FIELDS,
    "flow": st.booleans(),
    "extra": RAW_EXTRAS,
    "body": st.lists(BODY_PIECES, max_size=8).map("".join),
    "fence": st.sampled_from(["---", "---", "--- ", "...", "none"]),
    "newline": st.sampled_from(["\n", "\n", "\r\n", "\r"]),
    "bom": st.booleans(),
    "encoding": st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "cp1252"]),
})


def render(article: dict) -> bytes:
    """One article file as bytes, from the drawn parts."""
    try:
        front = yaml.safe_dump(article["fields"], allow_unicode=True, sort_keys=False,
                               default_flow_style=article["flow"], width=80)
    except yaml.YAMLError:
        front = ""
    front = ("" if front.strip() == "{}" else front) + article["extra"]
    if article["fence"] == "none":
        text = article["body"]
    else:
        text = f"---\n{front}{article['fence']}\n\n{article['body']}"
    text = text.replace("\n", article["newline"])
    data = text.encode(article["encoding"], errors="replace")
    return (codecs.BOM_UTF8 if article["bom"] and article["encoding"] == "utf-8" else b"") + data


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HERALD_RETRY_ATTEMPTS": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, timeout=TIME_LIMIT, env=env)


def snapshot(root: Path) -> dict[str, bytes]:
    files = [root / "mkdocs.yml", *(root / "content").rglob("*")]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def assert_sane(result: subprocess.CompletedProcess, what: str) -> str:
    out = (result.stdout + result.stderr).decode("utf-8", errors="replace")
    assert result.returncode in (0, 1, 2), f"{what} exited {result.returncode}:\n{out[-3000:]}"
    assert "Traceback (most recent call last)" not in out, f"{what}:\n{out[-5000:]}"
    assert out.strip(), f"{what} said nothing"
    if result.returncode == 2 and what.startswith("herald"):
        assert "herald: error: " in out or "usage:" in out, f"{what}:\n{out[-3000:]}"
    return out


def only_approval_lines_added(before: bytes, after: bytes) -> bool:
    old = before.decode("utf-8-sig").splitlines()
    new = after.decode("utf-8-sig").splitlines()
    kept = [line for line in new if not APPROVAL_LINE.match(line)]
    return kept == [line for line in old if not APPROVAL_LINE.match(line)] and before[:3] == after[:3]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("HERALD_FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)
@given(articles=st.lists(ARTICLE, min_size=1, max_size=2))
def test_every_command_survives_random_articles(articles):
    with tempfile.TemporaryDirectory(prefix="herald-fuzz-") as tmp:
        root = Path(tmp)
        posts = {"good.md": GOOD_POST, **{f"fuzz{i}.md": render(a) for i, a in enumerate(articles)}}
        make_site(root, posts)
        before = snapshot(root)
        commands = [
            ("mkdocs build", ["-m", "mkdocs", "build"]),
            ("herald check", ["-m", "generator", "check"]),
            ("herald preview", ["-m", "generator", "preview", "blog/posts/fuzz0.md"]),
            ("herald publish --dry-run", ["-m", "generator", "publish", "--dry-run", "--no-link-check"]),
        ]
        for what, args in commands:
            assert_sane(run(root, *args), what)
            assert snapshot(root) == before, f"{what} changed an input file"
        approve = run(root, "-m", "generator", "approve", "blog/posts/fuzz0.md", "--by", "Fuzz Reviewer")
        assert_sane(approve, "herald approve")
        after = snapshot(root)
        changed = {name for name in before if after.get(name) != before[name]}
        assert set(after) == set(before)
        assert changed <= {"content/blog/posts/fuzz0.md"}
        if changed:
            assert approve.returncode == 0
            assert only_approval_lines_added(before["content/blog/posts/fuzz0.md"],
                                             after["content/blog/posts/fuzz0.md"])
