"""`herald publish`: read the manifest, check, confirm, then let each network's worker post what is due.

The networks (from the registry in `generator.networks`) run side by side so that one stuck on a rate limit
or an outage never holds up another; they share only the ledger, whose entries are per network.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TextIO

from generator import manifest, networks
from generator.publish import credentials, deliver, lock, plan, preview
from generator.publish.config import Options
from generator.publish.errors import PublishError
from generator.publish.faults import StopNetwork
from generator.publish.ledger import Ledger
from generator.publish.linkcheck import LinkChecker
from generator.publish.report import Outcome, Report


@dataclass(frozen=True)
class Streams:
    """Where the run talks to the user."""

    out: TextIO
    err: TextIO
    stdin: TextIO


def run(options: Options, env: Mapping[str, str], streams: Streams) -> int:
    """One publish run; returns the exit code (0 all due posted, 1 something left, 2 usage or config)."""
    redact = credentials.Redactor.from_env(env)
    report = Report(streams.out, redact)
    try:
        site = manifest.load(options.build_dir)
    except manifest.ManifestError as exc:
        raise PublishError(str(exc)) from None
    if options.only is not None and not any(a.slug == options.only for a in site.entries):
        raise PublishError(f"no article with slug {options.only!r} in {site.path}")
    report.set_order([a.slug for a in site.entries])
    # A network the manifest has no posts for needs no credentials.
    used = tuple(n for n in options.networks if any(n in a.posts for a in site.entries))
    options = replace(options, networks=used)
    if options.dry_run:
        return _dry_run(options, env, site, report)
    clients, missing = _clients(options, env)
    if not clients and used:
        raise PublishError("no network can run: " + "; ".join(missing.values()))
    for message in missing.values():
        report.say(message)
    with lock.hold(options.ledger, options.lock_wait):
        ledger = Ledger.load(options.ledger)
        ledger.remove_stale_temp_files()
        todo = plan.make(site, ledger, networks=options.networks, only=options.only, now=_now())
        _report_fixed(todo, report)
        work = _checked(todo.to_post(), options, report, missing)
        if work and not _confirmed(work, options, streams, report):
            for decision in work:
                report.row(decision.article.slug, decision.network, Outcome.SKIPPED, "not confirmed", echo=False)
            work = []
        ctx = deliver.Context(ledger=ledger, report=report, policy=options.retry, tweet_pause=options.tweet_pause,
                              settle_grace=options.settle_grace)
        jobs = {network: mine for network in options.networks
                if (mine := [d for d in work if d.network == network])}
        _run_side_by_side(jobs, clients, ctx, streams, redact)
    report.summary()
    return report.exit_code()


def _now() -> datetime:
    return datetime.now(UTC)


def _clients(options: Options, env: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A client per selected network whose credentials are present; messages for the others."""
    clients: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for name in options.networks:
        try:
            clients[name] = networks.get(name).client(env, options)
        except credentials.MissingCredentials as exc:
            missing[name] = str(exc)
    return clients, missing


def _report_fixed(todo: plan.Plan, report: Report) -> None:
    """Rows decided from the manifest and ledger alone."""
    for decision in todo.decisions:
        if decision.outcome is not None:
            report.row(decision.article.slug, decision.network, decision.outcome, decision.detail)
    for _ in range(todo.already_posted):
        report.already_posted()
    for entry in todo.orphans:
        report.row(entry.slug, entry.network, Outcome.NEEDS_PERSON,
                   "pending in the ledger but no longer in the manifest; " + plan.resolve_hint(entry.slug,
                                                                                              entry.network))


def _checked(work: list[plan.Decision], options: Options, report: Report,
             missing: Mapping[str, str]) -> list[plan.Decision]:
    """Drop what cannot go out this run: no credentials, or a canonical URL that does not answer 200."""
    checker = LinkChecker(options.http_timeout) if options.link_check else None
    kept = []
    for decision in work:
        article = decision.article
        reason = None
        if decision.network in missing:
            reason = missing[decision.network]
        elif checker is not None and article.url and (problem := checker.problem(article.url)):
            reason = f"link check failed: {problem}"
        if reason is None:
            kept.append(decision)
        else:
            report.row(article.slug, decision.network, Outcome.SKIPPED, reason)
    return kept


