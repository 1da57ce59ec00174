"""Posting one article to one network exactly once, driven by the ledger.

The order for every create is: ledger says "pending, about to send this text" (fsynced), then the call,
then the ledger records the id. A pending entry found at start is settled by asking the network before
anything else is sent for that article.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator import networks
from generator.authors import apply_linkedin_mentions
from generator.networks.base import Network
from generator.publish import littletext, retry, settle
from generator.publish.faults import NetworkFault, Rejected, StopNetwork, Transient, Unsettled
from generator.publish.ledger import Attempt, Ledger, LedgerEntry, stamp
from generator.publish.linkedin import LinkedInClient
from generator.publish.plan import Decision, resolve_hint
from generator.publish.report import Outcome, Report



@dataclass(frozen=True)
class Context:
    """What every delivery shares within one run."""

    ledger: Ledger
    report: Report
    policy: retry.RetryPolicy
    tweet_pause: float
    settle_grace: float
    clock: retry.Clock = retry.DEFAULT_CLOCK
    rng: random.Random = field(default_factory=random.Random)
    stop: threading.Event = field(default_factory=threading.Event)

    def now(self) -> str:
        return stamp(self.clock.wall())


def deliver_post(decision: Decision, client: LinkedInClient, ctx: Context) -> None:
    """Create the article's one post with its link card (LinkedIn) unless it exists; StopNetwork escapes."""
    slug, card, digest, name = decision.article.slug, decision.article.card, decision.hash, decision.network
    label = networks.label(name)
    assert card is not None
    entry = ctx.ledger.get(slug, name) or LedgerEntry.new(slug, name, digest, ctx.now())
    if entry.state == "pending":
        pending = _attempt(entry)
        settled = _settle_earlier(entry, ctx, lambda what: settle.find_post(
            client, pending, ctx.policy, what=what, grace=ctx.settle_grace, clock=ctx.clock))
        if settled is None:
            return
        entry = settled
        if entry.state == "posted":
            ctx.report.row(slug, name, Outcome.POSTED, f"{entry.urn} (found after an interruption)")
            return
    entry = entry.rebase(digest, None)
    thumbnail = None
    alt = decision.article.image.alt if decision.article.image else None
    if decision.image is not None:
        thumbnail = _upload(client.upload_image, ctx, decision)
        if thumbnail is None:
            return
    what = f"{label} {slug} post"
    attempt = Attempt(index=0, text=little_text(decision), reply_to=None, since=ctx.now())
    entry = entry.begin(attempt, ctx.now())
    ctx.ledger.put(entry)
    try:
        urn = retry.call(
            lambda: client.create_post(attempt.text, card, thumbnail, what=what, alt=alt if thumbnail else None),
            ctx.policy, what=what, clock=ctx.clock, rng=ctx.rng,
            settle=lambda: settle.find_post(client, attempt, ctx.policy, what=what, grace=ctx.settle_grace,
                                            clock=ctx.clock),
        )
    except Exception as exc:
        _record_failure(exc, entry, ctx, slug, name)
        return
    ctx.ledger.put(entry.add_post(urn, ctx.now()))
    ctx.report.say(f"{name} {slug}: posted ({urn})")
    ctx.report.row(slug, name, Outcome.POSTED, urn)


class ChainClient(Protocol):
    """What a network's client offers the generic delivery below (Bluesky, Mastodon)."""

    def key(self, entry: LedgerEntry, index: int, text: str) -> str | None:
        """What the create of post `index` is named by before it is sent, or None."""

    def check(self, decision: Decision, *, what: str) -> None:
        """Rejected if the account cannot take these posts (an instance's own limit)."""

    def upload_image(self, path: Path, alt: str, *, what: str) -> Any:
        """Upload the article's image with its alt text; returns what `create` attaches."""

    def create(self, decision: Decision, attempt: Attempt, *, root: str | None, media: Any, what: str) -> str:
        """Create the attempted post (a reply to `attempt.reply_to` in the thread starting at `root`)."""

    def find(self, attempt: Attempt, *, what: str) -> str | None:
        """The id of the attempted create if it exists, None if it does not; Unsettled or a fault otherwise."""


