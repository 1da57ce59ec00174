"""A tiny threaded HTTP server on 127.0.0.1 with per-route fault schedules, the base of every fake."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Fault:
    """What to do instead of (or around) answering one request."""

    kind: str  # "status", "drop_before", "drop_after", "slow"
    status: int = 0
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0

    @classmethod
    def status_(cls, status: int, body: Any = None, **headers: str) -> Fault:
        pairs = tuple((name.replace("_", "-"), value) for name, value in headers.items())
        return cls("status", status=status, body=body, headers=pairs)

    @classmethod
    def drop_before(cls) -> Fault:
        """Close the connection without doing anything."""
        return cls("drop_before")

    @classmethod
    def drop_after(cls) -> Fault:
        """Do the work (create the tweet or post), then close without answering."""
        return cls("drop_after")

    @classmethod
    def slow(cls, delay: float) -> Fault:
        """Do the work, then answer only after `delay` seconds."""
        return cls("slow", delay=delay)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw_query: str = ""
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Reply]


class FakeServer:
    """Routes are (METHOD, regex) -> handler; `key` names a route for fault injection, e.g. 'POST /2/tweets'."""

    def __init__(self, *, latency: tuple[float, float] = (0.0, 0.0), seed: int = 0) -> None:
        self.routes: list[tuple[str, re.Pattern[str], str, Handler]] = []
        self.faults: dict[str, deque[Fault | None]] = defaultdict(deque)
        self.log: list[Request] = []
        self.latency = latency
        self.lock = threading.RLock()
        self._rng = random.Random(seed)
        self._httpd: ThreadingHTTPServer | None = None

    def route(self, method: str, pattern: str, key: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(pattern + r"\Z"), key, handler))

    def inject(self, key: str, *faults: Fault | None) -> None:
        """Queue what the next requests to `key` get; None means answer normally."""
        with self.lock:
            self.faults[key].extend(faults)

    def requests_to(self, key: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.params.get("_key") == key]

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._serve(self, "GET")

            def do_POST(self) -> None:
                fake._serve(self, "POST")

            def do_PUT(self) -> None:
                fake._serve(self, "PUT")

            def do_HEAD(self) -> None:
                fake._serve(self, "HEAD")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def _serve(self, http: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(http.path)
        length = int(http.headers.get("Content-Length") or 0)
        body = http.rfile.read(length) if length else b""
        request = Request(method=method, path=parts.path, query=parse_qs(parts.query, keep_blank_values=True),
                          headers={k: v for k, v in http.headers.items()}, body=body, raw_query=parts.query)
        with self.lock:
            self.log.append(request)
            low, high = self.latency
            pause = self._rng.uniform(low, high) if high else 0.0
        if pause:
            time.sleep(pause)
        found = self._match("GET" if method == "HEAD" else method, parts.path)
        if found is None:
            self._send(http, method, Reply(404, {"title": "Not Found", "detail": f"no route {method} {parts.path}"}))
            return
        key, handler, params = found
        request.params = {**params, "_key": key}
        with self.lock:
            queue = self.faults.get(key)
            fault = queue.popleft() if queue else None
        if fault is not None and fault.kind == "drop_before":
            http.close_connection = True
            return
        if fault is not None and fault.kind == "status":
            self._send(http, method, Reply(fault.status, fault.body, dict(fault.headers)))
            return
        reply = handler(request)
        if fault is not None and fault.kind == "drop_after":
            http.close_connection = True
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        self._send(http, method, reply)

    def _match(self, method: str, path: str) -> tuple[str, Handler, dict[str, str]] | None:
        for route_method, pattern, key, handler in self.routes:
            match = pattern.match(path) if route_method == method else None
            if match:
                return key, handler, match.groupdict()
        return None

    @staticmethod
    def _send(http: BaseHTTPRequestHandler, method: str, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            payload, ctype = reply.body, "application/octet-stream"
        elif isinstance(reply.body, str):
            payload, ctype = reply.body.encode(), "text/html; charset=utf-8"
        elif reply.body is None:
            payload, ctype = b"", "application/json"
        else:
            payload, ctype = json.dumps(reply.body).encode(), "application/json"
        try:
            http.send_response(reply.status)
            headers = {"Content-Type": ctype, "Content-Length": str(len(payload)), **reply.headers}
            for name, value in headers.items():
                http.send_header(name, value)
            http.end_headers()
            if method != "HEAD":
                http.wfile.write(payload)
        except OSError:
            pass
