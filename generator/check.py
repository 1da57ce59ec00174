"""`herald check`: every article's front matter, derived posts, claims and approval, as one table."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterable

from generator.collect import Collection, collect
from generator.links import unlinkable_domain
from generator.manifest import Entry
from generator.networks import label
from generator.terminal import one_line


@dataclass(frozen=True)
class Row:
    article: str
    level: str
    problem: str
    where: str


def rows_for(collection: Collection, now: datetime | None = None) -> list[Row]:
    """Turn a collected build into review rows: errors first within each article."""
    now = now or datetime.now(UTC)
    docs = f"{collection.docs_dir.name}/"
    rows: list[Row] = []
    for problem in collection.problems:
        where = f"front matter: {problem.field}" if problem.field else "file"
        level = "warning" if problem.warning else "error"
        rows.append(Row(problem.src.removeprefix(docs), level, problem.message, where))
    site = unlinkable_domain(collection.manifest.site_url)
    if site:
        rows.append(Row(collection.config_file.name, "advice", site.split(": ", 1)[-1], "site_url"))
    required = collection.manifest.approval_required
    for entry in collection.manifest.entries:
        name = entry.src
        if entry.status == "invalid":
            continue
        for warning in entry.warnings:
            rows.append(Row(name, "error", warning.split(": ", 1)[-1], "posts"))
        for advice in entry.advice:
            rows.append(Row(name, "advice", advice.split(": ", 1)[-1], "posts"))
        for what in entry.unfinished:
            rows.append(Row(name, "error", f"not ready: {what} is still the `herald new` placeholder", "placeholder"))
        for finding in entry.lint:
            where = finding.where.rsplit("/", 1)[-1]
            text = f"claims '{finding.rule}': \"{finding.excerpt}\""
            if finding.ignored:
                rows.append(Row(name, "silenced", f"{text} (reason: {finding.ignored})", where))
            else:
                rows.append(Row(name, finding.severity, f"{text}: {finding.advice}", where))
        if required and entry.state(now) in ("due", "scheduled"):
            rows += _approval_rows(entry, required)
    order = {"error": 0, "warning": 1, "approval": 2, "advice": 3, "silenced": 4}
    return sorted(rows, key=lambda r: (r.article, order.get(r.level, 4), r.where))


def _approval_rows(entry: Entry, required: bool) -> list[Row]:
    states = {label(n): entry.approval_state(n, required) for n in entry.posts}
    stale = [n for n, s in states.items() if s == "stale"]
    waiting = [n for n, s in states.items() if s == "unapproved"]
    hint = f"review with `herald preview {entry.slug}`, then `herald approve {entry.slug} --by NAME --hash {entry.review}`"
    rows = []
    if stale:
        rows.append(Row(entry.src, "approval", f"approval by {entry.approval.by} no longer matches the {', '.join(stale)} "
                                                 f"posts (they changed since); {hint}", "approval"))
    if waiting:
        rows.append(Row(entry.src, "approval", f"not approved for {', '.join(waiting)}; {hint}", "approval"))
    return rows


def table(rows: Iterable[Row]) -> str:
    rows = list(rows)
    heads = ("article", "level", "where", "problem")
    cells = [(one_line(r.article), r.level, one_line(r.where), one_line(r.problem)) for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(heads[:3])]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads[:3], widths)) + "  problem"]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 7)
    for c in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(c[:3], widths)) + "  " + c[3])
    return "\n".join(lines)


# Exit codes: the workflows tell "fix the articles" from "a reviewer still has to approve".
OK, ERRORS, PENDING_APPROVAL = 0, 1, 3


def run(args: Any) -> int:
    started = time.perf_counter()
    collection = collect(Path(args.config))
    rows = rows_for(collection)
    count = {level: sum(r.level == level for r in rows)
             for level in ("error", "warning", "approval", "advice", "silenced")}
    if rows:
        print(table(rows))
        print()
    failing = count["error"] + (count["warning"] if args.strict else 0)
    verdict = ("" if failing else " — waiting for approval" if count["approval"] else " — ready to publish")
    print(
        f"{len(collection.manifest.entries)} articles checked in {time.perf_counter() - started:.1f} s: "
        f"{_n(count['error'], 'error')}, {_n(count['warning'], 'warning')}, "
        f"{_n(count['approval'], 'approval')} pending, {count['advice']} advice, {count['silenced']} silenced"
        f"{verdict}"
    )
    if failing:
        return ERRORS
    return PENDING_APPROVAL if count["approval"] else OK


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="validate every article and its derived posts; publishes nothing")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="the site's MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors too")
    parser.epilog = "Exit 0: ready; 1: errors to fix; 2: usage or config error; 3: only approvals pending."
    parser.set_defaults(handler=run)
