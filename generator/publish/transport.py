"""The HTTP layer under tweepy and our own clients: a default timeout on every request (tweepy's Client sets
none) and, only when configured, rerouting of fixed API hosts to another base URL (a proxy or a test fake)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from generator.publish.faults import Ambiguous, Transient

X_HOSTS = (
    "https://api.twitter.com/",
    "https://api.x.com/",
    "https://upload.twitter.com/",
    "https://upload.x.com/",
)


# Whether the request of the call in progress on this thread began to leave: set once the connection
# (TCP, and TLS for https) is up and the first byte of the request is about to be written.
_progress = threading.local()


class _Connection(HTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        if self.sock is None:
            self.connect()
        _progress.sent = True
        super().request(*args, **kwargs)


class _TLSConnection(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        if self.sock is None:
            self.connect()
        _progress.sent = True
        super().request(*args, **kwargs)


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class RoutingAdapter(HTTPAdapter):
    """Applies `timeout` when the caller gave none; with `base`, sends the request there instead.

    Rerouting happens after OAuth signing, the way a forwarding proxy would see it; the path and query
    are kept. Environment proxies are not used for a rerouted request: `base` is the explicit destination.
    """

    def __init__(self, *, timeout: float, base: str | None = None) -> None:
        super().__init__()
        self._timeout = timeout
        self._base = urlsplit(base.rstrip("/")) if base else None

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        # Connections that note when a request starts to leave, so a failure can be told apart.
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: float | tuple[float, float] | tuple[float, None] | None = None,
             verify: bool | str = True, cert: Any = None,
             proxies: Mapping[str, str] | None = None) -> requests.Response:
        if self._base is not None and request.url:
            parts = urlsplit(request.url)
            request.url = urlunsplit((self._base.scheme, self._base.netloc, self._base.path + parts.path,
                                      parts.query, ""))
            proxies = {}
        _progress.sent = False
        try:
            return super().send(request, stream=stream, timeout=self._timeout if timeout is None else timeout,
                                verify=verify, cert=cert, proxies=proxies)
        except requests.RequestException as exc:
            exc.sent = _progress.sent  # type: ignore[attr-defined]
            raise


def mount(session: requests.Session, prefixes: tuple[str, ...], *, timeout: float, base: str | None) -> None:
    """Route `prefixes` of `session` through a RoutingAdapter."""
    adapter = RoutingAdapter(timeout=timeout, base=base)
    for prefix in prefixes:
        session.mount(prefix, adapter)


def session(timeout: float) -> requests.Session:
    """A plain session whose requests all carry a timeout."""
    result = requests.Session()
    mount(result, ("http://", "https://"), timeout=timeout, base=None)
    return result


def fault(exc: BaseException, what: str) -> Transient | Ambiguous:
    """Sort a transport failure: Transient when the request never left, Ambiguous when it may have landed.

    A failure before the first byte of the request went out (DNS, connection refused, TLS handshake) means
    the server cannot have acted on it: trying again is safe. Only a failure after that is in doubt.
    """
    if getattr(exc, "sent", None) is False:
        return Transient(f"{what}: could not connect ({_reason(exc)})")
    if isinstance(exc, requests.ConnectTimeout):
        return Transient(f"{what}: could not connect (timed out)")
    if isinstance(exc, requests.ConnectionError) and _caused_by(exc, NewConnectionError):
        return Transient(f"{what}: could not connect (connection refused or host unknown)")
    if isinstance(exc, requests.Timeout):
        return Ambiguous(f"{what}: no answer before the timeout")
    if isinstance(exc, requests.ConnectionError):
        return Ambiguous(f"{what}: the connection dropped before an answer came")
    return Ambiguous(f"{what}: request failed ({type(exc).__name__})")


def _reason(exc: BaseException) -> str:
    """A short cause for the message: the TLS handshake, a timeout, refused or unknown host, else the type."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed; nothing was sent"
    if isinstance(exc, requests.ConnectTimeout):
        return "timed out"
    if _caused_by(exc, NewConnectionError):
        return "connection refused or host unknown"
    return f"{type(exc).__name__}; nothing was sent"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is anywhere in the chain requests and urllib3 build (args, .reason, cause, context)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            return True
        linked = [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
        todo.extend(link for link in linked if isinstance(link, BaseException))
    return False
