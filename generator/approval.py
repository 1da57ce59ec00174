"""`herald approve`: bind a reviewer's approval to the exact posts they reviewed.

The approval is written into the article's front matter by editing only the
`approved_*` lines of its `social:` block, so comments, key order and the body
stay byte-for-byte as the author left them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.cli import CLIError
from generator.networks import NAMES, NETWORKS
from generator.schema import FRONT_MATTER
from generator.terminal import has_controls

APPROVAL_KEYS = ("approved_by", "approved_at", "approved_hash")
_SOCIAL = re.compile(r"^social:[ \t]*(?:#.*)?$")
_SOCIAL_INLINE = re.compile(r"^social:[ \t]*[^#\s]")
_APPROVAL_LINE = re.compile(r"^[ \t]+(?:" + "|".join(APPROVAL_KEYS) + r"):")


class ApprovalError(ValueError):
    """The front matter cannot be edited safely; the message says why."""


def set_approval(text: str, *, by: str, at: str, hashes: Mapping[str, str]) -> str:
    """Return `text` with social.approved_by/at/hash set; nothing else changes."""
    match = FRONT_MATTER.match(text)
    if not match or match.group(1) is None:
        raise ApprovalError("no front matter block to record the approval in")
    newline = "\r\n" if "\r\n" in match.group(0) else "\n"
    start = match.start(1)
    block = match.group(1)
    lines = block.splitlines(keepends=True)
    values: dict[str, Any] = {"approved_by": by, "approved_at": at, "approved_hash": dict(sorted(hashes.items()))}
    social_at = next((i for i, line in enumerate(lines) if _SOCIAL.match(line.rstrip("\r\n"))), None)
    if social_at is None:
        if any(_SOCIAL_INLINE.match(line) for line in lines):
            raise ApprovalError("'social' is written inline; write it as an indented block to record an approval")
        added = f"social:{newline}" + "".join(f"  {k}: {json.dumps(v)}{newline}" for k, v in values.items())
        new_block = block + added
    else:
        end = social_at + 1
        indent = None
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
            if indent is None and lines[end].strip() and not lines[end].lstrip().startswith("#"):
                indent = lines[end][: len(lines[end]) - len(lines[end].lstrip())]
            end += 1
        indent = indent or "  "
        body = [line for line in lines[social_at + 1 : end] if not _APPROVAL_LINE.match(line)]
        last = max((i for i, line in enumerate(body) if line.strip()), default=-1)
        added = [f"{indent}{k}: {json.dumps(v)}{newline}" for k, v in values.items()]
        body = body[: last + 1] + added + body[last + 1 :]
        new_block = "".join(lines[: social_at + 1] + body + lines[end:])
    result = text[:start] + new_block + text[match.end(1) :]
    _verify(block, new_block, values)
    return result


def _verify(before: str, after: str, values: dict[str, Any]) -> None:
    """Refuse to write unless the YAML still means the same, plus the approval."""
    old = yaml.safe_load(before) or {}
    new = yaml.safe_load(after) or {}
    old_social = dict(old.get("social") or {})
    new_social = dict(new.get("social") or {})
    for key in APPROVAL_KEYS:
        old_social.pop(key, None)
    if any(new_social.pop(k, None) != v for k, v in values.items()):
        raise ApprovalError("the approval could not be written where YAML would read it")
    old.pop("social", None)
    new.pop("social", None)
    if old != new or old_social != new_social:
        raise ApprovalError("recording the approval would change other fields; edit the social block by hand")


def run(args: Any) -> int:
    from generator.collect import collect
    from generator.preview import find_entry, render

    by = args.by.strip()
    if not by or has_controls(by):
        raise CLIError(f"--by: expected the reviewer's name, got {args.by!r}")
    collection = collect(Path(args.config))
    entry = find_entry(collection.manifest, args.article)
    if entry.status == "invalid" or not entry.posts:
        problems = "; ".join(entry.problems) or "no posts were derived"
        raise CLIError(f"cannot approve {entry.src}: {problems}", code=1)
    if args.hash and not (len(args.hash) >= 6 and entry.review.startswith(args.hash.lower())):
        raise CLIError(f"{entry.src} changed since it was reviewed: its review hash is now {entry.review}, not "
                       f"{args.hash}; review it again (`herald preview {entry.slug}`)", code=1)
    path = collection.docs_dir / entry.src
    print(render(entry, required=collection.manifest.approval_required))
    print()
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    hashes = {name: posts.hash for name, posts in entry.posts.items()}
    try:
        raw = path.read_bytes()
        # The build reads a file that starts with a byte-order mark; keep the mark where it was.
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        updated = set_approval(raw[len(bom):].decode("utf-8"), by=by, at=now, hashes=hashes)
        path.write_bytes(bom + updated.encode("utf-8"))
    except ApprovalError as exc:
        raise CLIError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CLIError(f"{path}: cannot update the file: {exc.strerror or exc}") from None
    networks = ", ".join(NAMES[n] for n in NETWORKS if n in entry.posts)
    image = f" and the image {entry.image.path}" if entry.image else ""
    print(f"Approved {path} by {by} at {now}: the {networks} posts above{image} (review hash {entry.review}).")
    print("Any later change to them needs a new approval.")
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("approve", help="record that a reviewer approved an article's current posts")
    parser.add_argument("article", metavar="SLUG_OR_PATH")
    parser.add_argument("--by", required=True, metavar="NAME", help="the reviewer's name")
    parser.add_argument("--hash", metavar="REVIEW_HASH",
                        help="the review hash you reviewed (from `herald preview` or the review page); "
                             "refuses if the posts changed since")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="the site's MkDocs config (default: mkdocs.yml)")
    parser.set_defaults(handler=run)
