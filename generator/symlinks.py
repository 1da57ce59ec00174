"""Files under the docs folder that are symbolic links leading out of it.

MkDocs follows links while listing `content/`, so a link to `/etc/passwd` or to `../.git/config` (which in
a CI checkout holds the job's token) would be published as if it were content. Such files are found here
and kept out of the site.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EscapingLink:
    """A symbolic link under the docs folder that leads out of it, and the listed files reached through it."""

    link: str
    target: str
    src_uris: tuple[str, ...]


def escaping_links(docs_dir: str | Path, src_uris: Iterable[str]) -> list[EscapingLink]:
    """Every link through which listed files leave `docs_dir`, one per link (a linked folder counts once)."""
    root = Path(os.path.realpath(docs_dir))
    reached: dict[str, list[str]] = {}
    for src_uri in src_uris:
        if not Path(os.path.realpath(root / src_uri)).is_relative_to(root):
            reached.setdefault(_first_link(root, src_uri), []).append(src_uri)
    return [
        EscapingLink(link, os.path.realpath(root / link), tuple(sorted(uris))) for link, uris in sorted(reached.items())
    ]


def _first_link(root: Path, src_uri: str) -> str:
    """The outermost symbolic link on the way to `src_uri` (a linked folder, or the file itself)."""
    parts = Path(src_uri).parts
    for depth in range(1, len(parts) + 1):
        if root.joinpath(*parts[:depth]).is_symlink():
            return Path(*parts[:depth]).as_posix()
    return src_uri
