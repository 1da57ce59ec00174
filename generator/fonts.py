"""Seed the social-card font cache so cards build offline.

Material's social plugin downloads its font from Google Fonts unless
`<cache_dir>/fonts/<family>/` already holds it. We ship Roboto through the
`fontpkg-roboto` wheel (a variable font) and cut static Regular and Bold
instances from it once.
"""

from __future__ import annotations

import os
from pathlib import Path

STYLES = {"Regular": 400, "Bold": 700}


def seed_card_fonts(cache_dir: str | os.PathLike[str], family: str = "Roboto") -> Path | None:
    """Write Regular.ttf and Bold.ttf for `family`; None when we have no source for it."""
    target = Path(cache_dir) / "fonts" / family
    if all((target / f"{style}.ttf").is_file() for style in STYLES):
        return target
    if family != "Roboto":
        return None
    import fontpkg_roboto
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    sources = sorted(p for p in (fontpkg_roboto.ROOT / "files").glob("Roboto*.ttf") if "Italic" not in p.name)
    if not sources:
        return None
    target.mkdir(parents=True, exist_ok=True)
    for style, weight in STYLES.items():
        font = instantiateVariableFont(TTFont(sources[0]), {"wght": weight, "wdth": 100})
        partial = target / f".{style}.ttf.{os.getpid()}"
        font.save(partial)
        os.replace(partial, target / f"{style}.ttf")
    return target
