"""Build an X thread from an article's prose: a hook, its key points, and a tweet that links back.

Every tweet is built from whole sentences of the article (or the author's hook or description), so the
thread says only what the article says. Points are the article's most salient standalone sentences
(``generator.salience``), shown in article order; a sentence too long for a tweet is passed over, not cut,
and no sentence is continued across two tweets. Only the author's own hook is cut when it alone is longer
than a tweet. Lengths are weighted the way X counts them.

The hook is the author's ``social.hook``; else the description when it reads as a claim (as plain text);
else the article's strongest opening claim. A description that only describes the post gives a warning
suggesting ``social.hook``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from generator.counter import MAX_WEIGHT, URL_WEIGHT, weighted_length
from generator.hygiene import neutralise_entities, plain_text
from generator.models import ArticleText, Thread
from generator.salience import Candidate, Pool, best, candidates, describes_post, is_claim, similar
from generator.sentences import cut_sentence, join_sentences, split_sentences

CALL_TO_READ = "Read the full article:"
MAX_HASHTAGS = 3
# How many sentences of one paragraph may share a tweet: more reads like a wall of text.
_SENTENCES_PER_POINT = 2
# Below this, a hook squeezed next to the link would be a stub.
_MIN_SINGLE_HOOK = 40
_NOT_WORD = re.compile(r"[\W_]+")
# The same characters in ASCII text, deleted by one translation: a third of the pattern's cost.
_ASCII_NOT_WORD = dict.fromkeys(code for code in range(128) if not chr(code).isalnum())


def describes_warning(article: str) -> str:
    return (
        f"{article}: the description describes the post rather than making a point, so the posts open with a "
        "sentence from the article; write social.hook with the claim you want to lead with"
    )


def choose_hook(
    found: Pool, *, hook: str | None, description: str, fits: Callable[[str], bool] | None = None
) -> tuple[list[str], str]:
    """The opening's sentences and where they come from: "hook", "description", "article" or "".

    ``fits`` (a predicate on a sentence) says whether a sentence can open the post whole; sources whose first
    sentence does not fit are passed over, except the author's hook.
    """
    if hook and hook.strip():
        return split_sentences(plain_text(hook)), "hook"
    plain = plain_text(description) if description else ""
    sentences = split_sentences(plain)
    if sentences and is_claim(plain) and (fits is None or fits(sentences[0])):
        return sentences, "description"
    claim = _opening_claim(found, fits)
    if claim is not None:
        opening = [claim.text]
        follow = found.follow(claim)
        if follow and (fits is None or fits(join_sentences([claim.text, follow]))):
            opening.append(follow)
        return opening, "article"
    if sentences and (fits is None or fits(sentences[0])):
        return sentences, "description"
    return [], ""


# An opening claim weaker than this gives way to the article's strongest claim wherever it stands.
_STRONG_OPENING = 1.5


def _opening_claim(found: Pool, fits: Callable[[str], bool] | None) -> Candidate | None:
    """The strongest claim of the first paragraph that offers one and the paragraph after it; if that is weak
    (a story set-up rather than a point), the strongest claim of the whole article."""

    def usable(candidate: Candidate) -> bool:
        return candidate.section > -2 and (fits is None or fits(candidate.text))

    early: list[Candidate] = []
    for candidate in found.in_order():
        if not usable(candidate):
            continue
        if early and candidate.block > early[0].block + 1:
            break
        early.append(candidate)
    if not early:
        return None
    claim = max(early, key=lambda candidate: (candidate.score, -candidate.order))
    if claim.score < _STRONG_OPENING:
        strongest = next((candidate for candidate in found.ranked() if usable(candidate)), claim)
        if strongest.score > claim.score:
            claim = strongest
    return claim


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
    folded = sentence.casefold()
    key = folded.translate(_ASCII_NOT_WORD) if folded.isascii() else _NOT_WORD.sub("", folded)
    return key or sentence


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
    found = candidates(text, description=plain_text(description) if description else "")
    if thread_max == 1:
        return _single_tweet(found, link=link, hook=hook, description=description, tags=tags, article=article)
    budget = MAX_WEIGHT - (len(f" {thread_max}/{thread_max}") if numbering else 0)
    # Advice: the posts are fine to send, and the author can make them better.
    advice: list[str] = []

    def fits(sentence: str) -> bool:
        return weighted_length(sentence) <= budget

    hook_sentences, source = choose_hook(found, hook=hook, description=description, fits=fits)
    if source != "hook" and description.strip() and describes_post(plain_text(description)):
        advice.append(describes_warning(article))
    opening, taken = _pack(hook_sentences, budget, limit=None, max_parts=thread_max)
    if source == "hook" and (taken < len(hook_sentences) or len(opening) > thread_max - 1):
        advice.append(f"{article}: the hook does not fit in one tweet; only its first sentences were used")
    opening = opening[: thread_max - 1]
    if source != "hook":
        opening = [neutralise_entities(tweet) for tweet in opening]

    middle = _middle_tweets(found, budget, slots=thread_max - 1 - len(opening), avoid=hook_sentences[:taken])
    closing, closing_advice = _link_tweet(link, tags, budget, article)
    advice.extend(closing_advice)
    tweets = _numbered([*opening, *middle, closing], numbering)
    return Thread(tweets=tuple(tweets), advice=tuple(advice))


def _pack(
    sentences: Sequence[str], budget: int, limit: int | None, max_parts: int | None = None
) -> tuple[list[str], int]:
    """Tweets for one idea and the number of sentences in them.

    As many whole sentences as fit in one tweet (at most ``limit``), or the first sentence cut in parts when
    it alone is too long.
    """
    if not sentences:
        return [], 0
    first = sentences[0]
    if weighted_length(first) > budget:
        return cut_sentence(first, budget, weighted_length, max_parts), 1
    taken = [first]
    keys = {sentence_key(first)}
    for sentence in sentences[1:limit]:
        if sentence_key(sentence) in keys or weighted_length(join_sentences([*taken, sentence])) > budget:
            break
        taken.append(sentence)
        keys.add(sentence_key(sentence))
    return [join_sentences(taken)], len(taken)


def _middle_tweets(found: Pool, budget: int, slots: int, avoid: Sequence[str]) -> list[str]:
    """One tweet per chosen point, in article order; a point takes the next sentence of its paragraph along
    when both fit and that sentence is not itself chosen or repeated."""
    if slots <= 0:
        return []
    chosen = best(found, slots, avoid=list(avoid), fits=lambda sentence: weighted_length(sentence) <= budget)
    shown = {sentence_key(candidate.text) for candidate in chosen} | {sentence_key(sentence) for sentence in avoid}
    tweets = []
    for candidate in chosen:
        sentences = [candidate.text]
        follow = found.follow(candidate)
        if (
            follow
            and sentence_key(follow) not in shown
            and not any(similar(follow, other) for other in avoid)
            and weighted_length(join_sentences([candidate.text, follow])) <= budget
        ):
            sentences.append(follow)
            shown.add(sentence_key(follow))
        tweets.append(neutralise_entities(join_sentences(sentences[:_SENTENCES_PER_POINT])))
    return tweets


def _link_tweet(link: str, tags: str, budget: int, article: str) -> tuple[str, list[str]]:
    """The closing tweet; hashtags, then the call to read, give way if the link alone is that long.

    When anything gives way, the author is told why and what helps: a shorter slug.
    """
    call = f"{CALL_TO_READ} {link}"
    tag_list = tags.split()
    for count in range(len(tag_list), -1, -1):
        candidate = call + ("\n\n" + " ".join(tag_list[:count]) if count else "")
        if weighted_length(candidate) <= budget:
            if count == len(tag_list):
                return candidate, []
            return candidate, [_long_link_warning(link, article, "all its hashtags")]
    if weighted_length(link) <= budget:
        return link, [_long_link_warning(link, article, "the call to read or hashtags")]
    return link, [f"{article}: the link is too long for a tweet (weighted {weighted_length(link)}/{MAX_WEIGHT})"]


def _long_link_warning(link: str, article: str, lost: str) -> str:
    weight = weighted_length(link)
    reason = ""
    if weight > URL_WEIGHT:
        reason = f" (X counts it in full: {urlsplit(link).hostname} is not a domain X shortens to {URL_WEIGHT})"
    return (
        f"{article}: the link takes {weight} of {MAX_WEIGHT} characters on X{reason}, leaving no room for {lost} "
        "in the last tweet; a shorter slug in the front matter would help"
    )


def _single_tweet(
    found: Pool, *, link: str, hook: str | None, description: str, tags: str, article: str
) -> Thread:
    """A one-tweet "thread": the hook's first sentences above the link."""
    closing, advice = _link_tweet(link, tags, MAX_WEIGHT, article)
    room = MAX_WEIGHT - weighted_length(closing) - len("\n\n")
    if room >= _MIN_SINGLE_HOOK:
        sentences, source = choose_hook(
            found, hook=hook, description=description, fits=lambda sentence: weighted_length(sentence) <= room
        )
        opening, _ = _pack(sentences, room, limit=None, max_parts=1)
        if opening:
            text = opening[0] if source == "hook" else neutralise_entities(opening[0])
            closing = f"{text}\n\n{closing}"
    return Thread(tweets=(closing,), advice=tuple(advice))


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
