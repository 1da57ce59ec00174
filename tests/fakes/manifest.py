"""Build a site folder with `social/manifest.json` and images, the way the MkDocs build would leave it."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def article(slug: str, url: str, *, tweets: int = 3, image: bool = True, date: str = "2026-01-05T09:00:00+00:00",
            commentary: str | None = None, content_hash: str | None = None, **overrides: Any) -> dict[str, Any]:
    """One manifest entry with a numbered thread whose last tweet links to the article."""
    thread = [f"{slug.title()} insight {i}: what medical device teams learn here {i}/{tweets}"
              for i in range(1, tweets)]
    thread.append(f"Read more: {url}?utm_source=x&utm_medium=social #MedTech {tweets}/{tweets}")
    entry: dict[str, Any] = {
        "src": f"blog/posts/{slug}.md",
        "slug": slug,
        "url": url,
        "title": f"{slug.title()} for regulated teams",
        "description": f"What {slug} means for you.",
        "date": date,
        "publish": True,
        "status": "due",
        "content_hash": content_hash or f"sha256:{zlib.crc32(slug.encode()):064x}",
        "image": f"assets/images/social/blog/posts/{slug}.png" if image else None,
        "image_url": f"{url}{slug}.png" if image else None,
        "x": {"thread": thread},
        "linkedin": {
            "commentary": commentary if commentary is not None else
            f"New on the blog: {slug} (with notes_on *risk* & <design> control). #MedTech #ISO13485",
            "article": {"source": f"{url}?utm_source=linkedin", "title": f"{slug.title()} for regulated teams",
                        "description": f"What {slug} means for you."},
        },
        "approval": {"required": False, "approved_by": None, "approved_at": None, "approved_hash": None,
                     "state": "not-required"},
        "warnings": [],
    }
    entry.update(overrides)
    return entry


def write_site(site_dir: Path, articles: list[dict[str, Any]], *, site_url: str = "https://insights.example/",
               schema: Any = 1) -> Path:
    """Write the manifest and every referenced image; returns `site_dir`."""
    (site_dir / "social").mkdir(parents=True, exist_ok=True)
    for item in articles:
        if item.get("image"):
            image = site_dir / item["image"]
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(png_bytes())
    data: dict[str, Any] = {"generator": "herald 0.1.0", "site_url": site_url, "articles": articles}
    if schema is not None:
        data = {"schema": schema, **data}
    (site_dir / "social" / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return site_dir
