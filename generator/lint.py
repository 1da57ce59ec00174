"""Claims lint: phrases a regulatory reviewer would stop, found in articles and derived posts.

Guidance, not legal advice. Rules live in YAML so a firm's compliance team can own them.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from generator.manifest import Finding

DEFAULT_RULES = Path(__file__).parent / "rules" / "medical-devices.yml"
FENCE = re.compile(r"^\s*(```|~~~)")

# Invisible characters a reader never sees: soft hyphen, zero-width and joiner characters, bidi marks,
# word joiners and invisible operators, variation selectors, the byte-order mark and tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff"
)
# Cyrillic and Greek letters that look like Latin ones, and hyphens that look like '-'.
_LOOKALIKES = {
    **dict(zip("аеорсухѕіјԁӏһԛԝ", "aeopcyxsijdlhqw")),
    **dict(zip("АВЕКМНОРСТХУІЈЅԚԜ", "ABEKMHOPCTXYIJSQW")),
    **dict(zip("αονριυκτ", "aovpiukt")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
    **dict(zip("ıօ", "io")),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63", "-"),
}
_TOUCHED = re.compile(f"[{_INVISIBLE}{''.join(_LOOKALIKES)}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    pattern: re.Pattern[str]
    advice: str
    unless_nearby: re.Pattern[str] | None = None
    window: int = 120
    triggers: tuple[str, ...] = ()


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    path = Path(path) if path else DEFAULT_RULES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules file: {str(exc).splitlines()[0]}") from None
    raw = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise RulesError(f"{path}: expected a top-level 'rules:' list")
    rules = [_rule(item, f"{path}: rule {i}") for i, item in enumerate(raw, 1)]
    extends = data.get("extends")
    if extends is None:
        return tuple(rules)
    if extends != "herald" or path == DEFAULT_RULES:
        raise RulesError(f"{path}: 'extends' must be 'herald' (Herald's medical-device rules), got {extends!r}")
    # The firm's own rules first; a rule with the id of one of Herald's replaces it.
    own = {rule.id for rule in rules}
    return tuple(rules) + tuple(rule for rule in load_rules() if rule.id not in own)


def _rule(item: Any, where: str) -> Rule:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise RulesError(f"{where}: expected a mapping with an 'id'")
    where = f"{where} ('{item['id']}')"
    severity = item.get("severity", "warning")
    if severity not in ("error", "warning"):
        raise RulesError(f"{where}: field 'severity': expected 'error' or 'warning', got {severity!r}")
    parts = [str(p) for p in item.get("patterns") or []]
    parts += [r"\b" + re.escape(str(p)) + r"\b" for p in item.get("phrases") or []]
    if not parts:
        raise RulesError(f"{where}: expected 'patterns' or 'phrases'")
    try:
        pattern = re.compile("|".join(f"(?:{p})" for p in parts), re.I)
        nearby = re.compile(item["unless_nearby"], re.I) if item.get("unless_nearby") else None
    except re.error as exc:
        raise RulesError(f"{where}: invalid regular expression: {exc}") from None
    triggers = item.get("triggers") or []
    if not isinstance(triggers, list) or not all(isinstance(t, str) and t for t in triggers):
        raise RulesError(f"{where}: field 'triggers': expected a list of words")
    return Rule(
        id=item["id"],
        severity=severity,
        pattern=pattern,
        advice=str(item.get("advice", "")).strip(),
        unless_nearby=nearby,
        window=int(item.get("window", 120)),
        triggers=tuple(t.lower() for t in triggers),
    )


@dataclass(frozen=True)
class Normalised:
    """Text as a reader sees it, and the way back to offsets in the original."""

    text: str
    _marks: tuple[int, ...] = ()
    _origins: tuple[int, ...] = ()
    _copied: tuple[bool, ...] = ()

    def origin(self, offset: int) -> int:
        """The offset in the original text that `offset` in the normalised text came from."""
        if not self._marks:
            return offset
        k = bisect.bisect_right(self._marks, offset) - 1
        return self._origins[k] + (offset - self._marks[k] if self._copied[k] else 0)


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    if _INVISIBLE_CHAR.match(char):
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return "".join(_LOOKALIKES.get(c, c) for c in folded)


def normalise(text: str) -> Normalised:
    """NFKC, invisible characters removed, look-alike letters and hyphens folded to ASCII; linear in size.

    Characters are normalised one at a time so every one keeps its origin; that misses nothing the lint
    matches, since its rules are written in Latin letters.
    """
    if text.isascii():
        return Normalised(text)
    # Most articles are already NFKC; then only the few invisible and look-alike characters need work.
    spans = _TOUCHED.finditer(text) if unicodedata.is_normalized("NFKC", text) else _NON_ASCII.finditer(text)
    parts: list[str] = []
    marks: list[int] = []
    origins: list[int] = []
    copied: list[bool] = []
    at = size = 0
    for span in spans:
        if span.start() > at:
            marks.append(size), origins.append(at), copied.append(True)
            parts.append(text[at : span.start()])
            size += span.start() - at
        for index in range(span.start(), span.end()):
            folded = _fold(text[index])
            marks.append(size), origins.append(index), copied.append(folded == text[index])
            parts.append(folded)
            size += len(folded)
        at = span.end()
    marks.append(size), origins.append(at), copied.append(True)
    parts.append(text[at:])
    return Normalised("".join(parts), tuple(marks), tuple(origins), tuple(copied))


def _scan(text: str, rules: Sequence[Rule]) -> Iterable[tuple[Rule, re.Match[str]]]:
    lowered = _lowered(text)
    starts: list[int] | None = None
    for rule in rules:
        if not rule.triggers:
            yield from ((rule, m) for m in rule.pattern.finditer(text) if _claimed(rule, text, m))
            continue
        # `str.find` is far cheaper than a case-insensitive regex over a whole article, or a loop over its
        # lines: run the rule only on the lines that hold one of its trigger fragments.
        hits = _hits(lowered, rule.triggers)
        if not hits:
            continue
        if starts is None:
            starts = _line_starts(text.splitlines(keepends=True))
        for line in sorted({bisect.bisect_right(starts, hit) - 1 for hit in hits}):
            for match in rule.pattern.finditer(text, starts[line], starts[line + 1]):
                if _claimed(rule, text, match):
                    yield rule, match


def _lowered(text: str) -> str:
    """Lower case at the same offsets: a character whose lower case is longer (İ) is left as it is."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _hits(lowered: str, triggers: Sequence[str]) -> list[int]:
    hits = []
    for trigger in triggers:
        at = lowered.find(trigger)
        while at != -1:
            hits.append(at)
            at = lowered.find(trigger, at + 1)
    return hits


