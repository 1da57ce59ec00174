"""Dry-run text: the exact tweets and LinkedIn commentary a real run would send, and in what order."""

from __future__ import annotations

import textwrap

from generator.publish import littletext
from generator.publish.plan import Decision


def render(decision: Decision) -> str:
    article, entry = decision.article, decision.entry
    lines: list[str] = []
    if decision.network == "x":
        done = len(entry.tweets) if entry else 0
        head = f"X thread for {article.slug} ({len(article.thread)} tweets"
        head += f", continuing after tweet {done}, id {entry.tweets[-1].id})" if entry and done else ")"
        lines.append(head)
        if entry is not None and entry.attempt is not None:
            lines.append(f"  tweet {entry.attempt.index + 1} is pending from an interrupted run: a real run "
                         "first asks X whether it exists")
        for index in range(done, len(article.thread)):
            media = f" [image {article.image}]" if index == 0 and article.image else ""
            lines.append(f"  tweet {index + 1}/{len(article.thread)}{media}:")
            lines.append(textwrap.indent(article.thread[index], "    "))
    else:
        draft = article.linkedin
        assert draft is not None
        lines.append(f"LinkedIn post for {article.slug}")
        if entry is not None and entry.attempt is not None:
            lines.append("  the post is pending from an interrupted run: a real run first asks LinkedIn "
                         "whether it exists")
        lines.append("  commentary (little text, as sent):")
        lines.append(textwrap.indent(littletext.escape(draft.commentary), "    "))
        lines.append(f"  article: {draft.source}")
        lines.append(f"    title: {draft.title}")
        if draft.description:
            lines.append(f"    description: {draft.description}")
        if article.image:
            lines.append(f"    thumbnail: {article.image}")
    return "\n".join(lines) + "\n"


def summary(decision: Decision) -> str:
    article, entry = decision.article, decision.entry
    if decision.network == "x":
        done = len(entry.tweets) if entry else 0
        left = len(article.thread) - done
        return f"{left} tweet{'s' if left != 1 else ''}" + (f" (after {done} already posted)" if done else "")
    return "1 post" + (" with thumbnail" if article.image else "")
