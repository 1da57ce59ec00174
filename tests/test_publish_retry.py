"""The retry policy and the sorting of transport failures, with a fake clock and real loopback sockets."""

from __future__ import annotations

import random
import socket
import threading

import pytest
import requests
from fakes.site import FakeSite

from generator.publish import retry, transport
from generator.publish.faults import (
    Ambiguous,
    Duplicate,
    RateLimited,
    StopNetwork,
    Transient,
    Unsettled,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> retry.Clock:
        return retry.Clock(sleep=self.sleep, monotonic=lambda: self.now, wall=lambda: 1_000_000 + self.now)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def scripted(*outcomes):
    """A callable that raises or returns the given outcomes in order, counting calls."""
    calls = []

    def fn():
        calls.append(1)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    fn.calls = calls
    return fn


POLICY = retry.RetryPolicy(attempts=5, base_delay=1.0, max_delay=4.0, budget=100.0, max_rate_wait=60.0)


def test_transient_failures_back_off_exponentially_with_jitter_then_succeed():
    fake = FakeClock()
    fn = scripted(Transient("503"), Transient("503"), Transient("503"), Transient("503"), "ok")
    assert retry.call(fn, POLICY, what="t", clock=fake.clock(), rng=random.Random(1)) == "ok"
    assert len(fn.calls) == 5
    ceilings = [1.0, 2.0, 4.0, 4.0]
    assert all(c / 2 <= s <= c for s, c in zip(fake.sleeps, ceilings)), fake.sleeps


def test_attempts_are_bounded():
    fake = FakeClock()
    fn = scripted(*[Transient("answered 500")] * 5)
    with pytest.raises(Transient, match=r"^answered 500; gave up after 5 tries$"):
        retry.call(fn, POLICY, what="t", clock=fake.clock())
    assert len(fn.calls) == 5 and len(fake.sleeps) == 4


def test_total_time_is_bounded():
    fake = FakeClock()
    policy = retry.RetryPolicy(attempts=100, base_delay=1.0, max_delay=4.0, budget=6.0)
    fn = scripted(*[Transient("503")] * 100)
    with pytest.raises(Transient, match="gave up after"):
        retry.call(fn, policy, what="t", clock=fake.clock())
    assert fake.now <= 6.0


def test_rate_limit_within_bound_waits_for_the_reset():
    fake = FakeClock()
    fn = scripted(RateLimited("429", wait=30.0), "ok")
    assert retry.call(fn, POLICY, what="t", clock=fake.clock()) == "ok"
    assert fake.sleeps == [30.0]


@pytest.mark.parametrize("wait", [61.0, None])
def test_rate_limit_beyond_bound_or_without_reset_stops_the_network(wait):
    fake = FakeClock()
    fn = scripted(RateLimited("X rate limit reached (resets at ...)", wait=wait))
    with pytest.raises(StopNetwork, match=r"beyond the 60 s wait bound, so this network stops for this run"):
        retry.call(fn, POLICY, what="t", clock=fake.clock())
    assert fake.sleeps == []


def test_ambiguous_read_is_retried_like_a_transient_one():
    fn = scripted(Ambiguous("timeout"), "ok")
    assert retry.call(fn, POLICY, what="t", clock=FakeClock().clock()) == "ok"


def test_ambiguous_create_that_did_happen_is_not_sent_again():
    fn = scripted(Ambiguous("dropped"))
    settle = scripted("tweet-7")
    assert retry.call(fn, POLICY, what="t", settle=settle, clock=FakeClock().clock()) == "tweet-7"
    assert len(fn.calls) == 1 and len(settle.calls) == 1


def test_ambiguous_create_that_did_not_happen_is_sent_again():
    fn = scripted(Ambiguous("dropped"), "tweet-8")
    settle = scripted(None)
    assert retry.call(fn, POLICY, what="t", settle=settle, clock=FakeClock().clock()) == "tweet-8"
    assert len(fn.calls) == 2


def test_ambiguous_create_that_cannot_be_settled_goes_to_a_person():
    fn = scripted(Ambiguous("dropped"))
    settle = scripted(Unsettled("could not ask"))
    with pytest.raises(Unsettled):
        retry.call(fn, POLICY, what="t", settle=settle, clock=FakeClock().clock())
    assert len(fn.calls) == 1


def test_duplicate_after_a_lost_answer_is_looked_up_again():
    fn = scripted(Ambiguous("timeout"), Duplicate("duplicate content"))
    settle = scripted(None, "tweet-9")
    assert retry.call(fn, POLICY, what="t", settle=settle, clock=FakeClock().clock()) == "tweet-9"


def test_plain_duplicate_is_not_retried():
    fn = scripted(Duplicate("duplicate content"))
    with pytest.raises(Duplicate):
        retry.call(fn, POLICY, what="t", settle=scripted(), clock=FakeClock().clock())
    assert len(fn.calls) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection_is_safe_to_retry():
    with pytest.raises(requests.ConnectionError) as info:
        transport.session(1.0).get(f"http://127.0.0.1:{_closed_port()}/")
    assert isinstance(transport.fault(info.value, "X"), Transient)


@pytest.fixture
def silent_server():
    """Accepts connections, reads the request, then either hangs or hangs up, as told."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    mode = {"hang_up": False}
    stop = threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.recv(65536)
            if mode["hang_up"]:
                conn.close()
            else:
                stop.wait(2)
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], mode
    stop.set()
    thread.join()
    server.close()


def test_no_answer_before_the_timeout_is_ambiguous(silent_server):
    port, _ = silent_server
    with pytest.raises(requests.Timeout) as info:
        transport.session(0.2).post(f"http://127.0.0.1:{port}/2/tweets", json={"text": "hi"})
    fault = transport.fault(info.value, "X tweet 1/3")
    assert isinstance(fault, Ambiguous) and fault.message == "X tweet 1/3: no answer before the timeout"


def test_connection_dropped_after_sending_is_ambiguous(silent_server):
    port, mode = silent_server
    mode["hang_up"] = True
    with pytest.raises(requests.ConnectionError) as info:
        transport.session(1.0).post(f"http://127.0.0.1:{port}/2/tweets", json={"text": "hi"})
    fault = transport.fault(info.value, "X")
    assert isinstance(fault, Ambiguous) and "connection dropped" in fault.message


def test_routing_adapter_sends_fixed_hosts_to_the_base_and_applies_a_timeout(silent_server):
    site = FakeSite().start()
    try:
        site.pages["/2/users/me"] = 200
        session = requests.Session()
        transport.mount(session, transport.X_HOSTS, timeout=5.0, base=site.url)
        answer = session.get("https://api.twitter.com/2/users/me?user.fields=id")
        assert answer.status_code == 200
        assert site.log[-1].path == "/2/users/me" and site.log[-1].raw_query == "user.fields=id"
        assert session.get("https://upload.twitter.com/2/users/me").status_code == 200
        assert not isinstance(session.get_adapter("https://example.com/"), transport.RoutingAdapter)
    finally:
        site.stop()
    port, _ = silent_server
    hanging = requests.Session()
    transport.mount(hanging, transport.X_HOSTS, timeout=0.2, base=f"http://127.0.0.1:{port}")
    with pytest.raises(requests.Timeout):
        hanging.get("https://api.x.com/2/users/me")


def test_without_a_base_nothing_is_rerouted():
    session = requests.Session()
    transport.mount(session, transport.X_HOSTS, timeout=1.0, base=None)
    request = requests.Request("GET", "https://api.twitter.com/2/users/me").prepare()
    adapter = session.get_adapter(request.url)
    assert isinstance(adapter, transport.RoutingAdapter) and adapter._base is None
