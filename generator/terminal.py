"""Text bound for a terminal, made inert: control characters are shown escaped, never obeyed.

Article text and front matter come from many authors. Printed raw, an ESC sequence can hide words from a
reviewer (`\\x1b[8m`), a carriage return can overwrite an error row with "all good", and a bidi override
can reverse what a line appears to say. Everything Herald prints that came from an article passes here.
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL and C1 controls: what the issue calls control characters.
_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Shown escaped too: the Unicode bidi marks, embeddings, overrides and isolates that reorder a line.
_CONTROLS = _C0_C1 + "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_C0_C1_CHARS = re.compile(f"[{_C0_C1}]")
_UNSAFE_KEEP_LINES = re.compile(f"[{_CONTROLS}]")
_UNSAFE_ONE_LINE = re.compile(f"[{_CONTROLS}\t\n\u0085\u2028\u2029]")
# A whole escape sequence (CSI, OSC, or a two-byte one), so stripping leaves no "[2K" behind.
_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-_]?")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` with every control character escaped; newlines and tabs are kept (multi-line output)."""
    return _UNSAFE_KEEP_LINES.sub(_escape, text)


def one_line(text: str) -> str:
    """`text` escaped for one row of a table: line breaks and tabs are escaped too."""
    return _UNSAFE_ONE_LINE.sub(_escape, text)


def has_controls(text: str) -> bool:
    """Whether `text` holds a C0 or C1 control character other than newline and tab."""
    return _C0_C1_CHARS.search(text) is not None


def strip_controls(text: str) -> str:
    """`text` without control characters (newline and tab kept), for derived posts that go out as text."""
    if _UNSAFE_KEEP_LINES.search(text) is None:
        return text
    return _UNSAFE_KEEP_LINES.sub("", _SEQUENCE.sub("", text))
