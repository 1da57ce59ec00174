"""The `herald` plugin's options; each option's docstring is its reference."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.networks import DEFAULT


class HeraldConfig(base.Config):
    thread_max = c.Type(int, default=6)
    """Most tweets in a derived thread, hook and link tweet included."""

    numbering = c.Type(bool, default=True)
    """Append a ' 1/6' style counter to every tweet."""

    hashtags = c.ListOfItems(c.Type(str), default=[])
    """Site-wide hashtags, used after an article's own (at most 3 per post)."""

    utm = c.Type(bool, default=True)
    """Tag links back with utm_source, utm_medium=social and utm_campaign=<slug>."""

    networks = c.ListOfItems(c.Type(str), default=list(DEFAULT))
    """Networks the site derives posts for and publishes to, by name from Herald's registry (x, linkedin,
    bluesky, mastodon); an article's `social.networks` narrows it. The default keeps a site where it was."""

    linkedin_max = c.Type(int, default=3000)
    """Longest LinkedIn commentary, in characters."""

    outbox = c.Type(bool, default=True)
    """Make the review page: live at /social/ under `mkdocs serve`, and `review.html` in `build_dir`."""

    review_page = c.Choice(("private", "public"), default="private")
    """'public' also puts the review page into the deployed site (only articles already public are listed)."""

    build_dir = c.Type(str, default=".herald/build")
    """Where the build writes the manifest, the review page and the images publish uploads, relative to
    mkdocs.yml; keep it out of the deployed site and out of git."""

    include = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns (relative to docs_dir) of article sources; empty means the blog's posts."""

    approval = c.Choice(("none", "required"), default="none")
    """With 'required', publish posts only articles approved for their current posts."""

    rules = c.Optional(c.Type(str))
    """Claims-lint rules file (YAML), relative to mkdocs.yml; default: Herald's medical-device rules."""

    enabled = c.Type(bool, default=True)
    """False leaves pages as Material draws them and derives nothing; the site's social cards keep Herald's layout."""

    mention_authors = c.Type(bool, default=False)
    """Credit the article's authors in its posts: 'by @handle' (or the name) in the first tweet; 'by Name' after the LinkedIn hook, sent as a mention when `.authors.yml` gives the author's LinkedIn URN."""

    background = c.Choice((True, False, "auto"), default="auto")
    """Derive posts in a second process while MkDocs renders pages: 'auto' does for sites of 100 articles or
    more on a machine with more than one core; true always, false never. The posts are the same either way."""
