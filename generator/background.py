"""Derive articles in a second process while MkDocs goes on rendering pages.

Derivation and the claims lint are pure functions of an article's checked front matter and its HTML, and
they are most of what Herald adds to a build. On a machine with more than one core, a large site hands them
to one worker process and collects the results once MkDocs has rendered every page, so the build's wall time
barely grows. The results are the ones the build's own process would compute (a test compares the two).

The worker is forked: it starts at once with everything the build has loaded, and nothing is imported again
(spawning would re-run the script that started the build). Forking is safe only in a process with a single
thread, so `mkdocs serve` (which watches files from other threads), other systems than Linux, and small sites,
where a worker saves less than it costs, derive in process.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from generator.article import Derived, derive_article
from generator.authors import Author
from generator.derive import Options
from generator.lint import Rule
from generator.manifest import Image
from generator.schema import Checked

# From this many articles on, a worker is worth its start-up and the copying of pages to it.
MIN_ARTICLES = 100

# What every article shares, sent to the worker once rather than with each article.
_shared: dict[str, Any] = {}


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def use_worker(setting: bool | str, articles: int) -> bool:
    """The plugin's `background` option: True, False, or "auto" (large sites on machines with two cores).

    Where a worker cannot be forked safely, articles are derived in process whatever the setting says.
    """
    if not can_fork():
        return False
    if setting == "auto":
        return articles >= MIN_ARTICLES and (os.cpu_count() or 1) > 1
    return bool(setting)


def _start(options: Options, rules: Sequence[Rule], now: dt.datetime) -> None:
    # What the worker inherited from the build stays alive and unchanged here: the collector leaves it alone
    # instead of walking it again and again (and copying the memory it shares with the build).
    gc.freeze()
    _shared.update(options=options, rules=rules, now=now)


def _derive(checked: Checked, html: str, label: str, url: str, slug: str, image: Image | None,
            authors: Sequence[Author]) -> Derived:
    return derive_article(checked, html, label=label, url=url, slug=slug, image=image, authors=authors, **_shared)


class Derivation:
    """The articles of one build, derived now or in the worker; `results` waits for all of them."""

    def __init__(self, *, options: Options, rules: Sequence[Rule], now: dt.datetime, worker: bool) -> None:
        self._shared = {"options": options, "rules": rules, "now": now}
        self._pool: ProcessPoolExecutor | None = None
        if worker:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start, initargs=(options, rules, now))
        self._pending: dict[str, Future[Derived] | Derived] = {}

    @property
    def in_worker(self) -> bool:
        return self._pool is not None

    def add(self, key: str, checked: Checked, html: str, *, label: str, url: str, slug: str,
            image: Image | None, authors: Sequence[Author]) -> None:
        if self._pool is None:
            self._pending[key] = derive_article(checked, html, label=label, url=url, slug=slug, image=image,
                                                authors=authors, **self._shared)
        else:
            self._pending[key] = self._pool.submit(_derive, checked, html, label, url, slug, image, tuple(authors))

    def results(self) -> dict[str, Derived]:
        """Every article's result in the order they were added; the worker, if any, then stops."""
        done = {key: value.result() if isinstance(value, Future) else value for key, value in self._pending.items()}
        self.close()
        self._pending = {}
        return done

    def close(self) -> None:
        """Stop the worker without waiting for what it has not started (a failed build, `serve` ending)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
