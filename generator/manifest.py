"""The build's one output for publishing: site/social/manifest.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from generator import __version__

SCHEMA = 1
PATH = "social/manifest.json"


def build_manifest(site_url: str, entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Entries sorted by date then slug, so the file only changes when content does."""
    return {
        "schema": SCHEMA,
        "generator": f"herald {__version__}",
        "site_url": site_url,
        "articles": sorted(entries, key=lambda e: (e["date"], e["slug"])),
    }


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_manifest(site_dir: str | os.PathLike[str], manifest: dict[str, Any]) -> Path:
    target = Path(site_dir) / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.partial")
    partial.write_text(dumps(manifest), encoding="utf-8")
    os.replace(partial, target)
    return target
