"""What the build leaves for review and publishing, outside the deployed site folder.

The deployed site is public, so the manifest (every derived post, approvals, claims findings, drafts'
titles) and the review page go to the build folder (`.herald/build/` by default), together with a copy of
every image publish uploads: that folder is all `herald publish` reads.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

from generator.manifest import IMAGES, Manifest
from generator.outbox import render_review

REVIEW = "review.html"


def write_build(result: Manifest, site_dir: Path, problems: Sequence[str], *, now: dt.datetime,
                site_name: str = "", review: bool = True) -> list[str]:
    """Write manifest, review page and images into `result.folder`; returns images missing from the site."""
    folder = result.folder
    images = folder / IMAGES
    if images.exists():
        shutil.rmtree(images)
    missing = []
    for entry in result.entries:
        if entry.image is None or not entry.posts:
            continue
        source = site_dir / entry.image.path
        target = images / entry.image.path
        if not source.is_file():
            missing.append(entry.image.path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    result.write()
    if not review:
        (folder / REVIEW).unlink(missing_ok=True)
        return missing
    (folder / REVIEW).write_text(render_review(result.entries, problems, now=now, site_name=site_name,
                                                         required=result.approval_required), encoding="utf-8")
    return missing
