"""Subcommands `publish` and `ledger`; heavy modules load only when a handler runs."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.manifest import DEFAULT_BUILD_DIR
from generator.networks import NETWORKS, unknown

DEFAULT_LEDGER = ".herald/ledger.json"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `herald publish` and `herald ledger show|resolve` to the herald command line."""
    publish = sub.add_parser(
        "publish",
        help="post due articles to every configured network from the built site, exactly once",
        description="Post every due article in the build's manifest to its networks, exactly once. "
                    "Exit 0: everything due is posted (drafts, scheduled, opted-out and unapproved articles are "
                    "reported, not posted); 1: something needs a person (failed, skipped, invalid, blocked by "
                    "claims lint, not ready, or built before its date); 2: usage or config error.",
    )
    publish.add_argument("--build-dir", default=str(DEFAULT_BUILD_DIR), metavar="DIR",
                         help=f"where the build wrote manifest.json and images (default: {DEFAULT_BUILD_DIR})")
    _ledger_option(publish)
    publish.add_argument("--dry-run", action="store_true",
                         help="print exactly what would be posted; needs no credentials, posts and writes nothing")
    publish.add_argument("--yes", action="store_true",
                         help="post without asking (required when stdin is not a terminal)")
    publish.add_argument("--network", type=_networks, default=NETWORKS, metavar=",".join(NETWORKS),
                         help="networks to post to (default: every network the manifest has posts for)")
    publish.add_argument("--only", metavar="SLUG", help="only this article")
    publish.add_argument("--no-link-check", dest="link_check", action="store_false",
                         help="post even if the article's URL does not answer 200")
    publish.add_argument("--tweet-pause", type=_seconds, metavar="SECONDS",
                         help="pause between tweets of a thread (default: $HERALD_TWEET_PAUSE or 1.5)")
    publish.add_argument("--lock-wait", type=_seconds, metavar="SECONDS",
                         help="how long to wait for another run to finish (default: $HERALD_LOCK_WAIT or 60)")
    publish.set_defaults(handler=_publish)

    ledger = sub.add_parser("ledger", help="show the publishing ledger or settle an entry by hand",
                            description="Read the publishing ledger, or settle an entry publish left to a person.")
    actions = ledger.add_subparsers(dest="ledger_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="list entries, or one article's entries in full")
    show.add_argument("slug", nargs="?", metavar="SLUG")
    _ledger_option(show)
    show.set_defaults(handler=_show)
    resolve = actions.add_parser("resolve", help="record what really happened to a post in doubt",
                                 description="Record by hand what happened to a post publish could not settle.")
    resolve.add_argument("slug", metavar="SLUG")
    resolve.add_argument("--network", required=True, choices=NETWORKS)
    what = resolve.add_mutually_exclusive_group(required=True)
    what.add_argument("--posted", metavar="ID", help="it exists: the tweet id, the LinkedIn post URN, the Bluesky "
                                                      "at:// URI or the Mastodon status id")
    what.add_argument("--not-posted", action="store_true", help="it does not exist: publish may send it again")
    what.add_argument("--done", action="store_true", help="treat the thread as finished as it stands")
    _ledger_option(resolve)
    resolve.add_argument("--lock-wait", type=_seconds, default=60.0, metavar="SECONDS")
    resolve.set_defaults(handler=_resolve)
    merge = actions.add_parser("merge", help="fold another copy of the ledger into this one",
                               description="Fold another copy of the ledger into this one: for each article and "
                                           "network the entry updated last wins, so no record is dropped.")
    merge.add_argument("other", metavar="OTHER_LEDGER", type=Path)
    _ledger_option(merge)
    merge.add_argument("--lock-wait", type=_seconds, default=60.0, metavar="SECONDS")
    merge.set_defaults(handler=_merge)


def _ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", default=DEFAULT_LEDGER, metavar="PATH",
                        help=f"the ledger file, meant to be committed (default: {DEFAULT_LEDGER})")


def _networks(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    if not chosen:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of {', '.join(NETWORKS)}, got {text!r}")
    for name in chosen:
        if name not in NETWORKS:
            raise argparse.ArgumentTypeError(unknown(name))
    return chosen


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}")
    return value


def _publish(args: argparse.Namespace) -> int:
    from generator.publish import config, runner

    return _guarded(lambda: runner.run(config.from_args(args, os.environ), os.environ,
                                       runner.Streams(out=sys.stdout, err=sys.stderr, stdin=sys.stdin)))


def _show(args: argparse.Namespace) -> int:
    from generator.publish import handcheck

    def show() -> int:
        print(handcheck.show(Path(args.ledger), args.slug))
        return 0

    return _guarded(show)


def _resolve(args: argparse.Namespace) -> int:
    from generator.publish import handcheck

    def resolve() -> int:
        print(handcheck.resolve(Path(args.ledger), args.slug, args.network, posted=args.posted,
                                not_posted=args.not_posted, done=args.done, lock_wait=args.lock_wait,
                                now=time.time()))
        return 0

    return _guarded(resolve)


def _merge(args: argparse.Namespace) -> int:
    from generator.publish import handcheck

    def merge() -> int:
        print(handcheck.merge(Path(args.ledger), args.other, lock_wait=args.lock_wait))
        return 0

    return _guarded(merge)


def _guarded(action: Callable[[], int]) -> int:
    """Turn a PublishError into the herald CLI's one-line error with its exit code."""
    from generator.publish.errors import PublishError

    try:
        return action()
    except PublishError as exc:
        from generator.cli import CLIError

        raise CLIError(str(exc), exc.code) from None
