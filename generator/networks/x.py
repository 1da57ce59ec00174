"""X: a thread of tweets within 280 weighted characters (twitter-text v3), posted through tweepy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.authors import credit_first_tweet, x_byline
from generator.counter import MAX_WEIGHT, weighted_length
from generator.networks.base import THREAD, Draft, Network, Source


class X(Network):
    name = "x"
    label = "X"
    limit = MAX_WEIGHT
    measure = "weighted characters: URLs 23, CJK and emoji 2"
    credentials = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
    secrets = credentials
    shape = THREAD
    piece = "tweet"
    reply_pause = True
    id_pattern = re.compile(r"\d{1,25}")
    id_help = "a tweet id (digits)"

    def length(self, text: str) -> int:
        return weighted_length(text)

    def derive(self, source: Source) -> Draft:
        meta, options = source.meta, source.options
        thread = source.thread(self.name)
        tweets, warnings = thread.tweets, list(thread.warnings)
        if options.mention_authors and source.authors:
            tweets = credit_first_tweet(tweets, x_byline(source.authors))
            if tweets == thread.tweets:
                warnings.append(f"{meta.src}: no room for '{x_byline(source.authors)}' in tweet 1; the thread goes "
                                "out without it")
        return Draft(texts=tweets, weights=tuple(map(self.length, tweets)), limit=self.limit,
                     warnings=tuple(warnings), advice=thread.advice)

    def client(self, env: Mapping[str, str], options: Any) -> Any:
        from generator.publish import credentials
        from generator.publish.x import XClient

        return XClient(credentials.x_from(env), timeout=options.http_timeout, api_base=options.x_api_base)

    def deliver(self, decision: Any, client: Any, ctx: Any) -> None:
        from generator.publish.deliver import deliver_chain

        deliver_chain(decision, self, _Chain(client, ctx), ctx)


class _Chain:
    """XClient as the shared chain delivery sees it: X names nothing before a create, so a create in doubt is
    looked for in the account's timeline (links compared without t.co, the reply parent checked)."""

    def __init__(self, client: Any, ctx: Any) -> None:
        self._client, self._ctx = client, ctx

    def key(self, entry: Any, index: int, text: str) -> None:
        return None

    def check(self, decision: Any, *, what: str) -> None:
        return None

    def upload_image(self, path: Any, alt: str, *, what: str) -> str:
        return self._client.upload_image(path, what=what, alt=alt)

    def create(self, decision: Any, attempt: Any, *, root: str | None, media: Any, what: str) -> str:
        return self._client.create_tweet(attempt.text, reply_to=attempt.reply_to, media_id=media, what=what)

    def find(self, attempt: Any, *, what: str) -> str | None:
        from generator.publish import settle

        ctx = self._ctx
        return settle.find_tweet(self._client, attempt, ctx.policy, what=what, grace=ctx.settle_grace,
                                 clock=ctx.clock)
