"""Transport faults sorted by what the server may have done, with real loopback sockets and the real clients.

Nothing can have reached the server when DNS, the TCP connection or the TLS handshake fails: such a create is
"not sent" and retried without asking the network. Only a failure after the request left is "in doubt".
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import requests

from generator.publish import retry, transport
from generator.publish.credentials import LinkedInCredentials, XCredentials
from generator.publish.faults import Ambiguous, Transient
from generator.publish.linkedin import LinkedInClient
from generator.manifest import Card
from generator.publish.x import XClient

POLICY = retry.RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.002, budget=5.0)


class Server:
    """A plain TCP server that reads what arrives on each connection, then closes it without answering."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(65536))
                except OSError:
                    self.received.append(b"")


@pytest.fixture
def closing_server() -> Iterator[Server]:
    server = Server()
    yield server
    server.sock.close()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def linkedin(base: str) -> LinkedInClient:
    return LinkedInClient(LinkedInCredentials("token", "urn:li:organization:1"), base=base, version="202610",
                          timeout=5)


def create_linkedin_post(client: LinkedInClient) -> tuple[BaseException, list[str]]:
    """Create a post through the retry loop; returns the final fault and the settle lookups made."""
    lookups: list[str] = []

    def settle() -> None:
        lookups.append("asked")
        return None

    draft = Card("https://insights.example/a/", "A", "B")
    with pytest.raises((Transient, Ambiguous)) as caught:
        retry.call(lambda: client.create_post("Hello", draft, None, what="LinkedIn a post"), POLICY,
                   what="LinkedIn a post", settle=settle, clock=retry.Clock(sleep=lambda s: None))
    return caught.value, lookups


def test_a_failed_tls_handshake_is_not_sent_and_retried_without_asking(closing_server):
    fault, lookups = create_linkedin_post(linkedin(f"https://127.0.0.1:{closing_server.port}"))
    assert isinstance(fault, Transient)
    assert "could not connect (TLS handshake failed; nothing was sent)" in fault.message
    assert "gave up after 3 tries" in fault.message
    assert lookups == []
    # Every try reached the server as a ClientHello (a TLS handshake record), never as an HTTP request.
    assert len(closing_server.received) == 3
    assert all(data[:1] == b"\x16" for data in closing_server.received)


def test_a_refused_connection_is_not_sent(closed_port):
    fault, lookups = create_linkedin_post(linkedin(f"http://127.0.0.1:{closed_port}"))
    assert isinstance(fault, Transient)
    assert "could not connect (connection refused or host unknown)" in fault.message
    assert lookups == []


def test_an_unknown_host_is_not_sent():
    fault, lookups = create_linkedin_post(linkedin("http://herald-test.invalid"))
    assert isinstance(fault, Transient)
    assert "could not connect (connection refused or host unknown)" in fault.message
    assert lookups == []


def test_a_connection_dropped_after_the_request_left_is_in_doubt(closing_server):
    fault, lookups = create_linkedin_post(linkedin(f"http://127.0.0.1:{closing_server.port}"))
    # In doubt: the network is asked before every new try, and the server did receive the request.
    assert lookups == ["asked"] * 3
    assert closing_server.received[0].startswith(b"POST /rest/posts HTTP/1.1")
    assert isinstance(fault, Transient) and "the connection dropped before an answer came" in fault.message


def test_the_x_client_sorts_a_tls_failure_the_same_way(closing_server):
    client = XClient(XCredentials("k", "s", "t", "ts"), timeout=5, api_base=f"https://127.0.0.1:{closing_server.port}")
    with pytest.raises(Transient) as caught:
        client.create_tweet("Hello", reply_to=None, media_id=None, what="X a tweet 1")
    assert "could not connect (TLS handshake failed; nothing was sent)" in caught.value.message


def test_a_read_timeout_after_sending_is_in_doubt(closing_server):
    # A server that accepts and reads but never answers within the timeout.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True).start()
    session = transport.session(0.3)
    try:
        with pytest.raises(requests.RequestException) as caught:
            session.post(f"http://127.0.0.1:{silent.getsockname()[1]}/rest/posts", data=b"{}")
        assert isinstance(transport.fault(caught.value, "LinkedIn a post"), Ambiguous)
    finally:
        silent.close()
        for conn in accepted:
            conn.close()
