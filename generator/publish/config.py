"""Run options: command-line flags first, then HERALD_* environment knobs, then defaults."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.publish import linkedin
from generator.publish.errors import PublishError
from generator.publish.retry import RetryPolicy

DEFAULT_LEDGER = Path(".herald/ledger.json")
DEFAULT_TWEET_PAUSE = 1.5


@dataclass(frozen=True)
class Options:
    """Everything one `herald publish` run needs to know besides credentials."""

    build_dir: Path
    ledger: Path
    networks: tuple[str, ...]
    only: str | None
    dry_run: bool
    yes: bool
    link_check: bool
    tweet_pause: float
    lock_wait: float
    settle_grace: float
    http_timeout: float
    linkedin_version: str
    linkedin_api: str
    x_api_base: str | None
    retry: RetryPolicy


def from_args(args: argparse.Namespace, env: Mapping[str, str]) -> Options:
    """Combine flags and environment; a bad value is one PublishError line (exit 2)."""
    version = env.get("LINKEDIN_VERSION", "").strip() or linkedin.DEFAULT_VERSION
    if not linkedin.VERSION.fullmatch(version):
        raise PublishError(f"LINKEDIN_VERSION must look like YYYYMM (e.g. {linkedin.DEFAULT_VERSION}), got {version!r}")
    x_base = env.get("HERALD_X_API_BASE", "").strip() or None
    li_base = env.get("HERALD_LINKEDIN_API", "").strip() or linkedin.DEFAULT_API
    for name, base in (("HERALD_X_API_BASE", x_base), ("HERALD_LINKEDIN_API", li_base)):
        if base is not None and not base.startswith(("http://", "https://")):
            raise PublishError(f"{name} must be an http:// or https:// URL, got {base!r}")
    return Options(
        build_dir=Path(args.build_dir),
        ledger=Path(args.ledger),
        networks=args.network,
        only=args.only,
        dry_run=args.dry_run,
        yes=args.yes,
        link_check=args.link_check,
        tweet_pause=args.tweet_pause if args.tweet_pause is not None
        else _env_seconds(env, "HERALD_TWEET_PAUSE", DEFAULT_TWEET_PAUSE),
        lock_wait=args.lock_wait if args.lock_wait is not None else _env_seconds(env, "HERALD_LOCK_WAIT", 60.0),
        settle_grace=_env_seconds(env, "HERALD_SETTLE_GRACE", 20.0),
        http_timeout=_env_seconds(env, "HERALD_HTTP_TIMEOUT", 30.0, positive=True),
        linkedin_version=version,
        linkedin_api=li_base,
        x_api_base=x_base,
        retry=RetryPolicy(
            attempts=_env_count(env, "HERALD_RETRY_ATTEMPTS", 5),
            base_delay=_env_seconds(env, "HERALD_RETRY_DELAY", 1.0),
            max_delay=_env_seconds(env, "HERALD_RETRY_MAX_DELAY", 30.0),
            budget=_env_seconds(env, "HERALD_RETRY_BUDGET", 180.0),
            max_rate_wait=_env_seconds(env, "HERALD_RATE_LIMIT_MAX_WAIT", 900.0),
        ),
    )


def _env_seconds(env: Mapping[str, str], name: str, default: float, positive: bool = False) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise PublishError(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise PublishError(f"{name} must be a finite number of seconds, got {raw!r}")
    if value < 0 or (positive and value == 0):
        raise PublishError(f"{name} must be {'above' if positive else 'at least'} 0, got {raw!r}")
    return value


def _env_count(env: Mapping[str, str], name: str, default: int, most: int = 100) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise PublishError(f"{name} must be a whole number from 1 to {most}, got {raw!r}") from None
    if not 1 <= value <= most:
        raise PublishError(f"{name} must be a whole number from 1 to {most}, got {raw!r}")
    return value
