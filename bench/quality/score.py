"""Mechanical defect scorer for derived posts: what a social-media manager would have to fix by hand.

It reads posts as text (a thread's tweets and a LinkedIn commentary) and knows nothing of how they were
made, so it can judge any derivation, old or new. Each defect category is one check:

* ``length``: a tweet over 280 weighted characters (twitter-text's own count), or a LinkedIn post over 3,000;
* ``residue``: Markdown, HTML or footnote syntax (``**``, ``](``, ``[^``, ``<tag``, ``&amp;``, an unresolved
  ``[reference]``, a glued footnote marker such as "that.E You");
* ``dangling``: a line that opens leaning on what came before ("This", "So", "However", "On to", "Below")
  or points at something the post leaves out ("shown below", "the table", "look at");
* ``fragment``: a line without a verb ("Simple and sweet."), or a question standing as a point;
* ``cut``: a line ending in ':' or '…', or a sentence continued across two tweets;
* ``filler``: thanks, asides, reader's-journey and meta lines ("Thank you!", "Congratulations, you have…",
  "In this post…", "Below are some examples");
* ``repeat``: a line that says the same as another line of the same post;
* ``entity``: text X would turn into a hashtag, mention or cashtag that is not one of the post's hashtags
  (``#pragma``, ``@param``, ``$HOME``);
* ``bare-link``: a last tweet that is only a link, without the call to read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from twitter_text import parse_tweet

CATEGORIES = ("length", "residue", "dangling", "fragment", "cut", "filler", "repeat", "entity", "bare-link")

_RESIDUE = re.compile(
    r"\*\*|\]\(|\[\^|¶|&[a-z]+;|&#\d+;|<[a-z/][^>]*>|(?<!\w)__\w|`|\{[.#:]|!!!|\?\?\?|:[a-z_]+:(?!\d)"
    r"|\[[^\]\s][^\]]{1,60}\](?!\()|[a-z]{2}[.!?](?:[A-Z]|\d{1,2})\s[A-Z]|\s\[\d+\]"
)
_DANGLING = re.compile(
    r"^(?:This|These|Those|That|It|Its|They|So|But|And|Or|However|Therefore|Thus|Also|Then|Next|Finally|Here|"
    r"Below|Above|On to|As (?:shown|mentioned|seen|you can see)|The following|The (?:above|below))\b"
    r"|\b(?:shown|listed|provided|described) (?:below|above)|\b(?:below|above)\s*[.:]$|\bas follows\b"
    r"|\blook at\b|\b(?:the|this) (?:table|figure|listing|snippet|code|screenshot)\b(?! (?:of|for|in)\b)"
    r"|\bFig(?:ure)?\.? ?\d"
)
_FILLER = re.compile(
    r"\b(?:thank(?:s| you)|congratulations|stay tuned|subscribe|happy (?:coding|reading|hacking)|"
    r"in this (?:post|article|blog|series)|this (?:post|article) (?:is|will|covers)|I(?:'ve| have) been asked|"
    r"you(?:'ve| have) (?:successfully|now)|let me know|feel free|(?:we|I)(?:'ll| will) (?:look|see|cover|dive)|"
    r"below are|simple and sweet|next time|(?:we|I)(?:'ll| will) write about|that's (?:it|all))\b",
    re.IGNORECASE,
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|should|must|may|might|will|would|"
    r"need|needs|make|makes|made|take|takes|keep|keeps|show|shows|give|gives|get|gets|let|lets|set|sets|put|"
    r"run|runs|cut|cuts|hold|holds|lead|leads|led|use|uses|apply|applies|mean|means|meant|"
    r"[a-z]{3,}(?:ed|es|s))\b"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NUMBERING = re.compile(r" \d+/\d+$")
# twitter-text's entity rules, simplified: what follows the sign must be a word character, and the sign must
# not follow one. (The installed twitter-text package only extracts URLs and emoji.)
_HASHTAG = re.compile(r"(?<![\w&])[#＃](?!\ufe0f|\u20e3)(\w*[^\W\d_]\w*)")
_MENTION = re.compile(r"(?<![\w@＠!#$%&*])[@＠](\w{1,20})")
_CASHTAG = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6})(?:[._][A-Za-z]{1,2})?(?!\w)")


def extract_hashtags(text: str) -> list[str]:
    return _HASHTAG.findall(text)


def extract_mentioned_screen_names(text: str) -> list[str]:
    return _MENTION.findall(text)


def extract_cashtags(text: str) -> list[str]:
    return _CASHTAG.findall(text)


@dataclass(frozen=True)
class Defect:
    category: str
    where: str
    text: str


def _key(text: str) -> set[str]:
    return {word for word in re.findall(r"\w{4,}", text.casefold())}


def _same(one: str, other: str) -> bool:
    first, second = _key(one), _key(other)
    if not first or not second:
        return False
    return len(first & second) / min(len(first), len(second)) >= 0.75


def _line_defects(line: str, where: str) -> list[Defect]:
    found = []
    if _RESIDUE.search(line):
        found.append(Defect("residue", where, line))
    if _DANGLING.search(line):
        found.append(Defect("dangling", where, line))
    if _FILLER.search(line):
        found.append(Defect("filler", where, line))
    stripped = line.rstrip("\"'”’)")
    if stripped.endswith((":", "…", "...")):
        found.append(Defect("cut", where, line))
    if stripped.endswith(("?", "？")) or not (_CJK.search(line) or _VERBISH.search(line.lower())):
        found.append(Defect("fragment", where, line))
    return found


def score_thread(tweets: list[str], hashtags: set[str]) -> list[Defect]:
    defects: list[Defect] = []
    bodies = [_NUMBERING.sub("", tweet) for tweet in tweets]
    for index, (tweet, body) in enumerate(zip(tweets, bodies), 1):
        where = f"tweet {index}"
        if parse_tweet(tweet).weightedLength > 280:
            defects.append(Defect("length", where, tweet))
        tags = {f"#{tag}".casefold() for tag in extract_hashtags(tweet)}
        if tags - hashtags or extract_mentioned_screen_names(tweet) or extract_cashtags(tweet):
            defects.append(Defect("entity", where, tweet))
        if index == len(tweets):
            if not body.startswith("Read the full article:"):
                defects.append(Defect("bare-link", where, tweet))
            continue
        defects += _line_defects(body, where)
        if index < len(tweets) - 1 and body.endswith("…") and bodies[index].startswith("…"):
            defects.append(Defect("cut", where, "sentence continued in the next tweet"))
    middle = bodies[:-1]
    for index, body in enumerate(middle):
        if any(_same(body, other) for other in middle[:index]):
            defects.append(Defect("repeat", f"tweet {index + 1}", body))
    return defects


def score_linkedin(commentary: str, hashtags: set[str]) -> list[Defect]:
    defects: list[Defect] = []
    if len(commentary) > 3000:
        defects.append(Defect("length", "linkedin", f"{len(commentary)} characters"))
    blocks = commentary.split("\n\n")
    opening = blocks[0] if blocks and not blocks[0].startswith("→") else ""
    if opening:
        if len(opening) > 210:
            defects.append(Defect("length", "linkedin opening", opening))
        defects += _line_defects(opening, "linkedin opening")
    points = [line[2:] for line in commentary.split("\n") if line.startswith("→ ")]
    for index, point in enumerate(points, 1):
        where = f"linkedin point {index}"
        defects += _line_defects(point, where)
        if opening and _same(point, opening) or any(_same(point, other) for other in points[: index - 1]):
            defects.append(Defect("repeat", where, point))
    for line in [opening, *points]:
        tags = {f"#{tag}".casefold() for tag in extract_hashtags(line)}
        if tags - hashtags or extract_mentioned_screen_names(line):
            defects.append(Defect("entity", "linkedin", line))
    return defects


def count(defects: list[Defect]) -> Counter[str]:
    return Counter(defect.category for defect in defects)
