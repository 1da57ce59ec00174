"""Dry-run text: the exact posts a real run would send, and in what order."""

from __future__ import annotations

import textwrap

from generator.publish.deliver import little_text
from generator.publish.plan import Decision


def render(decision: Decision) -> str:
    article, entry, texts = decision.article, decision.entry, decision.texts
    lines: list[str] = []
    image = f" [image {article.image.path}, alt text: {article.image.alt}]" if article.image else ""
    if decision.network == "x":
        done = len(entry.tweets) if entry else 0
        head = f"X thread for {article.slug} ({len(texts)} tweets"
        head += f", continuing after tweet {done}, id {entry.tweets[-1].id})" if entry and done else ")"
        lines.append(head)
        if entry is not None and entry.attempt is not None:
            lines.append(f"  tweet {entry.attempt.index + 1} is pending from an interrupted run: a real run "
                         "first asks X whether it exists")
        for index in range(done, len(texts)):
            lines.append(f"  tweet {index + 1}/{len(texts)}{image if index == 0 else ''}:")
            lines.append(textwrap.indent(texts[index], "    "))
    else:
        card = article.card
        lines.append(f"LinkedIn post for {article.slug}")
        if entry is not None and entry.attempt is not None:
            lines.append("  the post is pending from an interrupted run: a real run first asks LinkedIn "
                         "whether it exists")
        lines.append("  commentary (little text, as sent):")
        lines.append(textwrap.indent(little_text(decision), "    "))
        if card is not None:
            lines.append(f"  article: {card.url}")
            lines.append(f"    title: {card.title}")
            if card.description:
                lines.append(f"    description: {card.description}")
        if article.image:
            lines.append(f"    thumbnail:{image}")
    return "\n".join(lines) + "\n"


def summary(decision: Decision) -> str:
    article, entry = decision.article, decision.entry
    if decision.network == "x":
        done = len(entry.tweets) if entry else 0
        left = len(decision.texts) - done
        return f"{left} tweet{'s' if left != 1 else ''}" + (f" (after {done} already posted)" if done else "")
    return "1 post" + (" with thumbnail" if article.image else "")
