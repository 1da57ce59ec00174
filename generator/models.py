"""Typed records passed between the build, derivation and publishing steps."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """One section of a rendered article (under an H1 to H4 heading), reduced to plain text.

    ``after_listing`` holds the paragraphs and items that directly follow a code block, table or figure the
    posts leave out: they often point at it ("Look at the offset column."). ``item_places`` says, for each
    item, how many of the paragraphs come before it, so posts keep article order; empty means all of them.
    """

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    level: int = 2
    after_listing: frozenset[str] = frozenset()
    item_places: tuple[int, ...] = ()


@dataclass(frozen=True)
class ArticleText:
    """The readable prose of a rendered article: no code, tables, images or markup.

    ``lead_items`` are the list items before the first heading: all of a checklist article's points may be there.
    ``lead_item_places`` places them among the lead's paragraphs, as ``Section.item_places`` does.
    """

    lead: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    takeaways: tuple[str, ...] = ()
    lead_items: tuple[str, ...] = ()
    lead_item_places: tuple[int, ...] = ()


@dataclass(frozen=True)
class Thread:
    """A derived X thread; every tweet is final text, numbering and link included."""

    tweets: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkedInPost:
    """A derived LinkedIn post: commentary plus the article payload."""

    commentary: str
    source: str
    title: str
    description: str
    warnings: tuple[str, ...] = field(default=())
    advice: tuple[str, ...] = field(default=())
