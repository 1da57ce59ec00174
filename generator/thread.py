"""Build an X thread from an article's prose: a hook, its key points, and a tweet that links back.

Every tweet is built from whole sentences of the article (or the author's hook or description), so the
thread says only what the article says. A sentence too long for one tweet is cut at a clause, else between
words, and the cut is marked with an ellipsis. Lengths are weighted the way X counts them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.counter import MAX_WEIGHT, weighted_length
from generator.models import ArticleText, Thread
from generator.sentences import cut_sentence, join_sentences, split_sentences

CALL_TO_READ = "Read the full article:"
MAX_HASHTAGS = 3
# How many sentences of one section may share a tweet: more reads like a wall of text.
_SENTENCES_PER_POINT = 2
# A paragraph or list item shorter than this is a label or a fragment, not a point.
_PROSE_WORDS = 8
_ITEM_WORDS = 4
# Below this, a hook squeezed next to the link would be a stub.
_MIN_SINGLE_HOOK = 40
_TERMINATED = re.compile(r"[.!?。！？…][\"'”’»)\]」』）]*$")
_NOT_WORD = re.compile(r"[\W_]+")
# Sentences that point at what a post leaves out (tables, figures, a list that follows) read as dangling on X.
_POINTS_ELSEWHERE = re.compile(
    r"\b(?:the|this|these|following|next)\s+(?:table|figure|chart|diagram|image|photo|graph|list|checklist)s?\b"
    r"|\b(?:shown|listed|described|summari[sz]ed|see|as)\s+(?:below|above)\b|\b(?:below|above)\s*[.:]$"
    r"|\bFig(?:ure)?\.?\s*\d|\bas follows\b|\bthe following\b"
    r"|\bin (?:at least )?(?:two|three|four|five|six|several|a few|these) (?:ways|steps|areas|points|respects)\s*[.:]$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KeyPoint:
    """One candidate idea for a thread or post: sentences in article order, ranked by how prose-like they are."""

    order: int
    rank: int
    sentences: tuple[str, ...]


def key_points(text: ArticleText) -> list[KeyPoint]:
    """The article's key points in article order: its takeaways, else the opening of each section.

    A section counts if its first real paragraph (a terminated sentence of some length) exists; a section with
    only a list offers its first item, ranked lower. Headings are never used as points on their own.
    """
    if text.takeaways:
        points = [KeyPoint(order, 2, _standalone(item)) for order, item in enumerate(text.takeaways)]
        return [point for point in points if point.sentences]
    points = []
    for order, section in enumerate(text.sections):
        paragraph = next((paragraph for paragraph in section.paragraphs if _is_prose(paragraph)), None)
        if paragraph is not None and _standalone(paragraph):
            points.append(KeyPoint(order, 2, _standalone(paragraph)))
            continue
        item = next((item for item in section.items if len(item.split()) >= _ITEM_WORDS), None)
        if item is not None and _standalone(item):
            points.append(KeyPoint(order, 1, _standalone(item)[:1]))
    return points


def _standalone(text: str) -> tuple[str, ...]:
    """The sentences of `text` that make sense without the table, figure or list the post leaves out."""
    return tuple(sentence for sentence in split_sentences(text) if not _POINTS_ELSEWHERE.search(sentence))


def hook_source(text: ArticleText, hook: str | None, description: str) -> str:
    """The text the first tweet or line is made from: the author's hook, else the description, else the lead."""
    for candidate in (hook, description, *text.lead):
        if candidate and candidate.strip():
            return " ".join(candidate.split())
    for section in text.sections:
        for paragraph in section.paragraphs:
            if _is_prose(paragraph):
                return paragraph
    return ""


def hashtag_line(hashtags: Sequence[str]) -> str:
    """``#A #B #C``: at most three tags, without inner spaces or duplicates."""
    tags: list[str] = []
    for raw in hashtags:
        tag = "".join(raw.split()).lstrip("#")
        if tag and tag.casefold() not in {existing.casefold() for existing in tags}:
            tags.append(tag)
    return " ".join(f"#{tag}" for tag in tags[:MAX_HASHTAGS])


def sentence_key(sentence: str) -> str:
    """Comparison key for spotting a repeated sentence despite case and punctuation."""
    return _NOT_WORD.sub("", sentence.casefold()) or sentence


