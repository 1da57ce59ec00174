"""`herald preview`: an article's derived posts in the terminal, with their counts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from generator.cli import CLIError
from generator.terminal import shown

# X's limit; not imported from generator.counter, whose regexes would slow every `herald` command.
LIMIT = 280


def load_manifest(site_dir: Path) -> dict[str, Any]:
    path = site_dir / "social" / "manifest.json"
    if not path.is_file():
        raise CLIError(f"no manifest at {path}: run 'mkdocs build' first (or pass --site-dir)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CLIError(f"{path} is not valid JSON ({exc}); rebuild the site") from None


def find_entry(manifest: dict[str, Any], key: str) -> dict[str, Any]:
    """Match a slug, a path relative to content/, or a path to the file."""
    wanted = key.replace("\\", "/").removeprefix("./")
    for entry in manifest.get("articles", []):
        src = entry["src"]
        if wanted in (entry["slug"], src, f"content/{src}") or wanted.endswith("/" + src):
            return entry
    slugs = ", ".join(sorted(e["slug"] for e in manifest.get("articles", [])))
    raise CLIError(f"no article '{key}' in the manifest; known slugs: {slugs}")


def _box(text: str, width: int) -> list[str]:
    rows = []
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(paragraph, width - 2, break_long_words=False, break_on_hyphens=False)
        rows += ["│ " + row for row in wrapped or [""]]
    return rows


def render(entry: dict[str, Any], width: int = 72) -> str:
    lines = [f"{entry['title']}", f"{entry['src']}  ·  {entry['status']}  ·  {entry['url'] or 'not built'}", ""]
    for warning in entry.get("warnings", []):
        lines.append(f"! {warning}")
    thread = entry["x"]["thread"]
    lines.append(f"X thread: {len(thread)} tweets")
    for i, (tweet, weight) in enumerate(zip(thread, entry["x"]["weights"]), 1):
        flag = "  OVER LIMIT" if weight > LIMIT else ""
        lines.append(f"┌ tweet {i}/{len(thread)} · {weight}/{LIMIT}{flag}")
        lines += _box(tweet, width)
        lines.append("└")
    commentary = entry["linkedin"]["commentary"]
    article = entry["linkedin"]["article"]
    lines += ["", f"LinkedIn post: {len(commentary)} characters", "┌"]
    lines += _box(commentary, width)
    lines += ["└", f"Link card: {article['title']} — {article['source']}"]
    lines.append(f"approval: {entry.get('approval', {}).get('state', 'not-required')}")
    return shown("\n".join(lines))


def run(args) -> int:
    manifest = load_manifest(Path(args.site_dir))
    print(render(find_entry(manifest, args.article)))
    return 0


def register(sub) -> None:
    parser = sub.add_parser("preview", help="show an article's derived thread and LinkedIn post")
    parser.add_argument("article", metavar="SLUG_OR_PATH", help="the article's slug or its Markdown file")
    parser.add_argument("--site-dir", default="site", help="the built site (default: site)")
    parser.set_defaults(handler=run)
