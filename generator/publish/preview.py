"""Dry-run text: the exact posts a real run would send, in what order, with their lengths in each network's
own measure."""

from __future__ import annotations

import textwrap

from generator import networks
from generator.publish.plan import Decision


def render(decision: Decision) -> str:
    network = networks.get(decision.network)
    article, entry = decision.article, decision.entry
    posts = article.posts[network.name]
    count, piece = len(posts.texts), network.piece
    done = len(entry.tweets) if entry is not None and network.threaded else 0
    image = f" [image {article.image.path}, alt text: {article.image.alt}]" if article.image else ""
    if network.threaded:
        head = f"{network.label} thread for {article.slug} ({count} {piece}s"
        head += f", continuing after {piece} {done}, id {entry.tweets[-1].id})" if entry and done else ")"
    else:
        head = f"{network.label} {piece} for {article.slug}"
    lines = [head, f"  lengths in {network.measure}, limit {posts.limit}"]
    if entry is not None and entry.attempt is not None:
        which = f"{piece} {entry.attempt.index + 1}" if network.threaded else f"the {piece}"
        lines.append(f"  {which} is pending from an interrupted run: a real run first asks {network.label} "
                     "whether it exists")
    for index in range(done, count):
        number = f"{piece} {index + 1}/{count}" if network.threaded else "text as sent"
        attached = image if index == 0 and network.threaded else ""
        lines.append(f"  {number} ({posts.weights[index]}/{posts.limit}){attached}:")
        lines.append(textwrap.indent(network.as_sent(decision, index), "    "))
        lines += [f"    (links to {link})" for link in posts.links(index)]
    lines += network.extras(decision)
    return "\n".join(lines) + "\n"


def summary(decision: Decision) -> str:
    network = networks.get(decision.network)
    article, entry = decision.article, decision.entry
    if network.threaded:
        done = len(entry.tweets) if entry else 0
        left = len(decision.texts) - done
        return (f"{left} {network.piece}{'s' if left != 1 else ''}"
                + (f" (after {done} already posted)" if done else ""))
    return f"1 {network.piece}" + (" with thumbnail" if article.image else "")
