"""Mastodon through Mastodon.py: statuses chained with in_reply_to_id, media with a description, and the
instance's own limits.

Exactly-once: every status is created with an Idempotency-Key derived from its ledger entry (article,
network, when the entry started, which post, its text), so a request retried after a lost answer returns the
status the first one made instead of a second; a crashed run's status is found again in the account's own
statuses. The instance's character limit and link weight come from `/api/v2/instance`, read once per run.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import requests
from mastodon import Mastodon as MastodonAPI
from mastodon import errors as mx

from generator.networks.mastodon import LIMIT, URL_WEIGHT, VISIBILITIES, status_length
from generator.publish import transport
from generator.publish.credentials import MissingCredentials, require
from generator.publish.faults import NetworkFault, RateLimited, Rejected, StopNetwork, Transient, Unsettled
from generator.publish.ledger import parse_stamp

STOP = "Mastodon stops for this run"
MINIMUM_VERSION = "4.0.0"
MEDIA_WAIT = 60.0
PAGE = 40
# Our clock and the instance's may disagree; look this far before the attempt.
SKEW = timedelta(minutes=15)
T = TypeVar("T")


@dataclass(frozen=True, repr=False)
class MastodonCredentials:
    instance: str
    access_token: str
    visibility: str

    def __repr__(self) -> str:
        return f"MastodonCredentials(instance={self.instance!r}, access_token=***)"


def credentials_from(env: Mapping[str, str]) -> MastodonCredentials:
    require(env, ("MASTODON_INSTANCE", "MASTODON_ACCESS_TOKEN"), "Mastodon")
    instance = env["MASTODON_INSTANCE"].strip().rstrip("/")
    if not instance.startswith(("https://", "http://")):
        raise MissingCredentials(f"Mastodon skipped: MASTODON_INSTANCE must be the instance's base URL such as "
                                 f"https://mastodon.social, got {instance!r}")
    visibility = env.get("MASTODON_VISIBILITY", "").strip() or "public"
    if visibility not in VISIBILITIES:
        raise MissingCredentials(f"Mastodon skipped: MASTODON_VISIBILITY must be one of {', '.join(VISIBILITIES)}, "
                                 f"got {visibility!r}")
    return MastodonCredentials(instance=instance, access_token=env["MASTODON_ACCESS_TOKEN"].strip(),
                               visibility=visibility)


def idempotency_key(slug: str, network: str, started_at: str, index: int, text: str) -> str:
    """The same create of the same ledger entry always carries the same key."""
    blob = "\n".join((slug, network, started_at, str(index), text))
    return "herald-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:40]


def plain(content: str) -> str:
    """A status's HTML content as the text that was sent (paragraphs, line breaks, links spelled out)."""
    text = re.sub(r"</p>\s*<p>", "\n\n", content)
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _same(shown: str, sent: str) -> bool:
    return " ".join(shown.split()) == " ".join(sent.split())


@dataclass(frozen=True)
class Limits:
    characters: int = LIMIT
    url_weight: int = URL_WEIGHT