def build_thread(
    text: ArticleText,
    *,
    link: str,
    hook: str | None = None,
    description: str = "",
    hashtags: Sequence[str] = (),
    thread_max: int = 6,
    numbering: bool = True,
    authored: Sequence[str] | None = None,
    article: str = "",
) -> Thread:
    """Return the thread for one article; ``authored`` tweets, if given, replace the derived ones."""
    tags = hashtag_line(hashtags)
    if authored is not None:
        return _authored_thread(authored, link=link, tags=tags, numbering=numbering, article=article)
    thread_max = max(thread_max, 1)
    if thread_max == 1:
        return _single_tweet(text, link=link, hook=hook, description=description, tags=tags, article=article)
    budget = MAX_WEIGHT - (len(f" {thread_max}/{thread_max}") if numbering else 0)
    warnings: list[str] = []
    used: set[str] = set()

    hook_sentences = split_sentences(hook_source(text, hook, description))
    opening, taken = _pack(hook_sentences, budget, used, limit=None)
    if hook and hook.strip() and (taken < len(hook_sentences) or len(opening) > thread_max - 1):
        warnings.append(f"{article}: the hook does not fit in one tweet; only its first sentences were used")
    opening = opening[: thread_max - 1]

    middle = _middle_tweets(key_points(text), budget, used, slots=thread_max - 1 - len(opening))
    closing, closing_warning = _link_tweet(link, tags, budget, article)
    warnings.extend(closing_warning)
    tweets = _numbered([*opening, *middle, closing], numbering)
    return Thread(tweets=tuple(tweets), warnings=tuple(warnings))


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= _PROSE_WORDS and bool(_TERMINATED.search(paragraph))


def _pack(sentences: Sequence[str], budget: int, used: set[str], limit: int | None) -> tuple[list[str], int]:
    """Tweets for one idea and the number of sentences in them.

    As many whole, unused sentences as fit in one tweet (at most ``limit``), or the first sentence cut in parts
    when it alone is too long. Keys of the sentences taken are added to ``used``.
    """
    if not sentences or sentence_key(sentences[0]) in used:
        return [], 0
    first = sentences[0]
    used.add(sentence_key(first))
    if weighted_length(first) > budget:
        return cut_sentence(first, budget, weighted_length), 1
    taken = [first]
    for sentence in sentences[1:limit]:
        key = sentence_key(sentence)
        if key in used or weighted_length(join_sentences([*taken, sentence])) > budget:
            break
        taken.append(sentence)
        used.add(key)
    return [join_sentences(taken)], len(taken)


def _middle_tweets(points: list[KeyPoint], budget: int, used: set[str], slots: int) -> list[str]:
    """The best points that fit the remaining slots, in article order; a point cut in parts takes several slots."""
    chosen: list[tuple[int, list[str]]] = []
    for point in sorted(points, key=lambda point: (-point.rank, point.order)):
        if slots <= 0:
            break
        if point.sentences and sentence_key(point.sentences[0]) in used:
            continue
        trial = set(used)
        tweets, _ = _pack(point.sentences, budget, trial, limit=_SENTENCES_PER_POINT)
        if tweets and len(tweets) <= slots:
            chosen.append((point.order, tweets))
            used |= trial
            slots -= len(tweets)
    chosen.sort(key=lambda entry: entry[0])
    return [tweet for _, tweets in chosen for tweet in tweets]


def _link_tweet(link: str, tags: str, budget: int, article: str) -> tuple[str, list[str]]:
    """The closing tweet; hashtags, then the call to read, give way if the link alone is that long."""
    call = f"{CALL_TO_READ} {link}"
    tag_list = tags.split()
    for count in range(len(tag_list), -1, -1):
        candidate = call + ("\n\n" + " ".join(tag_list[:count]) if count else "")
        if weighted_length(candidate) <= budget:
            return candidate, []
    if weighted_length(link) <= budget:
        return link, []
    return link, [f"{article}: the link is too long for a tweet (weighted {weighted_length(link)}/{MAX_WEIGHT})"]


def _single_tweet(
    text: ArticleText, *, link: str, hook: str | None, description: str, tags: str, article: str
) -> Thread:
    """A one-tweet "thread": the hook's first sentences above the link."""
    closing, warnings = _link_tweet(link, tags, MAX_WEIGHT, article)
    room = MAX_WEIGHT - weighted_length(closing) - len("\n\n")
    if room >= _MIN_SINGLE_HOOK:
        opening, _ = _pack(split_sentences(hook_source(text, hook, description)), room, set(), limit=None)
        if opening:
            closing = f"{opening[0]}\n\n{closing}"
    return Thread(tweets=(closing,), warnings=tuple(warnings))


def _authored_thread(authored: Sequence[str], *, link: str, tags: str, numbering: bool, article: str) -> Thread:
    """The author's tweets as written, plus the link tweet when none links to the article; long ones are flagged."""
    tweets = [tweet.strip() for tweet in authored if tweet.strip()]
    canonical = link.split("?", 1)[0]
    if not any(link in tweet or canonical in tweet for tweet in tweets):
        closing = f"{CALL_TO_READ} {link}" + (f"\n\n{tags}" if tags else "")
        tweets.append(closing)
    tweets = _numbered(tweets, numbering)
    warnings = []
    for index, tweet in enumerate(tweets, start=1):
        weight = weighted_length(tweet)
        if weight > MAX_WEIGHT:
            warnings.append(
                f"{article}: tweet {index} is {weight - MAX_WEIGHT} characters too long "
                f"(weighted {weight}/{MAX_WEIGHT})"
            )
    return Thread(tweets=tuple(tweets), warnings=tuple(warnings))


def _numbered(tweets: list[str], numbering: bool) -> list[str]:
    if not numbering or len(tweets) < 2:
        return tweets
    count = len(tweets)
    return [f"{tweet} {index}/{count}" for index, tweet in enumerate(tweets, start=1)]
