"""`herald ledger show` and `herald ledger resolve`: a person reads the ledger and settles what publish could not."""

from __future__ import annotations

from pathlib import Path

from generator import networks
from generator.publish import lock
from generator.publish.errors import PublishError
from generator.publish.ledger import Ledger, LedgerEntry, stamp
from generator.terminal import shown



def show(path: Path, slug: str | None = None) -> str:
    """The ledger as a table, or one article's entries in full; control characters shown escaped."""
    return shown(_show(path, slug))


def _show(path: Path, slug: str | None) -> str:
    ledger = Ledger.load(path, writable=False)
    entries = [e for e in ledger.entries() if slug in (None, e.slug)]
    if slug is not None and not entries:
        raise PublishError(f"{path} has no entries for {slug!r}")
    if not entries:
        return f"{path}: no entries yet"
    if slug is not None:
        return "\n\n".join(_detail(e) for e in entries)
    rows = [("article", "network", "state", "ids", "updated")]
    for e in entries:
        ids = ", ".join(e.ids())
        if networks.get(e.network).threaded and e.thread_length:
            ids = f"{len(e.tweets)}/{e.thread_length}" + (f": {ids}" if ids else "")
        rows.append((e.slug, e.network, e.state, ids or "-", e.updated_at))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(f"{cell:<{widths[i]}}" if i < 4 else cell for i, cell in enumerate(r)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _detail(e: LedgerEntry) -> str:
    lines = [f"{e.slug} on {e.network}: {e.state}",
             f"  content_hash: {e.content_hash}",
             f"  started {e.started_at}, updated {e.updated_at}" + (f", posted {e.posted_at}" if e.posted_at else "")]
    kind = networks.get(e.network)
    if kind.threaded:
        for i, tweet in enumerate(e.tweets):
            lines.append(f"  {kind.piece} {i + 1}/{e.thread_length}: {tweet.id}")
    elif e.urn:
        lines.append(f"  post: {e.urn}")
    if e.attempt is not None:
        target = f"{kind.piece} {e.attempt.index + 1}" if kind.threaded else kind.piece
        if e.attempt.key:
            target += f" (created as {e.attempt.key})"
        reply = f", replying to {e.attempt.reply_to}" if e.attempt.reply_to else ""
        lines.append(f"  in doubt since {e.attempt.since}: {target}{reply}:")
        lines.extend("    " + line for line in e.attempt.text.splitlines())
    if e.last_error:
        lines.append(f"  last error: {e.last_error}")
    return "\n".join(lines)


def resolve(path: Path, slug: str, network: str, *, posted: str | None, not_posted: bool, done: bool,
            lock_wait: float, now: float) -> str:
    """Settle an entry by hand; returns one line saying what the entry is now."""
    with lock.hold(path, lock_wait):
        ledger = Ledger.load(path)
        entry = ledger.get(slug, network)
        if entry is None:
            raise PublishError(f"{path} has no entry for {slug} on {network}")
        when = stamp(now)
        if posted is not None:
            updated = _posted(entry, posted, when)
        elif not_posted:
            if entry.attempt is None:
                raise PublishError(f"nothing is in doubt for {slug} on {network} (state {entry.state}); "
                                   "nothing to resolve")
            updated = entry.drop_attempt(None, when)
        elif done:
            if not networks.get(network).threaded or not entry.tweets:
                raise PublishError(f"--done needs a thread with posted tweets; for {slug} on {network} use "
                                   "--posted ID or --not-posted")
            updated = entry.finish(when)
        else:
            raise PublishError("say what happened: --posted ID, --not-posted or --done")
        ledger.put(updated)
    ids = ", ".join(updated.ids())
    return f"{slug} on {network}: {updated.state}" + (f" ({ids})" if ids else "")


def _posted(entry: LedgerEntry, posted: str, when: str) -> LedgerEntry:
    if entry.state == "posted":
        raise PublishError(f"{entry.slug} on {entry.network} is already posted; nothing to resolve")
    kind = networks.get(entry.network)
    if not kind.id_pattern.fullmatch(posted):
        raise PublishError(f"--posted for {kind.label} takes {kind.id_help}, got {posted!r}")
    if kind.threaded:
        if entry.attempt is None:
            raise PublishError(f"nothing is in doubt for {entry.slug} on {entry.network} (state {entry.state}): the "
                               f"next {kind.piece} has not been sent yet, so there is no id to record")
        return entry.add_tweet(posted, when)
    return entry.add_post(posted, when)


def merge(path: Path, other: Path, *, lock_wait: float) -> str:
    """Fold another copy of the ledger into `path`: per article and network, the entry updated last wins.

    The publish workflow uses it when the branch moved while it was posting, so no record is ever dropped.
    """
    theirs = Ledger.load(other, writable=False)
    with lock.hold(path, lock_wait):
        ours = Ledger.load(path)
        taken = 0
        for entry in theirs.entries():
            mine = ours.get(entry.slug, entry.network)
            if mine is None or entry.updated_at > mine.updated_at:
                ours.put(entry)
                taken += 1
    return f"{path}: {taken} entr{'y' if taken == 1 else 'ies'} taken from {other}"