def _line_starts(lines: Sequence[str]) -> list[int]:
    """Where each line starts, and the end of the text, for lines cut by `str.splitlines(keepends=True)`."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _claimed(rule: Rule, text: str, match: re.Match[str]) -> bool:
    """False when the rule's `unless_nearby` context excuses the match."""
    if rule.unless_nearby is None:
        return True
    # Context stays within the paragraph line: a neighbour's words must not excuse a claim.
    start = max(0, match.start() - rule.window, text.rfind("\n", 0, match.start()) + 1)
    stop = text.find("\n", match.end())
    stop = min(match.end() + rule.window, stop if stop != -1 else len(text))
    return not rule.unless_nearby.search(text[start:stop])


def lint_markdown(body: str, label: str, rules: Sequence[Rule], *, first_line: int = 1) -> list[Finding]:
    """Lint an article body (fenced code skipped), so findings carry file:line."""
    lines = body.splitlines(keepends=True)
    starts = _line_starts(lines)
    code: list[tuple[int, int]] = []
    fence_at: int | None = None
    for number, line in enumerate(lines):
        if FENCE.match(line):
            if fence_at is None:
                fence_at = starts[number]
            else:
                code.append((fence_at, starts[number + 1]))
                fence_at = None
    findings = []
    seen = normalise(body)
    for rule, match in _scan(seen.text, rules):
        at = seen.origin(match.start())
        if any(a <= at < b for a, b in code):
            continue
        line = bisect.bisect_right(starts, at) - 1
        findings.append(Finding(rule.id, rule.severity, f"{label}:{first_line + line}", match.group(0), rule.advice))
    return sorted(findings, key=lambda f: (int(f.where.rsplit(":", 1)[1]), f.rule))


def lint_posts(thread: Sequence[str], commentary: str, label: str, rules: Sequence[Rule]) -> list[Finding]:
    """Lint the derived posts as a reader of X or LinkedIn sees them (see `normalise`)."""
    findings = []
    for index, tweet in enumerate(thread, 1):
        findings += [
            Finding(rule.id, rule.severity, f"{label} (X tweet {index})", m.group(0), rule.advice)
            for rule, m in _scan(normalise(tweet).text, rules)
        ]
    findings += [
        Finding(rule.id, rule.severity, f"{label} (LinkedIn post)", m.group(0), rule.advice)
        for rule, m in _scan(normalise(commentary).text, rules)
    ]
    return findings


def lint_texts(texts: Sequence[tuple[str, str]], rules: Sequence[Rule]) -> list[Finding]:
    """Findings in (where, text) pairs: any network's posts, each named the way its network calls it."""
    return [Finding(rule.id, rule.severity, where, m.group(0), rule.advice)
            for where, text in texts for rule, m in _scan(text, rules)]


def apply_ignores(findings: Sequence[Finding], ignores: Sequence[tuple[str, str]]) -> list[Finding]:
    """Mark findings the author silenced in front matter; they stay listed with the reason."""
    reasons = dict(ignores)
    return [
        Finding(f.rule, f.severity, f.where, f.excerpt, f.advice, reasons[f.rule]) if f.rule in reasons else f
        for f in findings
    ]