def deliver_chain(decision: Decision, network: Network, client: ChainClient, ctx: Context) -> None:
    """Post the rest of the article's posts on `network`, each a reply to the one before; StopNetwork escapes.

    A single post is a chain of one. Each create is named before it is sent (`client.key`), so a create in
    doubt is looked up (or replayed) by that name rather than sent blindly again.
    """
    slug, texts, digest, name = decision.article.slug, decision.texts, decision.hash, network.name
    entry = ctx.ledger.get(slug, name) or LedgerEntry.new(slug, name, digest, ctx.now(), len(texts))
    if entry.state == "pending":
        pending = _attempt(entry)
        settled = _settle_earlier(entry, ctx, lambda what: _find(client, pending, ctx, what))
        if settled is None:
            return
        entry = settled
    piece = network.piece
    posted = tuple(t.text for t in entry.tweets)
    if entry.content_hash != digest and posted != texts[: len(posted)]:
        ctx.report.row(slug, name, Outcome.NEEDS_PERSON,
                       f"the article changed after {len(posted)} of {entry.thread_length} {piece}s were posted; not "
                       f"continued (finish or delete the thread by hand, then `herald ledger resolve {slug} "
                       f"--network {name} --done`)")
        return
    entry = entry.rebase(digest, len(texts))
    if entry.state == "posted":
        ctx.report.row(slug, name, Outcome.POSTED, _chain_detail(entry, 0, piece))
        return
    what = f"{network.label} {slug}"
    try:
        retry.call(lambda: client.check(decision, what=what), ctx.policy, what=what, clock=ctx.clock, rng=ctx.rng)
    except StopNetwork:
        raise
    except (Rejected, Transient) as exc:
        ctx.report.row(slug, name, Outcome.FAILED if isinstance(exc, Rejected) else Outcome.SKIPPED, exc.message)
        return
    first_new = len(entry.tweets)
    media = None
    for index in range(first_new, len(texts)):
        if ctx.stop.is_set():
            ctx.report.row(slug, name, Outcome.SKIPPED, f"interrupted after {len(entry.tweets)} of {len(texts)} "
                                                        f"{piece}s; the next run continues the thread")
            return
        if index == 0 and decision.image is not None and decision.article.image is not None:
            alt = decision.article.image.alt
            media = _upload(lambda path, what: client.upload_image(path, alt, what=what), ctx, decision)
            if media is None:
                return
        if entry.tweets and network.reply_pause and ctx.tweet_pause > 0:
            # A reply to a post the network does not show yet may be refused (X: 403, code 385).
            ctx.clock.sleep(ctx.tweet_pause)
        updated = _send_chained(entry, index, media if index == 0 else None, network, client, ctx, decision)
        if updated is None:
            return
        entry = updated
        ctx.report.say(f"{name} {slug}: {piece} {index + 1}/{len(texts)} posted (id {entry.tweets[-1].id})")
    ctx.report.row(slug, name, Outcome.POSTED, _chain_detail(entry, first_new, piece))


def _send_chained(entry: LedgerEntry, index: int, media: Any, network: Network, client: ChainClient, ctx: Context,
                  decision: Decision) -> LedgerEntry | None:
    """Pending (with the create's key) first, then the create, then the id; None when the chain stops here."""
    text = decision.texts[index]
    what = f"{network.label} {decision.article.slug} {network.piece} {index + 1}/{len(decision.texts)}"
    root = entry.tweets[0].id if entry.tweets else None
    attempt = Attempt(index=index, text=text, reply_to=entry.tweets[-1].id if entry.tweets else None,
                      since=ctx.now(), key=client.key(entry, index, text))
    entry = entry.begin(attempt, ctx.now())
    ctx.ledger.put(entry)
    try:
        post_id = retry.call(
            lambda: client.create(decision, attempt, root=root, media=media, what=what),
            ctx.policy, what=what, clock=ctx.clock, rng=ctx.rng,
            settle=lambda: _find(client, attempt, ctx, what),
        )
    except Exception as exc:
        _record_failure(exc, entry, ctx, decision.article.slug, network.name)
        return None
    entry = entry.add_tweet(post_id, ctx.now())
    ctx.ledger.put(entry)
    return entry


def _find(client: ChainClient, attempt: Attempt, ctx: Context, what: str) -> str | None:
    """Ask the network about a create in doubt; a failed lookup leaves it to a person."""
    try:
        return retry.call(lambda: client.find(attempt, what=what), ctx.policy, what=what, clock=ctx.clock,
                          rng=ctx.rng)
    except Unsettled:
        raise
    except StopNetwork:
        raise
    except NetworkFault as exc:
        raise Unsettled(f"{what}: could not ask whether it was posted: {exc.message}") from None


