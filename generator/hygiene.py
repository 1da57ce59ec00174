"""Make text safe to post: plain prose without markup, reference markers or accidental entities.

Front matter (a description, a hook) is written in Markdown and may hold links, emphasis or HTML; posts are
plain text, so it is rendered down to its words. Sentences taken from the rendered article can still carry
what the Markdown renderer left alone: reference markers glued to a sentence ("…for that.E You'll"),
numbered references ("[12]"), and reference links the author never defined ("[Twitter survey]").

X turns ``#pragma`` into a hashtag, ``@param`` into a mention and ``$HOME`` into a cashtag, and LinkedIn
turns ``#word`` into a hashtag. A word joiner (U+2060, invisible, not a word character for either network)
after the sign keeps the text as written without making it a link.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.sentences import collapse_white_space

WORD_JOINER = "\u2060"

_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
_NUMBERED_REFERENCE = re.compile(r"\s?\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[a-z])\]")
_BRACKETED = re.compile(r"\[([^\[\]]{2,80})\](?!\()")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`+)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_MARKS = "*_~`"
_SUPERSCRIPT_MARKER = re.compile(r"(?<=[.,;:!?)\"'’”])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
# A footnote letter, digit or symbol glued after a sentence end and before the next sentence: "that.E You".
# The end mark comes first, so the search jumps from one to the next; the words before it are looked back at.
_GLUED_MARKER = re.compile(r"([.!?])(?<=[a-z)]{2}[.!?])(?:[A-Z]|\d{1,2}|[*†‡§])(?=\s+[A-Z\"“])")
# The cheap test for _GLUED_MARKER: a sentence end directly followed by a marker character. A pattern that
# starts with one character is found far faster than one that starts with a class, so the full stop is
# looked for on its own and the rarer marks only when the text holds them.
_GLUED_HINT = re.compile(r"[.!?][A-Z0-9*†‡§]")
_GLUED_STOP_HINT = re.compile(r"\.[A-Z0-9*†‡§]")
_WORD = re.compile(r"\w+")
_ENTITY_SIGNS = "#@＃＠$"
_ENTITY = re.compile(r"(?<![\w&])([#@＃＠]|\$(?=[A-Za-z]{1,6}\b))(?=[^\W\d]|_)")


@lru_cache(maxsize=256)
def plain_text(markdown: str) -> str:
    """Front-matter Markdown (or HTML) reduced to the words a reader sees, white space collapsed."""
    # Most descriptions are plain prose: each pattern runs only when the character it needs is there.
    text = _AUTOLINK.sub(r"\1", markdown) if "<" in markdown else markdown
    if "[" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
        text = _REFERENCE_LINK.sub(r"\1", text)
        text = _FOOTNOTE_REFERENCE.sub("", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    text = html.unescape(text)
    if any(map(text.__contains__, _EMPHASIS_MARKS)):
        for _ in range(2):
            text = _EMPHASIS.sub(r"\2", text)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Remove reference markers and unwrap unresolved reference links in rendered prose."""
    if "[" in text:
        text = _NUMBERED_REFERENCE.sub("", text)
        text = _BRACKETED.sub(r"\1", text)
    if not text.isascii():
        text = _SUPERSCRIPT_MARKER.sub("", text)
    if _GLUED_STOP_HINT.search(text) or (("!" in text or "?" in text) and _GLUED_HINT.search(text)):
        text = _GLUED_MARKER.sub(r"\1", text)
    return collapse_white_space(text)


def neutralise_entities(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Stop ``#word``, ``@word`` and ``$WORD`` from becoming hashtags, mentions or cashtags.

    ``keep`` holds the hashtags the post means to carry (with their '#'), which stay links.
    """

    # One search per sign is quicker than walking the text character by character.
    if not any(map(text.__contains__, _ENTITY_SIGNS)):
        return text

    def neutral(match: re.Match[str]) -> str:
        word = _WORD.match(text, match.end())
        if match[1] in "#＃" and word and f"#{word[0]}".casefold() in keep:
            return match[0]
        return match[0] + WORD_JOINER

    return _ENTITY.sub(neutral, text)


def has_entity(text: str) -> bool:
    """Whether ``text`` holds something X would read as a hashtag, mention or cashtag."""
    return bool(_ENTITY.search(text))
