"""Decide, from the manifest and the ledger alone, what each article needs on each network this run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.publish.ledger import Ledger, LedgerEntry
from generator.publish.manifest import Article, Manifest
from generator.publish.report import Outcome


@dataclass(frozen=True)
class Decision:
    """Post (`outcome` None) or a result to report without touching the network (`outcome` set)."""

    article: Article
    network: str
    entry: LedgerEntry | None
    outcome: Outcome | None = None
    detail: str = ""

    @property
    def posts(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True)
class Plan:
    decisions: tuple[Decision, ...]
    already_posted: int
    orphans: tuple[LedgerEntry, ...]

    def to_post(self, network: str | None = None) -> list[Decision]:
        return [d for d in self.decisions if d.posts and network in (None, d.network)]


def resolve_hint(slug: str, network: str) -> str:
    return (f"check by hand, then `herald ledger resolve {slug} --network {network} --posted ID` "
            f"or `--not-posted`")


def make(manifest: Manifest, ledger: Ledger, *, networks: tuple[str, ...], only: str | None,
         now: datetime) -> Plan:
    decisions: list[Decision] = []
    already = 0
    for article in manifest.articles:
        if only is not None and article.slug != only:
            continue
        for network in networks:
            if not _has_content(article, network):
                continue
            entry = ledger.get(article.slug, network)
            if entry is not None and entry.state == "posted" and entry.content_hash == article.content_hash:
                already += 1
                continue
            decision = _decide(article, network, entry, now, explicit=only is not None)
            if decision is not None:
                decisions.append(decision)
    slugs = {a.slug for a in manifest.articles}
    orphans = tuple(e for e in ledger.entries()
                    if e.state == "pending" and e.slug not in slugs and e.network in networks and only is None)
    return Plan(decisions=tuple(decisions), already_posted=already, orphans=orphans)


def _has_content(article: Article, network: str) -> bool:
    return bool(article.thread) if network == "x" else article.linkedin is not None


def _decide(article: Article, network: str, entry: LedgerEntry | None, now: datetime,
            explicit: bool) -> Decision | None:
    """None means nothing to say (a draft or an opted-out article)."""

    def report(outcome: Outcome, detail: str) -> Decision:
        return Decision(article, network, entry, outcome, detail)

    if entry is not None and entry.state == "posted":
        return report(Outcome.CHANGED, f"posted as {', '.join(entry.ids())} from an earlier version; "
                                       "not posted again")
    if entry is not None and entry.state == "failed":
        return report(Outcome.FAILED, f"in an earlier run: {entry.last_error or 'no reason recorded'}; "
                                      f"{resolve_hint(article.slug, network)}")
    if not article.is_due(now):
        if entry is not None and entry.state == "pending":
            return report(Outcome.NEEDS_PERSON, "a post was in flight when the article stopped being due; "
                                                + resolve_hint(article.slug, network))
        if entry is not None and entry.tweets:
            return report(Outcome.NEEDS_PERSON, f"{len(entry.tweets)} tweets were posted before the article "
                                                f"stopped being due; finish or delete them by hand")
        if article.publish and article.status == "invalid":
            detail = "; ".join(article.warnings) or "see the build log"
            return report(Outcome.SKIPPED, f"the build marked it invalid: {detail}")
        if article.publish and article.status in ("due", "scheduled"):
            return report(Outcome.NOT_DUE, f"scheduled for {article.date:%Y-%m-%d %H:%M} UTC")
        if explicit:
            reason = "publish: false" if not article.publish else article.status
            return report(Outcome.NOT_DUE, reason)
        return None
    if article.approval.blocks:
        who = f" (approved_by {article.approval.approved_by})" if article.approval.approved_by else ""
        return report(Outcome.NEEDS_APPROVAL, f"approval is {article.approval.state}{who}")
    return Decision(article, network, entry)

