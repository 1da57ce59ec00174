"""Settling a create whose outcome is unknown (a crash, a lost answer) by asking the network.

Found exactly once: it was posted, record it. Not found while the lookup covers the moment of the attempt:
it was not posted, and sending it is safe. Anything else (the lookup failed, several matches, more posts
since than one page shows): Unsettled, and a person decides with `herald ledger resolve`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from generator.publish import littletext, retry
from generator.publish.faults import NetworkFault, Unsettled
from generator.publish.ledger import Attempt, parse_stamp
from generator.publish.linkedin import LinkedInClient
from generator.publish.x import XClient

# Our clock and the network's may disagree; look this far before the attempt.
SKEW = timedelta(minutes=15)
_URL = re.compile(r"https?://\S+")


def same_tweet_text(shown: str, sent: str) -> bool:
    """X shows links as t.co links (and adds one for attached media) and HTML-escapes &, < and >."""
    return _tweet_words(shown) == _tweet_words(sent)


def _tweet_words(text: str) -> str:
    return " ".join(_URL.sub(" ", html.unescape(text)).split())


def find_tweet(client: XClient, attempt: Attempt, policy: retry.RetryPolicy, *, what: str, grace: float,
               clock: retry.Clock = retry.DEFAULT_CLOCK) -> str | None:
    """The id of the attempted tweet if X has it, None if X shows it does not; else Unsettled."""
    since = parse_stamp(attempt.since)

    def look() -> str | None:
        page = retry.call(
            lambda: client.timeline(since_id=attempt.reply_to,
                                    start_time=None if attempt.reply_to else since - SKEW, what=what),
            policy, what=what, clock=clock)
        matches = [t.id for t in page.tweets
                   if same_tweet_text(t.text, attempt.text) and t.reply_to == attempt.reply_to]
        oldest = min((t.created_at for t in page.tweets if t.created_at), default=None)
        return _decide(matches, page.complete, oldest, since, what, "X", "tweets")

    return _with_grace(look, since, grace, clock, what, "X")


def find_post(client: LinkedInClient, attempt: Attempt, policy: retry.RetryPolicy, *, what: str, grace: float,
              clock: retry.Clock = retry.DEFAULT_CLOCK) -> str | None:
    """The URN of the attempted LinkedIn post if the author's feed has it, None if not; else Unsettled."""
    since = parse_stamp(attempt.since)
    wanted = littletext.plain(attempt.text).strip()

    def look() -> str | None:
        page = retry.call(lambda: client.recent_posts(what=what), policy, what=what, clock=clock)
        matches = [p.urn for p in page.posts if littletext.plain(p.commentary).strip() == wanted]
        oldest = min((p.created_at for p in page.posts if p.created_at), default=None)
        return _decide(matches, page.complete, oldest, since, what, "LinkedIn", "posts")

    return _with_grace(look, since, grace, clock, what, "LinkedIn")


def _decide(matches: Sequence[str], complete: bool, oldest: datetime | None, since: datetime, what: str,
            network: str, things: str) -> str | None:
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Unsettled(f"{what}: {network} shows {len(matches)} {things} matching it ({', '.join(matches)})")
    if complete or (oldest is not None and oldest < since - SKEW):
        return None
    raise Unsettled(f"{what}: {network} shows more {things} since then than one page holds; cannot tell")


def _with_grace(look: Callable[[], str | None], since: datetime, grace: float, clock: retry.Clock, what: str,
                network: str) -> str | None:
    """Look; if not found and the attempt is younger than `grace`, wait for the network to catch up, look again."""
    try:
        found = look()
        age = clock.wall() - since.timestamp()
        if found is None and age < grace:
            clock.sleep(grace - age)
            found = look()
        return found
    except Unsettled:
        raise
    except NetworkFault as exc:
        raise Unsettled(f"{what}: could not ask {network} whether it was posted: {exc.message}") from None
