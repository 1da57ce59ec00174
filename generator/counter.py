"""Weighted tweet length by the twitter-text v3 rules, fast enough to call freely.

``twitter_text.parse_tweet`` is exact but costs about 1.5 ms for a full tweet, mostly in its per-character
loop and in one huge emoji regex run over the whole text. Building one thread asks for dozens of lengths, so
this module gives the same numbers by another route:

* URL and emoji entities never contain white space, so the length is a sum over white-space separated tokens
  (the URL regex also looks at the character before a URL: white space, or the start of the text). Each
  token is weighed once and cached, since the same words recur in every candidate tweet.
* Only tokens with an inner dot can hold a URL, and only runs of emoji code points can hold an emoji, so the
  package's URL and emoji regexes run on those short pieces alone. An ASCII token whose dots are followed by
  no top-level domain from the package's own lists ("3.5", "e.g.", a link on ``.example``) cannot be a URL
  and skips the URL regex, which is slowest on exactly such tokens.

The package stays the authority: its own URL extractor, emoji regex and white-space set are used, and the
tests compare this counter with ``parse_tweet``.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from twitter_text.extract_urls import extract_urls_with_indices
from twitter_text.regexp.emoji import emoji as _EMOJI
from twitter_text.regexp.spaces_group import spaces_group
from twitter_text.regexp.valid_cctld import valid_cctld
from twitter_text.regexp.valid_gtld import valid_gtld

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
_ASCII_TOKEN_REST = re.compile(r"[^\t-\r ]*")


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
    for token, after_space in _dotted_tokens(text):
        length += _token_weight(token, after_space) - len(token)
    return length


def _dotted_tokens(text: str) -> Iterator[tuple[str, bool]]:
    """The tokens of ASCII ``text`` with an inner dot, and whether white space comes before each.

    In text whose only white space is spaces and line breaks (nearly all), each token is found from its dot;
    a pattern that tries every position costs three times as much.
    """
    if "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text:
        for token in _ASCII_DOTTED_TOKEN.finditer(text):
            yield token[0], token.start() > 0
        return
    end = 0
    for dot in _URL_HINT.finditer(text):
        position = dot.start()
        if position < end:
            continue
        start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
        end = _ASCII_TOKEN_REST.match(text, position).end()
        yield text[start:end], start > 0


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
    if not _INNER_DOT.search(token) or not _may_hold_url(token):
        return []
    # The URL regex looks at the character before a URL: give it the same context as in the whole text.
    shift = 1 if after_space else 0
    context = " " + token if after_space else token
    return [
        (entity["indices"][0] - shift, entity["indices"][0] - shift + len(entity["url"]), 0)
        for entity in extract_urls_with_indices(context)
    ]


def _top_level_domains(*patterns: re.Pattern[str]) -> frozenset[str] | None:
    """The ASCII top-level domains of the package's TLD patterns, or None if they are not in the expected form
    (then every dotted token goes to the URL extractor) or a non-ASCII one could match ASCII text."""
    found: set[str] = set()
    for pattern in patterns:
        form = re.fullmatch(r"\(\?:\(\?:([^()]*)\)\(\?=\[\^0-9a-zA-Z@\+-\]\|\$\)\)", pattern.pattern)
        if form is None:
            return None
        found.update(form[1].split("|"))
    ascii_domains = {domain for domain in found if domain.isascii()}
    others = "".join(sorted({char for domain in found for char in domain if not char.isascii()}))
    if not all(map(str.isalpha, ascii_domains)) or (
        others and re.search(f"[{re.escape(others)}]", string.ascii_letters, re.IGNORECASE)
    ):
        return None
    return frozenset(domain.lower() for domain in ascii_domains)


_ASCII_TLDS = _top_level_domains(valid_gtld, valid_cctld)
# A dot and the whole run of letters after it: a TLD in a URL is followed by none of [0-9a-zA-Z@+-].
_DOT_LETTERS = re.compile(r"\.([a-z]+)(?![0-9a-z@+-])")


def _may_hold_url(token: str) -> bool:
    """False when ``token`` cannot hold a URL: ASCII, and no dot in it is followed by a top-level domain.

    The URL extractor tries its whole pattern at every position of a token, which for a link on a domain X
    does not know (``.example``) costs a hundred times this test.
    """
    if _ASCII_TLDS is None or not token.isascii():
        return True
    lowered = token.lower()
    return ".xn--" in lowered or any(match[1] in _ASCII_TLDS for match in _DOT_LETTERS.finditer(lowered))


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
