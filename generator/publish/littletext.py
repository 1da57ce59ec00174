"""LinkedIn "little text": the markup the Posts API reads in `commentary`.

LinkedIn silently cuts a post short at the first unescaped `\\ | { } [ ] ( ) < > * ~`, so those are
backslash-escaped, and so are `@` and `#` (mentions and hashtags are markup too). URLs are left whole and
unescaped: an escaped `_` inside a link (`utm\\_source`) corrupts it. Hashtags the author meant are sent as
the documented template (`{hashtag|\\#|MedTech}`) so they stay clickable.
"""

from __future__ import annotations

import re

RESERVED = frozenset("\\|{}@[]()<>#*~")

# A link as LinkedIn finds it: up to whitespace or a backslash, without trailing punctuation.
_URL = re.compile(r"https?://[^\s\\]+")
_TRAILING = ".,;:!?'\")]}>*~|"

# A hashtag the author meant: '#' at the start or after whitespace, then a letter, then word characters.
_HASHTAG = re.compile(r"(?<!\S)#([^\W\d_]\w*)")
_TEMPLATE_START = "{hashtag|"


def escape_plain(text: str) -> str:
    """Backslash-escape every reserved character, so LinkedIn shows `text` literally."""
    return "".join("\\" + ch if ch in RESERVED else ch for ch in text)


def hashtag(value: str) -> str:
    """The hashtag template for `value` (without the '#')."""
    return "{hashtag|\\#|" + escape_plain(value) + "}"


def urls(text: str) -> list[tuple[int, int]]:
    """Spans of the links in `text`, each without the punctuation that ends its sentence."""
    spans = []
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            if text[end - 1] == ")" and text.count("(", match.start(), end) >= text.count(")", match.start(), end):
                break
            end -= 1
        spans.append((match.start(), end))
    return spans


def _split(text: str) -> list[tuple[bool, str]]:
    """Alternating (is_url, piece) runs of `text`."""
    parts: list[tuple[bool, str]] = []
    pos = 0
    for start, end in urls(text):
        parts += [(False, text[pos:start]), (True, text[start:end])]
        pos = end
    parts.append((False, text[pos:]))
    return [part for part in parts if part[1]]


def escape(text: str) -> str:
    """Plain commentary -> little text: links whole, intended hashtags as templates, reserved chars escaped."""
    return "".join(piece if is_url else _escape_prose(piece) for is_url, piece in _split(text))


def _escape_prose(text: str) -> str:
    parts: list[str] = []
    pos = 0
    for match in _HASHTAG.finditer(text):
        parts.append(escape_plain(text[pos : match.start()]))
        parts.append(hashtag(match.group(1)))
        pos = match.end()
    parts.append(escape_plain(text[pos:]))
    return "".join(parts)


def plain(little: str) -> str:
    """Little text -> what a reader sees; lenient, because it also reads what LinkedIn hands back."""
    return "".join(piece if is_url else _plain_prose(piece) for is_url, piece in _split(little))


def _plain_prose(little: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(little):
        ch = little[i]
        if ch == "\\" and i + 1 < len(little):
            out.append(little[i + 1])
            i += 2
            continue
        if little.startswith(_TEMPLATE_START, i):
            end, fields = _template_fields(little, i + 1)
            if end is not None and len(fields) == 3:
                out.append(_plain_prose(fields[1]) + _plain_prose(fields[2]))
                i = end + 1
                continue
        if ch == "@" and little.startswith("@[", i):
            close = _unescaped(little, "]", i + 2)
            if close is not None and little.startswith("(", close + 1):
                end = _unescaped(little, ")", close + 2)
                if end is not None:
                    out.append(_plain_prose(little[i + 2 : close]))
                    i = end + 1
                    continue
        out.append(ch)
        i += 1
    return "".join(out)


def _unescaped(text: str, target: str, start: int) -> int | None:
    """Index of the first unescaped `target` at or after `start`."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == target:
            return i
        i += 1
    return None


def _template_fields(text: str, start: int) -> tuple[int | None, list[str]]:
    """Split a template body at unescaped '|' up to its unescaped closing '}'."""
    fields: list[str] = []
    field_start = start
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            fields.append(text[field_start:i])
            field_start = i + 1
        elif ch == "}":
            fields.append(text[field_start:i])
            return i, fields
        i += 1
    return None, fields
