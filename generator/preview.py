"""`herald preview`: an article's state and every network's posts in the terminal, with their counts."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.cli import CLIError
from generator import networks
from generator.manifest import DEFAULT_BUILD_DIR, Entry, Manifest, ManifestError, load
from generator.outbox import NOTES
from generator.terminal import shown


def load_manifest(build_dir: Path) -> Manifest:
    try:
        return load(build_dir)
    except ManifestError as exc:
        raise CLIError(str(exc)) from None


def find_entry(manifest: Manifest, key: str) -> Entry:
    entry = manifest.find(key)
    if entry is None:
        slugs = ", ".join(sorted(e.slug for e in manifest.entries))
        raise CLIError(f"no article '{key}' in the manifest; known slugs: {slugs}")
    return entry


def _box(text: str, width: int) -> list[str]:
    rows = []
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(paragraph, width - 2, break_long_words=False, break_on_hyphens=False)
        rows += ["│ " + row for row in wrapped or [""]]
    return rows


def render(entry: Entry, *, required: bool = False, now: datetime | None = None, width: int = 72) -> str:
    state = entry.state(now or datetime.now(UTC))
    lines = [entry.title, f"{entry.src}  ·  {state}  ·  {entry.url or 'not in the built site'}"]
    if NOTES.get(state):
        lines.append(NOTES[state])
    lines.append("")
    for message in (*entry.problems, *entry.warnings):
        lines.append(f"! {message}")
    for message in entry.advice:
        lines.append(f"advice: {message}")
    for what in entry.unfinished:
        lines.append(f"! not ready: {what} is still the `herald new` placeholder")
    for finding in entry.lint:
        if not finding.ignored:
            lines.append(f"! claims lint ({finding.severity}) at {finding.where}: \"{finding.excerpt}\": {finding.advice}")
    for network in networks.REGISTRY:
        posts = entry.posts.get(network.name)
        if posts is None:
            continue
        count = len(posts.texts)
        lines.append(f"{network.label}: {count} post{'s' * (count != 1)} · counted in {network.measure} · approval: "
                     f"{entry.approval_state(network.name, required)}")
        for i, (text, weight) in enumerate(zip(posts.texts, posts.weights), 1):
            flag = "  OVER LIMIT" if weight > posts.limit else ""
            lines.append(f"┌ {i}/{count} · {weight}/{posts.limit}{flag}")
            lines += _box(text, width)
            lines += [f"│ → links to {link}" for link in posts.links(i - 1)]
            lines.append("└")
        lines.append("")
    if entry.posts and entry.card:
        lines.append(f"Link card: {entry.card.title} — {entry.card.url}")
    if entry.posts and entry.image:
        lines.append(f"Image: {entry.image.path} (alt: {entry.image.alt})")
    if entry.posts:
        by = f", approved by {entry.approval.by}" if entry.approval.by else ""
        lines.append(f"Review hash: {entry.review}{by}")
    return shown("\n".join(lines))


def run(args: Any) -> int:
    manifest = load_manifest(Path(args.build_dir))
    print(render(find_entry(manifest, args.article), required=manifest.approval_required))
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("preview", help="show an article's state and derived posts")
    parser.add_argument("article", metavar="SLUG_OR_PATH", help="the article's slug or its Markdown file")
    parser.add_argument("--build-dir", default=str(DEFAULT_BUILD_DIR),
                        help=f"where the build wrote the manifest (default: {DEFAULT_BUILD_DIR})")
    parser.set_defaults(handler=run)
