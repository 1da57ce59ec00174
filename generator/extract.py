"""Reduce an article's rendered content HTML to the plain prose a thread or post can quote.

We read the HTML that Python-Markdown and its extensions produced, not the Markdown source, so attribute
lists, admonition markers, footnote syntax and emoji shortcodes are already resolved and only need leaving
out. What is left out and why:

* code blocks, tables, images, figures: not prose, and unreadable as a sentence;
* admonitions, ``details`` and block quotes: asides or other people's words, not the article's own points;
* struck-through text (``del``, ``s``): the author has withdrawn it;
* footnote markers and definitions, reference numbers, permalink symbols, emoji and icons: decoration;
* an H1 before any prose (the page title, which the post carries separately).

Every other H1 to H4 heading starts a section, so articles sectioned with H1 or H3 offer as many points as
H2-sectioned ones, and a sentence that needs its heading for its subject ("Pilot 2") can carry it. Where a
left-out code block, table or figure sat is remembered, so a sentence pointing at it can be passed over.
"""

from __future__ import annotations

import html as entities
import re
from typing import NamedTuple

from generator.hygiene import clean_text
from generator.models import ArticleText, Section

# Headings whose list is the author's own summary of the article.
TAKEAWAY_HEADINGS = frozenset(
    {"key takeaways", "key takeaway", "takeaways", "key points", "in short", "summary", "tl;dr", "tldr"}
)

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_SKIPPED_TAGS = frozenset(
    (
        "audio blockquote button canvas del details figure form iframe math noscript object picture pre s script "
        "select style svg table template textarea video"
    ).split()
)
_SKIPPED_CLASSES = frozenset(
    {"admonition", "footnote", "footnote-ref", "headerlink", "highlight", "codehilite", "twemoji", "emojione"}
)
_LISTS = frozenset({"ul", "ol", "dl"})
_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd"})
_SECTION_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# Left-out blocks a following sentence may point at.
_LISTINGS = frozenset({"figure", "picture", "pre", "table", "svg", "video", "img"})
_LISTING_CLASSES = frozenset({"highlight", "codehilite"})
_GAP = "<herald-gap></herald-gap>"
# Applied to text whose white space is already collapsed to single spaces: a literal space is faster to find.
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?](?: |$))")
_SPACE_BEFORE_HINT = re.compile(r" [.,;:!?]")
# Highlighted code, tables and inline icons are most of an article's tags; these elements never nest in
# Python-Markdown output, so cutting them out before parsing is safe and halves the parser's work.
_NON_PROSE = r"<(pre|table|svg)\b.*?</\1\s*>"
# Inline decoration whose text is dropped (footnote markers, permalinks, struck text, icons), then inline
# formatting whose text is kept: flattening both first leaves the parser mostly block tags to handle.
_DROPPED_INLINE = (
    r'<sup id="fnref[^"]*"[^>]*>.*?</sup>|<a\b[^>]*class="headerlink"[^>]*>.*?</a>'
    # Reference markers: a letter or symbol, or a number (kept as an exponent right after a word: mm²).
    r"|<sup\b[^>]*>\s*(?:[A-Za-z*†‡§]|\[[a-z]\]|(?P<number>\[?\d{1,3}\]?))\s*</sup>"
    r'|<(del|s)\b[^>]*>.*?</\2\s*>|<span\b[^>]*class="twemoji[^"]*"[^>]*>.*?</span>'
)


def _drop_inline(match: re.Match[str]) -> str:
    if match["number"] and match.start() > 0 and (match.string[match.start() - 1].isalnum()):
        return match[0]
    return ""


_INLINE_TAG = r"</?(?:a|abbr|b|cite|code|em|i|ins|kbd|mark|small|span|strong|sub|sup|u)\b[^>]*>"


