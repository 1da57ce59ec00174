"""`herald new`: start an article with a complete, commented front matter skeleton."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import frontmatter

from generator.cli import CLIError
from generator.schema import ArticleMeta

SOCIAL_SKELETON = """\
social:
  publish: true            # false keeps this article off every network
  # hashtags: []           # e.g. [MedTech, PEEK]; without '#', used before the site's
  # hook: ""               # first tweet / LinkedIn opening: what the reader gains
  # thread: []             # your own tweets, used as written (numbering and link added)
  # linkedin: ""           # your own LinkedIn text (the link is appended)
  # image: ""              # image for the posts, relative to content/
  # approved_by: ""        # written by `herald approve`
"""

DESCRIPTION = "One or two sentences on what the reader gains (shown in search results and link cards)."
LEAD = "Open with two or three sentences that say what the reader will learn."

BODY = f"""\
{LEAD}

<!-- more -->

## First point

Start every section with a sentence that stands on its own: the thread is made from these.

## Key takeaways

- One whole sentence per takeaway.
"""


def unfinished(meta: ArticleMeta, body: str) -> list[str]:
    """What still holds the skeleton's placeholder text; such an article is not ready to publish."""
    left = []
    if meta.description.strip() == DESCRIPTION:
        left.append("the description")
    if meta.social.hook and meta.social.hook.strip() in (DESCRIPTION, LEAD):
        left.append("social.hook")
    if LEAD in body:
        left.append("the opening paragraph")
    return left


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def posts_dir(config_file: Path) -> Path:
    """Where the blog keeps posts, read from the site's MkDocs config."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise CLIError(f"no MkDocs config at {config_file}: run from the site's folder or pass --config")
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, Abort) as exc:
        raise CLIError(f"{config_file}: {exc}") from None
    blog = config.plugins.get("material/blog")
    relative = blog.config.post_dir.format(blog=blog.config.blog_dir) if blog else "blog/posts"
    return Path(config.docs_dir) / relative


def skeleton(title: str, *, today: dt.date, authors: list[str], tags: list[str], categories: list[str]) -> str:
    post = frontmatter.Post(
        BODY,
        title=title,
        description=DESCRIPTION,
        date=today,
        authors=authors,
        categories=categories,
        tags=tags,
        slug=slugify(title),
    )
    text = frontmatter.dumps(post, sort_keys=False)
    head, sep, rest = text.partition("\n---\n")
    return f"{head}\n{SOCIAL_SKELETON}---\n{rest}" if sep else text


def run(args: Any) -> int:
    slug = slugify(args.title)
    if not slug:
        raise CLIError("the title needs at least one letter or digit to make a file name")
    target = posts_dir(Path(args.config)) / f"{slug}.md"
    if target.exists():
        raise CLIError(f"{target} already exists; choose another title or edit that file")
    text = skeleton(
        args.title, today=dt.date.today(), authors=args.author or [], tags=args.tag or [], categories=args.category or []
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(text)
    print(os.path.relpath(target))
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("new", help="create a new article with a front matter skeleton")
    parser.add_argument("title")
    parser.add_argument("--author", action="append", metavar="ID", help="author id from .authors.yml (repeatable)")
    parser.add_argument("--tag", action="append", metavar="TAG", help="topic tag (repeatable)")
    parser.add_argument("--category", action="append", metavar="NAME", help="blog category (repeatable)")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="the site's MkDocs config (default: mkdocs.yml)")
    parser.set_defaults(handler=run)
