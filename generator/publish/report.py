"""What a run tells the user: progress lines as things happen, then one summary table and the exit code."""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass
from typing import TextIO

from generator.publish.credentials import Redactor
from generator.terminal import one_line, shown


class Outcome(enum.Enum):
    """The result of one article on one network; `left` ones make the exit code 1."""

    POSTED = ("posted", False)
    WOULD_POST = ("would post", False)
    CHANGED = ("changed after posting", False)
    NOT_DUE = ("not due", False)
    DRAFT = ("draft", False)
    OPTED_OUT = ("opted out", False)
    NEEDS_APPROVAL = ("needs approval", False)
    INVALID = ("invalid", True)
    BLOCKED = ("blocked", True)
    NEEDS_BUILD = ("needs a rebuild", True)
    SKIPPED = ("skipped", True)
    FAILED = ("failed", True)
    NEEDS_PERSON = ("needs a person", True)

    def __init__(self, label: str, left: bool) -> None:
        self.label = label
        self.left = left


@dataclass(frozen=True)
class Row:
    article: str
    network: str
    outcome: Outcome
    detail: str

    @property
    def result(self) -> str:
        return f"{self.outcome.label}: {self.detail}" if self.detail else self.outcome.label


class Report:
    """Collects rows from the network workers; every text passes the redactor on its way out."""

    def __init__(self, out: TextIO, redact: Redactor, order: dict[str, int] | None = None) -> None:
        self._out = out
        self._redact = redact
        self._order = order or {}
        self._rows: list[Row] = []
        self._already = 0
        self._lock = threading.Lock()

    def set_order(self, slugs: list[str]) -> None:
        self._order = {slug: i for i, slug in enumerate(slugs)}

    def redact(self, text: str) -> str:
        return self._redact(text)

    def say(self, text: str) -> None:
        with self._lock:
            self._out.write(shown(self._redact(text)) + "\n")
            self._out.flush()

    def row(self, article: str, network: str, outcome: Outcome, detail: str = "", *, echo: bool = True) -> None:
        """Record a result; results that need attention are also printed as they happen."""
        article, detail = one_line(article), one_line(self._redact(detail))
        with self._lock:
            self._rows.append(Row(article, network, outcome, detail))
        if echo and outcome not in (Outcome.POSTED, Outcome.WOULD_POST, Outcome.NOT_DUE, Outcome.DRAFT,
                                    Outcome.OPTED_OUT):
            self.say(f"{network} {article}: {outcome.label}" + (f": {detail}" if detail else ""))

    def already_posted(self) -> None:
        with self._lock:
            self._already += 1

    @property
    def rows(self) -> list[Row]:
        from generator.networks import NETWORKS

        networks = {"-": 0, **{name: i for i, name in enumerate(NETWORKS, 1)}}
        with self._lock:
            return sorted(self._rows, key=lambda r: (self._order.get(r.article, len(self._order)), r.article,
                                                     networks.get(r.network, len(networks))))

    def exit_code(self) -> int:
        return 1 if any(row.outcome.left for row in self.rows) else 0

    def summary(self) -> None:
        """The closing table: article, network, result."""
        rows = self.rows
        lines = ["", "Summary"]
        if rows:
            header = ("article", "network", "result")
            table = [header, *((r.article, r.network, r.result) for r in rows)]
            widths = [max(len(line[i]) for line in table) for i in range(2)]
            for article, network, result in table:
                lines.append(f"  {article:<{widths[0]}}  {network:<{widths[1]}}  {result}")
        else:
            lines.append("  nothing to do")
        if self._already:
            lines.append(f"  ({self._already} already posted earlier, unchanged)")
        self.say("\n".join(lines))
