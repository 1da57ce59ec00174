"""Decide, from the manifest and the ledger alone, what each article needs on each network this run.

Every article gets a row: what is due is posted (or shown, in a dry run); everything else says why not, on
its own line, and no article's state stops another's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.manifest import Entry, Manifest, digest, posts_hash
from generator.publish.ledger import Ledger, LedgerEntry
from generator.publish.report import Outcome

# One row for the whole article, when no network is concerned.
ALL = "-"

_ARTICLE_STATES = {
    "draft": (Outcome.DRAFT, "not posted: draft"),
    "opted-out": (Outcome.OPTED_OUT, "social.publish is false"),
    "invalid": (Outcome.INVALID, ""),
    "not-built": (Outcome.NEEDS_BUILD, "its date has passed since the site was built; rebuild and deploy, "
                                       "then publish"),
    "unfinished": (Outcome.BLOCKED, ""),
    "blocked": (Outcome.BLOCKED, ""),
}


@dataclass(frozen=True)
class Decision:
    """Post (`outcome` None) or a result to report without touching the network (`outcome` set)."""

    article: Entry
    network: str
    entry: LedgerEntry | None
    outcome: Outcome | None = None
    detail: str = ""
    image: Path | None = None

    @property
    def posts(self) -> bool:
        return self.outcome is None

    @property
    def texts(self) -> tuple[str, ...]:
        return self.article.posts[self.network].texts

    @property
    def hash(self) -> str:
        return self.article.posts[self.network].hash


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
    for article in manifest.entries:
        if only is not None and article.slug != only:
            continue
        state = article.state(now)
        if state != "due":
            decisions += _not_due(article, state, ledger, networks)
            continue
        for network in networks:
            if network not in article.posts:
                continue
            entry = ledger.get(article.slug, network)
            if entry is not None and entry.state == "posted" and entry.content_hash == article.posts[network].hash:
                already += 1
                continue
            decisions.append(_decide(manifest, article, network, entry))
    slugs = {a.slug for a in manifest.entries}
    orphans = tuple(e for e in ledger.entries()
                    if e.state == "pending" and e.slug not in slugs and e.network in networks and only is None)
    return Plan(decisions=tuple(decisions), already_posted=already, orphans=orphans)


def _not_due(article: Entry, state: str, ledger: Ledger, networks: tuple[str, ...]) -> list[Decision]:
    """An article not due now; anything left in flight for it still needs a person."""
    rows = []
    for network in networks:
        entry = ledger.get(article.slug, network)
        if entry is not None and entry.state == "pending":
            rows.append(Decision(article, network, entry, Outcome.NEEDS_PERSON,
                                 f"a post was in flight when the article stopped being due ({state}); "
                                 + resolve_hint(article.slug, network)))
        elif entry is not None and entry.state == "partial" and entry.tweets:
            rows.append(Decision(article, network, entry, Outcome.NEEDS_PERSON,
                                 f"{len(entry.tweets)} posts went out before the article stopped being due "
                                 f"({state}); finish or delete them by hand"))
    if state == "scheduled":
        when = f"scheduled for {article.date:%Y-%m-%d %H:%M} UTC" if article.date else "no date"
        rows.append(Decision(article, ALL, None, Outcome.NOT_DUE, when))
        return rows
    outcome, detail = _ARTICLE_STATES[state]
    if state == "invalid":
        detail = "invalid front matter: " + ("; ".join(article.problems) or "see the build log")
    elif state == "unfinished":
        detail = "not ready: " + ", ".join(article.unfinished) + " still the `herald new` placeholder"
    elif state == "blocked":
        rules = sorted({f.rule for f in article.lint if f.blocks})
        detail = f"claims lint error ({', '.join(rules)}): fix the text or add social.lint_ignore with a reason"
    rows.append(Decision(article, ALL, None, outcome, detail))
    return rows


def _decide(manifest: Manifest, article: Entry, network: str, entry: LedgerEntry | None) -> Decision:
    def report(outcome: Outcome, detail: str) -> Decision:
        return Decision(article, network, entry, outcome, detail)

    if entry is not None and entry.state == "posted":
        return report(Outcome.CHANGED, f"posted as {', '.join(entry.ids())} from an earlier version; "
                                       "not posted again")
    if entry is not None and entry.state == "failed":
        return report(Outcome.FAILED, f"in an earlier run: {entry.last_error or 'no reason recorded'}; "
                                      f"{resolve_hint(article.slug, network)}")
    refused = _refusal(manifest, article, network)
    if refused:
        return report(Outcome.SKIPPED, refused)
    approval = article.approval_state(network, manifest.approval_required)
    if approval in ("unapproved", "stale"):
        who = f" (approved by {article.approval.by} for other posts)" if approval == "stale" else ""
        return report(Outcome.NEEDS_APPROVAL, f"approval is {approval}{who}; "
                                              f"`herald approve {article.slug} --by NAME --hash {article.review}`")
    return Decision(article, network, entry, image=manifest.image_file(article))


def _refusal(manifest: Manifest, article: Entry, network: str) -> str | None:
    """Why the manifest's own record cannot be trusted for this post; None when it can."""
    posts = article.posts[network]
    if posts_hash(network, posts.texts, article.card, article.image, posts.mentions, posts.facets) != posts.hash:
        return "the manifest's posts do not match their hash (edited after the build?); rebuild the site"
    site = manifest.site_url
    for url in (article.url, article.card.url if article.card else None):
        if url is None or not url.startswith(site):
            return f"links to {url}, which is not on the site {site}; rebuild the site"
    if article.image is not None:
        path = manifest.image_file(article)
        if path is None:
            return f"image {article.image.path} lies outside {manifest.folder}; rebuild the site"
        if not path.is_file():
            return f"image {path} is missing; rebuild the site (and keep the build folder with the manifest)"
        if article.image.kind == "file" and digest(path.read_bytes()) != article.image.digest:
            return f"image {path} is not the one the build recorded; rebuild the site"
    return None

