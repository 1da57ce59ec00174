"""`herald init`: scaffold a firm's own site, ready for `mkdocs build --strict`.

The scaffold ships as package data in `generator/scaffold/`. Names there avoid leading dots (packaging
tools skip hidden files), so a path part `dot-x` is written as `.x`. Nothing is ever overwritten: if any
target exists, init names every one of them and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from generator import __version__, sitebuild
from generator.cli import CLIError

SCAFFOLD = Path(__file__).parent / "scaffold"
RULES = Path(__file__).parent / "rules" / "medical-devices.yml"
RULES_FILE = "claims-rules.yml"
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".toml", ".svg", ""}


@dataclass(frozen=True)
class SiteSettings:
    name: str
    url: str
    description: str
    today: dt.date


def site_url(value: str) -> str:
    """An absolute http(s) URL ending in '/', which canonical links and links back are built on."""
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in url:
        raise CLIError(f"--url: expected the site's public address such as https://insights.example.com/, got {value!r}")
    return url if url.endswith("/") else url + "/"


def site_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise CLIError("--name: expected the site's name, such as \"Acme Insights\"")
    return name


def target_path(relative: Path) -> Path:
    """Where a scaffold file goes: every `dot-x` part becomes `.x`."""
    return Path(*("." + part[4:] if part.startswith("dot-") else part for part in relative.parts))


def scaffold_files() -> list[tuple[Path, Path]]:
    """(source in the package, path relative to the new site), sorted."""
    pairs = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            pairs.append((source, target_path(source.relative_to(SCAFFOLD))))
    return pairs


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _project_name(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug or 'site'}-site"


def render(relative: Path, text: str, settings: SiteSettings) -> str:
    """Fill the placeholders of one scaffold file, quoted as that file's format needs."""
    yaml_file = relative.suffix in (".yml", ".yaml")
    values = {
        "__SITE_NAME__": _yaml_string(settings.name) if yaml_file or relative.suffix == ".md" else settings.name,
        "__SITE_DESCRIPTION__": _yaml_string(settings.description),
        "__SITE_URL__": settings.url,
        "__TODAY__": settings.today.isoformat(),
        "__VERSION__": __version__,
        "__PROJECT__": _project_name(settings.name),
    }
    if relative.suffix == ".md":
        # In Markdown the name appears quoted in the front matter and as plain text in the heading.
        head, sep, body = text.partition("\n---\n")
        if sep:
            return _fill(head, values) + sep + _fill(body, {**values, "__SITE_NAME__": settings.name})
    if relative.as_posix() == RULES_FILE:
        text = text.rstrip("\n") + "\n" + herald_rules()
    return _fill(text, values)


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def herald_rules() -> str:
    """The list items of Herald's shipped rules, to follow the firm's own in its rules file."""
    text = RULES.read_text(encoding="utf-8")
    _, sep, items = text.partition("\nrules:\n")
    if not sep:
        raise CLIError(f"{RULES}: expected a top-level 'rules:' list")
    return items


def plan(directory: Path, settings: SiteSettings) -> list[tuple[Path, bytes]]:
    """Every file to write, with its bytes; refuses, naming them, if any already exists."""
    files = []
    for source, relative in scaffold_files():
        data = source.read_bytes()
        if source.suffix in TEXT_SUFFIXES:
            data = render(relative, data.decode("utf-8"), settings).encode("utf-8")
        files.append((relative, data))
    # Zensical finds Herald's card layout only in the site's own folder (MkDocs uses the package's).
    files.append((Path(sitebuild.LAYOUTS) / "herald.yml", sitebuild.card_layout().encode("utf-8")))
    existing = [rel.as_posix() for rel, _ in files if (directory / rel).exists() or (directory / rel).is_symlink()]
    if existing:
        raise CLIError(f"{directory}: refusing to overwrite existing files: {', '.join(existing)}")
    return files


def write(directory: Path, files: list[tuple[Path, bytes]]) -> None:
    for relative, data in files:
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(data)


def _ask(prompt: str, given: str | None, read: Callable[[str], str]) -> str:
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CLIError(f"{prompt.lower()} not given: pass it as a flag (see herald init --help)")
    return read(f"{prompt}: ")


def run(args: Any) -> int:
    directory = Path(args.directory)
    if directory.exists() and not directory.is_dir():
        raise CLIError(f"{directory} exists and is not a folder")
    name = site_name(_ask("Site name (--name)", args.name, input))
    url = site_url(_ask("Site URL (--url)", args.url, input))
    description = args.description or f"Articles by the experts of {name}."
    settings = SiteSettings(name=name, url=url, description=" ".join(description.split()), today=dt.date.today())
    files = plan(directory, settings)
    write(directory, files)
    where = os.path.relpath(directory)
    print(f"Created {name} in {where}/ ({len(files)} files). Next:")
    print(f"  cd {where} && mkdocs build --strict     # or: mkdocs serve")
    print('  herald new "Your first article" --author expert')
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("init", help="start a new site for your firm: config, sample content, workflows")
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR", help="where to create the site (default: here)")
    parser.add_argument("--name", help="the site's name, e.g. \"Acme Insights\" (asked when omitted at a terminal)")
    parser.add_argument("--url", help="the site's public URL, e.g. https://insights.acme.example/ (asked when omitted)")
    parser.add_argument("--description", help="one sentence for search results and link cards")
    parser.set_defaults(handler=run)