# One token of HTML: text, a tag, a script or style element whole (its content is text, never markup), a
# comment, a declaration or processing instruction, or a stray "<". A tag holds no "<", so every alternative
# stops at the next "<" or ">" (or its end tag) and tokenizing stays linear.
_TOKEN = (
    r"(?P<text>[^<]+)"
    # A block holding only text, most of an article once inline tags are flattened, and the white space after
    # it: one token, not four.
    r"|<(?P<block>p|li|h[1-6]|dt|dd)\b(?P<block_attributes>[^<>]*)>(?P<block_text>[^<]*)</(?P=block)\s*>"
    r"(?P<block_gap>\s*)"
    r"|<(?P<raw>script|style)\b(?P<raw_attributes>[^<>]*)>.*?(?P<raw_end></(?P=raw)\s*>|\Z)"
    # Any other tag, and the white space after it.
    r"|<(?P<close>/?)(?P<tag>[A-Za-z][^\s/<>]*)(?P<attributes>[^<>]*)>(?P<tag_gap>\s*)"
    r"|(?P<ignored><!--.*?(?:-->|\Z)|<[!?][^>]*>?)"
    r"|(?P<stray><)"
)


class _Patterns(NamedTuple):
    non_prose: re.Pattern[str]
    dropped_inline: re.Pattern[str]
    inline_tag: re.Pattern[str]
    token: re.Pattern[str]


def _compiled(flags: int) -> _Patterns:
    return _Patterns(*(re.compile(pattern, re.DOTALL | flags)
                       for pattern in (_NON_PROSE, _DROPPED_INLINE, _INLINE_TAG, _TOKEN)))


# Python-Markdown writes lower-case tags, and matching without case costs twice as much: the patterns ignore
# case only in HTML with an upper-case tag (raw HTML an author wrote).
_LOWER_CASE, _ANY_CASE = _compiled(0), _compiled(re.IGNORECASE)
_UPPER_CASE_TAG = re.compile(r"</?[A-Z]")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def extract_article_text(html: str) -> ArticleText:
    """Return the lead, H2 sections and takeaways of a rendered article body."""
    patterns = _ANY_CASE if _UPPER_CASE_TAG.search(html) else _LOWER_CASE
    parser = _ProseParser(patterns.token)
    parser.feed(patterns.inline_tag.sub("", patterns.dropped_inline.sub(_drop_inline,
                                                                         patterns.non_prose.sub(_GAP, html))))
    lead, sections = parser.result()
    takeaways: tuple[str, ...] = ()
    regular = []
    for section in sections:
        if not takeaways and section.items and _is_takeaway_heading(section.heading):
            takeaways = section.items
        else:
            regular.append(section)
    return ArticleText(lead=lead.paragraphs, sections=tuple(regular), takeaways=takeaways, lead_items=lead.items,
                       lead_item_places=lead.item_places)


def _is_takeaway_heading(heading: str) -> bool:
    return heading.strip().rstrip(":.!").strip().lower() in TAKEAWAY_HEADINGS


def _clean(parts: list[str]) -> str:
    text = clean_text("".join(parts))
    if _SPACE_BEFORE_HINT.search(text):
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return text


