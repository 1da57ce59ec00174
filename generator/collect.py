"""Run the real MkDocs pipeline up to the point where every article is derived.

`herald check` and `herald approve` must see exactly what the build derives
(same Markdown extensions, same blog URLs, same content hash), so they run the
build itself in-process, stopping before templates and social cards.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cli import CLIError
from generator.manifest import Manifest


@dataclass
class Collection:
    manifest: Manifest
    problems: list[Any]
    messages: list[tuple[str, str]] = field(default_factory=list)
    approval_required: bool = False
    config_file: Path = Path("mkdocs.yml")
    docs_dir: Path = Path("content")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def collect(config_file: str | Path = "mkdocs.yml") -> Collection:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from generator.plugin import Collected, HeraldPlugin

    path = Path(config_file)
    if not path.is_file():
        raise CLIError(f"no MkDocs config at {path}: run from the site's folder or pass --config")
    mkdocs_log = logging.getLogger("mkdocs")
    capture = _Capture()
    propagate, level = mkdocs_log.propagate, mkdocs_log.level
    mkdocs_log.addHandler(capture)
    mkdocs_log.propagate = False
    mkdocs_log.setLevel(logging.INFO)
    try:
        with tempfile.TemporaryDirectory(prefix="herald-check-") as site_dir:
            try:
                config = load_config(str(path), site_dir=site_dir)
            except (ConfigurationError, Abort) as exc:
                raise CLIError(f"{path}: {exc}") from None
            plugin = next((p for p in config.plugins.values() if isinstance(p, HeraldPlugin)), None)
            if plugin is None:
                raise CLIError(f"{path} does not enable the 'herald' plugin")
            blog = config.plugins.get("material/blog")
            if blog is not None:
                # Check drafts too: they are the articles most in need of it.
                blog.config.draft = True
            plugin.collect_only = True
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            except Collected:
                pass
            except (PluginError, Abort) as exc:
                # MkDocs logs the real error, then aborts with a generic message.
                errors = [message for level, message in capture.records if level == "ERROR"]
                raise CLIError(f"build failed: {errors[-1] if errors else exc}") from None
            finally:
                config.plugins.on_shutdown()
            return Collection(
                manifest=plugin.manifest(config),
                problems=list(plugin.problems),
                messages=capture.records,
                approval_required=plugin.config.approval == "required",
                config_file=path,
                docs_dir=Path(config.docs_dir),
            )
    finally:
        mkdocs_log.removeHandler(capture)
        mkdocs_log.propagate = propagate
        mkdocs_log.setLevel(level)
