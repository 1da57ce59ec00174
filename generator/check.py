"""`herald check`: every article's front matter, derived posts, claims and approval, as one table."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from generator.collect import Collection, collect
from generator.terminal import one_line


@dataclass(frozen=True)
class Row:
    article: str
    level: str
    problem: str
    where: str


def rows_for(collection: Collection) -> list[Row]:
    """Turn a collected build into review rows: errors first within each article."""
    rows: list[Row] = []
    for problem in collection.problems:
        where = f"front matter: {problem.field}" if problem.field else "file"
        rows.append(Row(problem.src.removeprefix(f"{collection.docs_dir.name}/"), "error", problem.message, where))
    for entry in collection.entries:
        name = entry["src"]
        if entry["status"] == "invalid":
            continue
        for warning in entry["warnings"]:
            rows.append(Row(name, "error", warning.split(": ", 1)[-1], "X thread"))
        for finding in entry.get("lint", []):
            where = finding["where"].rsplit("/", 1)[-1]
            text = f"claims '{finding['rule']}': \"{finding['excerpt']}\""
            if finding.get("ignored"):
                rows.append(Row(name, "silenced", f"{text} (reason: {finding['ignored']})", where))
            else:
                rows.append(Row(name, finding["severity"], f"{text}: {finding['advice']}", where))
        approval = entry.get("approval", {})
        if collection.approval_required and entry["status"] in ("due", "scheduled"):
            if approval.get("state") == "stale":
                rows.append(Row(name, "error", f"approval by {approval.get('approved_by')} no longer matches: the posts changed since; run herald approve again", "approval"))
            elif approval.get("state") != "approved":
                rows.append(Row(name, "error", "not approved: run herald approve SLUG --by NAME after review", "approval"))
    order = {"error": 0, "warning": 1, "silenced": 2}
    return sorted(rows, key=lambda r: (r.article, order.get(r.level, 3), r.where))


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


def run(args: Any) -> int:
    started = time.perf_counter()
    collection = collect(Path(args.config))
    rows = rows_for(collection)
    errors = sum(r.level == "error" for r in rows)
    warnings = sum(r.level == "warning" for r in rows)
    silenced = sum(r.level == "silenced" for r in rows)
    if rows:
        print(table(rows))
        print()
    articles = len(collection.entries)
    failing = errors + (warnings if args.strict else 0)
    print(
        f"{articles} articles checked in {time.perf_counter() - started:.1f} s: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, {silenced} silenced"
        + ("" if failing else " — ready to publish")
    )
    return 1 if failing else 0


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="validate every article and its derived posts; publishes nothing")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="the site's MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors too")
    parser.set_defaults(handler=run)