def _confirmed(work: list[plan.Decision], options: Options, streams: Streams, report: Report) -> bool:
    """--yes, or one y/N question at a terminal; without a terminal and without --yes, refuse."""
    if options.yes:
        return True
    if not streams.stdin.isatty():
        raise PublishError("refusing to post without --yes because stdin is not a terminal "
                           "(preview with --dry-run)")
    for decision in work:
        report.say(f"  {networks.label(decision.network):<8}  {decision.article.slug}  {decision.article.title}")
    streams.out.write(f"Post these {len(work)}? [y/N] ")
    streams.out.flush()
    return streams.stdin.readline().strip().lower() in ("y", "yes")


def _run_side_by_side(jobs: dict[str, list[plan.Decision]], clients: Mapping[str, Any], ctx: deliver.Context,
                      streams: Streams, redact: credentials.Redactor) -> None:
    """One thread per network; Ctrl-C lets each finish and record the request in flight before stopping."""
    finished: list[threading.Event] = []
    for network, decisions in jobs.items():
        done = threading.Event()
        finished.append(done)
        threading.Thread(target=_worker, args=(network, clients[network], decisions, ctx, streams, redact, done),
                         name=f"herald-{network}").start()
    try:
        for done in finished:
            done.wait()
    except KeyboardInterrupt:
        # Waiting on events, not Thread.join: an interrupted join can mark a still-running thread as stopped.
        ctx.stop.set()
        ctx.report.say("interrupted: finishing the requests in flight, then stopping")
        for done in finished:
            done.wait()
        raise


def _worker(network: str, client: Any, work: list[plan.Decision], ctx: deliver.Context, streams: Streams,
            redact: credentials.Redactor, done: threading.Event) -> None:
    """Deliver one network's articles in manifest order until done or the network must stop."""
    try:
        _deliver_all(network, client, work, ctx, streams, redact)
    finally:
        done.set()


def _deliver_all(network: str, client: Any, work: list[plan.Decision], ctx: deliver.Context, streams: Streams,
                 redact: credentials.Redactor) -> None:
    for index, decision in enumerate(work):
        if ctx.stop.is_set():
            ctx.report.row(decision.article.slug, network, Outcome.SKIPPED, "not tried: interrupted", echo=False)
            continue
        try:
            networks.get(network).deliver(decision, client, ctx)
        except StopNetwork as exc:
            ctx.report.row(decision.article.slug, network, Outcome.SKIPPED, exc.message)
            for rest in work[index + 1:]:
                ctx.report.row(rest.article.slug, network, Outcome.SKIPPED, f"not tried: {networks.label(network)} stopped",
                               echo=False)
            return
        except OSError as exc:
            # The ledger could not be written (a full disk): what went out is only in memory now, so say it.
            entry = ctx.ledger.get(decision.article.slug, network)
            ids = ", ".join(entry.ids()) if entry else ""
            ctx.report.row(decision.article.slug, network, Outcome.NEEDS_PERSON,
                           f"cannot write the ledger ({exc.strerror or exc}); posted so far: {ids or 'nothing'}; "
                           f"record it with `herald ledger resolve` once the ledger can be written")
            ctx.stop.set()
            return
        except Exception as exc:
            streams.err.write(redact("".join(traceback.format_exception(exc))))
            ctx.report.row(decision.article.slug, network, Outcome.FAILED,
                           f"internal error ({type(exc).__name__}); {networks.label(network)} stops for this run")
            return


def _dry_run(options: Options, env: Mapping[str, str], site: manifest.Manifest, report: Report) -> int:
    """Show exactly what a real run would send; no credentials, no lock, no ledger writes, no posts."""
    ledger = Ledger.load(options.ledger, writable=False)
    todo = plan.make(site, ledger, networks=options.networks, only=options.only, now=_now())
    _report_fixed(todo, report)
    work = _checked(todo.to_post(), options, report, {})
    report.say(f"Dry run: nothing is posted and the ledger {options.ledger} is not written.")
    for network in options.networks:
        try:
            networks.get(network).check_credentials(env)
        except credentials.MissingCredentials as exc:
            if any(d.network == network for d in work):
                report.say(f"note: a real run would skip this: {exc}")
    for decision in work:
        report.say(preview.render(decision))
        report.row(decision.article.slug, decision.network, Outcome.WOULD_POST, preview.summary(decision))
    report.summary()
    return report.exit_code()
