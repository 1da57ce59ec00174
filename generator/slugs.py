"""One slug and one URL per article: the ledger and the links back both depend on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.schema import Checked


def duplicates(slugs: Mapping[str, str], urls: Mapping[str, str], label: Callable[[str], str]) -> Iterator[str]:
    """A message for every slug or URL that two articles share, naming both files."""
    for what, values in (("slug", slugs), ("URL", urls)):
        first: dict[str, str] = {}
        for src in sorted(values):
            value = values[src]
            if value in first:
                yield (f"{label(first[value])} and {label(src)} have the same {what} '{value}'; "
                       "give one of them its own `slug:` (or title)")
            else:
                first[value] = src


def guess(checked: Checked, src: str, blog: Any | None) -> str:
    """The slug of an article the build did not render, made the way the blog would make it."""
    meta = checked.meta
    if meta is not None and meta.slug:
        return meta.slug
    if meta is not None and blog is not None:
        config = blog.config
        return config.post_slugify(meta.title, config.post_slugify_separator)
    return Path(src).stem
