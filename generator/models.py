"""Typed records passed between the build, derivation and publishing steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """One H2 section of a rendered article, reduced to plain text."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleText:
    """The readable prose of a rendered article: no code, tables, images or markup."""

    lead: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    takeaways: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thread:
    """A derived X thread; every tweet is final text, numbering and link included."""

    tweets: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkedInPost:
    """A derived LinkedIn post: commentary plus the article payload."""

    commentary: str
    source: str
    title: str
    description: str
    warnings: tuple[str, ...] = field(default=())
