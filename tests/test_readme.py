"""The README's quick start stays true: two commands, and CI runs the second one verbatim."""

from __future__ import annotations

import re

from conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_is_two_single_line_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "mkdocs build" in commands[0] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in run.splitlines()


def test_every_front_matter_field_is_documented():
    from generator.schema import ARTICLE_KEYS, SOCIAL_KEYS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ARTICLE_KEYS:
        assert f"| `{key}` |" in readme, key
    for key in SOCIAL_KEYS:
        assert f"`social.{key}`" in readme, key


def test_every_plugin_option_is_documented():
    from generator.config import HeraldConfig

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in HeraldConfig._schema:
        assert f"| `{name}` |" in readme, name
