"""What every network states about itself, and what it implements: the contract of a network module.

A network is one class on `Network`. Its class attributes are its facts (name, label, limit, how length is
measured, credential names, post shape); its methods derive its posts from an article and, for publishing,
make its client, deliver, find a crashed run's post again and check its ledger record. The registry in
`generator.networks` lists the classes; nothing outside a network's module branches on its name.

Publishing modules are imported inside the methods that need them, so a build never loads an SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote_plus, unquote

if TYPE_CHECKING:
    from generator.authors import Author
    from generator.derive import Options
    from generator.models import ArticleText, Thread
    from generator.publish.config import Options as RunOptions
    from generator.publish.deliver import Context
    from generator.publish.plan import Decision
    from generator.schema import ArticleMeta

THREAD = "thread"
SINGLE = "single"


def link_back(url: str, slug: str, network: str, utm: bool) -> str:
    """The article URL, tagged so the firm can see which network brought the reader.

    A slug taken from a page URL may already be percent-encoded; it is decoded first so ``utm_campaign``
    carries the readable slug, encoded exactly once.
    """
    if not utm:
        return url
    query = f"utm_source={quote_plus(network)}&utm_medium=social&utm_campaign={quote_plus(unquote(slug))}"
    return f"{url}{'&' if '?' in url else '?'}{query}"


@dataclass(frozen=True)
class Source:
    """Everything a network derives its posts from: one valid article, its prose and the site's options."""

    meta: ArticleMeta
    text: ArticleText
    url: str
    slug: str
    options: Options
    hashtags: tuple[str, ...]
    authors: tuple[Author, ...] = ()

    def link(self, network: str) -> str:
        return link_back(self.url, self.slug, network, self.options.utm)

    def thread(self, network: str) -> Thread:
        """The article's thread, linking back with `network`'s tag; networks that post threads start here."""
        from generator.thread import build_thread

        meta, options = self.meta, self.options
        return build_thread(self.text, link=self.link(network), hook=meta.social.hook, description=meta.description,
                            hashtags=self.hashtags, thread_max=options.thread_max, numbering=options.numbering,
                            authored=meta.social.thread, article=meta.src)


@dataclass(frozen=True)
class Draft:
    """One network's derived posts before hashing: texts, their lengths in the network's measure, extras."""

    texts: tuple[str, ...]
    weights: tuple[int, ...]
    limit: int
    byline: str = ""
    mentions: Mapping[str, str] = field(default_factory=dict)
    facets: tuple[tuple[Mapping[str, Any], ...], ...] = ()
    warnings: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()


class Network:
    """Base of every network module's class; subclasses set the facts and implement the methods."""

    name: ClassVar[str]
    label: ClassVar[str]
    limit: ClassVar[int]
    measure: ClassVar[str]
    """How a post's length is counted, in words a reviewer reads next to the count."""
    credentials: ClassVar[tuple[str, ...]]
    """Environment variables a publish run needs; the secret ones are also in `secrets`."""
    secrets: ClassVar[tuple[str, ...]]
    shape: ClassVar[str]
    """THREAD: replies chained to the first post; SINGLE: one post."""
    piece: ClassVar[str] = "post"
    """What one text is called in messages: tweet, post."""
    reply_pause: ClassVar[bool] = False
    """Pause (`--tweet-pause`) before each reply: the network may refuse a reply to a post it does not show yet."""
    id_pattern: ClassVar[re.Pattern[str]] = re.compile(r"\S+")
    """What an id of this network looks like in the ledger and in `herald ledger resolve --posted`."""
    id_help: ClassVar[str] = "the post's id"

    @property
    def threaded(self) -> bool:
        return self.shape == THREAD

    # -- build side ------------------------------------------------------------------------------------

    def length(self, text: str) -> int:
        raise NotImplementedError

    def derive(self, source: Source) -> Draft:
        raise NotImplementedError

    def over_limit(self, texts: tuple[str, ...], weights: tuple[int, ...], limit: int, article: str) -> list[str]:
        """One warning per text beyond the network's limit."""
        return [f"{article}: {self.label} {self.piece} {i} is {w - limit} over the limit ({w}/{limit} {self.measure})"
                for i, w in enumerate(weights, 1) if w > limit]

    # -- publish side ------------------------------------------------------------------------------------

    def client(self, env: Mapping[str, str], options: RunOptions) -> Any:
        """The network's client from `env`; MissingCredentials names what is absent."""
        raise NotImplementedError

    def check_credentials(self, env: Mapping[str, str]) -> None:
        """Raise MissingCredentials when a real run would skip this network (no network call)."""
        from generator.publish.credentials import require

        require(env, self.credentials, self.label)

    def deliver(self, decision: Decision, client: Any, ctx: Context) -> None:
        """Post what the decision says is missing, exactly once; StopNetwork escapes.

        A thread network whose client speaks the chain protocol needs nothing more; others override this.
        """
        if self.shape != THREAD:
            raise NotImplementedError
        from generator.publish.deliver import deliver_chain

        deliver_chain(decision, self, client, ctx)

    def as_sent(self, decision: Decision, index: int) -> str:
        """Text `index` exactly as it is sent (a network may escape it)."""
        return decision.texts[index]

    def extras(self, decision: Decision) -> list[str]:
        """Dry-run lines about what goes with the posts besides their text (card, image, visibility)."""
        return []
