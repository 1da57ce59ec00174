"""LinkedIn "little text": the markup the Posts API reads in `commentary`.

LinkedIn silently truncates a post at the first reserved character that is not backslash-escaped, so every
reserved character is escaped, and hashtags the author meant are sent as the documented hashtag template
(`{hashtag|\\#|MedTech}`) so they stay clickable.
"""

from __future__ import annotations

import re

RESERVED = frozenset("\\|{}@[]()<>#*_~")

# A hashtag the author meant: '#' at the start or after whitespace, then a letter, then word characters.
_HASHTAG = re.compile(r"(?<!\S)#([^\W\d_]\w*)")
_TEMPLATE_START = "{hashtag|"


def escape_plain(text: str) -> str:
    """Backslash-escape every reserved character, so LinkedIn shows `text` literally."""
    return "".join("\\" + ch if ch in RESERVED else ch for ch in text)


def hashtag(value: str) -> str:
    """The hashtag template for `value` (without the '#')."""
    return "{hashtag|\\#|" + escape_plain(value) + "}"


def escape(text: str) -> str:
    """Plain commentary -> little text: intended hashtags as templates, every other reserved char escaped."""
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
                out.append(plain(fields[1]) + plain(fields[2]))
                i = end + 1
                continue
        if ch == "@" and little.startswith("@[", i):
            close = _unescaped(little, "]", i + 2)
            if close is not None and little.startswith("(", close + 1):
                end = _unescaped(little, ")", close + 2)
                if end is not None:
                    out.append(plain(little[i + 2 : close]))
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
