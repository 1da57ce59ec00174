"""The exactly-once ledger: what was posted where, kept in a JSON file that is committed with the site.

Every change is written atomically (temp file, fsync, rename, fsync of the folder) right after the remote
call it records, and an intended create is written *before* the call, so a crash at any moment leaves a
ledger that says either what exists or what might exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator import networks as registry
from generator.publish.errors import PublishError

SCHEMA = 1
STATES = ("pending", "partial", "posted", "failed")


def stamp(seconds: float) -> str:
    """A ledger timestamp: UTC, to the second."""
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


class LedgerError(PublishError):
    """The ledger file cannot be read or makes no sense; never reset silently."""


@dataclass(frozen=True)
class Attempt:
    """A create that was (or is about to be) sent; kept until its outcome is known."""

    index: int
    text: str
    reply_to: str | None
    since: str
    key: str | None = None
    """Chosen before the call where the network lets the client name what it creates (Bluesky's record
    key, Mastodon's Idempotency-Key), so a crashed run can find or replay exactly that create."""


@dataclass(frozen=True)
class Tweet:
    """One posted text of a thread (a tweet, a Bluesky post, a Mastodon status)."""

    id: str
    text: str


@dataclass(frozen=True)
class LedgerEntry:
    """One article on one network.

    States: `pending` a create may have reached the network (its `attempt` says what), `partial` part of a
    thread is posted and nothing is in flight, `posted` complete, `failed` the network refused it for good.
    """

    slug: str
    network: str
    state: str
    content_hash: str
    started_at: str
    updated_at: str
    tweets: tuple[Tweet, ...] = ()
    thread_length: int | None = None
    urn: str | None = None
    attempt: Attempt | None = None
    posted_at: str | None = None
    last_error: str | None = None

    @classmethod
    def new(cls, slug: str, network: str, content_hash: str, now: str, thread_length: int | None = None) -> LedgerEntry:
        return cls(slug=slug, network=network, state="partial", content_hash=content_hash, started_at=now,
                   updated_at=now, thread_length=thread_length)

    def begin(self, attempt: Attempt, now: str) -> LedgerEntry:
        """About to send a create: remember exactly what."""
        return replace(self, state="pending", attempt=attempt, updated_at=now)

    def add_tweet(self, tweet_id: str, now: str) -> LedgerEntry:
        """The attempted tweet exists as `tweet_id`."""
        assert self.attempt is not None
        tweets = (*self.tweets, Tweet(id=tweet_id, text=self.attempt.text))
        done = self.thread_length is not None and len(tweets) >= self.thread_length
        return replace(self, tweets=tweets, attempt=None, state="posted" if done else "partial", updated_at=now,
                       posted_at=now if done else None, last_error=None)

    def add_post(self, urn: str, now: str) -> LedgerEntry:
        """The attempted LinkedIn post exists as `urn`."""
        return replace(self, urn=urn, attempt=None, state="posted", updated_at=now, posted_at=now, last_error=None)

    def drop_attempt(self, error: str | None, now: str) -> LedgerEntry:
        """The attempted create is known not to exist; it may be tried again."""
        return replace(self, attempt=None, state="partial", updated_at=now, last_error=error)

    def note_error(self, error: str, now: str) -> LedgerEntry:
        """Keep the state, remember why this run could not go on."""
        return replace(self, last_error=error, updated_at=now)

    def fail(self, error: str, now: str) -> LedgerEntry:
        """The network refused the attempt for good; a person decides what happens next."""
        return replace(self, state="failed", last_error=error, updated_at=now)

    def finish(self, now: str) -> LedgerEntry:
        """A person declared it done as it stands."""
        return replace(self, state="posted", attempt=None, updated_at=now, posted_at=now)

    def rebase(self, content_hash: str, thread_length: int | None) -> LedgerEntry:
        """Carry on with the current version of the article (only when what is out is unchanged in it)."""
        state = self.state
        if _threaded(self.network) and thread_length is not None and state in ("partial", "posted"):
            state = "posted" if len(self.tweets) >= thread_length else "partial"
        return replace(self, content_hash=content_hash, thread_length=thread_length, state=state,
                       posted_at=self.posted_at if state == "posted" else None)

    def ids(self) -> tuple[str, ...]:
        if _threaded(self.network):
            return tuple(t.id for t in self.tweets)
        return (self.urn,) if self.urn else ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "state": self.state,
            "content_hash": self.content_hash,
            "attempt": None if self.attempt is None else {
                "index": self.attempt.index, "text": self.attempt.text,
                "reply_to": self.attempt.reply_to, "since": self.attempt.since,
                **({"key": self.attempt.key} if self.attempt.key else {}),
            },
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "posted_at": self.posted_at,
            "last_error": self.last_error,
        }
        if _threaded(self.network):
            data["thread_length"] = self.thread_length
            data["tweets"] = [{"id": t.id, "text": t.text} for t in self.tweets]
        else:
            data["urn"] = self.urn
        return data


