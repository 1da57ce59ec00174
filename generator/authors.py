"""Authors and their social handles, read from the blog's `.authors.yml`.

Material's blog reads the same file for names and avatars; Herald adds each author's handles on X, LinkedIn,
Bluesky and Mastodon, so pages can name the expert (`twitter:creator`, JSON-LD `sameAs`) and derived posts
can credit them ("by @handle", a LinkedIn mention). A malformed handle is one error naming the file and the
author, because a wrong handle credits a stranger in public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from generator.counter import MAX_WEIGHT, weighted_length

HANDLE_KEYS = ("x", "linkedin", "bluesky", "mastodon")

_X = re.compile(r"@?([A-Za-z0-9_]{1,15})")
_LINKEDIN_URN = re.compile(r"urn:li:person:[A-Za-z0-9_-]+")
_LINKEDIN_NAME = re.compile(r"(?:in/)?([A-Za-z0-9][A-Za-z0-9-]{1,98}[A-Za-z0-9])")
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_BLUESKY = re.compile(rf"@?({_DOMAIN})")
_MASTODON = re.compile(rf"@?([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)@({_DOMAIN})")

_EXPECTED = {
    "x": "an X handle: 1 to 15 letters, digits or '_', e.g. '@akoch'",
    "linkedin": "a LinkedIn profile name such as 'anna-koch' or a member URN such as 'urn:li:person:AbC123'",
    "bluesky": "a Bluesky handle, a domain such as 'akoch.bsky.social'",
    "mastodon": "a Mastodon address such as '@akoch@mastodon.social'",
}

# Characters LinkedIn's little text reserves; a name holding one cannot be sent inside a mention.
_LITTLE_TEXT_RESERVED = frozenset("\\|{}@[]()<>#*_~")


class AuthorsError(ValueError):
    """A problem in the authors file, worded for the person who edits it."""


@dataclass(frozen=True)
class Author:
    """One author; handles are normalised (no leading '@'), absent ones are None."""

    id: str
    name: str
    x: str | None = None
    linkedin: str | None = None
    bluesky: str | None = None
    mastodon: str | None = None

    @property
    def linkedin_urn(self) -> str | None:
        """The member URN LinkedIn needs for a mention; None when only a profile name is given."""
        return self.linkedin if self.linkedin and self.linkedin.startswith("urn:li:person:") else None

    @property
    def profiles(self) -> tuple[str, ...]:
        """Public profile URLs, for JSON-LD `sameAs`."""
        urls = []
        if self.x:
            urls.append(f"https://x.com/{self.x}")
        if self.linkedin and not self.linkedin_urn:
            urls.append(f"https://www.linkedin.com/in/{self.linkedin}/")
        if self.bluesky:
            urls.append(f"https://bsky.app/profile/{self.bluesky}")
        if self.mastodon:
            user, host = self.mastodon.split("@")
            urls.append(f"https://{host}/@{user}")
        return tuple(urls)


def _handle(key: str, value: Any, label: str, author_id: str) -> str:
    text = value.strip() if isinstance(value, str) else None
    match = None
    if text is not None:
        if key == "x":
            match = _X.fullmatch(text)
        elif key == "linkedin":
            match = _LINKEDIN_URN.fullmatch(text) or _LINKEDIN_NAME.fullmatch(text)
        elif key == "bluesky":
            match = _BLUESKY.fullmatch(text)
        else:
            match = _MASTODON.fullmatch(text)
    if match is None:
        raise AuthorsError(f"{label}: author '{author_id}': '{key}' is {value!r}; expected {_EXPECTED[key]}")
    if key == "mastodon":
        return f"{match.group(1)}@{match.group(2).lower()}"
    if key == "linkedin" and match.re is _LINKEDIN_URN:
        return text
    if key == "bluesky":
        return match.group(1).lower()
    return match.group(1)


def parse_authors(data: Any, label: str) -> dict[str, Author]:
    """Authors from the parsed YAML of an authors file; `label` names the file in errors."""
    if data is None:
        return {}
    if not isinstance(data, Mapping) or not isinstance(data.get("authors", {}), Mapping):
        raise AuthorsError(f"{label}: expected a mapping 'authors:' of author ids to their details")
    authors: dict[str, Author] = {}
    for author_id, fields in (data.get("authors") or {}).items():
        if not isinstance(fields, Mapping):
            raise AuthorsError(f"{label}: author '{author_id}': expected a mapping with name, description and avatar")
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            raise AuthorsError(f"{label}: author '{author_id}': 'name' must be a non-empty string")
        handles = {key: _handle(key, fields[key], label, str(author_id)) for key in HANDLE_KEYS if fields.get(key) is not None}
        authors[str(author_id)] = Author(id=str(author_id), name=name.strip(), **handles)
    return authors


def load_authors(path: Path, label: str | None = None) -> dict[str, Author]:
    """Read an authors file; a missing file means no authors."""
    label = label or str(path)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AuthorsError(f"{label}: not readable YAML ({str(exc).splitlines()[0]})") from None
    return parse_authors(data, label)


def twitter_creator(authors: Sequence[Author]) -> str | None:
    """The `twitter:creator` of a page: the first author with an X handle (the tag holds one account)."""
    return next((f"@{a.x}" for a in authors if a.x), None)


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def x_byline(authors: Sequence[Author]) -> str:
    """'by @akoch and Lena Schmidt': each author by X handle when there is one, else by name; '' for none."""
    names = [f"@{a.x}" if a.x else a.name for a in authors]
    return f"by {_join(names)}" if names else ""


def linkedin_byline(authors: Sequence[Author]) -> str:
    """'by Dr. Anna Koch and Lena Schmidt' in plain text, as the manifest stores LinkedIn commentary."""
    names = [a.name for a in authors]
    return f"by {_join(names)}" if names else ""


_COUNTER = re.compile(r" \d+/\d+$")


def credit_first_tweet(tweets: Sequence[str], byline: str) -> tuple[str, ...]:
    """The thread with `byline` on its own line at the end of tweet 1 (before a ' 1/6' counter).

    Unchanged when there is no byline or the credited tweet would pass X's limit: a credit never costs a
    sentence, so the caller can warn instead.
    """
    if not tweets or not byline:
        return tuple(tweets)
    first = tweets[0]
    counter = _COUNTER.search(first)
    body, tail = (first[: counter.start()], first[counter.start() :]) if counter else (first, "")
    credited = f"{body.rstrip()}\n{byline}{tail}"
    if weighted_length(credited) > MAX_WEIGHT:
        return tuple(tweets)
    return (credited, *tweets[1:])


def credit_linkedin(commentary: str, byline: str) -> str:
    """The LinkedIn commentary with `byline` as its own paragraph after the opening one (the hook)."""
    if not byline or not commentary:
        return commentary
    head, sep, rest = commentary.partition("\n\n")
    return f"{head}\n\n{byline}{sep}{rest}" if sep else f"{head}\n\n{byline}"


def linkedin_mentions(authors: Sequence[Author]) -> tuple[tuple[str, str], ...]:
    """(name, URN) of the authors LinkedIn can mention: a URN is given and the name fits inside a mention."""
    return tuple(
        (a.name, a.linkedin_urn)
        for a in authors
        if a.linkedin_urn and not any(ch in _LITTLE_TEXT_RESERVED for ch in a.name)
    )


def mention(name: str, urn: str) -> str:
    """LinkedIn's documented little-text mention of a member."""
    return f"@[{name}]({urn})"


def apply_linkedin_mentions(little_text: str, byline: str, mentions: Sequence[tuple[str, str]]) -> str:
    """Turn the names in the (already escaped) byline into mentions; the rest of the post is left alone.

    `byline` is the plain byline as `linkedin_byline` made it; it holds no reserved character when every
    mentioned name is free of them, so it reads the same escaped, and only its last occurrence is changed.
    """
    if not mentions or not byline or byline not in little_text:
        return little_text
    linked = byline
    for name, urn in mentions:
        linked = re.sub(rf"(?<![\w@\[]){re.escape(name)}(?![\w\]])", lambda _m: mention(name, urn), linked, count=1)
    head, _, tail = little_text.rpartition(byline)
    return head + linked + tail
