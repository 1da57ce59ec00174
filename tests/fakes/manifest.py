"""Build folders the way `mkdocs build` leaves them for publish: made through the manifest record itself."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.derive import card_image
from generator.manifest import IMAGES, Approval, Card, Entry, Manifest, Posts, posts_hash, with_posts


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def article(slug: str, url: str, *, tweets: int = 3, image: bool = True, date: str = "2026-01-05T09:00:00+00:00",
            commentary: str | None = None, status: str = "due", version: str = "", fediverse: bool = False,
            **overrides: Any) -> Entry:
    """One manifest entry with a numbered thread whose last tweet links to the article.

    `version` changes every text, as an edit of the article would.
    """
    thread = [f"{slug.title()} insight {i}{version}: what medical device teams learn here {i}/{tweets}"
              for i in range(1, tweets)]
    thread.append(f"Read more: {url}?utm_source=x&utm_medium=social #MedTech {tweets}/{tweets}")
    title = f"{slug.title()} for regulated teams"
    if commentary is None:
        commentary = (f"New on the blog{version}: {slug} (with notes_on *risk* & <design> control). "
                      f"{url}?utm_source=linkedin&utm_medium=social&utm_campaign={slug} #MedTech #ISO13485")
    path = f"assets/images/social/{slug}.png"
    entry = Entry(
        src=f"blog/posts/{slug}.md",
        slug=slug,
        url=url,
        title=title,
        description=f"What {slug} means for you.",
        date=datetime.fromisoformat(date),
        status=status,
        card=Card(url=url, title=title, description=f"What {slug} means for you."),
        image=card_image(path, f"{url}{slug}.png", title=title, description="", site_name="Fake",
                         layout="herald") if image else None,
    )
    texts = {"x": thread, "linkedin": [commentary]}
    weights = {"x": [len(t) for t in thread], "linkedin": [len(commentary)]}
    entry = with_posts(entry, texts, weights, {"x": 280, "linkedin": 3000})
    if fediverse:
        entry = with_fediverse(entry, version)
    return Entry(**{**vars(entry), **overrides})


def with_fediverse(entry: Entry, version: str = "") -> Entry:
    """`entry` with a Bluesky thread (links shortened, with facets) and a Mastodon thread, as a build makes."""
    from generator.networks import bluesky, mastodon

    slug, url = entry.slug, entry.url
    posts = dict(entry.posts)
    for name in ("bluesky", "mastodon"):
        thread = [f"{slug.title()} on {name} {i}{version}: what medical device teams learn here ✓ {i}/3"
                  for i in (1, 2)]
        thread.append(f"Read more: {url}?utm_source={name}&utm_medium=social #MedTech #Qualität 3/3")
        if name == "bluesky":
            rich = [bluesky.rich_text(text) for text in thread]
            texts, facets = tuple(t for t, _ in rich), tuple(f for _, f in rich)
            weights = tuple(map(bluesky.graphemes, texts))
        else:
            texts, facets = tuple(thread), ()
            weights = tuple(map(mastodon.status_length, texts))
        posts[name] = Posts(texts=texts, weights=weights, limit=300 if name == "bluesky" else 500,
                            hash=posts_hash(name, texts, entry.card, entry.image, None, facets), facets=facets)
    return replace(entry, posts=posts)


def rewritten(entry: Entry, index: int, text: str) -> Entry:
    """`entry` with one tweet rewritten, as a rebuild after an edit would derive it."""
    posts = {name: list(p.texts) for name, p in entry.posts.items()}
    posts["x"][index] = text
    weights = {name: [len(t) for t in texts] for name, texts in posts.items()}
    return with_posts(entry, posts, weights, {name: p.limit for name, p in entry.posts.items()})


def approved(entry: Entry, *, by: str = "Dr. Reviewer", networks: tuple[str, ...] = ("x", "linkedin")) -> Entry:
    """`entry` approved for its current posts, as `herald approve` records it."""
    hashes = {n: entry.posts[n].hash for n in networks}
    return Entry(**{**vars(entry), "approval": Approval(by=by, at="2026-01-04T10:00:00Z", hashes=hashes)})


def write_site(build_dir: Path, articles: list[Entry], *, site_url: str | None = None,
               approval_required: bool = False) -> Path:
    """Write the manifest and every referenced image into `build_dir`; returns `build_dir`.

    The site URL defaults to the origin of the first article's URL (the fake site's).
    """
    if site_url is None:
        parts = urlsplit(articles[0].url if articles else "https://insights.example/")
        site_url = f"{parts.scheme}://{parts.netloc}/"
    for item in articles:
        if item.image is not None:
            image = build_dir / IMAGES / item.image.path
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(png_bytes())
    Manifest(site_url=site_url, entries=tuple(articles), approval_required=approval_required,
             folder=build_dir).write()
    return build_dir