def _chain_detail(entry: LedgerEntry, first_new: int, piece: str) -> str:
    ids = [t.id for t in entry.tweets]
    if first_new == 0:
        return f"{len(ids)} {piece}{'s' * (len(ids) != 1)} ({', '.join(ids)})"
    return (f"{piece}s {first_new + 1}-{len(ids)} of {len(ids)} ({', '.join(ids[first_new:])}), continuing the "
            "thread")


def little_text(decision: Decision) -> str:
    """The LinkedIn commentary exactly as sent: escaped, with the authors' mentions."""
    posts = decision.article.posts[decision.network]
    return apply_linkedin_mentions(littletext.escape(posts.texts[0]), posts.byline, tuple(posts.mentions.items()))


def _attempt(entry: LedgerEntry) -> Attempt:
    assert entry.attempt is not None
    return entry.attempt


def _settle_earlier(entry: LedgerEntry, ctx: Context,
                    find: Callable[[str], str | None]) -> LedgerEntry | None:
    """Settle a create left pending by an earlier run; None when a person has to."""
    attempt = _attempt(entry)
    network = entry.network
    kind = networks.get(network)
    piece = f"{kind.piece} {attempt.index + 1}" if kind.threaded else kind.piece
    what = f"{kind.label} {entry.slug} {piece}"
    try:
        found = find(what)
    except Unsettled as exc:
        ctx.ledger.put(entry.note_error(ctx.report.redact(exc.message), ctx.now()))
        ctx.report.row(entry.slug, network, Outcome.NEEDS_PERSON,
                       f"{piece} may have been posted by an interrupted run: {exc.message}; "
                       f"{resolve_hint(entry.slug, network)}")
        return None
    if found is None:
        settled = entry.drop_attempt(None, ctx.now())
        ctx.report.say(f"{network} {entry.slug}: {piece} from an interrupted run is not on {network}; sending it")
    elif kind.threaded:
        settled = entry.add_tweet(found, ctx.now())
        ctx.report.say(f"{network} {entry.slug}: {piece} from an interrupted run was posted (id {found})")
    else:
        settled = entry.add_post(found, ctx.now())
        ctx.report.say(f"{network} {entry.slug}: {piece} from an interrupted run was posted ({found})")
    ctx.ledger.put(settled)
    return settled


def _upload(upload: Callable[..., str], ctx: Context, decision: Decision) -> str | None:
    """Upload the article image; an orphaned upload is harmless, so lost answers are simply retried."""
    article, network, image = decision.article, decision.network, decision.image
    assert image is not None
    what = f"{networks.label(network)} {article.slug} image"
    try:
        return retry.call(lambda: upload(image, what=what), ctx.policy, what=what, clock=ctx.clock, rng=ctx.rng)
    except StopNetwork:
        raise
    except Rejected as exc:
        ctx.report.row(article.slug, network, Outcome.FAILED, f"image upload refused: {exc.message}")
    except Transient as exc:
        ctx.report.row(article.slug, network, Outcome.SKIPPED, f"image upload failed, left for the next run: "
                                                              f"{exc.message}")
    return None


def _record_failure(exc: Exception, entry: LedgerEntry, ctx: Context, slug: str, network: str) -> None:
    """Write down how a create ended without an id, then report it (StopNetwork is re-raised)."""
    if isinstance(exc, Unsettled):
        ctx.ledger.put(entry.note_error(ctx.report.redact(exc.message), ctx.now()))
        ctx.report.row(slug, network, Outcome.NEEDS_PERSON, f"{exc.message}; {resolve_hint(slug, network)}")
    elif isinstance(exc, Rejected):
        ctx.ledger.put(entry.fail(ctx.report.redact(exc.message), ctx.now()))
        ctx.report.row(slug, network, Outcome.FAILED, exc.message)
    elif isinstance(exc, (Transient, StopNetwork)):
        ctx.ledger.put(entry.drop_attempt(ctx.report.redact(exc.message), ctx.now()))
        if isinstance(exc, StopNetwork):
            raise exc
        ctx.report.row(slug, network, Outcome.SKIPPED, f"left for the next run: {exc.message}")
    else:
        # A bug, not a network answer: keep the entry pending so nothing is sent twice, and let it surface.
        ctx.ledger.put(entry.note_error(f"internal error: {type(exc).__name__}", ctx.now()))
        raise exc