@dataclass
class Ledger:
    """All entries of one ledger file; `put` saves at once unless the ledger was opened read-only."""

    path: Path
    writable: bool = True
    _entries: dict[tuple[str, str], LedgerEntry] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, path: Path, *, writable: bool = True) -> Ledger:
        """Read `path`; a missing file is an empty ledger, anything unreadable is a LedgerError."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path=path, writable=writable)
        except OSError as exc:
            raise LedgerError(f"cannot read ledger {path}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise _broken(path, f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _broken(path, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise _broken(path, "nested too deeply to be a ledger") from None
        return cls(path=path, writable=writable, _entries=_parse(path, data))

    def get(self, slug: str, network: str) -> LedgerEntry | None:
        with self._lock:
            return self._entries.get((slug, network))

    def entries(self) -> list[LedgerEntry]:
        with self._lock:
            return [self._entries[key] for key in sorted(self._entries)]

    def put(self, entry: LedgerEntry) -> None:
        """Record `entry` and, for a writable ledger, replace the file atomically before returning."""
        with self._lock:
            self._entries[(entry.slug, entry.network)] = entry
            if self.writable:
                self._save()

    def remove_stale_temp_files(self) -> None:
        """Temp files left by a process killed mid-write; only call while holding the ledger lock."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def to_json(self) -> dict[str, Any]:
        entries: dict[str, dict[str, Any]] = {}
        for (slug, network), entry in sorted(self._entries.items()):
            entries.setdefault(slug, {})[network] = entry.to_json()
        return {"schema": SCHEMA, "entries": entries}

    def _save(self) -> None:
        text = json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.path.parent)


def _threaded(network: str) -> bool:
    """Whether the network's record is a thread of posts (else one post's id)."""
    return registry.get(network).threaded


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _broken(path: Path, what: str) -> LedgerError:
    return LedgerError(f"ledger {path} is broken: {what}; fix it by hand or restore it from git "
                       "(herald never resets it)")


def _parse(path: Path, data: Any) -> dict[tuple[str, str], LedgerEntry]:
    if not isinstance(data, dict):
        raise _broken(path, "the top level must be a JSON object")
    if data.get("schema") != SCHEMA:
        raise _broken(path, f"'schema' is {data.get('schema')!r}, expected {SCHEMA}")
    entries = data.get("entries")
    if not isinstance(entries, dict):
        raise _broken(path, "'entries' must be an object")
    result: dict[tuple[str, str], LedgerEntry] = {}
    for slug, networks in entries.items():
        if not isinstance(networks, dict):
            raise _broken(path, f"entries.{slug} must be an object")
        for network, raw in networks.items():
            where = f"entries.{slug}.{network}"
            if network not in registry.NETWORKS:
                raise _broken(path, f"{where}: {registry.unknown(network)}")
            result[(slug, network)] = _entry(path, where, slug, network, raw)
    return result


def _entry(path: Path, where: str, slug: str, network: str, raw: Any) -> LedgerEntry:
    if not isinstance(raw, dict):
        raise _broken(path, f"{where} must be an object")

    def text(key: str, optional: bool = False) -> Any:
        value = raw.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise _broken(path, f"{where}.{key} must be a string, got {value!r}")
        return value

    state = text("state")
    if state not in STATES:
        raise _broken(path, f"{where}.state is {state!r}, expected one of {', '.join(STATES)}")
    attempt = _attempt(path, f"{where}.attempt", raw.get("attempt"))
    tweets: tuple[Tweet, ...] = ()
    thread_length = None
    urn = None
    if _threaded(network):
        pattern = registry.get(network).id_pattern
        raw_tweets = raw.get("tweets", [])
        if not isinstance(raw_tweets, list):
            raise _broken(path, f"{where}.tweets must be a list")
        parsed = []
        for i, item in enumerate(raw_tweets):
            if not (isinstance(item, dict) and isinstance(item.get("id"), str) and pattern.fullmatch(item["id"])
                    and isinstance(item.get("text"), str)):
                raise _broken(path, f"{where}.tweets[{i}] must be {{\"id\": \"<{registry.label(network)} id>\", "
                                    "\"text\": \"...\"}")
            parsed.append(Tweet(id=item["id"], text=item["text"]))
        tweets = tuple(parsed)
        thread_length = raw.get("thread_length")
        if thread_length is not None and (not isinstance(thread_length, int) or isinstance(thread_length, bool)
                                          or thread_length < 1):
            raise _broken(path, f"{where}.thread_length must be a positive integer")
        if attempt is not None and attempt.index != len(tweets):
            raise _broken(path, f"{where}.attempt.index is {attempt.index} but {len(tweets)} tweets are recorded")
        if state == "posted" and not tweets:
            raise _broken(path, f"{where} is 'posted' but lists no tweets")
    else:
        urn = text("urn", optional=True)
        if state == "posted" and not urn:
            raise _broken(path, f"{where} is 'posted' but has no urn")
    if state == "pending" and attempt is None:
        raise _broken(path, f"{where} is 'pending' but has no attempt saying what was sent")
    if state in ("partial", "posted") and attempt is not None:
        raise _broken(path, f"{where} is {state!r} but still has an attempt")
    return LedgerEntry(
        slug=slug, network=network, state=state, content_hash=text("content_hash"),
        started_at=text("started_at"), updated_at=text("updated_at"), tweets=tweets,
        thread_length=thread_length, urn=urn, attempt=attempt, posted_at=text("posted_at", optional=True),
        last_error=text("last_error", optional=True),
    )


def _attempt(path: Path, where: str, raw: Any) -> Attempt | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _broken(path, f"{where} must be an object or null")
    index, body, reply_to, since = raw.get("index"), raw.get("text"), raw.get("reply_to"), raw.get("since")
    key = raw.get("key")
    if key is not None and not (isinstance(key, str) and key):
        raise _broken(path, f"{where}.key must be a non-empty string or absent")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise _broken(path, f"{where}.index must be a non-negative integer")
    if not isinstance(body, str) or not isinstance(since, str):
        raise _broken(path, f"{where} needs 'text' and 'since' strings")
    try:
        parse_stamp(since)
    except ValueError:
        raise _broken(path, f"{where}.since must look like 2026-03-02T10:00:00Z, got {since!r}") from None
    if reply_to is not None and not isinstance(reply_to, str):
        raise _broken(path, f"{where}.reply_to must be a string or null")
    return Attempt(index=index, text=body, reply_to=reply_to, since=since, key=key)
