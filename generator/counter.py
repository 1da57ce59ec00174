"""Weighted tweet length by the twitter-text v3 rules, fast enough to call freely.

``twitter_text.parse_tweet`` is exact but costs about 1.5 ms for a full tweet, mostly in its per-character
loop and in one huge emoji regex run over the whole text. Building one thread asks for dozens of lengths, so
this module gives the same numbers by another route:

* URL and emoji entities never contain white space, so the length is a sum over white-space separated tokens
  (the URL regex also looks at the character before a URL: white space, or the start of the text). Each
  token is weighed once and cached, since the same words recur in every candidate tweet.
* Only tokens with an inner dot can hold a URL, and only runs of emoji code points can hold an emoji, so the
  package's URL and emoji regexes run on those short pieces alone.

The package stays the authority: its own URL extractor, emoji regex and white-space set are used, and the
tests compare this counter with ``parse_tweet``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from twitter_text.extract_urls import extract_urls_with_indices
from twitter_text.regexp.emoji import emoji as _EMOJI
from twitter_text.regexp.spaces_group import spaces_group

MAX_WEIGHT = 280
URL_WEIGHT = 23
EMOJI_WEIGHT = 2

# Code points outside these ranges weigh 2 (twitter-text v3 configuration).
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_SPACES = re.compile(f"[{spaces_group}]+")
_LINE_ENDINGS = re.compile(r"\r\n|\r")
# A URL needs a dot with something after it (the domain's TLD).
_INNER_DOT = re.compile(r"\.[^.]")
# The same inside a whole text: a dot followed by neither a dot nor white space.
_URL_HINT = re.compile(r"\.[^.\s]")
# An ASCII token (ASCII white space is \t to \r and the space) holding such a dot; a match always starts at
# the start of a token, so the character before it is white space unless it starts the text.
_ASCII_DOTTED_TOKEN = re.compile(r"[^\t-\r ]*\.[^.\t-\r ][^\t-\r ]*")


def _emoji_code_points(pattern: str) -> frozenset[str]:
    """Every code point the package's emoji regex can match, read from its ``\\U`` escapes and ranges."""
    points: set[str] = set()
    for match in re.finditer(r"\\U([0-9a-fA-F]{8})(?:-\\U([0-9a-fA-F]{8}))?", pattern):
        low = int(match[1], 16)
        high = int(match[2] or match[1], 16)
        points.update(chr(code) for code in range(low, high + 1))
    if not points:
        raise RuntimeError("twitter_text's emoji pattern has an unexpected form; generator.counter needs an update")
    return frozenset(points)


_EMOJI_POINTS = _emoji_code_points(_EMOJI.pattern)
_EMOJI_RUN = re.compile("[" + "".join(re.escape(point) for point in sorted(_EMOJI_POINTS)) + "]+")
# Every emoji sequence holds at least one non-ASCII code point (keycaps end in U+20E3), so ASCII-only runs
# such as "2016" never need the emoji regex.
_EMOJI_TRIGGERS = frozenset(point for point in _EMOJI_POINTS if not point.isascii())


def weighted_length(text: str) -> int:
    """Return the twitter-text v3 weighted length of ``text`` (URLs 23, emoji 2, CJK 2, Latin 1)."""
    if not text.isascii():
        return _weighted_length(text)
    # No emoji or heavy character can be in it: every character weighs 1 (a CRLF counts as one), except
    # in the few tokens with an inner dot ("3.5", "e.g.", a link), which may be URLs.
    length = len(text) - text.count("\r\n")
    if _URL_HINT.search(text) is None:
        return length
    for token in _ASCII_DOTTED_TOKEN.finditer(text):
        length += _token_weight(token[0], token.start() > 0) - len(token[0])
    return length


@lru_cache(maxsize=8192)
def _weighted_length(text: str) -> int:
    normalized = _LINE_ENDINGS.sub("\n", unicodedata.normalize("NFC", text))
    total = 0
    start = 0
    for gap in _SPACES.finditer(normalized):
        total += _token_weight(normalized[start : gap.start()], start > 0) + _plain_weight(gap[0])
        start = gap.end()
    return total + _token_weight(normalized[start:], start > 0)


def _plain_weight(text: str) -> int:
    """Weight by code point ranges alone, without URL or emoji rules."""
    if text.isascii():
        return len(text)
    return len(text) + len(_HEAVY.findall(text))


@lru_cache(maxsize=65536)
def _token_weight(token: str, after_space: bool) -> int:
    """Weight of one white-space free, NFC-normalized token; ``after_space`` if white space precedes it."""
    entities = _urls(token, after_space) + _emojis(token)
    if not entities:
        return _plain_weight(token)
    # The package walks the text left to right; at any position a URL wins over an emoji, and an entity that
    # starts inside an earlier one is skipped.
    entities.sort(key=lambda entity: (entity[0], entity[2]))
    total = 0
    position = 0
    for start, end, rank in entities:
        if start < position:
            continue
        total += _plain_weight(token[position:start]) + (URL_WEIGHT if rank == 0 else EMOJI_WEIGHT)
        position = end
    return total + _plain_weight(token[position:])


def _urls(token: str, after_space: bool) -> list[tuple[int, int, int]]:
    if not _INNER_DOT.search(token):
        return []
    # The URL regex looks at the character before a URL: give it the same context as in the whole text.
    shift = 1 if after_space else 0
    context = " " + token if after_space else token
    return [
        (entity["indices"][0] - shift, entity["indices"][0] - shift + len(entity["url"]), 0)
        for entity in extract_urls_with_indices(context)
    ]


def _emojis(token: str) -> list[tuple[int, int, int]]:
    if token.isascii() or _EMOJI_TRIGGERS.isdisjoint(token):
        return []
    found = []
    for run in _EMOJI_RUN.finditer(token):
        if run[0].isascii():
            continue
        for match in _EMOJI.finditer(run[0]):
            found.append((run.start() + match.start(), run.start() + match.end(), 1))
    return found
