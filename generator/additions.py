"""Herald's page additions written into an already built site, for engines whose templates cannot call Python.

Zensical renders templates with MiniJinja and loads no MkDocs plugin, so `herald derive` adds to each built
page what Herald's templates add under MkDocs: Open Graph and Twitter tags, JSON-LD, the share bar, Herald's
stylesheet and script. The data is `generator.seo.page_seo`'s, escaped here. Every addition sits between
`herald:begin`/`herald:end` comments, so running again replaces it instead of adding it twice.

Zensical 0.0.73 prints an article's title unescaped (in `<title>`, the header and the `<h1>`) and its
description unescaped inside the description meta tag: a title or description holding `<`, `>`, `&` or `"`
is written back escaped wherever it appears verbatim in a built page. Its search index and JSON feed keep them
as written (JSON, not HTML).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path

from generator.authors import Author, twitter_creator
from generator.manifest import Entry
from generator.seo import PageInfo, SeoData, page_seo

ASSETS = Path(__file__).parent / "theme" / "assets"
FILES = ("stylesheets/herald.css", "javascripts/herald.js")
BEGIN, END = "<!-- herald:begin -->", "<!-- herald:end -->"
_OURS = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)


class _Head(HTMLParser):
    """The title, description and canonical link the engine already wrote into a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.description: str | None = None
        self.canonical: str | None = None
        self._in_title = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title" and self.title is None:
            self._in_title = True
        elif tag == "meta" and values.get("name") == "description":
            self.description = values.get("content") or ""
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = "".join(self._text).strip()
        elif tag == "head":
            raise StopIteration


def _head(text: str) -> _Head:
    parser = _Head()
    try:
        parser.feed(text[: text.find("</head>") + 7] if "</head>" in text else text)
    except StopIteration:
        pass
    return parser


def page_url(site_dir: Path, page: Path) -> str:
    """The site-relative URL of a built page: 'blog/x/' for blog/x/index.html."""
    rel = page.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def root_from(url: str) -> str:
    """The relative path from a page back to the site root ('../../' from 'blog/x/'), as themes link assets."""
    return "../" * url.count("/")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def head_block(seo: SeoData, root: str, canonical: str | None) -> str:
    """Meta tags, JSON-LD and Herald's stylesheet, escaped as the MkDocs templates escape them."""
    lines = [BEGIN]
    if canonical:
        lines.append(f'<link rel="canonical" href="{_attr(canonical)}">')
    lines += [f'<meta {attr}="{_attr(key)}" content="{_attr(value)}">' for attr, key, value in seo.meta]
    if seo.json_ld:
        lines.append(f'<script type="application/ld+json">{seo.json_ld}</script>')
    lines += [f'<link rel="stylesheet" href="{_attr(root + "assets/" + FILES[0])}">', END]
    return "\n".join(lines) + "\n"


def share_block(seo: SeoData) -> str:
    """The share bar of an article: X and LinkedIn share intents and a copy-link button."""
    share = seo.share
    if share is None:
        return ""
    return (
        f'{BEGIN}\n<aside class="herald-share" aria-label="Share this article">\n'
        '  <span class="herald-share__label">Share</span>\n'
        f'  <a class="md-button herald-share__x" href="{_attr(share.x)}" target="_blank" '
        'rel="noopener noreferrer">Post on X</a>\n'
        f'  <a class="md-button herald-share__linkedin" href="{_attr(share.linkedin)}" target="_blank" '
        'rel="noopener noreferrer">Share on LinkedIn</a>\n'
        f'  <button type="button" class="md-button herald-share__copy" data-herald-copy="{_attr(share.url)}">'
        "Copy link</button>\n"
        '  <span class="herald-share__status" role="status" aria-live="polite"></span>\n'
        f"</aside>\n{END}\n"
    )


def escape_verbatim(text: str, values: Iterable[str]) -> str:
    """Write back escaped every title or description the engine printed verbatim although it holds markup."""
    for value in values:
        if any(ch in value for ch in '<>&"') and value in text:
            text = text.replace(value, html.escape(value, quote=True))
    return text


def _insert_before(text: str, closing: str, block: str) -> str:
    at = text.rfind(closing)
    return text if at < 0 or not block else text[:at] + block + text[at:]


def annotate_page(text: str, info: PageInfo, root: str, *, verbatim: Iterable[str] = ()) -> str:
    """One built page with Herald's additions, replacing those of an earlier run."""
    text = escape_verbatim(_OURS.sub("", text), verbatim)
    seo = page_seo(info)
    canonical = None if re.search(r'<link\s+rel="canonical"', text) else info.url
    text = _insert_before(text, "</head>", head_block(seo, root, canonical))
    text = _insert_before(text, "</article>", share_block(seo))
    script = f'{BEGIN}\n<script src="{_attr(root + "assets/" + FILES[1])}"></script>\n{END}\n'
    return _insert_before(text, "</body>", script)


def article_info(entry: Entry, *, site_name: str, site_url: str, publisher: str, site_description: str,
                 authors: Mapping[str, Author], ids: Iterable[str]) -> PageInfo:
    """An article page's sharing data, as the plugin's `_page_info` gives it for the same article."""
    ids = list(ids)
    people = [authors[a] for a in ids if a in authors]
    return PageInfo(
        title=entry.title,
        description=entry.description or site_description,
        url=entry.url or site_url,
        site_name=site_name,
        site_url=site_url,
        publisher=publisher,
        image=entry.image.url if entry.image else None,
        published=entry.date,
        authors=[authors[a].name if a in authors else a for a in ids],
        article=True,
        creator=twitter_creator(people),
        profiles={a.name: a.profiles for a in people if a.profiles},
    )


def other_info(text: str, url: str, *, site_name: str, site_url: str, publisher: str, site_description: str,
               image: str | None) -> PageInfo:
    """Any other page: its title and description as the engine wrote them into its head."""
    head = _head(text)
    title = head.title or site_name
    suffix = f" - {site_name}"
    if site_name and title.endswith(suffix):
        title = title[: -len(suffix)]
    return PageInfo(title=title, description=head.description or site_description,
                    url=head.canonical or posixpath.join(site_url, url), site_name=site_name, site_url=site_url,
                    publisher=publisher, image=image)


def copy_assets(site_dir: Path) -> None:
    for name in FILES:
        target = site_dir / "assets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / name, target)