class MastodonClient:
    """The calls publishing needs, each raising only faults."""

    def __init__(self, credentials: MastodonCredentials, *, timeout: float) -> None:
        self._credentials = credentials
        # Herald needs Mastodon 4.0 or later (it reads /api/v2/instance); saying so spares Mastodon.py a
        # version probe of its own on /api/v1/instance.
        self._api = MastodonAPI(access_token=credentials.access_token, api_base_url=credentials.instance,
                                ratelimit_method="throw", request_timeout=timeout, version_check_mode="created",
                                mastodon_version=MINIMUM_VERSION, session=transport.session(timeout))
        self._limits: Limits | None = None
        self._account: str | None = None

    # -- the chain-delivery interface -----------------------------------------------------------------

    def key(self, entry: Any, index: int, text: str) -> str:
        """The Idempotency-Key of post `index`, derived from the ledger entry."""
        return idempotency_key(entry.slug, entry.network, entry.started_at, index, text)

    def limits(self, *, what: str) -> Limits:
        """The instance's character limit and link weight, from /api/v2/instance (defaults if it says none)."""
        if self._limits is None:
            info = self._call(self._api.instance_v2, what)
            statuses = ((info.get("configuration") or {}).get("statuses") or {}) if isinstance(info, dict) else {}
            self._limits = Limits(characters=int(statuses.get("max_characters") or LIMIT),
                                  url_weight=int(statuses.get("characters_reserved_per_url") or URL_WEIGHT))
        return self._limits

    def check(self, decision: Any, *, what: str) -> None:
        """Refuse, before posting anything, posts this instance would not take."""
        limits = self.limits(what=what)
        for index, text in enumerate(decision.texts, 1):
            length = status_length(text, limits.url_weight)
            if length > limits.characters:
                raise Rejected(f"{what}: post {index} is {length} characters as this instance counts them, over its "
                               f"limit of {limits.characters}; shorten the article's posts (or its social.thread)")

    def upload_image(self, path: Path, alt: str, *, what: str) -> str:
        """Upload with a description (alt text); while the instance is still processing it (202, then 206 from
        /api/v1/media/:id) wait for it, with growing pauses, at most MEDIA_WAIT seconds."""
        media = self._call(lambda: self._api.media_post(str(path), description=alt), what)
        media_id = str(media["id"])
        waited, pause = 0.0, 0.1
        while media.get("url") is None:
            if waited >= MEDIA_WAIT:
                raise Transient(f"{what}: Mastodon was still processing the image after {MEDIA_WAIT:.0f} s")
            time.sleep(pause)
            waited += pause
            pause = min(pause * 2, 5.0)
            media = self._call(lambda: self._api.media(media_id), what)
        return media_id

    def create(self, decision: Any, attempt: Any, *, root: str | None, media: Any, what: str) -> str:
        status = self._call(lambda: self._api.status_post(
            attempt.text, in_reply_to_id=attempt.reply_to, media_ids=[media] if media else None,
            visibility=self._credentials.visibility, idempotency_key=attempt.key), what)
        return str(status["id"])

    def find(self, attempt: Any, *, what: str) -> str | None:
        """The id of the attempted status among the account's newest, None if the page shows it is not there."""
        since = parse_stamp(attempt.since)
        if self._account is None:
            self._account = str(self._call(self._api.account_verify_credentials, what)["id"])
        page = self._call(lambda: self._api.account_statuses(self._account, limit=PAGE), what)
        matches = [str(s["id"]) for s in page
                   if _same(plain(s.get("content") or ""), attempt.text)
                   and (str(s["in_reply_to_id"]) if s.get("in_reply_to_id") else None) == attempt.reply_to]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Unsettled(f"{what}: Mastodon shows {len(matches)} statuses matching it ({', '.join(matches)})")
        oldest = min((s["created_at"] for s in page if s.get("created_at")), default=None)
        if len(page) < PAGE or (oldest is not None and _aware(oldest) < since - SKEW):
            return None
        raise Unsettled(f"{what}: Mastodon shows more statuses since then than one page holds; cannot tell")

    # -- plumbing -----------------------------------------------------------------------------------------

    def _call(self, action: Callable[[], T], what: str) -> T:
        try:
            return action()
        except mx.MastodonRatelimitError:
            reset = self._api.ratelimit_reset
            wait = max(0.0, reset - time.time()) + 0.5 if reset else None
            raise RateLimited(f"{what}: Mastodon rate limit reached", wait) from None
        except mx.MastodonNetworkError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, requests.RequestException):
                raise transport.fault(cause, what) from None
            raise transport.fault(exc, what) from None
        except mx.MastodonAPIError as exc:
            raise _fault(exc, what) from None


def _aware(moment: Any) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _fault(exc: mx.MastodonAPIError, what: str) -> NetworkFault:
    args = list(exc.args) + [None] * 4
    status = args[1] if isinstance(args[1], int) else 0
    said = str(args[3] or args[2] or args[0])[:300]
    answer = f"{status} {said}" if status else said
    if status == 401:
        return StopNetwork(f"{what}: Mastodon rejected the access token ({answer}); check MASTODON_ACCESS_TOKEN "
                           f"(it needs the write:statuses and write:media scopes); {STOP}")
    if status == 403:
        return StopNetwork(f"{what}: Mastodon refused ({answer}); {STOP}")
    if status >= 500 or isinstance(exc, mx.MastodonServerError):
        return Transient(f"{what}: Mastodon answered {answer}")
    return Rejected(f"{what}: Mastodon rejected it ({answer})")
