"""One article, from its rendered HTML to its reviewed manifest entry.

Every engine shares this path once a page's HTML is known: the MkDocs plugin calls it from its hook, and a
command that reads an already built site can call it too. Messages come back as data for the caller to log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.authors import Author
from generator.derive import Options, derive_entry, reviewed
from generator import networks
from generator.lint import Rule, apply_ignores, lint_markdown, lint_texts
from generator.manifest import Entry, Image
from generator.newpost import unfinished
from generator.schema import Checked


@dataclass(frozen=True)
class Derived:
    """The reviewed entry and what the build should say about it: (level, message) pairs."""

    entry: Entry
    messages: tuple[tuple[str, str], ...]


def derive_article(checked: Checked, html: str, *, label: str, url: str, slug: str, options: Options,
                   rules: Sequence[Rule], image: Image | None, now: dt.datetime,
                   authors: Sequence[Author] = ()) -> Derived:
    """Posts, claims findings and unfinished placeholders of one valid article (`checked.meta` is set)."""
    meta = checked.meta
    assert meta is not None
    entry = derive_entry(meta, html, url=url, slug=slug, options=options, image=image, now=now, authors=authors)
    messages = [("warning", warning) for warning in entry.warnings]
    messages += [("info", advice) for advice in entry.advice]
    todo = unfinished(meta, checked.body)
    messages += [("info", f"{label}: {what} is still the `herald new` placeholder; `herald check` reports it as "
                          "not ready") for what in todo]
    posts = entry.posts
    named = [(f"{label} ({n.label} {n.piece}{f' {i}' if n.threaded else ''})", text)
             for n in networks.REGISTRY if n.name in posts for i, text in enumerate(posts[n.name].texts, 1)]
    findings = lint_markdown(checked.body, label, rules, first_line=checked.body_line) + lint_texts(named, rules)
    findings = apply_ignores(findings, meta.social.lint_ignore)
    messages += [("warning" if f.severity == "error" else "info", str(f)) for f in findings if f.ignored is None]
    return Derived(reviewed(entry, findings, todo), tuple(messages))
