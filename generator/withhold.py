"""Nothing public before its time: which articles a build leaves out, and links to them in other pages.

A draft or a future-dated article is excluded from the deployed site. A page that links to it keeps the link
text but loses the link, so neither a broken link nor the unpublished article's URL reaches the site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Collection
from urllib.parse import urlsplit

from generator.schema import ArticleMeta

_ANCHOR = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S | re.I)


def reason(meta: ArticleMeta, now: dt.datetime) -> str | None:
    """'draft' or 'scheduled' when the article must stay out of the site at `now`; else None."""
    if meta.draft:
        return "draft"
    if meta.date > now:
        return "scheduled"
    return None


def unlink(html: str, page_url: str, withheld: Collection[str]) -> str:
    """Replace links to withheld pages (site-relative URLs) with their text."""
    if not withheld or "href" not in html:
        return html
    base = "/" + page_url.lstrip("/")
    targets = {"/" + url.lstrip("/") for url in withheld}

    def replace(match: re.Match[str]) -> str:
        path = urlsplit(match.group(1)).path
        if not path or "://" in match.group(1):
            return match.group(0)
        folder = base if base.endswith("/") else posixpath.dirname(base) + "/"
        resolved = posixpath.normpath(posixpath.join(folder, path))
        resolved += "/" if path.endswith("/") and not resolved.endswith("/") else ""
        return match.group(2) if resolved in targets else match.group(0)

    return _ANCHOR.sub(replace, html)
