"""Retrying a call: exponential backoff with jitter, bounded in attempts and total time, and waiting out
short rate limits. A create whose answer got lost is never blindly sent again: `settle` asks first."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from generator.publish.faults import Ambiguous, Duplicate, RateLimited, StopNetwork, Transient

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for one call; tests shrink them to milliseconds."""

    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    budget: float = 180.0
    max_rate_wait: float = 900.0
    max_rate_waits: int = 3

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Delay before try `failures + 1`: doubling, capped, with the upper half jittered."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (failures - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class Clock:
    """Time as the retry loop sees it, replaceable in tests."""

    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time


DEFAULT_CLOCK = Clock()


def call(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    what: str,
    settle: Callable[[], T | None] | None = None,
    clock: Clock = DEFAULT_CLOCK,
    rng: random.Random | None = None,
) -> T:
    """Run `fn` until it succeeds or the policy says stop.

    Without `settle`, an Ambiguous failure is retried like a Transient one (reads, uploads). With it (creates),
    `settle()` is asked first: a value means the create did happen; None means it did not and another try is
    safe; Unsettled from it propagates and leaves the decision to a person.
    """
    rng = rng or random.Random()
    started = clock.monotonic()
    failures = 0
    rate_waits = 0
    maybe_created = False
    while True:
        try:
            return fn()
        except Duplicate:
            # A duplicate right after a lost answer usually means our own earlier try got through.
            if maybe_created and settle is not None:
                found = settle()
                if found is not None:
                    return found
            raise
        except RateLimited as exc:
            rate_waits += 1
            if exc.wait is None or exc.wait > policy.max_rate_wait or rate_waits > policy.max_rate_waits:
                raise StopNetwork(f"{exc.message}; that is beyond the {_span(policy.max_rate_wait)} wait bound, "
                                  "so this network stops for this run") from None
            clock.sleep(max(0.0, exc.wait))
            continue
        except Ambiguous as exc:
            last: Transient | Ambiguous = exc
            if settle is not None:
                maybe_created = True
                found = settle()
                if found is not None:
                    return found
        except Transient as exc:
            last = exc
        failures += 1
        if failures >= policy.attempts:
            raise Transient(f"{last.message}; gave up after {failures} tries") from None
        delay = policy.backoff(failures, rng)
        if clock.monotonic() - started + delay > policy.budget:
            raise Transient(f"{last.message}; gave up after {failures} tries in "
                            f"{_span(clock.monotonic() - started)}") from None
        clock.sleep(delay)


def _span(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.3g} s"