def _attributes(text: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match[1].lower()
        value = next((group for group in match.groups()[1:] if group is not None), None)
        found.setdefault(name, None if value is None else entities.unescape(value))
    return found


_Open = tuple[str, int, list[str], list[str], set[str], list[int]]


def _section(block: _Open) -> Section:
    heading, level, paragraphs, items, after, places = block
    # Items after every paragraph need no places: that is what no places mean.
    if all(place == len(paragraphs) for place in places):
        places = []
    return Section(heading, tuple(paragraphs), tuple(items), level, frozenset(after), tuple(places))


class _ProseParser:
    """Collects block texts into lead, sections and list items while skipping non-prose subtrees.

    A small tokenizer rather than ``html.parser``: the input is Python-Markdown's output with inline tags
    already flattened, and reading it with one regular expression is several times faster.
    """

    def __init__(self, tokens: re.Pattern[str]) -> None:
        self._tokens = tokens
        # Open elements: (tag, skipped, captures). ``captures`` marks the block whose text is being collected.
        self._stack: list[tuple[str, bool, bool]] = []
        self._open: dict[str, int] = {}
        self._capture_depth = 0
        self._buffer: list[str] = []
        # Heading, level, paragraphs, items, what follows a left-out listing, and where each item stands among
        # the paragraphs; the prose before the first heading is collected the same way.
        self._lead: _Open = ("", 0, [], [], set(), [])
        self._sections: list[_Open] = []
        self._term = ""
        self._after_gap = False
        self._seen_prose = False

    def feed(self, html: str) -> None:
        for token in self._tokens.finditer(html):
            kind = token.lastgroup
            if kind == "text" or kind == "stray":
                # Text counts only inside a block being captured and outside any left-out element.
                if self._capture_depth and not self._skipping():
                    data = token[0]
                    self._buffer.append(entities.unescape(data) if "&" in data else data)
            elif kind == "block_gap":
                if not self._skipping():
                    self._block(token["block"].lower(), token["block_attributes"], token["block_text"],
                                token["block_gap"])
            elif kind == "tag_gap":
                tag = token["tag"].lower()
                text = token["attributes"]
                if token["close"]:
                    self.handle_endtag(tag)
                else:
                    # Only classes (and a footnote marker's id) matter here; most tags have neither.
                    attributes = _attributes(text) if tag == "sup" or "class" in text.lower() else {}
                    if text.endswith("/"):
                        self.handle_startendtag(tag, attributes)
                    else:
                        self.handle_starttag(tag, attributes)
                gap = token["tag_gap"]
                if gap and self._capture_depth and not self._skipping():
                    self._buffer.append(gap)
            elif kind == "raw_end" or kind == "raw_attributes" or kind == "raw":
                tag = token["raw"].lower()
                # Script and style are left out whatever their attributes say.
                self.handle_starttag(tag, {})
                if token["raw_end"]:
                    self.handle_endtag(tag)

    def _block(self, tag: str, attributes: str, data: str, gap: str) -> None:
        """A start tag, its text, its end tag and the white space after it, outside any left-out element."""
        text = entities.unescape(data) if "&" in data else data
        if "class" in attributes.lower():
            self.handle_starttag(tag, _attributes(attributes))
            if self._capture_depth and not self._skipping():
                self._buffer.append(text)
            self.handle_endtag(tag)
            if gap and self._capture_depth and not self._skipping():
                self._buffer.append(gap)
        elif self._capture_depth:
            self._buffer.append(text + gap)
        else:
            self._finish(tag, _clean([text]))

    def result(self) -> tuple[Section, tuple[Section, ...]]:
        """The prose before the first heading (as a section without one), and the sections."""
        while self._stack:
            self._pop()
        sections = tuple(_section(block) for block in self._sections if block[2] or block[3])
        return _section(self._lead), sections

    def handle_starttag(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag == "herald-gap":
            self._after_gap = True
            return
        skipping = self._skipping()
        if tag in _LISTINGS and not skipping:
            self._after_gap = True
        if tag in _VOID:
            if tag == "br" and self._capture_depth:
                self._buffer.append(" ")
            return
        classes = (attributes.get("class") or "").split() if attributes else ()
        skipped = (
            skipping
            or tag in _SKIPPED_TAGS
            or not _SKIPPED_CLASSES.isdisjoint(classes)
            or (tag == "sup" and (attributes.get("id") or "").startswith("fnref"))
        )
        if not skipping and not _LISTING_CLASSES.isdisjoint(classes):
            self._after_gap = True
        captures = not skipped and tag in _BLOCKS and not self._capture_depth
        if tag in _LISTS and (self._open.get("li") or self._open.get("dd")):
            # Nested lists would turn one item into a run-on sentence.
            skipped = True
        if captures:
            self._buffer = []
            self._capture_depth += 1
        self._stack.append((tag, skipped, captures))
        self._open[tag] = self._open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag == "br" and self._capture_depth and not self._skipping():
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "herald-gap" or not self._open.get(tag):
            return
        while self._pop() != tag:
            pass

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _pop(self) -> str:
        tag, _, captures = self._stack.pop()
        self._open[tag] -= 1
        if captures:
            self._capture_depth -= 1
            self._finish(tag, _clean(self._buffer))
            self._buffer = []
        return tag

    def _finish(self, tag: str, text: str) -> None:
        if tag in _SECTION_HEADINGS:
            if tag == "h1" and not self._seen_prose and not self._sections:
                return
            self._sections.append((text, _SECTION_HEADINGS[tag], [], [], set(), []))
            self._term = ""
            self._after_gap = False
            return
        if not text or tag in {"h5", "h6"}:
            return
        if tag == "dt":
            self._term = text
            return
        self._seen_prose = True
        after_gap, self._after_gap = self._after_gap, False
        if tag == "dd" and self._term:
            text = f"{self._term}: {text}"
        _, _, paragraphs, items, after, places = self._sections[-1] if self._sections else self._lead
        if tag == "p":
            paragraphs.append(text)
        else:
            items.append(text)
            places.append(len(paragraphs))
        if after_gap:
            after.add(text)
