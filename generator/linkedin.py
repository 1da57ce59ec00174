"""Build the LinkedIn commentary for an article: hook, key points, link and hashtags.

LinkedIn shows about 210 characters before "see more", so the hook must make its point there. The points
are short lines, one sentence each, taken from the article like the X thread's. LinkedIn counts plain
characters, so lengths here are ``len``; escaping for LinkedIn's "little text" format is left to publishing.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.models import ArticleText, LinkedInPost
from generator.sentences import cut_sentence, join_sentences, split_sentences
from generator.thread import CALL_TO_READ, hashtag_line, hook_source, key_points, sentence_key

HOOK_CHARS = 210
POINT_CHARS = 200
MIN_POINTS = 3
MAX_POINTS = 5
BULLET = "→"


def build_linkedin(
    text: ArticleText,
    *,
    link: str,
    source: str,
    title: str,
    description: str,
    hook: str | None = None,
    hashtags: Sequence[str] = (),
    max_chars: int = 3000,
    authored: str | None = None,
    article: str = "",
) -> LinkedInPost:
    """Return the post for one article; ``authored`` commentary, if given, replaces the derived one."""
    call = f"{CALL_TO_READ} {link}"
    if authored is not None and authored.strip():
        commentary = authored.strip()
        if link not in commentary and source not in commentary:
            commentary = f"{commentary}\n\n{call}"
    else:
        commentary = _derive(
            text, call=call, hook=hook, description=description, tags=hashtag_line(hashtags), max_chars=max_chars
        )
    warnings: tuple[str, ...] = ()
    if len(commentary) > max_chars:
        warnings = (
            f"{article}: LinkedIn post is {len(commentary) - max_chars} characters too long "
            f"({len(commentary)}/{max_chars})",
        )
    return LinkedInPost(commentary=commentary, source=source, title=title, description=description, warnings=warnings)


def _derive(text: ArticleText, *, call: str, hook: str | None, description: str, tags: str, max_chars: int) -> str:
    used: set[str] = set()
    opening = _hook(split_sentences(hook_source(text, hook, description)), used)
    points = _points(text, used)
    while True:
        blocks = [opening, "\n".join(f"{BULLET} {point}" for point in points), call, tags]
        commentary = "\n\n".join(block for block in blocks if block)
        if len(commentary) <= max_chars or not points:
            return commentary
        points = points[:-1]


def _hook(sentences: list[str], used: set[str]) -> str:
    """Whole sentences that fit before "see more"; a first sentence that does not fit is shortened."""
    if not sentences:
        return ""
    taken: list[str] = []
    for sentence in sentences:
        if len(join_sentences([*taken, sentence])) > HOOK_CHARS:
            break
        taken.append(sentence)
    for sentence in taken:
        used.add(sentence_key(sentence))
    if taken:
        return join_sentences(taken)
    used.add(sentence_key(sentences[0]))
    return cut_sentence(sentences[0], HOOK_CHARS)[0]


def _points(text: ArticleText, used: set[str]) -> list[str]:
    """Up to five one-sentence points: the best key points in article order, topped up from the prose."""
    ranked = sorted(key_points(text), key=lambda point: (-point.rank, point.order))
    chosen: list[tuple[int, str]] = []
    for point in ranked:
        if len(chosen) == MAX_POINTS:
            break
        sentence = point.sentences[0]
        if sentence_key(sentence) in used:
            continue
        used.add(sentence_key(sentence))
        chosen.append((point.order, _shorten(sentence)))
    chosen.sort()
    points = [line for _, line in chosen]
    if len(points) < MIN_POINTS:
        for sentence in _prose_sentences(text):
            if len(points) == MIN_POINTS:
                break
            if sentence_key(sentence) not in used:
                used.add(sentence_key(sentence))
                points.append(_shorten(sentence))
    return points


def _prose_sentences(text: ArticleText) -> list[str]:
    paragraphs = [*text.lead, *(paragraph for section in text.sections for paragraph in section.paragraphs)]
    return [
        sentence for paragraph in paragraphs for sentence in split_sentences(paragraph) if len(sentence.split()) >= 5
    ]


def _shorten(sentence: str) -> str:
    return sentence if len(sentence) <= POINT_CHARS else cut_sentence(sentence, POINT_CHARS)[0]
